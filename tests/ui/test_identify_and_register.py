"""Identify and sign-up that a guest gets right the first time: a way to sign up from the start, a
match that reads as a person (and gives nothing away), and a form that says what it needs, checks
it all at once and moves nothing under the guest's finger."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QWidget

from kiosk.ui import routes
from kiosk.ui.i18n import translator
from kiosk.ui.screens.identify import IdentifyScreen
from kiosk.ui.screens.register import RegisterScreen
from kiosk.ui.window import KioskWindow
from tests.support.sandbox_process import SandboxProcess
from tests.support.selling import JAMES_PHONE, MAYA_PHONE
from tests.ui.conftest import KioskFactory, on_screen, until
from tests.ui.test_guest_screens import identify_of, kiosk_with_sale, tap_number, texts_in

pytestmark = [pytest.mark.asyncio, pytest.mark.sandbox]

LTR = "\u200e"  # the mark that keeps a masked name's full stop in place in Arabic
TARGET = {"kiosk": 64, "tablet": 48}


def where(widget: QWidget) -> QRect:
    """The widget's rectangle in window coordinates."""
    return QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())


def shown_on(window: KioskWindow) -> str:
    """Everything the visible widgets show or tell assistive technology, in one string."""
    return " ".join(
        " ".join(texts_in(w))
        for w in window.findChildren(QWidget)
        if w.isVisible() and not w.findChildren(QWidget)  # leaves: each text once
    )


async def register_of(window: KioskWindow) -> RegisterScreen:
    register = await on_screen(window, "register")
    assert isinstance(register, RegisterScreen)
    return register


async def search(identify: IdentifyScreen, digits: str) -> None:
    tap_number(identify, digits)
    identify.find_button.click()
    await until(lambda: identify.pages.currentIndex() == 2, what="the search's answer")


# ---------------------------------------------------------------------- "New here?"


@pytest.mark.parametrize("profile", ["kiosk", "tablet"])
async def test_new_here_on_identify_opens_register_with_nothing_typed(
    make_kiosk: KioskFactory, sandbox: SandboxProcess, profile: str
) -> None:
    window = await kiosk_with_sale(make_kiosk, profile=profile)
    identify = identify_of(window)
    new_here = identify.new_here
    # There from the start, before any search, as a big target clear of the keypad.
    assert new_here.isVisible()
    assert new_here.text() == "New here? Sign up"
    assert min(new_here.width(), new_here.height()) >= TARGET[profile]
    assert not where(new_here).intersects(where(identify.keypad))
    assert not where(new_here).intersects(where(identify.find_button))
    sandbox.clear_requests()
    new_here.click()
    register = await register_of(window)
    assert [edit.text() for edit in register.findChildren(QLineEdit)] == [""] * len(
        register.findChildren(QLineEdit)
    )
    assert not [r for r in sandbox.requests() if r["path"] == "/v1/guests/search"]


async def test_new_here_is_on_the_email_page_too_and_translated(
    make_kiosk: KioskFactory,
) -> None:
    window = await kiosk_with_sale(make_kiosk, profile="tablet")
    identify = identify_of(window)
    identify.email_mode.click()
    assert not identify.new_here.isVisible()
    assert identify.email_new_here.isVisible()
    translator.set_language("es")
    assert identify.email_new_here.text() == "¿Eres nuevo? Regístrate"
    translator.set_language("ar")
    assert identify.email_new_here.text() == "جديد هنا؟ سجّل الآن"
    identify.email_new_here.click()
    register = await register_of(window)
    assert not register.email.text()


# ---------------------------------------------------------------------- a match


async def test_one_match_reads_as_a_person_and_shows_no_full_name_or_number(
    make_kiosk: KioskFactory,
) -> None:
    window = await kiosk_with_sale(make_kiosk)
    identify = identify_of(window)
    await search(identify, JAMES_PHONE.number)
    results = identify.results
    assert results.found.text() == f"Ja… W.{LTR}"
    assert results.found_contact.text() == "Mobile ending 0199"
    shown = shown_on(window)
    assert "Ja… W." in shown  # what the guest reads, and nothing more
    for secret in ("James", "Whitaker", "james.whitaker", "9175550199", "555-0199", "*"):
        assert secret not in shown


async def test_a_family_number_lists_names_and_says_the_shared_number_once(
    make_kiosk: KioskFactory,
) -> None:
    window = await kiosk_with_sale(make_kiosk)
    identify = identify_of(window)
    await search(identify, MAYA_PHONE.number)
    results = identify.results
    choices = [b for b in results.choices.findChildren(QAbstractButton) if b.isVisible()]
    assert sorted(c.text() for c in choices) == [f"Da… O.{LTR}", f"Ma… O.{LTR}"]
    assert results.body.text() == (
        "More than one member has the mobile ending 0142. Tap your name."
    )
    shown = shown_on(window)
    assert "Ma… O." in shown
    for secret in ("Maya", "Daniel", "Okafor", "7185550142", "555-0142", "*"):
        assert secret not in shown


async def test_an_email_match_hints_at_the_email_and_never_the_phone(
    make_kiosk: KioskFactory,
) -> None:
    window = await kiosk_with_sale(make_kiosk)
    identify = identify_of(window)
    identify.email_mode.click()
    identify.email.setText("james.whitaker@example.com")
    identify.email_find.click()
    await until(lambda: identify.results.yes_button.isVisible(), what="found by email")
    assert identify.results.found_contact.text() == "Email j•••@e•••.com"
    shown = shown_on(window)
    assert "Ja… W." in shown
    for secret in ("James", "Whitaker", "0199", "Mobile ending"):
        assert secret not in shown


# ---------------------------------------------------------------------- the form


def field_tops(register: RegisterScreen) -> dict[str, int]:
    """Where every input of the form and the Continue button sit on the window (y), once the
    layouts have done what they were asked to."""
    for _ in range(5):  # a layout done can ask its parent's again
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest.value)
    tops = {name: where(field).y() for name, field in register.fields.items()}
    for edit in [*register.edits, register.country.toggle, register.continue_button]:
        tops[edit.objectName() or edit.text()] = where(edit).y()
    return tops


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("profile", ["kiosk", "tablet"])
async def test_continue_shows_three_problems_at_once_and_moves_nothing(
    make_kiosk: KioskFactory, profile: str, language: str
) -> None:
    window = await kiosk_with_sale(make_kiosk, profile=profile)
    translator.set_language(language)
    window.router.go(routes.Register(phone=None, email=None))
    register = await register_of(window)
    fields = register.fields
    for name, field in fields.items():  # every field says whether it is needed
        expected = "optional" if name == "date_of_birth" else "required"
        assert field.marker.isVisible()
        assert field.marker.text() == translator.translate(expected)
    register.first_name.setText("Ana")
    register.email.setText("ana@exa")
    register.mobile.setText("212555")
    before = field_tops(register)
    register.continue_button.click()
    assert window.router.current is register
    shown = {name: f.error.text() for name, f in fields.items() if f.error.isVisible()}
    assert shown == {
        "last_name": translator.translate("Please enter your last name"),
        "email": translator.translate("Enter an email like name@example.com"),
        "mobile_phone": translator.translate("Enter your whole mobile number"),
    }
    assert field_tops(register) == before
    # The first field with a problem takes the keyboard.
    assert register.keyboard.target() is register.last_name


async def test_the_first_problem_comes_into_view(make_kiosk: KioskFactory) -> None:
    window = await kiosk_with_sale(make_kiosk, profile="tablet")
    window.router.go(routes.Register(phone=MAYA_PHONE, email="ana@example.com"))
    register = await register_of(window)
    bar = register.form_area.verticalScrollBar()
    await until(lambda: bar.maximum() > 0, what="a form taller than the tablet")
    register.last_name.setText("López")
    bar.setValue(bar.maximum())
    first = register.fields["first_name"]
    viewport = register.form_area.viewport()
    assert not viewport.rect().contains(QRect(first.mapTo(viewport, QPoint(0, 0)), first.size()))
    register.continue_button.click()
    assert first.error.isVisible()
    assert viewport.rect().contains(QRect(first.mapTo(viewport, QPoint(0, 0)), first.size()))
    assert register.keyboard.target() is register.first_name


async def test_fixing_a_field_clears_its_error_and_a_new_complaint_waits(
    make_kiosk: KioskFactory,
) -> None:
    window = await kiosk_with_sale(make_kiosk)
    window.router.go(routes.Register(phone=None, email=None))
    register = await register_of(window)
    fields = register.fields
    register.continue_button.click()
    assert all(fields[n].error.isVisible() for n in ("first_name", "last_name", "email"))
    register.first_name.setText("Ana")
    assert not fields["first_name"].error.isVisible()
    assert register.first_name.property("invalid") == "false"
    assert fields["last_name"].error.isVisible()  # the others still say what is wrong
    register.email.setText("ana")  # typing: the old complaint goes, the new one waits
    assert not fields["email"].error.isVisible()
    register.email.editingFinished.emit()  # the guest leaves the field
    assert fields["email"].error.text() == "Enter an email like name@example.com"
    register.email.setText("ana@example.com")
    assert not fields["email"].error.isVisible()


async def test_the_phone_is_checked_for_the_chosen_country(make_kiosk: KioskFactory) -> None:
    window = await kiosk_with_sale(make_kiosk)
    window.router.go(routes.Register(phone=None, email=None))
    register = await register_of(window)
    register.mobile.setText("1235550123")  # ten digits, but no US area code starts with 1
    register.continue_button.click()
    assert register.fields["mobile_phone"].error.text() == (
        "Check your number: it is not a valid number in United States"
    )


async def test_a_good_form_from_new_here_goes_on_to_the_terms(make_kiosk: KioskFactory) -> None:
    window = await kiosk_with_sale(make_kiosk)
    identify_of(window).new_here.click()
    register = await register_of(window)
    register.first_name.setText("Ana")
    register.last_name.setText("López")
    register.email.setText("ana.lopez@example.com")
    register.mobile.setText("2125550123")
    register.continue_button.click()
    assert not [f for f in register.fields.values() if f.error.isVisible()]
    await on_screen(window, "terms")
    assert window.flow.view is not None
    assert window.flow.view.guest_masked_name == "An* L."


async def test_a_field_zenoti_requires_is_marked_under_it(
    make_kiosk: KioskFactory, sandbox: SandboxProcess
) -> None:
    sandbox.settings(
        mandatory_guest_fields=["first_name", "last_name", "mobile_phone", "email", "date_of_birth"]
    )
    window = await kiosk_with_sale(make_kiosk)
    window.router.go(routes.Register(phone=None, email=None))
    register = await register_of(window)
    register.first_name.setText("Ana")
    register.last_name.setText("López")
    register.email.setText("ana.lopez@example.com")
    register.mobile.setText("2125550123")
    register.continue_button.click()
    birth = register.fields["date_of_birth"]
    await until(lambda: birth.error.isVisible(), what="Zenoti's mandatory date of birth")
    assert birth.error.text() == "Date of birth is required"
    assert window.router.current is register
    register.birth.day.setText("14")  # typing clears Zenoti's complaint
    assert not birth.error.isVisible()

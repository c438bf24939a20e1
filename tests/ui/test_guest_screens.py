"""The guest screens on a real engine and sandbox: identify, register, terms and review."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QLabel, QLineEdit, QWidget

from kiosk.commands.scripted_guest import read_the_terms
from kiosk.domain.guest import Phone
from kiosk.ui import routes
from kiosk.ui.formatting import format_money
from kiosk.ui.i18n import translator
from kiosk.ui.screens.identify import IdentifyScreen
from kiosk.ui.screens.register import RegisterScreen
from kiosk.ui.screens.review import ReviewScreen
from kiosk.ui.screens.terms import TermsScreen
from kiosk.ui.window import KioskWindow
from tests.support.sandbox_process import SandboxProcess
from tests.support.selling import JAMES_PHONE, MAYA_PHONE, catalogue_membership
from tests.ui.conftest import KioskFactory, on_screen, until

pytestmark = [pytest.mark.asyncio, pytest.mark.sandbox]

GUEST_SCREENS = [IdentifyScreen, RegisterScreen, TermsScreen, ReviewScreen]
NEW_PHONE = "2125550123"


async def kiosk_with_sale(
    make_kiosk: KioskFactory, code: str = "SERENITY3", profile: str = "kiosk"
) -> KioskWindow:
    """The guest screens with a sale of ``code`` begun, showing identify."""
    window: KioskWindow = await make_kiosk(screens=GUEST_SCREENS, profile=profile)
    catalog = await window.flow.catalogue()
    chosen = catalogue_membership(catalog, code)
    await window.flow.begin([chosen.id])
    window.router.go(routes.Identify())
    return window


def identify_of(window: KioskWindow) -> IdentifyScreen:
    screen = window.router.screen("identify")
    assert isinstance(screen, IdentifyScreen)
    return screen


def tap_number(identify: IdentifyScreen, digits: str) -> None:
    for digit in digits:
        identify.keypad.keys[digit].click()


def texts_in(root: QWidget) -> list[str]:
    """Everything a widget tree shows or tells assistive technology."""
    found: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        found += [widget.accessibleName(), widget.accessibleDescription(), widget.toolTip()]
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            found.append(widget.text())
    return [text for text in found if text]


async def signed_terms(window: KioskWindow) -> TermsScreen:
    """Identify James and arrive on the terms."""
    identify = identify_of(window)
    identify.keypad.clear_key.click()
    tap_number(identify, JAMES_PHONE.number)
    identify.find_button.click()
    await until(lambda: identify.results.yes_button.isVisible(), what="James found")
    identify.results.yes_button.click()
    terms = await on_screen(window, "terms")
    assert isinstance(terms, TermsScreen)
    return terms


def sign(terms: TermsScreen) -> None:
    pad = terms.signature.pad
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(30, 40))
    QTest.mouseMove(pad, QPoint(120, 60))
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(160, 50))


# ---------------------------------------------------------------------- identify


async def test_the_keypad_shows_the_number_formatted_as_typed(make_kiosk: KioskFactory) -> None:
    identify = identify_of(await kiosk_with_sale(make_kiosk))
    tap_number(identify, "718555")
    # As the phonenumbers library writes a US number while it is typed (a local number so far).
    assert identify.dialled.number.text() == "+1 718-555"
    assert not identify.find_button.isEnabled()
    tap_number(identify, "01429")  # one digit too many for a US number is ignored
    assert identify.dialled.number.text() == "+1 (718) 555-0142"
    assert identify.find_button.isEnabled()
    identify.keypad.delete_key.click()
    assert identify.dialled.number.text() == "+1 (718) 555-014"
    identify.keypad.clear_key.click()
    assert identify.dialled.hint.isVisible()
    assert not identify.dialled.number.text()


async def test_the_keypad_and_the_number_stay_left_to_right_in_arabic(
    make_kiosk: KioskFactory,
) -> None:
    window = await kiosk_with_sale(make_kiosk)
    identify = identify_of(window)
    translator.set_language("ar")
    assert window.layoutDirection() is Qt.LayoutDirection.RightToLeft
    assert identify.keypad.layoutDirection() is Qt.LayoutDirection.LeftToRight
    assert identify.dialled.number.layoutDirection() is Qt.LayoutDirection.LeftToRight
    one, three = identify.keypad.keys["1"], identify.keypad.keys["3"]
    assert one.mapTo(window, QPoint(0, 0)).x() < three.mapTo(window, QPoint(0, 0)).x()
    assert identify.find_button.text() == "ابحث عني"


async def test_a_family_number_offers_two_masked_choices_and_no_full_name(
    make_kiosk: KioskFactory,
) -> None:
    window = await kiosk_with_sale(make_kiosk)
    identify = identify_of(window)
    tap_number(identify, MAYA_PHONE.number)
    identify.find_button.click()
    await until(lambda: identify.results.none_button.isVisible(), what="the family's choices")
    choices = [b for b in identify.results.choices.findChildren(QAbstractButton) if b.isVisible()]
    assert len(choices) == 2
    assert {c.text() for c in choices} == {"Ma… O.\u200e", "Da… O.\u200e"}
    shown = " ".join(texts_in(window))
    for secret in ("Maya", "Daniel", "Okafor", "maya.okafor", "7185550142"):
        assert secret not in shown


async def test_james_is_found_once_and_yes_lands_on_terms(make_kiosk: KioskFactory) -> None:
    window = await kiosk_with_sale(make_kiosk)
    identify = identify_of(window)
    tap_number(identify, JAMES_PHONE.number)
    identify.find_button.click()
    await until(lambda: identify.results.yes_button.isVisible(), what="one match")
    assert identify.results.found.text() == "Ja… W.\u200e"
    assert identify.results.found_contact.text() == "Mobile ending 0199"
    assert identify.results.title.text() == "Is this you?"
    identify.results.yes_button.click()
    await on_screen(window, "terms")
    assert window.flow.view is not None
    assert window.flow.view.guest_masked_name == "Ja*** W."


async def test_finding_by_email_on_the_keyboard(make_kiosk: KioskFactory) -> None:
    window = await kiosk_with_sale(make_kiosk)
    identify = identify_of(window)
    identify.email_mode.click()
    assert identify.pages.currentIndex() == 1
    for key in "james.whitaker":
        identify.keyboard.key(key).click()
    identify.keyboard.key("@").click()
    for key in "example":
        identify.keyboard.key(key).click()
    identify.keyboard.key(".com").click()
    assert identify.email.text() == "james.whitaker@example.com"
    identify.email_find.click()
    await until(lambda: identify.results.yes_button.isVisible(), what="found by email")
    assert identify.results.found.text().startswith("Ja… W.")


async def test_a_new_number_offers_sign_up_with_the_number_carried_over(
    make_kiosk: KioskFactory,
) -> None:
    window = await kiosk_with_sale(make_kiosk)
    identify = identify_of(window)
    tap_number(identify, NEW_PHONE)
    identify.find_button.click()
    await until(lambda: identify.results.sign_up_button.isVisible(), what="no match")
    assert identify.results.title.text() == "We couldn't find you"
    assert identify.results.retry_button.isVisible()
    identify.results.sign_up_button.click()
    register = await on_screen(window, "register")
    assert isinstance(register, RegisterScreen)
    assert register.mobile.text() == "(212) 555-0123"


async def test_double_tapping_find_me_runs_one_search(
    make_kiosk: KioskFactory, sandbox: SandboxProcess
) -> None:
    identify = identify_of(await kiosk_with_sale(make_kiosk))
    tap_number(identify, MAYA_PHONE.number)
    sandbox.clear_requests()
    identify.find_button.click()
    identify.find_button.click()
    await until(lambda: identify.results.none_button.isVisible(), what="the family's choices")
    searches = [r for r in sandbox.requests() if r["path"] == "/v1/guests/search"]
    assert len(searches) == 1
    assert identify.find_button.isEnabled()


async def test_an_unreachable_search_says_so_plainly_and_can_be_tried_again(
    make_kiosk: KioskFactory, sandbox: SandboxProcess, caplog: pytest.LogCaptureFixture
) -> None:
    identify = identify_of(await kiosk_with_sale(make_kiosk))
    sandbox.inject(method="GET", path="/v1/guests/search", kind="status", status=503, count=100)
    tap_number(identify, JAMES_PHONE.number)
    identify.find_button.click()
    await until(lambda: identify.phone_error.isVisible(), what="the search failing")
    assert identify.phone_error.text() == (
        "We can't reach our booking system right now. Please try again"
    )
    assert identify.find_button.isEnabled()
    assert identify.find_button.text() == "Find me"
    sandbox.clear_faults()
    identify.find_button.click()
    await until(lambda: identify.results.yes_button.isVisible(), what="the search working again")
    caplog.clear()  # the client's retries are logged as warnings; they are expected here


async def test_back_from_identify_returns_to_the_previous_screen(
    make_kiosk: KioskFactory,
) -> None:
    window = await kiosk_with_sale(make_kiosk)
    identify_of(window).back_button.click()
    assert window.router.current.name == "attract"


# ---------------------------------------------------------------------- register


async def registering(make_kiosk: KioskFactory) -> tuple[KioskWindow, RegisterScreen]:
    window = await kiosk_with_sale(make_kiosk)
    register = window.router.go(routes.Register(phone=Phone(225, NEW_PHONE), email=None))
    assert isinstance(register, RegisterScreen)
    return window, register


async def test_register_without_email_says_the_email_is_needed(
    make_kiosk: KioskFactory,
) -> None:
    window, register = await registering(make_kiosk)
    register.first_name.setText("Ana")
    register.last_name.setText("López")
    register.continue_button.click()
    email_error = register.fields["email"].error
    assert email_error.isVisible()  # checked on the kiosk, before asking Zenoti
    assert email_error.text() == "Please enter your email"
    assert register.email.property("invalid") == "true"
    assert window.router.current is register
    assert register.continue_button.isEnabled()
    register.email.setText("ana@example.com")  # typing clears the complaint
    assert not email_error.isVisible()
    assert register.email.property("invalid") == "false"


async def test_fields_are_checked_as_typed(make_kiosk: KioskFactory) -> None:
    window, register = await registering(make_kiosk)
    register.email.setText("ana@exa")
    register.birth.day.setText("31")
    register.birth.month.setText("02")
    register.birth.year.setText("1990")
    register.continue_button.click()
    fields = register.fields
    await until(lambda: fields["email"].error.isVisible(), what="the form checked")
    assert fields["first_name"].error.text() == "Please enter your first name"
    assert fields["email"].error.text() == "Enter an email like name@example.com"
    assert fields["date_of_birth"].error.text() == "That date doesn't exist"
    register.birth.year.setText("2999")
    register.birth.month.setText("01")
    register.birth.month.editingFinished.emit()  # a new complaint once the guest moves on
    assert fields["date_of_birth"].error.text() == "Your date of birth must be in the past"
    register.birth.year.setText("1990")
    assert not fields["date_of_birth"].error.isVisible()
    assert window.router.current is register


async def test_a_valid_registration_lands_on_terms(make_kiosk: KioskFactory) -> None:
    window, register = await registering(make_kiosk)
    register.first_name.setText("Ana")
    register.last_name.setText("López")
    register.email.setText("ana.lopez@example.com")
    register.birth.day.setText("14")
    register.birth.month.setText("03")
    register.birth.year.setText("1991")
    register.continue_button.click()
    await on_screen(window, "terms")
    assert window.flow.view is not None
    assert window.flow.view.guest_masked_name == "An* L."


# ---------------------------------------------------------------------- terms and review


async def test_accept_stays_disabled_until_the_terms_are_scrolled_to_the_end(
    make_kiosk: KioskFactory,
) -> None:
    window = await kiosk_with_sale(make_kiosk, "GLOWMONTHL", profile="tablet")
    terms = await signed_terms(window)
    sign(terms)
    terms._consents[0].click()
    bar = terms.reading_area.verticalScrollBar()
    await until(lambda: bar.maximum() > 0, what="terms longer than the screen")
    assert not terms.accept_button.isEnabled()
    assert terms.hint.text() == "Scroll to the end to continue"
    bar.setValue(bar.maximum() // 2)
    assert not terms.accept_button.isEnabled()
    bar.setValue(bar.maximum())
    assert terms.accept_button.isEnabled()
    bar.setValue(0)  # once read, always read
    assert terms.accept_button.isEnabled()


async def test_a_recurring_membership_needs_consent_and_a_signature(
    make_kiosk: KioskFactory,
) -> None:
    window = await kiosk_with_sale(make_kiosk, "GLOWMONTHL")
    terms = await signed_terms(window)
    await read_the_terms(window)
    consent = terms._consents[0]
    assert consent.sentence.text().startswith(
        "I agree to pay $96.90 today, and authorise $96.90 every month from "
    )
    assert not terms.accept_button.isEnabled()
    consent.click()
    assert not terms.accept_button.isEnabled()  # still no signature
    sign(terms)
    assert not terms.signature.is_empty
    assert terms.accept_button.isEnabled()
    terms.signature.clear_button.click()
    assert await terms.signature.png() is None
    assert not terms.accept_button.isEnabled()
    sign(terms)
    png = await terms.signature.png()
    assert png is not None
    assert png.startswith(b"\x89PNG")


async def accept_recurring_terms(window: KioskWindow) -> TermsScreen:
    """Arrive on a recurring membership's terms, read them, consent, sign and accept."""
    terms = await signed_terms(window)
    await read_the_terms(window)
    terms._consents[0].click()
    sign(terms)
    await until(lambda: terms.accept_button.isEnabled(), what="ready to accept")
    terms.accept_button.click()
    return terms


async def test_accept_creates_the_invoice_and_review_shows_zenotis_total(
    make_kiosk: KioskFactory,
) -> None:
    window = await kiosk_with_sale(make_kiosk, "GLOWMONTHL")
    terms = await accept_recurring_terms(window)
    assert not terms.accept_button.isEnabled()  # no second acceptance while this one runs
    review = await on_screen(window, "review")
    assert isinstance(review, ReviewScreen)
    view = window.flow.view
    assert view is not None
    assert view.invoice is not None
    due = format_money(view.invoice.dues.balance, translator.locale)
    assert review.pay_button.text() == f"Pay {due} today"
    shown = texts_in(review.card)
    assert format_money(view.invoice.totals.sum_total, translator.locale) in shown
    assert format_money(view.invoice.totals.tax, translator.locale) in shown
    assert review.then.text().startswith("Then $96.90 every month, starting ")
    review.pay_button.click()
    assert window.router.current.name == "payment"


async def test_a_prepaid_membership_needs_no_signature_and_cancel_starts_over(
    make_kiosk: KioskFactory,
) -> None:
    window = await kiosk_with_sale(make_kiosk, "SERENITY3")
    terms = await signed_terms(window)
    assert not terms.signing.isVisible()
    await read_the_terms(window)
    await until(lambda: terms.accept_button.isEnabled(), what="ready to accept")
    terms.accept_button.click()
    review = await on_screen(window, "review")
    assert isinstance(review, ReviewScreen)
    assert not review.then.isVisible()
    assert "$271.10" in review.pay_button.text()
    review.cancel_button.click()
    assert window.router.current.name == "attract"
    assert not window.flow.has_sale


async def test_the_next_guests_invoice_shows_in_the_same_rows_and_a_reset_empties_them(
    make_kiosk: KioskFactory,
) -> None:
    window = await kiosk_with_sale(make_kiosk, "GLOWMONTHL")

    async def to_review() -> tuple[ReviewScreen, str]:
        await accept_recurring_terms(window)
        review = await on_screen(window, "review")
        assert isinstance(review, ReviewScreen)
        view = window.flow.view
        assert view is not None
        assert view.invoice is not None
        return review, format_money(view.invoice.totals.sum_total, translator.locale)

    review, total = await to_review()
    shown = texts_in(review)
    assert total in shown
    assert "What's included" in shown
    rows = set(review.findChildren(QWidget))

    assert window.reset()
    await until(lambda: window.router.current.name == "attract")
    left = texts_in(review)
    assert total not in left
    assert "What's included" not in left

    catalog = await window.flow.catalogue()
    await window.flow.begin([catalogue_membership(catalog, "GLOWMONTHL").id])
    window.router.go(routes.Identify())
    review, total = await to_review()
    assert total in texts_in(review)
    assert set(review.findChildren(QWidget)) == rows  # shown again, none made anew


# ---------------------------------------------------------------------- nothing left behind


async def test_a_reset_leaves_nothing_of_the_guest_on_any_guest_screen(
    make_kiosk: KioskFactory,
) -> None:
    window = await kiosk_with_sale(make_kiosk, "GLOWMONTHL")
    register = window.router.go(routes.Register(phone=MAYA_PHONE, email="maya@example.com"))
    assert isinstance(register, RegisterScreen)
    register.first_name.setText("Maya")
    register.last_name.setText("Okafor")
    register.birth.day.setText("12")
    identify = identify_of(window)
    window.router.go(routes.Identify())
    identify.show_entry(1)
    identify.email.setText("maya.okafor@example.com")
    identify.show_entry(0)
    terms = await signed_terms(window)
    sign(terms)
    window.router.go(routes.Identify())
    identify.keypad.clear_key.click()
    tap_number(identify, MAYA_PHONE.number)
    identify.find_button.click()
    await until(lambda: identify.results.none_button.isVisible(), what="the family's choices")

    assert window.reset()
    await until(lambda: window.router.current.name == "attract")
    shown = " ".join(texts_in(window))
    for secret in ("Maya", "Okafor", "Ma…", "Da…", "Ja…", "0142", "0199", "maya", "@example"):
        assert secret not in shown
    for screen in (identify, register):
        for edit in screen.findChildren(QLineEdit):
            assert not edit.text()
            assert not edit.isUndoAvailable()
    assert identify.results.choices.findChildren(QAbstractButton) == []
    assert terms.signature.is_empty
    assert await terms.signature.png() is None


# ---------------------------------------------------------------------- looks


def cut_off(screen: QWidget) -> list[str]:
    """Controls outside the window, or text labels shorter than their text (scrolled ones aside)."""
    problems = []
    window = screen.window()
    for widget in screen.findChildren(QWidget):
        if not widget.isVisibleTo(screen):
            continue
        ancestors, parent = [], widget.parentWidget()
        while parent is not None and parent is not screen:
            ancestors.append(parent)
            parent = parent.parentWidget()
        if any(isinstance(a, QAbstractScrollArea) for a in ancestors):
            continue  # it scrolls into view
        where = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        if isinstance(widget, QAbstractButton | QLineEdit) and not window.rect().contains(where):
            problems.append(f"{type(widget).__name__} {widget.accessibleName()!r} at {where}")
        if widget.height() < widget.minimumHeight():
            problems.append(f"{type(widget).__name__} {widget.accessibleName()!r} squeezed")
        if not isinstance(widget, QLabel) or not widget.wordWrap() or not widget.text():
            continue
        if widget.height() < widget.heightForWidth(widget.width()) - 1:
            problems.append(f"{widget.text()[:30]!r} is cut off")
    return problems


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("profile", ["kiosk", "tablet"])
async def test_every_guest_screen_fits_at_large_text(
    make_kiosk: KioskFactory, profile: str, language: str
) -> None:
    window = await kiosk_with_sale(make_kiosk, "GLOWMONTHL", profile=profile)
    window.apply_look(window.look.with_(scale=1.5))
    translator.set_language(language)
    size = window.size()
    identify = identify_of(window)
    tap_number(identify, MAYA_PHONE.number)
    problems = cut_off(identify)
    identify.find_button.click()
    await until(lambda: identify.results.none_button.isVisible(), what="the family's choices")
    problems += cut_off(identify)
    register = window.router.go(routes.Register(phone=MAYA_PHONE))
    problems += cut_off(register)
    window.router.go(routes.Identify())
    terms = await signed_terms(window)
    problems += cut_off(terms)
    pad = terms.signature.pad
    if pad.height() < pad.minimumSizeHint().height():
        problems.append("no room to sign")
    # The contract itself keeps room above the signature (a long Arabic heading once squeezed
    # it to nothing, and the guest would have signed what they could not see).
    if terms.reading_area.viewport().height() < 4 * terms.fontMetrics().height():
        problems.append("no room to read the contract")
    await read_the_terms(window)
    terms._consents[0].click()
    sign(terms)
    assert terms.accept_button.isEnabled()
    terms.accept_button.click()
    review = await on_screen(window, "review")
    problems += cut_off(review)
    assert problems == []
    assert window.size() == size  # no screen needed more room than the profile has

"""Languages for real, through the real widgets on a sandbox: the business's translations of its
memberships and terms (and the notice where the terms stay English), accented and Arabic typing
on the on-screen keyboard, and a country list that is complete and searchable."""

from __future__ import annotations

import phonenumbers
import pytest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit

from kiosk.domain.guest import Phone
from kiosk.ui import routes
from kiosk.ui.i18n import translator
from kiosk.ui.screens.register import RegisterScreen
from kiosk.ui.screens.terms import TermsScreen
from kiosk.ui.widgets.keyboard import OnScreenKeyboard
from kiosk.ui.window import KioskWindow
from tests.ui.conftest import KioskFactory, on_screen, until
from tests.ui.test_guest_screens import identify_of, kiosk_with_sale, signed_terms

pytestmark = [pytest.mark.asyncio, pytest.mark.sandbox]


def terms_texts(terms: TermsScreen) -> list[str]:
    return [w.text() for w in terms.terms_box.findChildren(QLabel)]


async def terms_of(make_kiosk: KioskFactory, code: str, language: str) -> TermsScreen:
    window = await kiosk_with_sale(make_kiosk, code)
    translator.set_language(language)
    return await signed_terms(window)


# ---------------------------------------------------------------------- the business's words


async def test_the_guest_reads_and_signs_the_spanish_contract(make_kiosk: KioskFactory) -> None:
    terms = await terms_of(make_kiosk, "GLOWMONTHL", "es")
    shown = terms_texts(terms)
    assert "Glow mensual" in shown
    assert any(text.startswith("Esta es una membresía recurrente.") for text in shown)
    assert not terms.language_note.isVisibleTo(terms)  # nothing left in English
    assert "Glow mensual" in terms.price_summary.text()
    # What the journal keeps as the guest's consent is what they read.
    assert "Esta es una membresía recurrente." in terms._consent_text()


async def test_untranslated_terms_are_said_to_be_english_before_signing(
    make_kiosk: KioskFactory,
) -> None:
    terms = await terms_of(make_kiosk, "FOUNDCIRC", "ar")  # no Arabic terms in the sandbox
    assert "دائرة المؤسسين" in terms_texts(terms)  # its name is translated...
    english = "This membership has a one-time joining fee"
    assert any(text.startswith(english) for text in terms_texts(terms))
    assert terms.language_note.isVisibleTo(terms)  # ...its terms are not, and the guest is told
    assert "الإنجليزية" in terms.language_note.text()
    assert not terms.accept_button.isEnabled()  # still before signing
    translator.set_language("es")  # Spanish has them: the notice goes, the text changes
    assert not terms.language_note.isVisibleTo(terms)
    assert any(t.startswith("Esta membresía tiene una cuota") for t in terms_texts(terms))
    translator.set_language("en")
    assert not terms.language_note.isVisibleTo(terms)


async def test_the_catalogue_and_a_membership_show_the_translated_names(
    make_kiosk: KioskFactory,
) -> None:
    window: KioskWindow = await make_kiosk(profile="kiosk")
    translator.set_language("ar")
    catalog = window.router.go(routes.Catalog())
    await until(lambda: bool(catalog.findChildren(QLabel)), what="the cards")
    await until(
        lambda: any(w.text() == "غلو الشهرية" for w in catalog.findChildren(QLabel)),
        what="Glow Monthly's Arabic name on its card",
    )


# ---------------------------------------------------------------------- typing


def focus(keyboard: OnScreenKeyboard, field: QLineEdit) -> None:
    """The guest taps a field: it takes the focus, and the keyboard types there."""
    field.setFocus()
    keyboard.set_target(field)


def type_keys(keyboard: OnScreenKeyboard, *keys: str) -> None:
    for key in keys:
        keyboard.key(key).click()


async def register_screen(make_kiosk: KioskFactory, language: str = "en") -> RegisterScreen:
    window = await kiosk_with_sale(make_kiosk)
    translator.set_language(language)
    register = window.router.go(routes.Register(phone=None, email=None))
    assert isinstance(register, RegisterScreen)
    return register


async def test_lucia_fernandez_types_her_name_with_the_accent_key(
    make_kiosk: KioskFactory,
) -> None:
    register = await register_screen(make_kiosk, "es")
    keyboard = register.keyboard
    focus(keyboard, register.first_name)
    type_keys(keyboard, "l", "u", "c", "accents", "í", "a")
    assert keyboard.layer == "latin"  # one accented letter, then back to the letters
    focus(keyboard, register.last_name)
    type_keys(keyboard, "f", "e", "r", "n", "accents", "á", "n", "d", "e", "z")
    assert (register.first_name.text(), register.last_name.text()) == ("Lucía", "Fernández")
    # Capitals of accented letters too.
    register.first_name.clear()
    focus(keyboard, register.first_name)
    type_keys(keyboard, "accents", "é", "m", "i", "l", "e")
    assert register.first_name.text() == "Émile"


async def test_an_arabic_guest_types_an_arabic_name_and_a_latin_email(
    make_kiosk: KioskFactory,
) -> None:
    register = await register_screen(make_kiosk, "ar")
    keyboard = register.keyboard
    focus(keyboard, register.first_name)
    assert keyboard.layer == "arabic"
    type_keys(keyboard, "ل", "ي", "ل", "ى")
    focus(keyboard, register.last_name)
    type_keys(keyboard, "ح", "د", "ا", "د")
    assert (register.first_name.text(), register.last_name.text()) == ("ليلى", "حداد")
    focus(keyboard, register.email)  # an email opens on Latin letters
    assert keyboard.layer == "latin"
    type_keys(keyboard, "l", "@", "x", ".com")
    assert register.email.text() == "l@x.com"
    focus(keyboard, register.first_name)  # and the switch works both ways
    type_keys(keyboard, "latin", "space", "a", "arabic", "ب")
    assert register.first_name.text() == "ليلى Aب"
    translator.set_language("en")  # the letters follow the guest's language
    assert keyboard.layer == "latin"


# ---------------------------------------------------------------------- countries


async def test_every_country_is_found_by_name_code_or_dialling_code(
    make_kiosk: KioskFactory,
) -> None:
    window = await kiosk_with_sale(make_kiosk)
    identify = identify_of(window)
    picker = identify.country
    picker.toggle.click()
    await until(lambda: len(picker.matches()) > 200, what="Zenoti's countries read")
    assert set(picker.matches()) == set(phonenumbers.SUPPORTED_REGIONS)
    assert picker.matches()[0] == "US"  # the center's own first
    assert picker.keyboard is not None
    type_keys(picker.keyboard, "s", "p", "a")
    assert picker.matches()[0] == "ES"
    picker.search.setText("+44")
    assert "GB" in picker.matches()
    translator.set_language("es")
    picker.search.setText("japon")  # no accent typed: "Japón" is found
    assert picker.matches() == ["JP"]
    translator.set_language("ar")
    picker.search.setText("إسبانيا")
    assert picker.matches() == ["ES"]
    picker.search.setText("zzzz")
    assert picker.matches() == []
    assert picker.nothing.isVisibleTo(picker.choices)


async def test_a_spanish_number_is_written_checked_and_sent_with_zenotis_id(
    make_kiosk: KioskFactory,
) -> None:
    window = await kiosk_with_sale(make_kiosk)
    identify = identify_of(window)
    identify.country.toggle.click()
    await until(lambda: "ES" in identify.country.matches(), what="Spain on the list")
    identify.country.buttons["ES"].click()
    assert not identify.country.toggle.isChecked()
    for digit in "612345678":
        identify.keypad.keys[digit].click()
    assert identify.dialled.number.text() == "+34 612 34 56 78"
    assert identify.find_button.isEnabled()
    phone, _email = identify._query()
    assert phone == Phone(199, "612345678")  # Zenoti's id for Spain, not its dialling code 34
    identify.sign_up()
    register = await on_screen(window, "register")
    assert isinstance(register, RegisterScreen)
    assert register.country.country.region == "ES"
    assert register.mobile.text() == "612 34 56 78"
    register.mobile.setText("912")  # too short for Spain
    assert "mobile_phone" in register._problems()


@pytest.mark.parametrize("name", ["NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"])
async def test_arabic_lines_are_not_twice_as_tall_as_latin_ones(
    qapp: QApplication, name: str
) -> None:
    """The bundled Arabic font carries the kiosk's line metrics (scripts/arabic_font_metrics.py):
    upstream's 2.11 em, room for Quranic marks, made every Arabic line almost twice as tall as
    Inter's and pushed the contract and the receipt off a screen at large text."""
    from PySide6.QtGui import QFont, QRawFont

    from kiosk.resources import resource

    path = str(resource("theme", "fonts", name))
    font = QRawFont(path, 100.0, QFont.HintingPreference.PreferNoHinting)
    assert font.isValid()
    line = (font.ascent() + font.descent()) / 100.0  # in em
    assert 1.5 <= line <= 1.8, f"{name}: a line is {line:.2f} em"

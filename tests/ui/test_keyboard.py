"""The on-screen keyboard types into the focused field: letters, shift, symbols, backspace."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QVBoxLayout, QWidget

from kiosk.ui.theme import LANDSCAPE_TABLET, PORTRAIT_KIOSK, Look, Profile, apply
from kiosk.ui.widgets.keyboard import OnScreenKeyboard

EMAIL_HINTS = Qt.InputMethodHint.ImhEmailCharactersOnly | Qt.InputMethodHint.ImhNoAutoUppercase
# The keys each layer shows: rows of letters (or digits, symbols), and the bottom row.
KEYS = {"latin": 10 + 9 + 9 + 7, "symbols": 10 + 10 + 9 + 7, "accents": 10 + 10 + 9 + 5,
        "arabic": 11 + 11 + 11 + 8}  # fmt: skip


class Form(QWidget):
    """Two fields (a name and an email) above a keyboard."""

    def __init__(self) -> None:
        super().__init__()
        self.name = QLineEdit()
        self.email = QLineEdit()
        self.email.setInputMethodHints(EMAIL_HINTS)
        self.digits = QLineEdit()
        self.digits.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.keyboard = OnScreenKeyboard()
        self.keyboard.attach(self.name, self.email, self.digits)
        column = QVBoxLayout(self)
        for widget in (self.name, self.email, self.digits, self.keyboard):
            column.addWidget(widget)

    def type(self, *keys: str) -> None:
        for key in keys:
            self.keyboard.key(key).click()


@pytest.fixture
def form(qapp: QApplication) -> Iterator[Form]:
    widget = Form()
    widget.resize(PORTRAIT_KIOSK.width, 700)
    widget.show()
    widget.activateWindow()
    yield widget
    widget.close()
    widget.deleteLater()


def focus(form: Form, field: QLineEdit) -> None:
    field.setFocus()
    QApplication.processEvents()
    assert QApplication.focusWidget() is field


def test_letters_shift_at_and_backspace_go_into_the_focused_field(form: Form) -> None:
    focus(form, form.email)
    form.type("j", "o")
    assert not form.keyboard.shifted  # an email is never capitalised on its own
    form.type("shift", "e")
    assert form.email.text() == "joE"
    assert not form.keyboard.shifted  # shift lasts one letter
    form.type("@", "x", ".com")
    assert form.email.text() == "joE@x.com"
    form.type("backspace", "backspace", "backspace", "backspace")
    assert form.email.text() == "joE@x"
    assert form.name.text() == ""
    assert QApplication.focusWidget() is form.email  # keys never take the focus


def test_keys_type_into_whichever_field_has_focus(form: Form) -> None:
    focus(form, form.name)
    assert form.keyboard.shifted  # a name starts with a capital
    form.type("a", "n", "a", "space")
    assert form.keyboard.shifted  # ...and so does each part of it
    form.type("m", "a", "e")
    assert form.name.text() == "Ana Mae"
    focus(form, form.email)
    form.type("a", "@")
    assert form.email.text() == "a@"
    assert form.name.text() == "Ana Mae"


def test_the_123_layer_types_digits_and_comes_back_to_letters(form: Form) -> None:
    focus(form, form.digits)
    assert form.keyboard.layers.currentIndex() == 1  # a numeric field opens on digits
    form.type("1", "9", "8", "4")
    assert form.digits.text() == "1984"
    focus(form, form.email)
    assert form.keyboard.layers.currentIndex() == 0
    form.type("symbols", "4", "2", "latin", "a")
    assert form.email.text() == "42a"


def test_a_field_attached_to_the_keyboard_never_calls_the_system_keyboard(form: Form) -> None:
    for field in (form.name, form.email, form.digits):
        assert not field.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)


@pytest.mark.parametrize("profile", [PORTRAIT_KIOSK, LANDSCAPE_TABLET], ids=lambda p: p.name)
@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_every_key_is_at_least_the_touch_size(
    qapp: QApplication, profile: Profile, scale: float
) -> None:
    look = Look(profile=profile, scale=scale)
    keyboard = OnScreenKeyboard()
    apply(look, keyboard)
    # The keyboard spans the screen less the screen's side margins.
    keyboard.resize(profile.width - 96, keyboard.sizeHint().height())
    keyboard.show()
    QApplication.processEvents()
    for layer, count in KEYS.items():
        keyboard.open_layer(layer)
        QApplication.processEvents()
        page = keyboard.layers.currentWidget()
        assert page is not None
        keys = [key for key in page.findChildren(QPushButton) if key.isVisibleTo(page)]
        assert len(keys) == count, [key.accessibleName() for key in keys]
        for key in keys:
            assert key.height() >= profile.touch, key.accessibleName()
            assert key.width() >= profile.touch, key.accessibleName()
    keyboard.close()
    keyboard.deleteLater()

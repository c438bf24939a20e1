"""A slim bar with the languages, so a guest can switch on any screen, mid-sale."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from kiosk.ui.i18n import LANGUAGES, translator
from kiosk.ui.theme import Look, set_role

SHORT_NAMES = {"en": "EN", "es": "ES", "ar": "ع"}


def language_room(look: Look) -> int:
    """The width the floating bar takes at the trailing end of a screen's top bar, in pixels.

    A screen that puts its own controls there leaves this much free (the bar floats above).
    """
    chip = max(round(look.touch * 0.8), look.profile.target) + 2 * look.profile.gap
    return len(SHORT_NAMES) * chip + 2 * 8 + 2 * 12


def language_buttons(role: str, *, short: bool) -> dict[str, QPushButton]:
    """A checkable button per language that switches to it; the current one stays checked."""
    buttons: dict[str, QPushButton] = {}
    for code, native_name in LANGUAGES.items():
        button = QPushButton(SHORT_NAMES[code] if short else native_name)
        set_role(button, role)
        button.setCheckable(True)
        button.setAccessibleName(native_name)
        button.clicked.connect(lambda _=False, c=code: translator.set_language(c))
        buttons[code] = button

    # Owned by the first button, so the connection ends when the buttons do.
    marker = _Marker(buttons, next(iter(buttons.values())))
    translator.changed.connect(marker.mark)
    marker.mark(translator.language)
    return buttons


class _Marker(QObject):
    """Keeps the current language's button checked."""

    def __init__(self, buttons: dict[str, QPushButton], owner: QObject) -> None:
        super().__init__(owner)
        self._buttons = buttons

    def mark(self, language: str) -> None:
        for code, button in self._buttons.items():
            button.setChecked(code == language)


class LanguageBar(QFrame):
    """EN · ES · ع at the reading end of the window; the current language is marked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_role(self, "languagebar")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        self.buttons = language_buttons("lang", short=True)
        for button in self.buttons.values():
            row.addWidget(button)

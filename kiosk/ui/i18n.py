"""Languages: English, Spanish and Arabic (right to left), switched live on any screen.

Every guest-facing string goes through ``tr("English text", name=value)``. The English text is
the key; ``resources/i18n/<language>.json`` holds the translations, and a test fails on any string
in the code that a language lacks.
"""

from __future__ import annotations

import json
from functools import cache

from PySide6.QtCore import QLocale, QObject, Qt, Signal

from kiosk.resources import resource

LANGUAGES: dict[str, str] = {"en": "English", "es": "Español", "ar": "العربية"}
LOCALES: dict[str, str] = {"en": "en_US", "es": "es_US", "ar": "ar_AE"}
RIGHT_TO_LEFT = frozenset({"ar"})
DEFAULT_LANGUAGE = "en"


@cache
def catalog(language: str) -> dict[str, str]:
    """The translations of one language (empty for English, whose text is the key).

    A language is a folder of JSON files, one per area of the kiosk, merged.
    """
    if language == "en":
        return {}
    merged: dict[str, str] = {}
    for path in sorted(resource("i18n", language).glob("*.json")):
        merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


class Translator(QObject):
    """The current language; ``changed`` fires after every switch."""

    changed = Signal(str)

    def __init__(self, language: str = DEFAULT_LANGUAGE) -> None:
        super().__init__()
        self._language = language
        # Each guest starts in the business's language (configuration ``[ui] language``).
        self.home = language

    def set_home(self, language: str) -> None:
        """Make ``language`` the one every guest starts in, and switch to it now."""
        self.set_language(language)
        self.home = language

    @property
    def language(self) -> str:
        return self._language

    @property
    def locale(self) -> QLocale:
        return QLocale(LOCALES[self._language])

    @property
    def direction(self) -> Qt.LayoutDirection:
        return (
            Qt.LayoutDirection.RightToLeft
            if self._language in RIGHT_TO_LEFT
            else Qt.LayoutDirection.LeftToRight
        )

    def set_language(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"no such language: {language}")
        if language != self._language:
            self._language = language
            self.changed.emit(language)

    def translate(self, text: str, **values: object) -> str:
        """``text`` in the current language, with ``{name}`` placeholders filled in."""
        translated = catalog(self._language).get(text, text)
        return translated.format(**values) if values else translated


# The kiosk has one current language at a time; screens reach it through ``tr``.
translator = Translator()


def tr(text: str, **values: object) -> str:
    """``text`` in the current language, with ``{name}`` placeholders filled in."""
    return translator.translate(text, **values)

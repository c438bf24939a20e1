"""Languages: English, Spanish and Arabic (right to left), switched live on any screen.

Every guest-facing string goes through ``tr("English text", name=value)``; a text that depends on
a number goes through ``trn("English singular", "English plural", count)``, which picks the form
the language's CLDR plural rules ask for (Arabic has six). The English text is the key;
``resources/i18n/<language>/*.po`` (gettext, what translators' tools read) holds the translations,
compiled into ``kiosk.mo`` by ``scripts/translations.py``. A test fails on any string in the code
that a language lacks, and on a ``kiosk.mo`` older than its ``.po`` files.
"""

from __future__ import annotations

import gettext
from functools import cache

from PySide6.QtCore import QLocale, QObject, Qt, Signal

from kiosk.resources import resource

LANGUAGES: dict[str, str] = {"en": "English", "es": "Español", "ar": "العربية"}
LOCALES: dict[str, str] = {"en": "en_US", "es": "es_US", "ar": "ar_AE"}
RIGHT_TO_LEFT = frozenset({"ar"})
DEFAULT_LANGUAGE = "en"


@cache
def catalog(language: str) -> gettext.NullTranslations:
    """The translations of one language, read once, when the language is first used.

    English reads nothing: its text is the key (and English's plural rule is gettext's own).
    The compiled ``kiosk.mo`` is read with the standard library; no .po parsing at start-up.
    """
    if language == "en":
        return gettext.NullTranslations()
    with resource("i18n", language, "kiosk.mo").open("rb") as compiled:
        return gettext.GNUTranslations(compiled)


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
        # The empty msgid is the catalogue's header, never a guest's text.
        translated = catalog(self._language).gettext(text) if text else text
        return translated.format(**values) if values else translated

    def translate_plural(self, singular: str, plural: str, count: int, **values: object) -> str:
        """The form of ``singular``/``plural`` the current language uses for ``count``, with
        ``{count}`` written in the guest's digits and the other placeholders filled in."""
        translated = catalog(self._language).ngettext(singular, plural, count)
        return translated.format(count=self.locale.toString(count), **values)


# The kiosk has one current language at a time; screens reach it through ``tr``.
translator = Translator()


def tr(text: str, **values: object) -> str:
    """``text`` in the current language, with ``{name}`` placeholders filled in."""
    return translator.translate(text, **values)


def trn(singular: str, plural: str, count: int, **values: object) -> str:
    """``"{count} months"`` in the current language's form for ``count`` (one, two, few...)."""
    return translator.translate_plural(singular, plural, count, **values)

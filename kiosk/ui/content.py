"""The business's membership texts in the guest's language: every screen that shows a
membership's name, description or terms shows ``shown(membership)``'s, and the terms screen says
when a contract stays in the business's own language (``kiosk.domain.content``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from kiosk.domain.catalog import Membership
from kiosk.domain.content import ContentTranslations
from kiosk.ui.i18n import LANGUAGES, translator


@dataclass
class _Business:
    translations: ContentTranslations = field(default_factory=ContentTranslations)
    language: str = "en"  # the language its Zenoti texts are written in


_business = _Business()


def use(translations: ContentTranslations, language: str) -> None:
    """The business's translations, and the language its Zenoti texts are written in."""
    _business.translations = translations
    _business.language = language


def source_language() -> str:
    """The language the business wrote its memberships in (Zenoti's texts)."""
    return _business.language


def shown(membership: Membership) -> Membership:
    """``membership`` as the guest reads it now: translated where the business translated it."""
    return _business.translations.shown(membership, translator.language)


def untranslated_terms(memberships: Iterable[Membership]) -> list[Membership]:
    """The memberships whose terms the guest would sign in the business's language, not theirs."""
    language = translator.language
    translations = _business.translations
    return [
        m for m in memberships if translations.terms_untranslated(m, language, _business.language)
    ]


def language_name(code: str) -> str:
    """A language's name in the guest's language ("inglés", "الإنجليزية")."""
    return _language_name(code, translator.language)


@cache
def _language_name(code: str, guest: str) -> str:
    from babel import Locale, UnknownLocaleError  # CLDR's names; only when a note needs one

    try:
        name = Locale.parse(guest).languages.get(code)
    except (UnknownLocaleError, ValueError):
        name = None
    return name or LANGUAGES.get(code, code)

"""The business's own words in other languages: membership names, descriptions and terms.

Zenoti holds each membership's texts in one language (the business's, English here). A business
that sells in Spanish or Arabic writes the translations itself, one file per language (see
``docs/configuration.md``, ``[content] translations``); this is what those files say, and how a
membership reads in a language. A text with no translation stays as Zenoti has it, and the
guest is told so where it matters (the terms they sign).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from kiosk.domain.catalog import Membership

FIELDS = ("name", "description", "terms")
SAME_TERMS = "terms_as"  # "the same terms as this other membership's", written once


class TranslationsInvalid(ValueError):
    """A translations file that cannot be read; the message names the place and the fix."""


@dataclass(frozen=True, slots=True)
class MembershipWords:
    """One membership's texts in one language; None where the business gave none."""

    name: str | None = None
    description: str | None = None
    terms: str | None = None


def _key(text: str) -> str:
    """How a membership is matched: its id, or its name however it is spaced or capitalised."""
    return " ".join(text.split()).casefold()


@dataclass(frozen=True, slots=True)
class ContentTranslations:
    """Every language's words for the memberships, keyed by membership id or name."""

    languages: Mapping[str, Mapping[str, MembershipWords]] = field(default_factory=dict)

    def words(self, membership: Membership, language: str) -> MembershipWords:
        """What the business wrote for ``membership`` in ``language`` (nothing, if nothing)."""
        table = self.languages.get(language)
        if not table:
            return MembershipWords()
        for key in (membership.id, membership.display_name, membership.name):
            if key and _key(key) in table:
                return table[_key(key)]
        return MembershipWords()

    def unmatched(self, memberships: Iterable[Membership]) -> dict[str, list[str]]:
        """Per language, the entries that name no membership of ``memberships`` (a typo, or a
        membership no longer on sale): words the business wrote that no guest will ever see."""
        known = {_key(k) for m in memberships for k in (m.id, m.display_name, m.name) if k}
        found = {
            language: sorted(key for key in table if key not in known)
            for language, table in sorted(self.languages.items())
        }
        return {language: keys for language, keys in found.items() if keys}

    def shown(self, membership: Membership, language: str) -> Membership:
        """``membership`` with its name, description and terms in ``language`` where the
        business translated them (the rest as Zenoti has it)."""
        words = self.words(membership, language)
        if words == MembershipWords():
            return membership
        return replace(
            membership,
            display_name=words.name or membership.title,
            description=words.description or membership.description,
            terms=words.terms or membership.terms,
        )

    def terms_untranslated(self, membership: Membership, language: str, source: str) -> bool:
        """Whether the guest reading in ``language`` would sign ``membership``'s terms in the
        business's own language ``source`` (it has terms, and none were written for them)."""
        if language == source or not membership.terms.strip():
            return False
        return not self.words(membership, language).terms


def read_translations(language: str, text: str, where: str) -> dict[str, MembershipWords]:
    """One language's file: ``[memberships."<name or id>"]`` tables of name/description/terms.

    Raises :class:`TranslationsInvalid` naming ``where`` (the file) and what is wrong in it.
    """
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TranslationsInvalid(f"{where}: not valid TOML ({error})") from None
    unknown = set(document) - {"memberships"}
    if unknown:
        raise TranslationsInvalid(
            f"{where}: unknown section {sorted(unknown)[0]!r}; "
            'write each membership as [memberships."Its name in Zenoti"]'
        )
    memberships = document.get("memberships", {})
    if not isinstance(memberships, dict):
        raise TranslationsInvalid(f'{where}: write each membership as [memberships."Its name"]')
    table: dict[str, MembershipWords] = {}
    same: dict[str, str] = {}
    for key, entry in memberships.items():
        place = f"{where}: [memberships.{key!r}]"
        table[_key(key)] = _words(entry, place)
        if isinstance(entry.get(SAME_TERMS), str):
            same[_key(key)] = entry[SAME_TERMS]
    for key, other in same.items():
        terms = table.get(_key(other), MembershipWords()).terms
        if terms is None:
            raise TranslationsInvalid(
                f"{where}: {SAME_TERMS} = {other!r}, but no membership of that name has terms here"
            )
        table[key] = replace(table[key], terms=terms)
    return table


def _words(entry: Any, where: str) -> MembershipWords:
    if not isinstance(entry, dict):
        raise TranslationsInvalid(f"{where}: expected name, description and terms under it")
    unknown = set(entry) - {*FIELDS, SAME_TERMS}
    if unknown:
        raise TranslationsInvalid(
            f"{where}: unknown key {sorted(unknown)[0]!r}; "
            f"the keys are name, description, terms, {SAME_TERMS}"
        )
    if SAME_TERMS in entry and ("terms" in entry or not isinstance(entry[SAME_TERMS], str)):
        raise TranslationsInvalid(
            f"{where}: {SAME_TERMS} names another membership, instead of writing terms here"
        )
    values: dict[str, str] = {}
    for name in FIELDS:
        value = entry.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise TranslationsInvalid(f"{where}: {name} must be text in quotes")
        if value.strip():
            values[name] = value.strip()
    return MembershipWords(**values)

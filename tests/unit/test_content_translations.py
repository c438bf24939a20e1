"""The business's translations of its memberships: the files it writes, how they are checked at
start-up, and how a membership reads in another language."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from kiosk.config.content import sandbox_translations
from kiosk.config.errors import ConfigError
from kiosk.config.load import load_configuration
from kiosk.domain.catalog import Membership, MembershipType, Price
from kiosk.domain.content import ContentTranslations, TranslationsInvalid, read_translations
from kiosk.domain.money import Money
from kiosk.resources import resource

SPANISH = '''
[memberships."Glow Monthly"]
name = "Glow mensual"
description = "Un facial cada mes."
terms = """
Esta es una membresía recurrente.
"""

[memberships."restore   ANNUAL"]
name = "Restore anual"
terms_as = "Glow Monthly"

[memberships."m-3"]
description = "Solo la descripción."
'''


def membership(name: str, membership_id: str = "m-1", terms: str = "English terms.") -> Membership:
    usd = Money(Decimal("10.00"), "USD")
    return Membership(
        id=membership_id,
        version_id=None,
        code=name.upper()[:10],
        name=name,
        display_name=name,
        description="In English.",
        price=Price(sales=usd, tax=Money(Decimal("0.00"), "USD"), final=usd),
        show_price=True,
        type=MembershipType.RECURRING,
        is_recurring=True,
        billing_frequency=None,
        first_collection_after_days=None,
        terms=terms,
        terms_acceptance_required=True,
    )


@pytest.fixture
def translations() -> ContentTranslations:
    return ContentTranslations({"es": read_translations("es", SPANISH, "es.toml")})


def test_a_membership_reads_in_the_language_the_business_wrote(
    translations: ContentTranslations,
) -> None:
    glow = translations.shown(membership("Glow Monthly"), "es")
    assert (glow.title, glow.description, glow.terms) == (
        "Glow mensual",
        "Un facial cada mes.",
        "Esta es una membresía recurrente.",
    )
    assert translations.shown(membership("Glow Monthly"), "ar").title == "Glow Monthly"


def test_names_match_however_spaced_or_capitalised_and_ids_match_too(
    translations: ContentTranslations,
) -> None:
    restore = translations.shown(membership("Restore Annual", "m-2"), "es")
    assert restore.title == "Restore anual"
    assert restore.terms == "Esta es una membresía recurrente."  # terms_as: written once
    by_id = translations.shown(membership("Something else", "m-3"), "es")
    assert (by_id.title, by_id.description) == ("Something else", "Solo la descripción.")


def test_terms_without_a_translation_are_the_ones_signed_in_english(
    translations: ContentTranslations,
) -> None:
    untranslated = membership("Something else", "m-3")
    assert translations.terms_untranslated(untranslated, "es", "en")
    assert not translations.terms_untranslated(membership("Glow Monthly"), "es", "en")
    assert not translations.terms_untranslated(untranslated, "en", "en")  # its own language
    no_terms = replace(untranslated, terms="  ")
    assert not translations.terms_untranslated(no_terms, "es", "en")  # nothing to sign


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('[memberships."A"]\nnmae = "x"', "unknown key 'nmae'"),
        ('[membership."A"]\nname = "x"', "unknown section 'membership'"),
        ('[memberships."A"]\nname = 3', "name must be text"),
        ('[memberships."A"]\nterms_as = "B"', "no membership of that name has terms"),
        ('[memberships."A"\nname = "x"', "not valid TOML"),
    ],
)
def test_a_mistake_in_a_file_is_named_with_its_place(text: str, says: str) -> None:
    with pytest.raises(TranslationsInvalid, match=says) as raised:
        read_translations("es", text, "es.toml")
    assert str(raised.value).startswith("es.toml")


def test_the_configured_folder_is_read_at_start_up_and_a_bad_file_stops_it(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "translations"
    folder.mkdir()
    (folder / "es.toml").write_text(SPANISH, encoding="utf-8")
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[content]\ntranslations = "{folder}"\n', encoding="utf-8")
    loaded = load_configuration(config, {})
    words = loaded.common["content"].translations.words(membership("Glow Monthly"), "es")
    assert words.name == "Glow mensual"
    (folder / "spanish.toml").write_text("", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"content\.translations.*name the file"):
        load_configuration(config, {})


def test_the_sandbox_ships_spanish_and_arabic_for_its_whole_catalogue() -> None:
    translations = sandbox_translations()
    seed = json.loads(resource("sandbox", "memberships.json").read_text(encoding="utf-8"))
    for entry in seed["memberships"]:
        for language in ("es", "ar"):
            words = translations.words(membership(entry["name"], entry["id"]), language)
            assert words.name, (language, entry["name"])
            assert words.description, (language, entry["name"])
            # Arabic leaves the joining-fee terms in English, so the notice shows on a sandbox.
            joining_fee = entry["terms"] == "setup_fee"
            assert (words.terms is None) == (language == "ar" and joining_fee), entry["name"]


def test_entries_that_name_no_membership_on_sale_are_found_per_language(
    translations: ContentTranslations,
) -> None:
    on_sale = [membership("Glow Monthly"), membership("Restore Annual", "m-2")]
    assert translations.unmatched(on_sale) == {"es": ["m-3"]}  # matched by name, id or neither
    assert translations.unmatched([*on_sale, membership("Other", "m-3")]) == {}


def test_the_doctor_names_unmatched_entries_and_terms_a_guest_would_sign_in_english(
    translations: ContentTranslations,
) -> None:
    from kiosk.config import ContentConfig
    from kiosk.doctor.result import Verdict
    from kiosk.doctor.zenoti_checks import translations as translations_check
    from kiosk.domain.catalog import Catalog

    content = ContentConfig(translations=translations, language="en")
    on_sale = (membership("Glow Monthly"), membership("Restore Annual", "m-2"))
    untranslated = membership("Thermal", "m-9", terms="Only in English.")
    check = translations_check(Catalog((*on_sale, untranslated)), content)
    assert check.verdict is Verdict.INFO  # a hint for the business, not a reason to stop selling
    assert "es: 1 entry names no membership on sale at this center ('m-3')" in check.detail
    assert "es: the terms of 1 of 3 memberships are not translated" in check.detail
    no_terms = membership("Other", "m-3", terms="")
    everything = translations_check(Catalog((*on_sale, no_terms)), content)
    assert everything.verdict is Verdict.PASS

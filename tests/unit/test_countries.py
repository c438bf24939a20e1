"""Every country from the phonenumbers library, matched to Zenoti's own ids, found by a search
in the guest's language; numbers written and checked the country's way."""

from __future__ import annotations

import phonenumbers
import pytest

from kiosk.domain.center import Country as ZenotiCountry
from kiosk.ui.countries import Countries, home_region
from kiosk.ui.i18n import translator

ZENOTI = [
    ZenotiCountry(225, "US", "United States", "1"),
    ZenotiCountry(38, "CA", "Canada", "1"),
    ZenotiCountry(224, "GB", "United Kingdom", "44"),
    ZenotiCountry(199, "ES", "Spain", "34"),
    ZenotiCountry(95, "", "India", "+91"),  # no ISO code: found by its dialling code
]


@pytest.fixture
def known() -> Countries:
    countries = Countries("US")
    countries.learn(ZENOTI)
    return countries


def test_the_ids_are_zenotis_never_the_dialling_codes(known: Countries) -> None:
    assert known.by_id(225).region == "US"
    assert known.by_id(38).region == "CA"  # the same +1, another country
    assert known.by_id(95).region == "IN"
    assert known.by_id(199).dialling_code == 34
    assert known.by_id(12345).region == "US"  # unknown: the center's own


def test_before_zenoti_answers_only_the_centers_country_is_offered_with_no_id() -> None:
    countries = Countries(home_region("44"))
    assert [c.region for c in countries.all()] == ["GB"]
    assert countries.home.zenoti_id is None  # Zenoti then takes the center's country


def test_a_search_finds_a_country_by_name_in_the_guests_language_code_or_dialling_code(
    known: Countries,
) -> None:
    assert [c.region for c in known.search("spa")] == ["ES"]
    assert [c.region for c in known.search("+44")] == ["GB"]
    assert known.search("ca")[0].region == "CA"
    translator.set_language("es")
    try:
        assert [c.region for c in known.search("espana")] == ["ES"]  # "España", no tilde typed
        assert [c.region for c in known.search("reino")] == ["GB"]
    finally:
        translator.set_language("en")


@pytest.mark.parametrize(
    ("region", "typed", "shown", "kept"),
    [
        ("US", "9175550199", "(917) 555-0199", "9175550199"),
        ("GB", "07700900123", "07700 900123", "7700900123"),  # a trunk 0, not kept
        ("ES", "612345678", "612 34 56 78", "612345678"),
        ("IN", "9876543210", "98765 43210", "9876543210"),
    ],
)
def test_numbers_are_written_and_kept_as_the_country_does(
    region: str, typed: str, shown: str, kept: str
) -> None:
    country = Countries(region).home
    assert country.format(typed) == shown
    assert country.is_complete(typed)
    assert country.national(typed) == kept
    assert not country.is_complete(typed[:4])
    assert len(typed) <= country.max_digits(typed)


def test_a_number_the_country_does_not_give_out_is_not_valid() -> None:
    spain = Countries("ES").home
    assert spain.is_valid("612345678")
    assert not spain.is_valid("012345678")


def test_every_country_phonenumbers_knows_can_be_offered() -> None:
    countries = Countries("US")
    countries.learn(
        ZenotiCountry(index, region, region, str(phonenumbers.country_code_for_region(region)))
        for index, region in enumerate(sorted(phonenumbers.SUPPORTED_REGIONS), start=1)
    )
    assert {c.region for c in countries.all()} == phonenumbers.SUPPORTED_REGIONS
    assert all(c.name for c in countries.all())


def test_the_dialling_code_is_shown_unless_the_guest_began_with_the_trunk_zero() -> None:
    assert Countries("ES").home.written("612345678") == "+34 612 34 56 78"
    assert Countries("GB").home.written("07700900123") == "07700 900123"

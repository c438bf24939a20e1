"""Every country a guest's mobile number may belong to, from the ``phonenumbers`` library (its
dialling code, how its numbers are written and checked) and CLDR's names in the guest's language
(Babel), matched to Zenoti's own country ids.

Zenoti identifies a country by its *country id* (225 = USA), not by the dialling code; the ids
come from Zenoti's ``GET /v1/countries`` (the engine reads it once), joined here by ISO code.
Until that list is known only the center's own country is offered, with no id: Zenoti then takes
the center's country, which is the right one.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneMetadata, PhoneNumberType
from PySide6.QtCore import QLocale

from kiosk.domain.center import Country as ZenotiCountry
from kiosk.ui.i18n import translator


@dataclass(frozen=True, slots=True)
class Country:
    """A country whose mobile numbers the kiosk takes."""

    region: str  # ISO 3166 code, as phonenumbers and Zenoti's ``code`` write it ("US")
    dialling_code: int
    zenoti_id: int | None  # Zenoti's id for it; None: the center's own (Zenoti's default)

    @property
    def name(self) -> str:
        """The country's name in the guest's language."""
        return country_name(self.region, translator.language)

    @property
    def caption(self) -> str:
        """``United States +1``: the name and dialling code, as a button shows them."""
        # Left-to-right marks keep "+44" whole (not "44+") inside Arabic text.
        return f"{self.name} \u200e+{self.dialling_code}\u200e"

    def max_digits(self, digits: str = "") -> int:
        """The most digits a number of this country has (one more after a trunk ``0``)."""
        return _longest(self.region) + (1 if self._trunk(digits) else 0)

    def is_complete(self, digits: str) -> bool:
        """Whether ``digits`` can be a whole mobile number of this country (its lengths)."""
        number = self._parse(digits)
        return number is not None and phonenumbers.is_possible_number_for_type(number, _MOBILE)

    def is_valid(self, digits: str) -> bool:
        """Whether ``digits`` is a number this country gives out (its number plan says so)."""
        number = self._parse(digits)
        return number is not None and phonenumbers.is_valid_number(number)

    def national(self, digits: str) -> str:
        """The number as Zenoti keeps it: its national digits, without a trunk ``0``."""
        number = self._parse(digits)
        return phonenumbers.national_significant_number(number) if number else digits

    def format(self, digits: str) -> str:
        """``(917) 555-01`` as the guest types, the country's way."""
        formatter = phonenumbers.AsYouTypeFormatter(self.region)
        shown = ""
        for digit in digits:
            shown = formatter.input_digit(digit)
        return shown

    def written(self, digits: str) -> str:
        """``+1 (917) 555-0199``; a number begun with the trunk ``0`` stays national."""
        shown = self.format(digits)
        return shown if self._trunk(digits) else f"+{self.dialling_code} {shown}"

    def _trunk(self, digits: str) -> bool:
        prefix = _metadata(self.region).national_prefix
        return prefix is not None and prefix != "" and digits.startswith(prefix)

    def _parse(self, digits: str) -> phonenumbers.PhoneNumber | None:
        if not digits:
            return None
        try:
            return phonenumbers.parse(digits, self.region)
        except NumberParseException:
            return None


_MOBILE = PhoneNumberType.MOBILE


@cache
def _metadata(region: str) -> PhoneMetadata:
    metadata = PhoneMetadata.metadata_for_region(region)
    if metadata is None:
        raise ValueError(f"phonenumbers has no numbering plan for {region}")
    return metadata


@cache
def _longest(region: str) -> int:
    """The longest mobile number of ``region`` (its numbers of any kind when it says none)."""
    metadata = _metadata(region)
    for description in (metadata.mobile, metadata.general_desc):
        lengths = description.possible_length if description is not None else ()
        if lengths and max(lengths) > 0:
            return max(lengths)
    return 15  # the longest number the international plan allows


def plain(text: str) -> str:
    """Text as a search compares it: no accents, no case ("Perú" finds "peru")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def country_name(region: str, language: str) -> str:
    """CLDR's name of ``region`` in ``language`` (English when CLDR has none)."""
    english = QLocale.territoryToString(QLocale.codeToTerritory(region)) or region
    if language == "en":
        return english  # Qt's copy of CLDR's English names: no Babel to load at start-up
    return _territories(language).get(region) or english


@cache
def _territories(language: str) -> dict[str, str]:
    from babel import Locale  # its data loads when a name is first asked for

    return dict(Locale.parse(language).territories)


def home_region(dialling_code: str) -> str:
    """The main country of a dialling code ("1" → US, "44" → GB)."""
    region = phonenumbers.region_code_for_country_code(int(dialling_code or 1))
    return region if region in phonenumbers.SUPPORTED_REGIONS else "US"


class Countries:
    """The countries on offer: the center's first, then every other in the guest's alphabet."""

    def __init__(self, home: str = "US") -> None:
        self._home = home
        self._by_region: dict[str, Country] = {home: _country(home, None)}

    def set_home(self, region: str) -> None:
        """The center's country (its dialling code's), offered first and by default."""
        self._home = region
        self._by_region.setdefault(region, _country(region, None))

    def learn(self, zenoti: Iterable[ZenotiCountry]) -> None:
        """Take Zenoti's countries (ids by ISO code; a missing code found by dialling code)."""
        found: dict[str, Country] = {}
        for entry in zenoti:
            region = entry.code.strip().upper()
            dialling = entry.phone_code.lstrip("+")
            if region not in phonenumbers.SUPPORTED_REGIONS and dialling.isdigit():
                region = phonenumbers.region_code_for_country_code(int(dialling))
            if region in phonenumbers.SUPPORTED_REGIONS and region not in found:
                found[region] = _country(region, entry.id)
        if found:
            if self._home not in found:
                found[self._home] = self._by_region[self._home]
            self._by_region = found

    @property
    def home(self) -> Country:
        return self._by_region[self._home]

    def by_id(self, zenoti_id: int | None) -> Country:
        """The country with this Zenoti id; the center's own when unknown."""
        return next((c for c in self._by_region.values() if c.zenoti_id == zenoti_id), self.home)

    def all(self) -> list[Country]:
        """Every country, the center's first, the rest by name in the guest's language."""
        others = sorted(
            (c for c in self._by_region.values() if c.region != self._home),
            key=lambda c: plain(c.name),
        )
        return [self.home, *others]

    def search(self, query: str) -> list[Country]:
        """Countries whose name (the guest's language or English), ISO code or dialling code
        matches ``query``; names that start with it first."""
        wanted = plain(query.strip()).lstrip("+")
        if not wanted:
            return self.all()
        starts, contains = [], []
        for country in self.all():
            names = [plain(country.name), plain(country_name(country.region, "en"))]
            if any(n.startswith(wanted) for n in names) or wanted in (
                country.region.casefold(),
                str(country.dialling_code),
            ):
                starts.append(country)
            elif any(wanted in n for n in names):
                contains.append(country)
        return starts + contains


def _country(region: str, zenoti_id: int | None) -> Country:
    return Country(region, phonenumbers.country_code_for_region(region), zenoti_id)


# The kiosk's one list, filled in by the sale flow once Zenoti's countries are read.
countries = Countries()

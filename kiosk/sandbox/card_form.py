"""The card form of the hosted pages: reading it and checking the card like a processor would."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qs

TEST_CARD = "4242424242424242"
DECLINED_CARD = "4000000000000002"
BRANDS = {"4": "visa", "5": "mastercard", "3": "amex", "6": "discover"}


@dataclass(frozen=True)
class Card:
    """A card as typed on the hosted page, already checked."""

    number: str
    expiry_month: int
    expiry_year: int

    @property
    def last_four(self) -> str:
        return self.number[-4:]

    @property
    def brand(self) -> str:
        return BRANDS.get(self.number[0], "card")

    @property
    def expiry_on(self) -> str:
        return f"{self.expiry_month:02d}/{self.expiry_year}"

    @property
    def declined(self) -> bool:
        return self.number == DECLINED_CARD


def form_fields(body: bytes) -> dict[str, str]:
    """An ``application/x-www-form-urlencoded`` body (no python-multipart needed)."""
    parsed = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    return {name: values[0] for name, values in parsed.items()}


def luhn_ok(number: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(number)):
        digit = int(char)
        if index % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def read_card(fields: dict[str, str], today: date) -> Card | str:
    """The card, or a sentence saying what is wrong with the form."""
    number = re.sub(r"[\s-]", "", fields.get("number", ""))
    if not number.isdigit() or not 13 <= len(number) <= 19 or not luhn_ok(number):
        return "Check the card number."
    match = re.fullmatch(r"\s*(\d{1,2})\s*/\s*(\d{2}|\d{4})\s*", fields.get("expiry", ""))
    if not match:
        return "Enter the expiry date as MM/YY."
    month, year = int(match.group(1)), int(match.group(2))
    year += 2000 if year < 100 else 0
    if not 1 <= month <= 12 or (year, month) < (today.year, today.month):
        return "The card has expired or the expiry date is wrong."
    if not re.fullmatch(r"\d{3,4}", fields.get("cvc", "").strip()):
        return "Enter the 3 or 4 digit security code."
    return Card(number=number, expiry_month=month, expiry_year=year)

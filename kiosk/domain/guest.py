"""Guests: who buys, how to show them on a public screen unexposed, what they own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import IntEnum

from kiosk.domain.money import Money

_DOT = "•"


class Gender(IntEnum):
    """Zenoti's gender codes."""

    FEMALE = 0
    MALE = 1
    UNSPECIFIED = -1


@dataclass(frozen=True, slots=True)
class Phone:
    """A mobile number: Zenoti's *country id* (225 = USA, not the dialling code) and digits."""

    country_id: int | None
    number: str

    def __post_init__(self) -> None:
        if not self.number.isascii() or not self.number.isdigit():
            raise ValueError("a phone number is digits only")

    @classmethod
    def from_text(cls, country_id: int | None, text: str) -> Phone | None:
        """Keep the digits of ``text``; None when there are none."""
        digits = "".join(c for c in text if c.isascii() and c.isdigit())
        return cls(country_id, digits) if digits else None

    @property
    def last_four(self) -> str:
        return self.number[-4:]


def mask_phone(number: str) -> str:
    """``"•••• 4567"``: only the last four digits."""
    return f"{_DOT * 4} {number[-4:]}"


def mask_email(email: str) -> str:
    """``"j•••@e•••.com"``: the first letter of each part and the top-level domain."""
    local, _, domain = email.strip().partition("@")
    if not domain:
        return f"{local[:1]}{_DOT * 3}"
    host, _, tld = domain.rpartition(".")
    if not host:
        host, tld = tld, ""
    masked = f"{local[:1]}{_DOT * 3}@{host[:1]}{_DOT * 3}"
    return f"{masked}.{tld}" if tld else masked


def mask_name(first_name: str, last_name: str) -> str:
    """``"Ja** D."``: enough for a guest to recognise themself, not enough to identify them."""
    first = first_name.strip()
    keep = min(2, max(len(first) - 1, 1)) if first else 0
    masked_first = first[:keep] + "*" * (len(first) - keep)
    last = last_name.strip()
    return f"{masked_first} {last[0]}." if last else masked_first


@dataclass(frozen=True, slots=True)
class Guest:
    """A Zenoti guest (customer). PII: never log it, mask it on screen."""

    id: str
    code: str
    center_id: str | None
    first_name: str
    last_name: str
    email: str | None
    phone: Phone | None
    gender: Gender
    date_of_birth: date | None
    receive_transactional_email: bool

    @property
    def masked_name(self) -> str:
        return mask_name(self.first_name, self.last_name)

    @property
    def masked_phone(self) -> str | None:
        return mask_phone(self.phone.number) if self.phone else None

    @property
    def masked_email(self) -> str | None:
        return mask_email(self.email) if self.email else None

    def __repr__(self) -> str:
        # Guests end up in tracebacks and logs: their repr carries no PII.
        return f"Guest(id={self.id!r}, name={self.masked_name!r})"


@dataclass(frozen=True, slots=True)
class NewGuest:
    """What the kiosk sends to register a guest."""

    first_name: str
    last_name: str
    email: str | None = None
    phone: Phone | None = None
    gender: Gender = Gender.UNSPECIFIED
    date_of_birth: date | None = None
    receive_transactional_email: bool = True

    def __repr__(self) -> str:
        return f"NewGuest(name={mask_name(self.first_name, self.last_name)!r})"


@dataclass(frozen=True, slots=True)
class SavedCard:
    """A card the guest saved with Zenoti's own processor (only its brand and last four)."""

    account_id: str
    brand: str | None
    last_four: str | None
    expiry: str | None


@dataclass(frozen=True, slots=True)
class GuestMembership:
    """A membership a guest owns (Zenoti status 1 is active)."""

    id: str
    status: int
    membership_id: str | None
    name: str
    invoice_id: str | None
    receipt_number: str | None
    expiry_date: date | None
    next_collection_date: date | None
    credit_balance: Money | None

    ACTIVE = 1

    @property
    def is_active(self) -> bool:
        return self.status == self.ACTIVE

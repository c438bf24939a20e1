"""The pure part of ``kiosk setup``: checking each answer as the configuration loader will,
choosing the center and the kiosk employee, and writing the answers as TOML.

Nothing here reads a terminal, a file or the network, so every rule is unit-tested directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.config.schema import BY_NAME, Invalid
from kiosk.domain.center import Center, Employee

DEFAULT_ZENOTI_URL = "https://api.zenoti.com"
DEFAULT_STRIPE_URL = "https://api.stripe.com"
SECRETS_NAME = "secrets.toml"  # beside kiosk.toml, named by its secrets_file key
API_KEY_ENV = BY_NAME["zenoti.api_key"].env
READER_KEY_ENV = BY_NAME["reader.secret_key"].env
KIOSK_WORD = "kiosk"  # the kiosk's employee is found by this word in its name or code

PAYMENT_TYPES_HELP = (
    "Zenoti has no API that lists custom payment types, so they cannot be offered here: in "
    "Zenoti, open Setup → Payment types, find the custom payment types the kiosk records "
    "payments as, and copy each one's id (a GUID such as 0b5e6b55-3f49-5c1e-9d8e-2a34f8f0c1d2)."
)
CURRENCY_HELP = (
    "Zenoti gives a center's currency only as a number (currency_id {currency_id}), and there "
    "is no published table from those numbers to currency codes, so type the center's ISO 4217 "
    "code (USD, EUR, GBP, …)."
)


@dataclass(frozen=True, slots=True)
class Given:
    """What the command line (and the environment, for secrets) already answers; None: ask."""

    interactive: bool = True
    zenoti_url: str | None = None
    api_key: str | None = field(default=None, repr=False)  # a file or the environment, no flag
    center: str | None = None
    employee: str | None = None
    card_payment_type: str | None = None
    cash_payment_type: str | None = None  # "none": staff cannot record cash
    currency: str | None = None
    reader: str | None = None  # a tmr_ id, "sandbox" or "none"
    reader_url: str | None = None
    reader_key: str | None = field(default=None, repr=False)
    brand_name: str | None = None
    dialling_code: str | None = None
    journal: str | None = None


# What a script must say, because nothing can propose it (the flag, and what it is).
SCRIPTED = (
    ("card_payment_type", "--card-payment-type", "the Zenoti custom payment type id for cards"),
    ("cash_payment_type", "--cash-payment-type", 'the one for cash, or "none"'),
    ("currency", "--currency", "the center's ISO 4217 currency code, e.g. USD"),
    ("reader", "--reader", 'a Stripe reader id (tmr_...), "sandbox" or "none"'),
)


def missing_in_script(given: Given) -> list[str]:
    """One line per answer a ``--non-interactive`` run lacks, naming the flag that gives it."""
    lines = []
    if not given.api_key:
        lines.append(f"missing the Zenoti API key: set {API_KEY_ENV} or pass --api-key-file FILE")
    for name, flag, what in SCRIPTED:
        if getattr(given, name) is None:
            lines.append(f"missing {flag}: {what}")
    stripe = given.reader not in (None, "none", "sandbox")
    if stripe and not given.reader_key:
        lines.append(
            f"missing the reader's secret key: set {READER_KEY_ENV} or pass --reader-key-file FILE"
        )
    return lines


class SetupStopped(Exception):
    """Setup cannot go on: ``str(self)`` is the line to print, ``code`` the exit code."""

    def __init__(self, line: str, code: int) -> None:
        super().__init__(line)
        self.code = code


class NotChosen(ValueError):
    """An answer that names nothing (or more than one thing); the message says what exists."""


def check(dotted: str, raw: str) -> Any:
    """``raw`` parsed exactly as the configuration loader will parse ``dotted``; raises Invalid."""
    value = raw.strip()
    if dotted == "zenoti.currency":
        value = value.upper()
    return BY_NAME[dotted].parse(value)


def check_reader_choice(raw: str) -> str:
    """``none``, ``sandbox`` or a Stripe reader id (``tmr_…``)."""
    value = raw.strip()
    if value.lower() in ("none", "sandbox"):
        return value.lower()
    try:
        return str(check("reader.reader_id", value))
    except Invalid:
        raise Invalid(
            f'expected "none", "sandbox" or a Stripe reader id (tmr_...), got "{value}"'
        ) from None


def list_number(wanted: str, count: int) -> int | None:
    """A 1-based list number as a 0-based index, or None when ``wanted`` is not one."""
    if wanted.isdigit() and 1 <= int(wanted) <= count:
        return int(wanted) - 1
    return None


def choose_center(centers: Sequence[Center], wanted: str, *, by_number: bool = False) -> Center:
    """The center whose id or code is ``wanted`` (or, typed at the prompt, its number)."""
    key = wanted.strip().lower()
    index = list_number(key, len(centers)) if by_number else None
    if index is not None:
        return centers[index]
    for center in centers:
        if key in (center.id.lower(), center.code.lower()):
            return center
    known = ", ".join(c.code or c.id for c in centers) or "none"
    raise NotChosen(f'no center "{wanted.strip()}" in this organisation (its centers: {known})')


def kiosk_like(employees: Sequence[Employee]) -> list[Employee]:
    """The employees named like the kiosk: the word "kiosk" in their name or code."""
    return [e for e in employees if KIOSK_WORD in f"{e.name} {e.code}".lower()]


def proposed_employee(employees: Sequence[Employee]) -> Employee | None:
    """The one employee named like the kiosk, or None when there is none or several."""
    found = kiosk_like(employees)
    return found[0] if len(found) == 1 else None


def choose_employee(
    employees: Sequence[Employee], wanted: str, *, by_number: bool = False
) -> Employee:
    """The employee ``wanted`` names: its id, its code, its full name, or one name containing it
    (or, typed at the prompt, its number in the list)."""
    key = wanted.strip().lower()
    index = list_number(key, len(employees)) if by_number else None
    if index is not None:
        return employees[index]
    for attribute in ("id", "code", "name"):
        found = [e for e in employees if str(getattr(e, attribute)).lower() == key]
        if len(found) == 1:
            return found[0]
    partial = [e for e in employees if key and key in e.name.lower()]
    if len(partial) == 1:
        return partial[0]
    if partial:
        names = ", ".join(f"{e.name} ({e.code or e.id})" for e in partial)
        raise NotChosen(f'several employees are named like "{wanted.strip()}": {names}')
    raise NotChosen(f'no employee "{wanted.strip()}" at this center')


def center_line(number: int, center: Center) -> str:
    return f"  {number:>2}. {center.code:<10} {center.name}"


def employee_line(number: int, employee: Employee) -> str:
    job = f" — {employee.job}" if employee.job else ""
    return f"  {number:>2}. {employee.code:<10} {employee.name}{job}"


@dataclass(frozen=True, slots=True)
class Reader:
    """A Stripe Terminal reader: where Stripe's API is, which reader, and its secret key."""

    base_url: str
    reader_id: str
    secret_key: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class Answers:
    """Everything ``kiosk setup`` asked, checked, ready to be written."""

    zenoti_url: str
    api_key: str = field(repr=False)
    center: Center
    employee: Employee
    card_payment_type: str
    cash_payment_type: str | None
    currency: str
    reader: Reader | None
    brand_name: str
    dialling_code: str = "1"
    journal: Path | None = None


def config_document(answers: Answers) -> dict[str, Any]:
    """``kiosk.toml``: every answer but the secrets, which the secrets file holds."""
    zenoti = {
        "base_url": answers.zenoti_url,
        "center_id": answers.center.id,
        "currency": answers.currency,
        "kiosk_employee_id": answers.employee.id,
        "dialling_code": answers.dialling_code,
    }
    payment_types = {"card_terminal": answers.card_payment_type}
    if answers.cash_payment_type:
        payment_types["cash"] = answers.cash_payment_type
    document: dict[str, Any] = {
        "secrets_file": SECRETS_NAME,
        "zenoti": zenoti,
        "payment_types": payment_types,
    }
    if answers.reader is not None:
        document["reader"] = {
            "base_url": answers.reader.base_url,
            "reader_id": answers.reader.reader_id,
        }
    if answers.journal is not None:
        document["kiosk"] = {"journal_path": str(answers.journal)}
    document["brand"] = {"name": answers.brand_name}
    return document


def secrets_document(answers: Answers) -> dict[str, Any]:
    """The secrets file: the API key and, with a reader, its secret key."""
    document: dict[str, Any] = {"zenoti": {"api_key": answers.api_key}}
    if answers.reader is not None:
        document["reader"] = {"secret_key": answers.reader.secret_key}
    return document


def config_header(answers: Answers) -> list[str]:
    """The comment lines at the top of ``kiosk.toml``: what the ids stand for."""
    return [
        "The kiosk's configuration, written by `kiosk setup`; every key is in "
        "docs/configuration.md.",
        f"Center: {answers.center.code} {answers.center.name}".rstrip(),
        f"Kiosk employee: {answers.employee.name or answers.employee.code}",
        f"Secrets (the API key{', the reader key' if answers.reader else ''}) are in "
        f"{SECRETS_NAME}.",
    ]


SECRETS_HEADER = [
    "The kiosk's secrets, written by `kiosk setup`: keep this file mode 0600, owned by the "
    "kiosk's user.",
]

"""Every key the configuration file knows: its section, what it must look like, its default.

Values arrive from TOML (typed) or from ``KIOSK_*`` environment variables (always text), so each
parser accepts both and raises :class:`Invalid` with the words an installer needs: what was
expected and what was found. ``docs/configuration.md`` documents exactly these keys (a test checks).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
STRIPE_SECRET = re.compile(r"^(sk|rk)_(test|live)_\w+$")
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class Invalid(ValueError):
    """A value that does not fit its key; the message says what was expected and what came."""


def shown(value: Any) -> str:
    """A value quoted for a message (long ones cut short)."""
    text = value if isinstance(value, str) else repr(value)
    return '"' + (text if len(text) <= 60 else text[:57] + "...") + '"'


def text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Invalid(f"expected non-empty text, got {shown(value)}")
    return value.strip()


def uuid(what: str) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        if not isinstance(value, str) or not UUID.match(value.strip()):
            raise Invalid(f"expected {what} (a UUID), got {shown(value)}")
        return value.strip().lower()

    return parse


def url(value: Any) -> str:
    parts = urlsplit(value) if isinstance(value, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        raise Invalid(f"expected an http(s) URL, got {shown(value)}")
    if parts.scheme == "http" and parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise Invalid(
            f"expected an https URL (plain http only to this machine), got {shown(value)}"
        )
    return str(value).rstrip("/")


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "1", "yes", "on"):
        return True
    if isinstance(value, str) and value.strip().lower() in ("false", "0", "no", "off"):
        return False
    raise Invalid(f"expected true or false, got {shown(value)}")


def number(low: float, high: float, *, integer: bool = False) -> Callable[[Any], float | int]:
    kind = "a whole number" if integer else "a number"

    def parse(value: Any) -> float | int:
        try:
            if isinstance(value, bool):
                raise ValueError
            parsed = int(value) if integer else float(value)
        except (TypeError, ValueError):
            raise Invalid(f"expected {kind} from {low:g} to {high:g}, got {shown(value)}") from None
        if not low <= parsed <= high:
            raise Invalid(f"expected {kind} from {low:g} to {high:g}, got {shown(value)}")
        return parsed

    return parse


def choice(*options: str, upper: bool = False) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        found = value.strip() if isinstance(value, str) else value
        found = found.upper() if upper and isinstance(found, str) else found
        if found not in options:
            raise Invalid(f"expected one of {', '.join(options)}, got {shown(value)}")
        return str(found)

    return parse


def pattern(regex: re.Pattern[str], what: str) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        if not isinstance(value, str) or not regex.match(value.strip()):
            raise Invalid(f"expected {what}, got {shown(value)}")
        return value.strip()

    return parse


def path(value: Any) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise Invalid(f"expected a file or folder path, got {shown(value)}")
    return Path(value.strip()).expanduser()


def existing_file(value: Any) -> Path:
    found = path(value)
    if not found.is_file():
        raise Invalid(f"expected an existing image file, got {shown(value)} which does not exist")
    return found


def receipt_template(value: Any) -> str:
    if not isinstance(value, str) or "{invoice_id}" not in value:
        raise Invalid(f'expected a URL containing "{{invoice_id}}", got {shown(value)}')
    url(value.replace("{invoice_id}", "x"))
    return value.strip()


def dialling_code(value: Any) -> str:
    found = str(value).strip().lstrip("+") if isinstance(value, (str, int)) else ""
    if not (found.isdigit() and 1 <= len(found) <= 4):
        raise Invalid(f'expected a country dialling code such as "1" or "44", got {shown(value)}')
    return found


@dataclass(frozen=True, slots=True)
class Key:
    """One key: ``section.name``, its parser, and whether it is a secret (kept out of sight)."""

    section: str
    name: str
    parse: Callable[[Any], Any]
    secret: bool = False

    @property
    def dotted(self) -> str:
        return f"{self.section}.{self.name}"

    @property
    def env(self) -> str:
        return f"KIOSK_{self.section.upper()}_{self.name.upper()}"


positive_seconds = number(0.1, 86_400)

KEYS: tuple[Key, ...] = (
    Key("zenoti", "base_url", url),
    Key("zenoti", "api_key", text, secret=True),
    Key("zenoti", "center_id", uuid("a Zenoti center id")),
    Key("zenoti", "currency", pattern(CURRENCY, 'a three-letter currency code such as "USD"')),
    Key("zenoti", "kiosk_employee_id", uuid("a Zenoti employee id")),
    Key("zenoti", "rate_per_minute", number(1, 6000)),
    Key("zenoti", "auto_closes_paid_invoices", boolean),
    Key("zenoti", "dialling_code", dialling_code),
    Key("payment_types", "card_terminal", uuid("a Zenoti custom payment type id")),
    Key("payment_types", "cash", uuid("a Zenoti custom payment type id")),
    Key("reader", "base_url", url),
    Key(
        "reader", "secret_key", pattern(STRIPE_SECRET, "a Stripe secret key (sk_...)"), secret=True
    ),
    Key("reader", "reader_id", pattern(re.compile(r"^tmr_\w+$"), "a Stripe reader id (tmr_...)")),
    Key("kiosk", "journal_path", path),
    Key("kiosk", "receipt_url_template", receipt_template),
    Key("deadlines", "awaiting_card", positive_seconds),
    Key("deadlines", "reconcile", positive_seconds),
    Key("deadlines", "phone_payment", positive_seconds),
    Key("deadlines", "poll_initial", positive_seconds),
    Key("deadlines", "poll_max", positive_seconds),
    Key("deadlines", "record_attempts", number(1, 20, integer=True)),
    Key("brand", "name", text),
    Key("brand", "colour", pattern(COLOUR, 'a colour as "#rrggbb"')),
    Key("brand", "headline", text),
    Key("brand", "logo", existing_file),
    Key("ui", "profile", choice("kiosk", "tablet")),
    Key("ui", "language", choice("en", "es", "ar")),
    Key("ui", "fullscreen", boolean),
    Key("logging", "level", choice(*LEVELS, upper=True)),
    Key("logging", "directory", path),
    Key("logging", "max_bytes", number(65_536, 1 << 30, integer=True)),
    Key("logging", "backup_count", number(0, 100, integer=True)),
)
BY_NAME = {key.dotted: key for key in KEYS}
SECTIONS = frozenset(key.section for key in KEYS)
# Keys whose values are not single scalars, handled by the loader itself.
LISTS = {"staff": ("name", "pin_hash"), "payment_types.others": ("id", "name")}
STAFF_ENV = "KIOSK_STAFF"  # "Name:hash;Other name:hash"

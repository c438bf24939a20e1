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

from kiosk.config.content import read_folder
from kiosk.domain.content import ContentTranslations, TranslationsInvalid

UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
STRIPE_SECRET = re.compile(r"^(sk|rk)_(test|live)_\w+$")
ADYEN_POI_ID = re.compile(r"^[A-Za-z0-9]+-[A-Za-z0-9]+$")  # [terminal model]-[serial number]
ADYEN_SALE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
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


HERO_SUFFIXES = (".jpg", ".jpeg", ".png", ".svg")
MOST_FEATURED = 3  # the attract screen has room for three


def hero_image(value: Any) -> Path:
    """An existing JPEG, PNG or SVG file (the attract screen's picture)."""
    found = existing_file(value)
    if found.suffix.lower() not in HERO_SUFFIXES:
        raise Invalid(f"expected a JPEG, PNG or SVG file, got {shown(value)}")
    return found


def membership_ids(value: Any) -> tuple[str, ...]:
    """Up to three Zenoti membership ids: a list, or (from the environment) comma-separated."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
        raise Invalid(f"expected a list of Zenoti membership ids, got {shown(value)}")
    parse = uuid("a Zenoti membership id")
    found = tuple(dict.fromkeys(parse(item) for item in items if item.strip()))
    if len(found) > MOST_FEATURED:
        raise Invalid(f"expected at most {MOST_FEATURED} membership ids, got {len(found)}")
    return found


def translations(value: Any) -> ContentTranslations:
    """A folder of the business's translations, one ``<language>.toml`` each, read and checked."""
    folder = path(value)
    if not folder.is_dir():
        raise Invalid(f"expected a folder of translation files, got {shown(value)}")
    try:
        return read_folder(folder)
    except TranslationsInvalid as error:
        raise Invalid(str(error)) from None


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


def redis_url(value: Any) -> str:
    """``redis://`` to this machine, ``rediss://`` (TLS) to any other; no password in it."""
    parts = urlsplit(value) if isinstance(value, str) else None
    if parts is None or parts.scheme not in ("redis", "rediss") or not parts.hostname:
        raise Invalid(f"expected a redis:// or rediss:// URL, got {shown(value)}")
    if parts.password:
        raise Invalid("expected the URL without its password (that goes in fleet.redis_password)")
    if parts.scheme == "redis" and parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        only_here = "plain redis:// only to this machine"
        raise Invalid(f"expected a rediss:// URL (TLS; {only_here}), got {shown(value)}")
    return str(value).strip()


FLEET_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")


def fleet_name(value: Any) -> str:
    if not isinstance(value, str) or not FLEET_NAME.match(value.strip()):
        raise Invalid(
            f"expected up to 40 letters, digits, dots, dashes or underscores, got {shown(value)}"
        )
    return value.strip()


def paper_width(value: Any) -> int:
    """A receipt roll's width in millimetres: the two thermal rolls printers take."""
    found = str(value).strip().removesuffix("mm") if isinstance(value, (str, int)) else ""
    if isinstance(value, bool) or found not in ("58", "80"):
        raise Invalid(f"expected 80 or 58 (millimetres), got {shown(value)}")
    return int(found)


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
    Key("reader", "kind", choice("stripe", "adyen")),
    Key("reader", "api_key", text, secret=True),
    Key("reader", "poi_id", pattern(ADYEN_POI_ID, "an Adyen terminal id such as V400m-324688179")),
    Key("reader", "sale_id", pattern(ADYEN_SALE_ID, "up to 40 letters, digits, dots or dashes")),
    Key("kiosk", "journal_path", path),
    Key("kiosk", "receipt_url_template", receipt_template),
    Key("kiosk", "tax_display", choice("included", "added")),
    Key("deadlines", "awaiting_card", positive_seconds),
    Key("deadlines", "reconcile", positive_seconds),
    Key("deadlines", "phone_payment", positive_seconds),
    Key("deadlines", "saving_card", positive_seconds),
    Key("deadlines", "guest_waits", positive_seconds),
    Key("deadlines", "poll_initial", positive_seconds),
    Key("deadlines", "poll_max", positive_seconds),
    Key("deadlines", "record_attempts", number(1, 20, integer=True)),
    Key("brand", "name", text),
    Key("brand", "colour", pattern(COLOUR, 'a colour as "#rrggbb"')),
    Key("brand", "headline", text),
    Key("brand", "logo", existing_file),
    Key("brand", "hero", hero_image),
    Key("brand", "featured", membership_ids),
    Key("ui", "profile", choice("kiosk", "tablet")),
    Key("ui", "language", choice("en", "es", "ar")),
    Key("ui", "fullscreen", boolean),
    Key("content", "translations", translations),
    Key("content", "language", choice("en", "es", "ar")),
    Key("logging", "level", choice(*LEVELS, upper=True)),
    Key("logging", "directory", path),
    Key("logging", "max_bytes", number(65_536, 1 << 30, integer=True)),
    Key("logging", "backup_count", number(0, 100, integer=True)),
    Key("fleet", "redis_url", redis_url),
    Key("fleet", "redis_password", text, secret=True),
    Key("fleet", "kiosk_name", fleet_name),
    Key("fleet", "namespace", fleet_name),
    Key("fleet", "reserve", number(0, 1000, integer=True)),
    Key("fleet", "heartbeat_every", number(1, 300)),
    Key("fleet", "metrics_port", number(1024, 65535, integer=True)),
    Key("printer", "kind", choice("none", "network", "usb")),
    Key("printer", "host", text),
    Key("printer", "port", number(1, 65535, integer=True)),
    Key("printer", "device", text),
    Key("printer", "paper_width", paper_width),
    Key("printer", "timeout", number(0.5, 60)),
)
BY_NAME = {key.dotted: key for key in KEYS}

# The longest value a key takes, in characters: a brand name or a headline must fit the attract
# screen (a 2 MB one froze the first paint), and nothing else of the kiosk is longer than a URL.
LONGEST = {
    "brand.name": 80,
    "brand.headline": 200,
    "staff.name": 80,
    "payment_types.others.name": 80,
}
LONGEST_VALUE = 2048  # every other key: URLs, ids, paths, keys
MOST_ROWS = {"staff": 200, "payment_types.others": 50}  # rows a list may hold


def check_length(dotted: str, value: Any) -> None:
    """Refuse a text longer than the key takes, naming the limit (before it is parsed)."""
    limit = LONGEST.get(dotted, LONGEST_VALUE)
    if isinstance(value, str) and len(value) > limit:
        raise Invalid(f"expected at most {limit} characters, got {len(value):,}")


SECTIONS = frozenset(key.section for key in KEYS)
# Keys whose values are not single scalars, handled by the loader itself.
LISTS = {"staff": ("name", "pin_hash"), "payment_types.others": ("id", "name")}
STAFF_ENV = "KIOSK_STAFF"  # "Name:hash;Other name:hash"

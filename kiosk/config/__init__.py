"""The kiosk's configuration: which Zenoti, which center, which reader, where the journal lives.

With no Zenoti key configured the kiosk runs on its built-in sandbox, and this configuration is
read off the sandbox itself (``GET /_sandbox/info``). ``schema`` names every key, ``file`` reads
the TOML files and the environment, ``load`` checks them, ``errors`` says what is wrong and how to
fix it, ``runtime`` opens the configured world. It may import the domain and the engine's plain
settings types; never Qt, the UI or the entry points.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from kiosk import APP_NAME
from kiosk.checkout.settings import Deadlines, PaymentTypes, StaffMember
from kiosk.domain.content import ContentTranslations
from kiosk.domain.pricing import TaxDisplay
from kiosk.fleet.settings import FleetSettings
from kiosk.printing.settings import PrinterSettings
from kiosk.resources import resource


@dataclass(frozen=True, slots=True)
class ZenotiConfig:
    """How to reach the business's Zenoti and whom the kiosk sells as."""

    base_url: str
    api_key: str = field(repr=False)
    center_id: str
    currency: str
    kiosk_employee_id: str
    payment_types: PaymentTypes
    rate_per_minute: float = 60.0
    auto_closes_paid_invoices: bool = False
    dialling_code: str = "1"


@dataclass(frozen=True, slots=True)
class ReaderConfig:
    """The card reader: a Stripe Terminal reader (server-driven) or an Adyen terminal (cloud).

    ``secret_key`` is Stripe's secret key or Adyen's API key; ``reader_id`` is Stripe's reader id
    (``tmr_...``) or the Adyen terminal's POIID (``V400m-324688179``); ``sale_id`` is the name
    Adyen knows this kiosk by (nexo ``SaleID``). ``test_helper_url``: the sandbox's card tapping.
    """

    base_url: str
    secret_key: str = field(repr=False)
    reader_id: str
    kind: str = "stripe"
    sale_id: str = "kiosk"
    test_helper_url: str | None = None


@dataclass(frozen=True, slots=True)
class BrandConfig:
    """The business as the guest sees it (the theme keeps any colour's text readable)."""

    name: str = "Lumen Wellness"
    colour: str = "#2f6f62"
    headline: str = "Feel better, every month"
    logo: Path | None = None
    hero: Path | None = None  # the attract screen's picture (JPEG, PNG or SVG)
    featured: tuple[str, ...] = ()  # membership ids on the attract screen; none: the first few

    def hero_for(self, *, sandbox: bool) -> Path | None:
        """The attract screen's picture: the configured one, else on the sandbox its own."""
        if self.hero is not None:
            return self.hero
        return sandbox_hero() if sandbox else None


def sandbox_hero() -> Path:
    """The sandbox business's own attract picture (in the seed's style)."""
    return resource(*SANDBOX_HERO)


SANDBOX_HERO = ("sandbox", "images", "lumen-hero.svg")


@dataclass(frozen=True, slots=True)
class ContentConfig:
    """The business's own words in other languages (``[content]``, docs/configuration.md)."""

    translations: ContentTranslations = field(default_factory=ContentTranslations)
    language: str = "en"  # the language Zenoti's membership texts are written in


@dataclass(frozen=True, slots=True)
class UiConfig:
    """How the touch application starts, unless the command line says otherwise."""

    profile: str = "kiosk"  # "kiosk" (portrait lobby) or "tablet" (landscape staff tablet)
    language: str = "en"  # the language each guest starts in
    fullscreen: bool = False


def default_log_dir() -> Path:
    """The platform's log folder for this user (``~/.local/state/kiosk/log`` on Linux)."""
    return Path(platformdirs.user_log_dir("kiosk", appauthor=False))


@dataclass(frozen=True, slots=True)
class LogConfig:
    """Where and how much the kiosk logs."""

    level: str = "INFO"
    directory: Path = field(default_factory=default_log_dir)
    max_bytes: int = 10 * 1024 * 1024
    backup_count: int = 5


@dataclass(frozen=True, slots=True)
class KioskConfig:
    """Everything the kiosk needs to sell."""

    zenoti: ZenotiConfig
    reader: ReaderConfig | None
    journal_path: Path
    receipt_url_template: str | None = None
    sandbox: bool = False
    deadlines: Deadlines = field(default_factory=Deadlines)
    staff: tuple[StaffMember, ...] = ()  # who may unlock staff mode; none, and nobody can
    brand: BrandConfig = field(default_factory=BrandConfig)
    ui: UiConfig = field(default_factory=UiConfig)
    content: ContentConfig = field(default_factory=ContentConfig)
    logging: LogConfig = field(default_factory=LogConfig)
    source: Path | None = None  # the file it was read from, for messages
    fleet: FleetSettings | None = None  # a kiosk of a chain (docs/fleet.md); None: on its own
    tax_display: TaxDisplay = TaxDisplay.INCLUDED  # catalogue prices with tax, or "+ tax"
    printer: PrinterSettings = field(default_factory=PrinterSettings)  # the receipt printer
    # Membership images fetched from the catalogue's URLs (a cache: deleting it loses nothing).
    image_cache: Path = field(default_factory=lambda: default_image_cache())


# The sandbox's staff PIN: printed in the README, accepted only by a kiosk running on a sandbox.
SANDBOX_STAFF_PIN = "2580"
# Its hash, made once (``hash_pin``): scrypt is deliberately slow, and every start used to pay it.
SANDBOX_STAFF_PIN_HASH = (
    "scrypt$16384$8$1$a2lvc2stc2FuZGJveC1waW4=$jBVmwGzkfQ7SldmmpCYmALyJw4ISVj6DF8iOdGDBzIo="
)


def default_image_cache() -> Path:
    """The membership images' folder in the platform's cache directory for this user."""
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / "images"


def default_journal_path() -> Path:
    """The journal in the platform's data directory for this user."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "journal.sqlite3"


# A rate of calls no sandbox run reaches: the autopilot's and the simulator's many sales a minute
# are not held back by the 60-a-minute bucket Zenoti's limit asks of a kiosk.
UNTHROTTLED_PER_MINUTE = 60_000.0


def config_from_sandbox(
    base_url: str,
    info: dict[str, Any],
    *,
    journal_path: Path,
    center_index: int = 0,
    deadlines: Deadlines | None = None,
    rate_per_minute: float = 60.0,
    reader_kind: str = "stripe",
) -> KioskConfig:
    """A configuration for the sandbox at ``base_url``, from what ``/_sandbox/info`` says;
    ``reader_kind`` picks its simulated Stripe reader or its simulated Adyen terminal."""
    types = {entry["name"]: entry["id"] for entry in info["custom_payment_types"]}
    card_type = next((i for name, i in types.items() if "card" in name.lower()), None)
    cash_type = next((i for name, i in types.items() if "cash" in name.lower()), None)
    if card_type is None:
        raise ValueError("the sandbox offers no card payment type")
    center = info["centers"][center_index]
    reader_info = info.get("reader")
    reader = None
    if reader_kind == "adyen" and info.get("adyen"):
        adyen = info["adyen"]
        terminals = [t for t in adyen["terminals"] if t.get("center_id") in (None, center["id"])]
        reader = ReaderConfig(
            base_url=base_url.rstrip("/") + adyen["base_path"],
            secret_key=adyen["api_key"],
            reader_id=(terminals or adyen["terminals"])[0]["poi_id"],
            kind="adyen",
            sale_id=adyen.get("sale_id", "kiosk"),
            test_helper_url=base_url.rstrip("/") + adyen["test_helper_path"],
        )
    elif reader_info:
        readers = [r for r in reader_info["readers"] if r.get("center_id") in (None, center["id"])]
        reader = ReaderConfig(
            base_url=base_url.rstrip("/") + reader_info.get("base_path", "/stripe"),
            secret_key=reader_info["secret_key"],
            reader_id=(readers or reader_info["readers"])[0]["id"],
        )
    others = tuple(
        (type_id, name) for name, type_id in types.items() if type_id not in (card_type, cash_type)
    )
    return KioskConfig(
        zenoti=ZenotiConfig(
            base_url=base_url,
            api_key=info["api_key"],
            center_id=center["id"],
            currency=info.get("currency", "USD"),
            kiosk_employee_id=info["employees"]["kiosk"],
            payment_types=PaymentTypes(card_terminal=card_type, cash=cash_type, others=others),
            rate_per_minute=rate_per_minute,
        ),
        reader=reader,
        journal_path=journal_path,
        image_cache=journal_path.parent / "images",
        receipt_url_template=base_url.rstrip("/") + "/receipt/{invoice_id}",
        sandbox=True,
        deadlines=deadlines or Deadlines(),
        staff=(StaffMember("Sandbox staff", SANDBOX_STAFF_PIN_HASH),),
        printer=sandbox_printer(info),
        content=ContentConfig(translations=_sandbox_translations()),
    )


def _sandbox_translations() -> ContentTranslations:
    from kiosk.config.content import sandbox_translations  # reads files: only for a sandbox

    return sandbox_translations()


def sandbox_printer(info: dict[str, Any]) -> PrinterSettings:
    """The sandbox's receipt printer (a loopback ESC/POS listener), when it has one."""
    printer = info.get("printer")
    if not printer:
        return PrinterSettings()
    return PrinterSettings(kind="network", host="127.0.0.1", port=int(printer["port"]))

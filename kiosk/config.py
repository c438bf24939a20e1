"""The kiosk's configuration: which Zenoti, which center, which reader, where the journal lives.

With no Zenoti key configured the kiosk runs on its built-in sandbox, and this configuration is
read off the sandbox itself (``GET /_sandbox/info``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from kiosk import APP_NAME
from kiosk.checkout.settings import Deadlines, PaymentTypes, StaffMember


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
    """A Stripe Terminal reader, server-driven."""

    base_url: str
    secret_key: str = field(repr=False)
    reader_id: str


@dataclass(frozen=True, slots=True)
class BrandConfig:
    """The business as the guest sees it (the theme keeps any colour's text readable)."""

    name: str = "Lumen Wellness"
    colour: str = "#2f6f62"
    headline: str = "Feel better, every month"
    logo: Path | None = None


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
    logging: LogConfig = field(default_factory=LogConfig)
    source: Path | None = None  # the file it was read from, for messages


# The sandbox's staff PIN: printed in the README, accepted only by a kiosk running on a sandbox.
SANDBOX_STAFF_PIN = "2580"
# Its hash, made once (``hash_pin``): scrypt is deliberately slow, and every start used to pay it.
SANDBOX_STAFF_PIN_HASH = (
    "scrypt$16384$8$1$a2lvc2stc2FuZGJveC1waW4=$jBVmwGzkfQ7SldmmpCYmALyJw4ISVj6DF8iOdGDBzIo="
)


def default_journal_path() -> Path:
    """The journal in the platform's data directory for this user."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "journal.sqlite3"


def config_from_sandbox(
    base_url: str,
    info: dict[str, Any],
    *,
    journal_path: Path,
    center_index: int = 0,
    deadlines: Deadlines | None = None,
    rate_per_minute: float = 60.0,
) -> KioskConfig:
    """A configuration for the sandbox at ``base_url``, from what ``/_sandbox/info`` says."""
    types = {entry["name"]: entry["id"] for entry in info["custom_payment_types"]}
    card_type = next((i for name, i in types.items() if "card" in name.lower()), None)
    cash_type = next((i for name, i in types.items() if "cash" in name.lower()), None)
    if card_type is None:
        raise ValueError("the sandbox offers no card payment type")
    center = info["centers"][center_index]
    reader_info = info.get("reader")
    reader = None
    if reader_info:
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
        receipt_url_template=base_url.rstrip("/") + "/receipt/{invoice_id}",
        sandbox=True,
        deadlines=deadlines or Deadlines(),
        staff=(StaffMember("Sandbox staff", SANDBOX_STAFF_PIN_HASH),),
    )

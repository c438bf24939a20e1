"""Turn the configuration's sources into a :class:`~kiosk.config.KioskConfig`, or one
:class:`~kiosk.config.errors.ConfigError` listing every problem at once (fixing them one start-up
at a time would be a slow way to install a kiosk).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from kiosk.checkout.settings import Deadlines, PaymentTypes, StaffMember
from kiosk.checkout.staff.pin import BadPinHash, check_pin_hash
from kiosk.config import (
    BrandConfig,
    ContentConfig,
    KioskConfig,
    LogConfig,
    ReaderConfig,
    UiConfig,
    ZenotiConfig,
    default_journal_path,
)
from kiosk.config.errors import ConfigError, Problem
from kiosk.config.file import Sources, read_sources
from kiosk.config.fleet import fleet_settings
from kiosk.config.printer import printer_settings
from kiosk.config.schema import KEYS, Invalid, check_length, text, uuid
from kiosk.domain.pricing import TaxDisplay

STRIPE_API = "https://api.stripe.com"
ADYEN_TEST_API = "https://terminal-api-test.adyen.com"  # live: terminal-api-live(-us|-au|-apse)
LIVE_SECTIONS = ("zenoti", "payment_types", "reader")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Loaded:
    """What the configuration says: a complete live configuration, or none (run on the sandbox)
    plus the settings that apply either way."""

    live: KioskConfig | None
    common: dict[str, Any] = field(default_factory=dict)  # KioskConfig fields for the sandbox


def load_configuration(path: Path | None, environ: Mapping[str, str] | None = None) -> Loaded:
    """Read and check the configuration; raises ConfigError naming every problem."""
    sources = read_sources(path, os.environ if environ is None else environ)
    problems = sources.problems
    parsed: dict[str, Any] = {}
    for dotted, entry in sources.values.items():
        key = next(k for k in KEYS if k.dotted == dotted)
        try:
            check_length(dotted, entry.value)
            parsed[dotted] = key.parse(entry.value)
        except Invalid as error:
            problems.append(Problem(dotted, str(error), sources.fix(dotted)))
    common: dict[str, Any] = {
        "deadlines": _section(Deadlines, "deadlines", parsed),
        "brand": _section(BrandConfig, "brand", parsed),
        "ui": _section(UiConfig, "ui", parsed),
        "logging": _section(LogConfig, "logging", parsed),
        "source": sources.path if sources.path.is_file() else None,
    }
    if any(dotted.startswith("content.") for dotted in parsed):
        # Unset, a sandbox keeps its own translations (config_from_sandbox's).
        common["content"] = _section(ContentConfig, "content", parsed)
    if "kiosk.tax_display" in parsed:
        common["tax_display"] = TaxDisplay(parsed["kiosk.tax_display"])
    if common["deadlines"].poll_initial > common["deadlines"].poll_max:
        problems.append(
            Problem("deadlines.poll_initial", "is longer than deadlines.poll_max", "shorten it")
        )
    fleet = fleet_settings(parsed, sources, problems)
    if fleet is not None:
        common["fleet"] = fleet
    printer = printer_settings(parsed, sources, problems)
    if printer is not None:
        common["printer"] = printer
    staff = _staff(sources, problems)
    if staff:
        common["staff"] = staff
    live = None
    if any(dotted.partition(".")[0] in LIVE_SECTIONS for dotted in sources.values):
        live = _live(parsed, sources, problems, common)
    if problems:
        raise ConfigError(problems)
    return Loaded(live=live, common=common)


def _section(kind: type[T], section: str, parsed: dict[str, Any]) -> T:
    given = {k.name: parsed[k.dotted] for k in KEYS if k.section == section and k.dotted in parsed}
    return kind(**given)


def _required(
    parsed: dict[str, Any], sources: Sources, problems: list[Problem], *keys: str
) -> bool:
    missing = [k for k in keys if k not in parsed and k not in sources.values]
    problems.extend(Problem(k, "missing", sources.fix(k)) for k in missing)
    return not missing and all(k in parsed for k in keys)


def _live(
    parsed: dict[str, Any], sources: Sources, problems: list[Problem], common: dict[str, Any]
) -> KioskConfig | None:
    zenoti_keys = ("base_url", "api_key", "center_id", "currency", "kiosk_employee_id")
    needed = [f"zenoti.{k}" for k in zenoti_keys] + ["payment_types.card_terminal"]
    complete = _required(parsed, sources, problems, *needed)
    reader = None
    wants_reader = any(dotted.startswith("reader.") for dotted in sources.values)
    adyen = parsed.get("reader.kind") == "adyen"
    if wants_reader and adyen:
        if _required(parsed, sources, problems, "reader.api_key", "reader.poi_id"):
            reader = ReaderConfig(
                base_url=parsed.get("reader.base_url", ADYEN_TEST_API),
                secret_key=parsed["reader.api_key"],
                reader_id=parsed["reader.poi_id"],
                kind="adyen",
                sale_id=parsed.get("reader.sale_id", "kiosk"),
            )
    elif wants_reader and _required(
        parsed, sources, problems, "reader.secret_key", "reader.reader_id"
    ):
        reader = ReaderConfig(
            base_url=parsed.get("reader.base_url", STRIPE_API),
            secret_key=parsed["reader.secret_key"],
            reader_id=parsed["reader.reader_id"],
        )
    others = _other_payment_types(sources, problems)
    if not complete:
        return None
    optional = ("rate_per_minute", "auto_closes_paid_invoices", "dialling_code")
    zenoti = ZenotiConfig(
        **{k: parsed[f"zenoti.{k}"] for k in zenoti_keys},
        **{k: parsed[f"zenoti.{k}"] for k in optional if f"zenoti.{k}" in parsed},
        payment_types=PaymentTypes(
            card_terminal=parsed["payment_types.card_terminal"],
            cash=parsed.get("payment_types.cash"),
            others=others,
        ),
    )
    return KioskConfig(
        zenoti=zenoti,
        reader=reader,
        journal_path=parsed.get("kiosk.journal_path") or default_journal_path(),
        receipt_url_template=parsed.get("kiosk.receipt_url_template"),
        **common,
    )


def _staff(sources: Sources, problems: list[Problem]) -> tuple[StaffMember, ...]:
    entry = sources.lists.get("staff")
    members = []
    for index, row in enumerate(entry.value if entry else (), start=1):
        try:
            check_length("staff.name", row["name"])
            name = text(row["name"])
        except Invalid as error:
            problems.append(Problem(f"staff[{index}].name", str(error), sources.fix("staff")))
            continue
        try:
            check_pin_hash(str(row["pin_hash"]))
        except BadPinHash as error:
            fix = "run `kiosk hash-pin` and paste what it prints"
            problems.append(Problem(f"staff[{index}].pin_hash ({name})", str(error), fix))
            continue
        members.append(StaffMember(name, str(row["pin_hash"])))
    return tuple(members)


def _other_payment_types(sources: Sources, problems: list[Problem]) -> tuple[tuple[str, str], ...]:
    entry = sources.lists.get("payment_types.others")
    found = []
    check = uuid("a Zenoti custom payment type id")
    for index, row in enumerate(entry.value if entry else (), start=1):
        try:
            check_length("payment_types.others.name", row["name"])
            found.append((check(row["id"]), text(row["name"])))
        except Invalid as error:
            key = f"payment_types.others[{index}]"
            problems.append(Problem(key, str(error), f"correct it in {sources.path}"))
    return tuple(found)

"""``kiosk fleet``: every kiosk of the chain as its last heartbeat described it.

It reads the configuration's ``[fleet]`` (a Redis and a namespace), asks Redis for the kiosks
seen in the last three heartbeats, and prints them as a table, or as JSON with ``--json``.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.checkout.fleet import KioskStatus
    from kiosk.fleet.settings import FleetSettings

DESCRIPTION = (
    "List every kiosk of the chain that sent a heartbeat lately: its state, the screen it shows, "
    "its last sale, the sales waiting for staff, its reader and Zenoti, and the budget it spends "
    "from. Reads [fleet] redis_url from the configuration. Exit code 0 when Redis answered, 1 "
    "when it did not, 2 when the configuration has no [fleet] or is wrong."
)
COLUMNS = (
    ("KIOSK", "name"),
    ("STATE", "state"),
    ("SCREEN", "screen"),
    ("LAST SALE", "last_sale_at"),
    ("NEEDS STAFF", "needs_staff"),
    ("READER", "reader"),
    ("ZENOTI", "zenoti"),
    ("BUDGET", "budget"),
    ("CALLS/MIN", "budget_used"),
    ("SEEN", "seen_ago"),
    ("VERSION", "version"),
    ("CENTER", "center_id"),
)


def register(parser: argparse.ArgumentParser) -> None:
    """Give ``kiosk fleet`` its options and its handler."""
    parser.description = DESCRIPTION
    add = parser.add_argument
    add("--config", type=Path, metavar="PATH", default=argparse.SUPPRESS, help="as kiosk --config")
    add("--json", action="store_true", help="one JSON list instead of the table")
    add("--center", metavar="ID", help="only the kiosks of this Zenoti center")
    parser.set_defaults(handler=handle)


def handle(options: argparse.Namespace, out: Callable[[str], None] = print) -> int:
    from kiosk.config.load import load_configuration

    loaded = load_configuration(getattr(options, "config", None))  # ConfigError: exit code 2
    fleet = (loaded.live.fleet if loaded.live else None) or loaded.common.get("fleet")
    if fleet is None:
        print("kiosk fleet: no [fleet] redis_url in the configuration", file=sys.stderr)
        return 2
    from kiosk.fleet.link import FleetUnavailable

    try:
        kiosks = asyncio.run(_read(fleet, options.center))
    except FleetUnavailable:
        print(f"kiosk fleet: Redis at {fleet.redis_address} does not answer", file=sys.stderr)
        return 1
    if options.json:
        out(json.dumps([dataclasses.asdict(k) for k in kiosks], indent=2))
    else:
        out(table(kiosks))
    return 0


async def _read(settings: FleetSettings, center_id: str | None) -> list[KioskStatus]:
    from kiosk.fleet.heartbeat import read_fleet
    from kiosk.fleet.link import RedisLink

    link = RedisLink(settings)
    try:
        return await read_fleet(link, settings.namespace, center_id=center_id)
    finally:
        await link.aclose()


def _cell(status: KioskStatus, field: str) -> str:
    value = getattr(status, field)
    if field == "seen_ago":
        return f"{value:.0f}s ago"
    if field == "last_sale_at":
        return value[:16].replace("T", " ") if value else "-"
    return str(value) if value not in (None, "") else "-"


def table(kiosks: Sequence[KioskStatus]) -> str:
    """The kiosks as aligned columns under a header line."""
    if not kiosks:
        return "no kiosk has sent a heartbeat lately"
    rows = [[title for title, _ in COLUMNS]]
    rows += [[_cell(k, field) for _, field in COLUMNS] for k in kiosks]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )

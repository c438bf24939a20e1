"""``kiosk reconcile``: the end-of-day comparison of one day, as CSV, for the business's books.

It opens the configured world exactly as the kiosk does (unconfigured: the kiosk's own sandbox
and its sandbox journal), so right after selling on the sandbox, ``kiosk reconcile --date`` for
today shows those sales. It reads one Zenoti invoice per sale under the shared 60-a-minute budget:
a busy day takes a while.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import date
from pathlib import Path

from kiosk.checkout.errors import SaleError
from kiosk.checkout.reconcile import Reconciliation
from kiosk.config import KioskConfig
from kiosk.config.runtime import open_configuration
from kiosk.wiring import open_engine

HELP = (
    "Compare one day's journal, card-reader payments and Zenoti invoices, and write CSV rows "
    "(matched, paid-but-not-recorded, recorded-but-not-paid, open-invoice-left-by-kiosk, "
    "could-not-check). Exit code 0 when everything matched, 1 when anything did not, 2 when the "
    "configuration is wrong, 3 when Zenoti or the reader could not be read. It reads one Zenoti "
    "invoice per sale within the 60-calls-a-minute budget, so a busy day takes a few minutes."
)


def register(parser: argparse.ArgumentParser) -> None:
    """Give ``kiosk reconcile`` its options and its handler."""
    parser.description = HELP
    parser.add_argument(
        "--date",
        type=date.fromisoformat,
        default=date.today(),
        metavar="YYYY-MM-DD",
        help="the local day to reconcile (default: today)",
    )
    parser.add_argument(
        "--config", type=Path, metavar="PATH", default=argparse.SUPPRESS, help="as kiosk --config"
    )
    parser.add_argument("--out", type=Path, metavar="FILE", help="write the CSV here")
    parser.set_defaults(handler=handle)


def handle(options: argparse.Namespace) -> int:
    return run(options.date, options.config, options.out)


def run(day: date, config_path: Path | None, out: Path | None) -> int:
    """Reconcile ``day`` and write the CSV to ``out`` (stdout when None); the exit code."""
    with open_configuration(config_path) as config:
        try:
            result = asyncio.run(_reconcile(config, day))
        except SaleError as error:
            print(f"kiosk reconcile: {error}", file=sys.stderr)
            return 3
    text = result.to_csv()
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
    counts = ", ".join(f"{count} {name}" for name, count in sorted(result.counts.items()))
    print(f"kiosk reconcile {day.isoformat()}: {counts or 'no sales'}", file=sys.stderr)
    return 0 if result.all_matched else 1


async def _reconcile(config: KioskConfig, day: date) -> Reconciliation:
    async with open_engine(config) as engine:
        return await engine.staff.reconcile(day)

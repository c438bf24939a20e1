"""``kiosk doctor``: check the configuration, Zenoti, the card reader and the journal."""

from __future__ import annotations

import argparse
from pathlib import Path

DESCRIPTION = (
    "Check the configuration, then reach Zenoti (the center, its catalogue, the kiosk employee, "
    "the rate-limit headroom), the card reader and the journal, and print one PASS/FAIL/INFO line "
    "per check; each FAIL says how to fix it. INFO is what cannot be verified and does not fail. "
    "Exit code 0 when nothing failed, 1 when a check failed, 2 when the configuration is wrong. "
    "Unconfigured, it checks the kiosk's sandbox."
)


def register(parser: argparse.ArgumentParser) -> None:
    """Give ``kiosk doctor`` its options and its handler."""
    parser.description = DESCRIPTION
    parser.add_argument(
        "--config", type=Path, metavar="PATH", default=argparse.SUPPRESS, help="as kiosk --config"
    )
    parser.set_defaults(handler=handle)


def handle(options: argparse.Namespace) -> int:
    from kiosk.doctor.run import run

    return run(options.config)

"""``kiosk simulate``: scripted sales against a sandbox, checking the money invariants.

It runs on a sandbox only. Selling for real is the kiosk itself on a configured Zenoti: a
simulated guest cannot tap a real card on a real reader, and a tool that charged real cards
unattended is not one a business should have.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path


def register(parser: argparse.ArgumentParser) -> None:
    """Give ``kiosk simulate`` its options and its handler."""
    parser.description = (
        "Run N scripted sales (mixed guests, memberships and outcomes) against a sandbox it "
        "starts, and print a JSON summary. Exit code 1 when an invariant broke."
    )
    add = parser.add_argument
    add("--sales", type=int, default=20, help="how many sales (default 20)")
    add("--seed", type=int, default=1, help="random seed (default 1)")
    add(
        "--faults",
        choices=["none", "chaos", "machine"],
        default="none",
        help="fault profile: chaos (the network, the reader, crashes), machine (a full disk, "
        "the journal deleted, the clock jumping back); default none",
    )
    add("--sandbox-url", help="use this running sandbox instead of starting one")
    add("--journal", type=Path, help="journal file (default: a temporary one)")
    add("--rate-limit", action="store_true", help="keep the sandbox's 60-per-minute bucket on")
    add(
        "--reader",
        choices=["stripe", "adyen"],
        default="stripe",
        help="the sandbox's simulated Stripe reader or Adyen terminal (default stripe)",
    )
    add("--quiet", action="store_true", help="no progress lines on stderr")
    # A chain of kiosks (docs/fleet.md): separate processes sharing one Redis and one sandbox.
    add("--kiosks", type=int, default=1, help="kiosk processes sharing one budget (default 1)")
    add("--redis", metavar="URL", help="the chain's Redis (default: a redis-server of its own)")
    add("--compare", action="store_true", help="then again, each kiosk with its own budget")
    add("--rate-per-minute", type=float, default=60.0, help="the sandbox's bucket (default 60)")
    add("--kiosk-spec", type=Path, help=argparse.SUPPRESS)  # one kiosk process of a chain's run
    parser.set_defaults(handler=handle)


def handle(options: argparse.Namespace) -> int:
    from kiosk.simulation.runner import SimulationOptions, run_simulation

    if options.kiosk_spec is not None:
        from kiosk.simulation.fleet_kiosk import main as kiosk_main

        return kiosk_main(options.kiosk_spec)
    if options.kiosks > 1 or options.redis:
        return _fleet(options)

    if options.sales < 0:
        print("kiosk simulate: --sales must be 0 or more", file=sys.stderr)
        return 2

    def progress(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    summary = asyncio.run(
        run_simulation(
            SimulationOptions(
                sales=options.sales,
                seed=options.seed,
                faults=options.faults,
                sandbox_url=options.sandbox_url,
                journal_path=options.journal,
                rate_limit=options.rate_limit,
                progress=None if options.quiet else progress,
                reader=options.reader,
            )
        )
    )
    print(json.dumps(summary, indent=2, sort_keys=True))
    return 0 if summary["violations"] == 0 else 1


def _fleet(options: argparse.Namespace) -> int:
    from kiosk.simulation.fleet_run import FleetOptions, run_fleet_simulation

    if options.kiosks < 1 or options.sales < options.kiosks:
        print(
            "kiosk simulate: --kiosks must be 1 or more, and --sales at least that", file=sys.stderr
        )
        return 2
    summary = run_fleet_simulation(
        FleetOptions(
            kiosks=options.kiosks,
            sales=options.sales,
            seed=options.seed,
            faults=options.faults,
            redis_url=options.redis,
            compare=options.compare,
            per_minute=options.rate_per_minute,
            progress=None
            if options.quiet
            else lambda line: print(line, file=sys.stderr, flush=True),
        )
    )
    print(json.dumps(summary, indent=2, sort_keys=True))
    return 0 if summary["violations"] == 0 and not summary["kiosks_failed"] else 1

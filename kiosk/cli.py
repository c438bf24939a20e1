"""The ``kiosk`` command: start the kiosk, or one of its tools."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from kiosk.commands import setup
from kiosk.config_errors import ConfigError


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run the chosen command; returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "sandbox":
        # The sandbox parses its own options; it is a separate program that shares the command.
        from kiosk.sandbox.__main__ import main as sandbox_main

        return sandbox_main(args[1:])
    options = _parser().parse_args(args)
    try:
        return _dispatch(options)
    except ConfigError as error:
        # An installer's mistake: one line per problem, never a traceback.
        print(error, file=sys.stderr)
        return 2


def _dispatch(options: argparse.Namespace) -> int:
    if hasattr(options, "handler"):  # a command of kiosk.commands, which bound its own
        return int(options.handler(options))
    if options.command == "simulate":
        return _simulate(options)
    if options.command == "serve-sandbox":
        return _serve_sandbox()
    if options.command == "screenshots":
        return _screenshots(options)
    if options.command == "hash-pin":
        return _hash_pin()
    if options.command == "autopilot":
        return _autopilot(options)
    if options.command == "doctor":
        from kiosk.doctor.run import run as doctor

        return doctor(options.config)
    if options.command == "reconcile":
        from kiosk.reconcile_report import run

        return run(options.date, options.config, options.out)
    return _run_kiosk(options)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk", description="A touchscreen kiosk that sells Zenoti memberships."
    )
    parser.add_argument(
        "--profile",
        choices=["kiosk", "tablet"],
        help="layout: portrait lobby kiosk (1080x1920) or landscape staff tablet (1280x800); "
        "default: [ui] profile in the configuration, else kiosk",
    )
    parser.add_argument(
        "--fullscreen",
        action="store_true",
        default=None,
        help="fill the screen (a real kiosk); default: [ui] fullscreen in the configuration",
    )
    parser.add_argument(
        "--config",
        type=Path,
        metavar="PATH",
        help="the configuration file (default: $KIOSK_CONFIG, else ~/.config/kiosk/kiosk.toml; "
        "see docs/configuration.md)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser(
        "sandbox", help="serve the built-in stand-in for Zenoti and the card reader"
    )
    commands.add_parser(
        "serve-sandbox", help="serve the sandbox on port 8765 and describe what it serves"
    )
    commands.add_parser(
        "hash-pin",
        help="ask for a staff PIN twice and print the hash the configuration stores",
    )
    doctor = commands.add_parser(
        "doctor",
        help="check the configuration, Zenoti, the card reader and the journal, one line each",
        description="Check the configuration, then reach Zenoti (the center, its catalogue, the "
        "kiosk employee, the rate-limit headroom), the card reader and the journal, and print "
        "one PASS/FAIL/INFO line per check; each FAIL says how to fix it. INFO is what cannot "
        "be verified and does not fail. Exit code 0 when nothing failed, 1 when a check "
        "failed, 2 when the configuration is wrong. Unconfigured, it checks the kiosk's sandbox.",
    )
    doctor.add_argument(
        "--config", type=Path, metavar="PATH", default=argparse.SUPPRESS, help="as kiosk --config"
    )
    _reconcile_parser(commands)
    setup.register(commands)
    shots = commands.add_parser(
        "screenshots",
        help="render every screen, in both layouts and every language, to PNG files",
    )
    shots.add_argument("--out", type=Path, default=Path("screenshots"), help="folder for the PNGs")
    shots.add_argument("--profiles", nargs="+", choices=["kiosk", "tablet"])
    shots.add_argument("--languages", nargs="+", choices=["en", "es", "ar"])
    shots.add_argument("--large-text", action="store_true", help="also at text scale 1.5")
    autopilot = commands.add_parser(
        "autopilot",
        help="drive whole sales through the real kiosk window with injected touches",
        description="Start the kiosk on a sandbox (offscreen unless --visible) and buy N "
        "memberships through its screens as a returning guest paying by card. Prints a JSON "
        "summary; exit code 1 unless every sale completed.",
    )
    autopilot.add_argument(
        "--sales",
        type=int,
        default=1,
        help="how many sales (default 1; 0: start, wait until ready, stop)",
    )
    autopilot.add_argument("--sandbox-url", help="use this running sandbox instead of starting one")
    autopilot.add_argument("--visible", action="store_true", help="show the window while driving")
    simulate = commands.add_parser(
        "simulate",
        help="run scripted sales against a sandbox and check the money invariants",
        description="Run N scripted sales (mixed guests, memberships and outcomes) against a "
        "sandbox it starts, and print a JSON summary. Exit code 1 when an invariant broke.",
    )
    simulate.add_argument("--sales", type=int, default=20, help="how many sales (default 20)")
    simulate.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    simulate.add_argument(
        "--faults", choices=["none", "chaos"], default="none", help="fault profile (default none)"
    )
    simulate.add_argument("--sandbox-url", help="use this running sandbox instead of starting one")
    simulate.add_argument("--journal", type=Path, help="journal file (default: a temporary one)")
    simulate.add_argument(
        "--rate-limit", action="store_true", help="keep the sandbox's 60-per-minute bucket on"
    )
    simulate.add_argument(
        "--live",
        action="store_true",
        help="sell against the configured live Zenoti: every sale is real money",
    )
    simulate.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    return parser


def _reconcile_parser(commands: Any) -> None:
    from kiosk.reconcile_report import HELP

    reconcile = commands.add_parser(
        "reconcile",
        help="end of day: compare the journal, the reader's payments and Zenoti's invoices",
        description=HELP,
    )
    reconcile.add_argument(
        "--date",
        type=date.fromisoformat,
        default=date.today(),
        metavar="YYYY-MM-DD",
        help="the local day to reconcile (default: today)",
    )
    reconcile.add_argument(
        "--config", type=Path, metavar="PATH", default=argparse.SUPPRESS, help="as kiosk --config"
    )
    reconcile.add_argument("--out", type=Path, metavar="FILE", help="write the CSV here")


SANDBOX_PORT = 8765

SANDBOX_GUIDE = """\
The sandbox, the built-in stand-in for Zenoti and the card reader, at http://127.0.0.1:{port}

  Zenoti API      /v1/...            (header  Authorization: apikey sandbox-api-key)
  card reader     /stripe/v1/...     (Stripe Terminal, simulated reader; Bearer sk_test_sandbox)
  pay on phone    /pay/<token>       hosted card page;  /add-card/<token>, /receipt/<invoice id>
  control         /_sandbox/info     what a client needs; faults, request log, reader scripts

In another terminal, run scripted sales against a sandbox of their own:
  .venv/bin/kiosk simulate --sales 5
Stop with Ctrl-C.
"""


def _run_kiosk(options: argparse.Namespace) -> int:
    from kiosk.app import AppOptions, main

    return main(
        options=AppOptions(
            profile=options.profile, fullscreen=options.fullscreen, config_path=options.config
        )
    )


def _autopilot(options: argparse.Namespace) -> int:
    from kiosk.autopilot import AutopilotOptions, main

    if options.sales < 0:
        print("kiosk autopilot: --sales must be 0 or more", file=sys.stderr)
        return 2
    return main(
        AutopilotOptions(
            sales=options.sales,
            profile=options.profile or "kiosk",
            sandbox_url=options.sandbox_url,
        ),
        visible=options.visible,
    )


def _screenshots(options: argparse.Namespace) -> int:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from kiosk.screenshots import render_all
    from kiosk.ui.asyncbridge import new_event_loop

    app = QApplication.instance() or QApplication(["kiosk"])
    loop = new_event_loop(app)  # type: ignore[arg-type]
    asyncio.set_event_loop(loop)
    kwargs: dict[str, Any] = {"scales": (1.0, 1.5) if options.large_text else (1.0,)}
    if options.profiles:
        kwargs["profiles"] = options.profiles
    if options.languages:
        kwargs["languages"] = options.languages
    try:
        files = loop.run_until_complete(render_all(options.out, **kwargs))
    finally:
        loop.close()
    print(f"{len(files)} screenshots in {options.out}")
    return 0


def _hash_pin() -> int:
    import getpass

    from kiosk.checkout.staff_pin import hash_pin, is_valid_pin

    if sys.stdin.isatty():
        pin = getpass.getpass("Staff PIN (4 to 8 digits): ")
        again = getpass.getpass("The same PIN again: ")
    else:  # piped in (scripts, provisioning): one line, or two that must match
        lines = [*sys.stdin.read().splitlines(), "", ""]
        pin, again = lines[0], lines[1] if lines[1] else lines[0]
    if not is_valid_pin(pin):
        print("kiosk hash-pin: a staff PIN is 4 to 8 digits", file=sys.stderr)
        return 2
    if pin != again:
        print("kiosk hash-pin: the two PINs differ; nothing was printed", file=sys.stderr)
        return 2
    print(hash_pin(pin))
    return 0


def _serve_sandbox() -> int:
    from kiosk.sandbox.__main__ import main as sandbox_main

    print(SANDBOX_GUIDE.format(port=SANDBOX_PORT), flush=True)
    return sandbox_main(["--port", str(SANDBOX_PORT)])


def _simulate(options: argparse.Namespace) -> int:
    from kiosk.simulation.runner import SimulationOptions, run_simulation

    if options.live:
        print(
            "kiosk simulate: --live sells against a configured Zenoti, and no live Zenoti is "
            "configured on this machine. Without --live it runs on a sandbox.",
            file=sys.stderr,
        )
        return 2
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
            )
        )
    )
    print(json.dumps(summary, indent=2, sort_keys=True))
    return 0 if summary["violations"] == 0 else 1

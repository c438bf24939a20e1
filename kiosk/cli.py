"""The ``kiosk`` command: start the kiosk, or one of its tools (``kiosk/commands/``).

Only the chosen command's module is imported, so ``kiosk --help`` and each command's start stay
quick: the table below gives every command's one-line help, and the command's own module adds its
options and handler (``register(parser)``) when it is the one being run.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from kiosk.config.errors import ConfigError

# name: (module in kiosk.commands, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "sandbox": ("sandbox", "serve the built-in stand-in for Zenoti and the card reader"),
    "serve-sandbox": ("sandbox", "serve the sandbox on port 8765 and describe what it serves"),
    "setup": (
        "setup",
        "ask for a Zenoti API key and center, write the configuration, and check it",
    ),
    "doctor": (
        "doctor",
        "check the configuration, Zenoti, the card reader and the journal, one line each",
    ),
    "reconcile": (
        "reconcile",
        "end of day: compare the journal, the reader's payments and Zenoti's invoices",
    ),
    "hash-pin": (
        "hash_pin",
        "ask for a staff PIN twice and print the hash the configuration stores",
    ),
    "screenshots": (
        "screenshots",
        "render every screen, in both layouts and every language, to PNG files",
    ),
    "autopilot": (
        "autopilot",
        "drive whole sales through the real kiosk window with injected touches",
    ),
    "simulate": (
        "simulate",
        "run scripted sales against a sandbox and check the money invariants",
    ),
    "fleet": ("fleet", "list every kiosk of the chain from its heartbeat (a table, or --json)"),
}
QT_LOOP_COMMANDS = (None, "autopilot", "screenshots")  # the kiosk itself, and its window's tools
REGISTER = {"serve-sandbox": "register_serve"}  # a module serving two commands names the second


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run the chosen command; returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "sandbox":
        # The sandbox parses its own options; it is a separate program that shares the command.
        from kiosk.commands.sandbox import run_sandbox

        return run_sandbox(args[1:])
    chosen = _chosen(args)
    if chosen in QT_LOOP_COMMANDS:
        # The Qt loop collects garbage itself, on its own thread and schedule
        # (kiosk.ui.asyncbridge.GarbageCollector); left on until then, Python's collector walked
        # everything the imports had made, 30-50 ms of the start.
        gc.disable()
    options = parser(chosen).parse_args(args)
    try:
        if options.command is None:
            return _run_kiosk(options)
        return int(options.handler(options))
    except ConfigError as error:
        # An installer's mistake: one line per problem, never a traceback.
        print(error, file=sys.stderr)
        return 2


def _chosen(args: Sequence[str]) -> str | None:
    """The command named on the line, if any (the first word that is one)."""
    return next((arg for arg in args if arg in COMMANDS), None)


def parser(chosen: str | None = None) -> argparse.ArgumentParser:
    """The ``kiosk`` parser; only ``chosen``'s module is imported to add its options."""
    top = argparse.ArgumentParser(
        prog="kiosk", description="A touchscreen kiosk that sells Zenoti memberships."
    )
    top.add_argument(
        "--profile",
        choices=["kiosk", "tablet"],
        help="layout: portrait lobby kiosk (1080x1920) or landscape staff tablet (1280x800); "
        "default: [ui] profile in the configuration, else kiosk",
    )
    top.add_argument(
        "--fullscreen",
        action="store_true",
        default=None,
        help="fill the screen (a real kiosk); default: [ui] fullscreen in the configuration",
    )
    top.add_argument(
        "--config",
        type=Path,
        metavar="PATH",
        help="the configuration file (default: $KIOSK_CONFIG, else ~/.config/kiosk/kiosk.toml; "
        "see docs/configuration.md)",
    )
    commands = top.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_line) in COMMANDS.items():
        command = commands.add_parser(name, help=help_line, description=help_line)
        if name == chosen:
            register = getattr(
                importlib.import_module(f"kiosk.commands.{module}"), REGISTER.get(name, "register")
            )
            register(command)
    return top


def _run_kiosk(options: argparse.Namespace) -> int:
    from kiosk.app import AppOptions, main

    return main(
        options=AppOptions(
            profile=options.profile, fullscreen=options.fullscreen, config_path=options.config
        )
    )

"""The ``kiosk`` command: every command registers its own options, and only the chosen one loads."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kiosk.cli import COMMANDS, parser

# What a sale needs, none of which the help does (the configuration's plain types it may read).
HEAVY = (
    "httpx", "PySide6", "qasync", "kiosk.zenoti", "kiosk.payments", "kiosk.checkout.engine",
    "kiosk.ui", "kiosk.simulation", "kiosk.commands.",
)  # fmt: skip


def _loaded_after(argv: list[str]) -> set[str]:
    """The modules a fresh interpreter holds after ``kiosk ARGV`` (which must exit)."""
    probe = (
        "import sys\n"
        "from kiosk.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        # Only modules loaded from a file: the kiosk's stand-in for httpx's command line is none.
        "print('\\n'.join(n for n, m in sys.modules.items() if getattr(m, '__file__', None)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    return set(done.stdout.split())


def test_the_help_loads_no_command_and_no_engine() -> None:
    loaded = _loaded_after(["--help"])
    heavy = sorted(m for m in loaded if m.startswith(HEAVY))
    assert heavy == []


def test_a_command_loads_its_own_module_only() -> None:
    loaded = _loaded_after(["hash-pin", "--help"])
    commands = sorted(m for m in loaded if m.startswith("kiosk.commands."))
    assert commands == ["kiosk.commands.hash_pin"]


@pytest.mark.parametrize("name", [name for name in COMMANDS if name != "sandbox"])
def test_every_command_registers_a_handler_and_a_description(name: str) -> None:
    chosen = parser(name)
    options = chosen.parse_args([name])
    assert callable(options.handler)
    subparsers = next(a for a in chosen._actions if a.dest == "command")
    command = subparsers.choices[name]  # type: ignore[attr-defined]
    assert command.description
    assert command.description != COMMANDS[name][1]  # the command's own, longer words


def test_the_sandbox_command_hands_its_arguments_to_the_sandbox() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "sandbox", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0
    assert "--port" in done.stdout


def test_simulate_has_no_live_mode() -> None:
    # Selling for real is the kiosk itself on a configured Zenoti, never an unattended script.
    with pytest.raises(SystemExit):
        parser("simulate").parse_args(["simulate", "--live"])

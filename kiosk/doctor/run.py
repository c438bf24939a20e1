"""Run every check against the configured world and print one line each; the exit code."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

from kiosk.config import KioskConfig
from kiosk.config.errors import ConfigError
from kiosk.config.runtime import open_configuration
from kiosk.doctor import local_checks, printer_check
from kiosk.doctor.fleet_checks import fleet_checks
from kiosk.doctor.result import Check
from kiosk.doctor.zenoti_checks import zenoti_checks
from kiosk.logs import redact
from kiosk.payments.terminal import TerminalError, TerminalUnknownOutcome
from kiosk.zenoti.errors import ZenotiError

# Exit codes: 2 is what every command returns for a wrong configuration.
ALL_PASSED, SOME_FAILED, CONFIGURATION_WRONG = 0, 1, 2


def run(config_path: Path | None, out: Callable[[str], None] = print) -> int:
    """Check the configuration at ``config_path`` (found as ``kiosk`` finds it) and what it
    names; ``out`` gets one line per check as soon as it is known."""
    try:
        with open_configuration(config_path) as config:
            checks = asyncio.run(all_checks(config, out))
    except ConfigError as error:
        for check in local_checks.configuration_problems(error):
            out(check.line())
        return CONFIGURATION_WRONG
    return ALL_PASSED if all(check.ok for check in checks) else SOME_FAILED


async def all_checks(config: KioskConfig, out: Callable[[str], None]) -> list[Check]:
    """Every check in order; none is skipped because another failed."""
    checks: list[Check] = []

    def report(found: list[Check]) -> None:
        for check in found:
            out(check.line())
            checks.append(check)

    report([local_checks.configuration(config)])
    report(await _guarded("zenoti", zenoti_checks(config.zenoti, config.content)))
    report(await _guarded("card reader", _listed(local_checks.card_reader(config))))
    report(await _guarded("journal", _listed(local_checks.journal(config))))
    report(await _guarded("receipt printer", _listed(printer_check.receipt_printer(config))))
    report(await _guarded("fleet redis", fleet_checks(config)))
    return checks


async def _listed(check: Awaitable[Check]) -> list[Check]:
    return [await check]


# What the outside worlds raise that a check did not foresee: each is that check's FAIL, never
# the end of the others. A bug in a check is no such thing: it stops the doctor, loudly.
OUTSIDE_ERRORS = (
    ZenotiError,
    TerminalError,
    TerminalUnknownOutcome,
    httpx.HTTPError,
    OSError,
    sqlite3.Error,
)


async def _guarded(name: str, checks: Awaitable[list[Check]]) -> list[Check]:
    """A check the outside world broke in a way nobody foresaw is its own FAIL."""
    try:
        return await checks
    except OUTSIDE_ERRORS as error:
        what = redact(f"{type(error).__name__}: {error}")  # a message might quote a secret
        return [Check.failed(name, f"the check itself broke ({what})", "report this line")]

"""The checks beside Zenoti: which configuration is in force, the card reader, the journal."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from kiosk.checkout.journal import Journal
from kiosk.checkout.journal_schema import JournalTooNew
from kiosk.config import KioskConfig, ReaderConfig
from kiosk.config_errors import ConfigError
from kiosk.doctor.result import Check
from kiosk.payments.stripe_terminal import StripeTerminal
from kiosk.payments.terminal import TerminalError, TerminalUnknownOutcome

HTTP_TIMEOUT = 10.0  # seconds for one exchange with the reader's API
DEADLINE = 30.0  # seconds for a whole check (the journal may wait for the kiosk's write lock)


def configuration(config: KioskConfig) -> Check:
    """Which file and which Zenoti: the sandbox one must never be mistaken for the business."""
    source = str(config.source) if config.source else "no configuration file"
    if config.sandbox:
        where = f"the kiosk's own sandbox at {config.zenoti.base_url}, not a real business"
    else:
        where = f"live Zenoti at {config.zenoti.base_url}"
    return Check.passed("configuration", f"{source} ({where})")


def configuration_problems(error: ConfigError) -> list[Check]:
    """One FAIL per wrong key, with the fix the configuration reader already wrote."""
    return [
        Check.failed("configuration", f"{problem.key}: {problem.what}", problem.fix)
        for problem in error.problems
    ]


async def card_reader(config: KioskConfig) -> Check:
    """GET the reader through the driver the kiosk sells with."""
    if config.reader is None:
        return Check.info(
            "card reader", "none configured: guests can only pay on their phone (or at the desk)"
        )
    return await _reader_status(config.reader, config.zenoti.currency)


async def _reader_status(reader: ReaderConfig, currency: str) -> Check:
    name = "card reader"
    terminal = StripeTerminal(
        reader.base_url, reader.secret_key, reader.reader_id, currency, timeout=HTTP_TIMEOUT
    )
    try:
        status = await asyncio.wait_for(terminal.reader_status(), DEADLINE)
    except (TimeoutError, TerminalUnknownOutcome):
        return Check.failed(
            name,
            f"{reader.reader_id}: no answer from {reader.base_url}",
            "check the network and [reader] base_url",
        )
    except TerminalError as error:
        return Check.failed(
            name,
            f"{reader.reader_id}: refused ({error.code})",
            "check [reader] reader_id (Stripe Dashboard → Terminal → Readers) and the reader "
            "secret key (KIOSK_READER_SECRET_KEY): both must be of the same Stripe account",
        )
    finally:
        await terminal.aclose()
    if status != "online":
        return Check.failed(
            name,
            f"{reader.reader_id} {status}",
            "power the reader on and connect it to the network",
        )
    return Check.passed(name, f"{reader.reader_id} online")


async def journal(config: KioskConfig) -> Check:
    """Open the journal as the kiosk does and prove a write would succeed, changing nothing."""
    name = "journal"
    path = config.journal_path
    try:
        opened = await asyncio.wait_for(Journal.open(path), DEADLINE)
    except JournalTooNew as error:
        return Check.failed(
            name,
            f"{path} was written by a newer kiosk (schema {error.found}, this kiosk knows "
            f"{error.known})",
            "install the newer kiosk again, or restore the journal's backup",
        )
    except (OSError, sqlite3.Error, TimeoutError) as error:
        return _unwritable(path, error)
    try:
        await asyncio.wait_for(opened.check_writable(), DEADLINE)
        unfinished = len(await opened.unfinished())
    except (sqlite3.Error, TimeoutError) as error:
        return _unwritable(path, error)
    finally:
        await opened.close()
    detail = f"{path} writable"
    if unfinished:
        detail += f", {unfinished} unfinished sale(s) that the kiosk settles when it next starts"
    return Check.passed(name, detail)


def _unwritable(path: Path, error: BaseException) -> Check:
    reason = str(error) or type(error).__name__
    return Check.failed(
        "journal",
        f"{path} cannot be written ({reason})",
        "let the kiosk's user write the journal and its folder (chown/chmod), free disk space, "
        "or set [kiosk] journal_path",
    )

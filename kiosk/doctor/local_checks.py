"""The checks beside Zenoti: which configuration is in force, the card reader, the journal."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from kiosk.checkout import journal_file
from kiosk.checkout.journal import Journal, JournalUnusable, JournalUnwritable
from kiosk.config import KioskConfig, ReaderConfig
from kiosk.config.errors import ConfigError
from kiosk.doctor.result import Check
from kiosk.payments.adyen_terminal import AdyenTerminal
from kiosk.payments.stripe_terminal import StripeTerminal
from kiosk.payments.terminal import PaymentTerminal, TerminalError, TerminalUnknownOutcome

HTTP_TIMEOUT = 10.0  # seconds for one exchange with the reader's API
DEADLINE = 30.0  # seconds for a whole check (the journal may wait for the kiosk's write lock)
LOW_DISK = 50_000_000  # bytes free under the journal below which the doctor fails


def configuration(config: KioskConfig) -> Check:
    """Which file and which Zenoti: the sandbox one must never be mistaken for the business."""
    source = str(config.source) if config.source else "no configuration file"
    if config.sandbox:
        where = f"{source}: the kiosk runs on its own sandbox at {config.zenoti.base_url}"
        if config.source is not None:
            # A file that configures no Zenoti (an empty one): the installer believes otherwise.
            return Check.failed(
                "configuration",
                f"{where} — it configures no Zenoti, so no real sale can happen",
                "fill in [zenoti], [payment_types] and [reader] (`kiosk setup` writes them; "
                "docs/configuration.md lists every key), or delete the file to practise",
            )
        return Check.info("configuration", f"{where} — practice only, no real sale can happen")
    return Check.passed("configuration", f"{source} (live Zenoti at {config.zenoti.base_url})")


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
    where = (reader.base_url, reader.secret_key, reader.reader_id, currency)
    terminal: PaymentTerminal = (
        AdyenTerminal(*where, sale_id=reader.sale_id, timeout=HTTP_TIMEOUT)
        if reader.kind == "adyen"
        else StripeTerminal(*where, timeout=HTTP_TIMEOUT)
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
        return Check.failed(name, f"{reader.reader_id}: refused ({error.code})", _key_fix(reader))
    finally:
        await terminal.aclose()
    if status != "online":
        return Check.failed(
            name,
            f"{reader.reader_id} {status}",
            "power the reader on and connect it to the network",
        )
    return Check.passed(name, f"{reader.reader_id} online")


def _key_fix(reader: ReaderConfig) -> str:
    if reader.kind == "adyen":
        return (
            "check [reader] poi_id (Adyen Customer Area → In-person payments → Terminals) and the"
            " API key (KIOSK_READER_API_KEY, with the Cloud Device API role): both must be of"
            " the same Adyen account, and [reader] base_url its test or live region"
        )
    return (
        "check [reader] reader_id (Stripe Dashboard → Terminal → Readers) and the reader "
        "secret key (KIOSK_READER_SECRET_KEY): both must be of the same Stripe account"
    )


async def journal(config: KioskConfig) -> Check:
    """Run the kiosk's own start-up checks on the journal, read it whole (SQLite's quick check),
    prove a write would succeed (changing nothing), and say which kiosk holds it."""
    name = "journal"
    path = config.journal_path
    try:
        opened = await asyncio.wait_for(Journal.open(path), DEADLINE)
    except JournalUnusable as unusable:
        return Check.failed(name, f"{path} {unusable.what}", unusable.fix)
    except TimeoutError:
        return Check.failed(name, f"{path} did not open in {DEADLINE:g} s", "check the disk")
    try:
        await asyncio.wait_for(opened.check_writable(), DEADLINE)
        damage = await asyncio.wait_for(opened.quick_check(), DEADLINE)
        unfinished = len(await opened.unfinished())
    except (JournalUnwritable, TimeoutError) as error:
        return Check.failed(
            name, f"{path} cannot be written now ({error})", unusable_fix(path, error)
        )
    finally:
        await opened.close()
    if damage:
        broken = journal_file.damaged(path, f"SQLite's check found: {damage}")
        return Check.failed(name, f"{path} {broken.what}", broken.fix)
    free = shutil.disk_usage(path.parent).free
    if free < LOW_DISK:
        return Check.failed(
            name,
            f"{path} writable, but only {free // 1_000_000} MB free on its disk",
            f"free space (df -h {path.parent}): with a full disk the kiosk goes out of order",
        )
    detail = f"{path} writable, {free // 1_000_000:,} MB free"
    held_by = journal_file.holder(path)
    if held_by is not None:
        detail += f", in use by the running kiosk (process {held_by or 'unknown'})"
    if unfinished:
        detail += f", {unfinished} unfinished sale(s) that the kiosk settles when it next starts"
    return Check.passed(name, detail)


def unusable_fix(path: Path, error: BaseException) -> str:
    return journal_file.unusable(path, error.__cause__ or error).fix

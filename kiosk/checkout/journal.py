"""The sale journal: a durable, write-ahead record of every sale, in SQLite.

Before each side effect the engine writes what it is about to do; after it, the result. A commit
is on disk (WAL, ``synchronous=FULL``) before the coroutine that asked for it resumes, so nothing
acknowledged to a guest is lost to a crash or a power cut. All SQLite work runs on one dedicated
thread: fsync never blocks the Qt thread, and the connection never crosses threads.

The journal keeps Zenoti's and the processor's ids and the amounts, never a guest's name, phone
or email. The one personal item it keeps on purpose is the consent to recurring billing (the text
the guest accepted, when, and their signature): it is the business's evidence in a dispute.

Before it is trusted the file is checked (journal_file.py); a kiosk holds it alone (a lock the
operating system releases when the kiosk ends). A write that fails while the kiosk runs is a
``JournalUnwritable``: the write is held in memory and its sale set aside (journal_health.py)
until the journal writes again.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import sqlite3
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from kiosk.checkout import journal_file, journal_queries, journal_staff, journal_writes
from kiosk.checkout.journal_file import FileIdentity, JournalLock
from kiosk.checkout.journal_health import (
    HeldWrite,
    JournalHealth,
    JournalUnusable,
    JournalUnwritable,
    Paid,
)
from kiosk.checkout.journal_queries import UnknownSale
from kiosk.checkout.journal_records import SALE_FIELDS, Consent, JournalEvent, SaleRecord
from kiosk.checkout.journal_schema import probe_write
from kiosk.checkout.journal_schema import rollback as _rollback
from kiosk.checkout.journal_staff import AuditEntry, StaffLock
from kiosk.domain.sale import MONEY_TAKEN, SaleState

T = TypeVar("T")
StorageFault = Callable[[str], None]

log = logging.getLogger("kiosk.checkout")

__all__ = [
    "SALE_FIELDS",
    "Consent",
    "Journal",
    "JournalEvent",
    "JournalUnusable",
    "JournalUnwritable",
    "SaleRecord",
    "UnknownSale",
]


class Journal:
    """The durable record of sales. Open with ``await Journal.open(path)``."""

    def __init__(
        self,
        executor: ThreadPoolExecutor,
        connection: sqlite3.Connection,
        path: Path,
        lock: JournalLock | None = None,
    ) -> None:
        self._executor = executor
        self._db: sqlite3.Connection | None = connection  # on the journal's thread only
        self._path = path
        self._identity = FileIdentity.of(path)
        self._lock = lock
        self.health = JournalHealth()
        self._fault: StorageFault | None = None
        self._timed: Callable[[float], None] | None = None

    @classmethod
    async def open(cls, path: Path, *, exclusive: bool = False) -> Journal:
        """Open (creating and migrating if needed) the journal at ``path``, after checking it is
        a journal this kiosk can use (else :class:`JournalUnusable`, the file left untouched).

        ``exclusive``: this process sells with it; a second kiosk on the same journal is refused.
        """
        lock = JournalLock.take(path) if exclusive else None
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="journal")
        loop = asyncio.get_running_loop()
        try:
            connection = await loop.run_in_executor(executor, journal_file.open_checked, path)
        except BaseException:
            executor.shutdown(wait=False)
            if lock is not None:
                lock.release()
            raise
        return cls(executor, connection, path, lock)

    @property
    def path(self) -> Path:
        return self._path

    async def close(self) -> None:
        """Checkpoint and close; the journal cannot be used afterwards."""
        try:
            await self._call(journal_file.close)
        except JournalUnwritable as failed:
            log.warning("journal closed without its last checkpoint: %s", failed.reason)
        finally:
            self._executor.shutdown(wait=True)
            if self._lock is not None:
                self._lock.release()

    async def check_writable(self) -> None:
        """Raise ``JournalUnwritable`` unless a sale could be written now; changes nothing."""
        await self._call(probe_write)

    async def quick_check(self) -> str | None:
        """SQLite's quick check of the whole file: None when sound, else what it found."""
        return await self._call(journal_queries.quick_check)

    async def probe(self) -> None:
        """Write (and commit) one line, proof that the journal writes again."""
        await self._call(journal_writes.mark_checked)
        if not self.health.writable:
            log.info("the journal takes writes again")

    async def replay_held(self) -> None:
        """Write what was held while the journal failed, oldest first. A held write that no
        longer fits (the sale moved on since) is dropped; ``JournalUnwritable`` if it fails."""
        writes = self.health.take_writes()
        for number, write in enumerate(writes):
            try:
                await self._run(write.replay)
            except JournalUnwritable:
                self.health.put_back(writes[number:])
                raise
            except (ValueError, LookupError) as error:
                log.warning("held write dropped, it no longer fits: %s (%s)", write.what, error)
            else:
                log.info("held write written", extra={"sale_id": write.sale_id})

    def time_writes(self, listener: Callable[[float], None] | None) -> None:
        """``listener`` gets the seconds each operation took on disk (a write's commit and fsync
        included); it is called on the journal's thread."""
        self._timed = listener

    def inject(self, fault: StorageFault | None) -> None:
        """For ``kiosk simulate --faults machine`` and the fault tests: ``fault`` runs on the
        journal's thread before each operation (named by its function) and may raise what a
        failing disk raises — ``OSError(ENOSPC)``, a read-only file's ``sqlite3`` error."""
        self._fault = fault

    # ------------------------------------------------------------------ the journal's thread

    async def _run(self, function: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, function, *args)

    async def _call(self, function: Callable[..., T], *args: Any) -> T:
        """Run ``function(db, *args)`` on the journal's thread; a failure is JournalUnwritable."""
        try:
            return await self._run(self._on_thread, function, args)
        except JournalUnwritable as failed:
            self.health.failed(failed.reason)
            raise

    async def _write(
        self,
        sale_id: str | None,
        what: str,
        function: Callable[..., T],
        args: tuple[Any, ...],
        *,
        held_args: tuple[Any, ...] | None = None,
        paid: Paid = Paid.NO,
    ) -> T:
        """A write: refused at once for a sale set aside; held in memory when it fails
        (``held_args``: what to write later instead, when that differs)."""
        if sale_id is not None and self.health.is_set_aside(sale_id):
            raise JournalUnwritable("the sale is set aside until the journal writes again")
        try:
            return await self._run(self._on_thread, function, args)
        except JournalUnwritable as failed:
            replay = functools.partial(self._on_thread, function, held_args or args)
            self.health.failed(failed.reason, HeldWrite(sale_id, what, replay), paid)
            raise

    def _on_thread(self, function: Callable[..., T], args: tuple[Any, ...]) -> T:
        try:
            if self._fault is not None:
                self._fault(function.__name__)
            self._check_file()
            if self._db is None:
                raise sqlite3.OperationalError("the journal file was lost and not written back")
            started = time.monotonic()
            result = function(self._db, *args)
            if self._timed is not None:
                self._timed(time.monotonic() - started)
            return result
        except (sqlite3.Error, OSError) as error:
            if not _is_failure(error):
                raise
            if self._db is not None:
                _rollback(self._db)
            raise JournalUnwritable(str(error) or type(error).__name__) from error

    def _check_file(self) -> None:
        """The journal's file is still the one open; deleted or replaced, write it back from
        the open copy (which holds everything), then carry on with the file written back."""
        if self._db is None or FileIdentity.of(self._path) == self._identity:
            return
        log.error("the journal file %s was removed; writing it back from the open copy", self._path)
        journal_file.put_in_place(journal_file.write_open_copy(self._db, self._path), self._path)
        old, self._db = self._db, None
        with contextlib.suppress(sqlite3.Error):
            journal_file.close(old)  # its WAL is in the copy
        self._db = journal_file.connect(self._path)
        self._identity = FileIdentity.of(self._path)

    # ------------------------------------------------------------------ writes

    async def begin_sale(
        self, sale_id: str, center_id: str, membership_ids: Sequence[str], *, recurring: bool
    ) -> SaleRecord:
        """Record a new sale in state CHOOSING."""
        return await self._call(
            journal_writes.begin, sale_id, center_id, tuple(membership_ids), recurring
        )

    async def transition(
        self,
        sale_id: str,
        state: SaleState,
        *,
        event: str,
        detail: Mapping[str, Any] | None = None,
        **changes: Any,
    ) -> SaleRecord:
        """Move a sale to ``state`` (checked against the table) and change fields, atomically."""
        return await self._sale_write(sale_id, state, event, detail, changes)

    async def note(
        self,
        sale_id: str,
        *,
        event: str,
        detail: Mapping[str, Any] | None = None,
        **changes: Any,
    ) -> SaleRecord:
        """Change fields and log an event without changing the state (e.g. an intended effect)."""
        return await self._sale_write(sale_id, None, event, detail, changes)

    async def _sale_write(
        self,
        sale_id: str,
        state: SaleState | None,
        event: str,
        detail: Mapping[str, Any] | None,
        changes: dict[str, Any],
    ) -> SaleRecord:
        detail = dict(detail or {})
        # Written later, the history says since when it was held.
        held = {**detail, "held_since": journal_writes.now().isoformat(timespec="seconds")}
        return await self._write(
            sale_id,
            event,
            journal_writes.update,
            (sale_id, state, event, detail, changes),
            held_args=(sale_id, state, event, held, changes),
            paid=_paid(state, changes),
        )

    async def record_consent(self, consent: Consent) -> None:
        """Keep the recurring-billing consent and signature for the business's records."""
        await self._call(journal_writes.record_consent, consent)

    # ------------------------------------------------------------------ reads

    async def get(self, sale_id: str) -> SaleRecord:
        """The sale as last written; raises ``UnknownSale``."""
        return await self._call(journal_queries.get, sale_id)

    async def unfinished(self) -> list[SaleRecord]:
        """Every sale not in a final state, oldest first (NEEDS_STAFF included)."""
        return await self._call(journal_queries.unfinished)

    async def sales_between(self, start: datetime, end: datetime) -> list[SaleRecord]:
        """Sales created in ``[start, end)``, oldest first."""
        return await self._call(journal_queries.between, start, end)

    async def events(self, sale_id: str) -> list[JournalEvent]:
        """A sale's history, in the order it was written."""
        return await self._call(journal_queries.events, sale_id)

    async def consent(self, sale_id: str) -> Consent | None:
        """The consent recorded for a sale, if any."""
        return await self._call(journal_queries.consent, sale_id)

    async def with_id_prefix(self, prefix: str, *, limit: int = 10) -> list[SaleRecord]:
        """Sales whose id starts with ``prefix`` (a reference a guest was given), newest first."""
        return await self._call(journal_queries.with_id_prefix, prefix, limit)

    async def in_states(
        self, *states: SaleState, newest_first: bool = False, limit: int = -1
    ) -> list[SaleRecord]:
        """Sales in one of ``states``, oldest first unless ``newest_first`` (-1: no limit)."""
        return await self._call(journal_queries.in_states, states, newest_first, limit)

    # ------------------------------------------------------------------ staff mode

    async def audit(
        self,
        who: str,
        action: str,
        *,
        sale_id: str | None = None,
        detail: Mapping[str, Any] | None = None,
        at: datetime | None = None,
    ) -> AuditEntry:
        """Append one line to the audit log of staff actions (never a PIN or a guest's data).

        A line that cannot be written now is held and written later: staff actions stay audited.
        """
        entry = journal_staff.make_entry(
            at or journal_writes.now(), who, action, sale_id, detail or {}
        )
        await self._write(None, f"audit: {action}", journal_staff.append_audit, (entry,))
        return entry

    async def audit_log(self, *, limit: int = 200) -> list[AuditEntry]:
        """The newest ``limit`` audit lines, newest first."""
        return await self._call(journal_staff.read_audit, limit)

    async def staff_lock(self) -> StaffLock:
        """Wrong PINs in a row, and until when the PIN pad is locked."""
        return await self._call(journal_staff.read_lock)

    async def count_wrong_pin(self, at: datetime, *, limit: int, lock_for: timedelta) -> StaffLock:
        """One more wrong PIN, atomically; the ``limit``-th in a row locks for ``lock_for``."""
        return await self._call(journal_staff.count_wrong_pin, at, limit, lock_for)

    async def clear_wrong_pins(self) -> None:
        """A right PIN: the count of wrong ones starts again."""
        await self._call(journal_staff.clear_wrong_pins)


def _is_failure(error: BaseException) -> bool:
    """The journal's storage failed (full, read-only, I/O, damaged, locked) — not a bug of ours."""
    programming = (
        sqlite3.IntegrityError,
        sqlite3.ProgrammingError,
        sqlite3.InterfaceError,
        sqlite3.NotSupportedError,
        sqlite3.DataError,
    )
    return not isinstance(error, programming)


def _paid(state: SaleState | None, changes: Mapping[str, Any]) -> Paid:
    """What a sale write that failed says of the money (the sale's step may learn more)."""
    if state in MONEY_TAKEN or changes.get("payment_reference"):
        return Paid.YES
    if state is not None and state.payment_in_flight:
        return Paid.CHECKING
    return Paid.NO

"""The sale journal: a durable, write-ahead record of every sale, in SQLite.

Before each side effect the engine writes what it is about to do; after it, the result. A commit
is on disk (WAL, ``synchronous=FULL``) before the coroutine that asked for it resumes, so nothing
acknowledged to a guest is lost to a crash or a power cut. All SQLite work runs on one dedicated
thread: fsync never blocks the Qt thread, and the connection never crosses threads.

The journal keeps Zenoti's and the processor's ids and the amounts, never a guest's name, phone
or email. The one personal item it keeps on purpose is the consent to recurring billing (the text
the guest accepted, when, and their signature): it is the business's evidence in a dispute.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from kiosk.checkout import journal_staff
from kiosk.checkout.journal_records import SALE_FIELDS, Consent, JournalEvent, SaleRecord
from kiosk.checkout.journal_schema import migrate, probe_write
from kiosk.checkout.journal_schema import transaction as _transaction
from kiosk.checkout.journal_staff import AuditEntry, StaffLock
from kiosk.domain.sale import SaleState, check_transition

T = TypeVar("T")

__all__ = ["SALE_FIELDS", "Consent", "Journal", "JournalEvent", "SaleRecord", "UnknownSale"]


class UnknownSale(LookupError):
    """The journal holds no sale with that id."""


class Journal:
    """The durable record of sales. Open with ``await Journal.open(path)``."""

    def __init__(self, executor: ThreadPoolExecutor, connection: sqlite3.Connection) -> None:
        self._executor = executor
        self._db = connection

    @classmethod
    async def open(cls, path: Path) -> Journal:
        """Open (creating and migrating if needed) the journal at ``path``."""
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="journal")
        loop = asyncio.get_running_loop()
        try:
            connection = await loop.run_in_executor(executor, _connect, path)
        except BaseException:
            executor.shutdown(wait=False)
            raise
        return cls(executor, connection)

    async def close(self) -> None:
        """Checkpoint and close; the journal cannot be used afterwards."""
        await self._run(_close, self._db)
        self._executor.shutdown(wait=True)

    async def check_writable(self) -> None:
        """Raise ``sqlite3.Error`` unless a sale could be written now; changes nothing."""
        await self._run(probe_write, self._db)

    async def _run(self, function: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, function, *args)

    # ------------------------------------------------------------------ writes

    async def begin_sale(
        self, sale_id: str, center_id: str, membership_ids: Sequence[str], *, recurring: bool
    ) -> SaleRecord:
        """Record a new sale in state CHOOSING."""
        return await self._run(
            _begin, self._db, sale_id, center_id, tuple(membership_ids), recurring
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
        return await self._run(_write, self._db, sale_id, state, event, dict(detail or {}), changes)

    async def note(
        self,
        sale_id: str,
        *,
        event: str,
        detail: Mapping[str, Any] | None = None,
        **changes: Any,
    ) -> SaleRecord:
        """Change fields and log an event without changing the state (e.g. an intended effect)."""
        return await self._run(_write, self._db, sale_id, None, event, dict(detail or {}), changes)

    async def record_consent(self, consent: Consent) -> None:
        """Keep the recurring-billing consent and signature for the business's records."""
        await self._run(_record_consent, self._db, consent)

    # ------------------------------------------------------------------ reads

    async def get(self, sale_id: str) -> SaleRecord:
        """The sale as last written; raises ``UnknownSale``."""
        return await self._run(_get, self._db, sale_id)

    async def unfinished(self) -> list[SaleRecord]:
        """Every sale not in a final state, oldest first (NEEDS_STAFF included)."""
        return await self._run(_unfinished, self._db)

    async def sales_between(self, start: datetime, end: datetime) -> list[SaleRecord]:
        """Sales created in ``[start, end)``, oldest first."""
        return await self._run(_between, self._db, start, end)

    async def events(self, sale_id: str) -> list[JournalEvent]:
        """A sale's history, in the order it was written."""
        return await self._run(_events, self._db, sale_id)

    async def consent(self, sale_id: str) -> Consent | None:
        """The consent recorded for a sale, if any."""
        return await self._run(_consent, self._db, sale_id)

    async def in_states(
        self, *states: SaleState, newest_first: bool = False, limit: int = -1
    ) -> list[SaleRecord]:
        """Sales in one of ``states``, oldest first unless ``newest_first`` (-1: no limit)."""
        return await self._run(_in_states, self._db, states, newest_first, limit)

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
        """Append one line to the audit log of staff actions (never a PIN or a guest's data)."""
        entry = journal_staff.make_entry(at or _now(), who, action, sale_id, detail or {})
        await self._run(journal_staff.append_audit, self._db, entry)
        return entry

    async def audit_log(self, *, limit: int = 200) -> list[AuditEntry]:
        """The newest ``limit`` audit lines, newest first."""
        return await self._run(journal_staff.read_audit, self._db, limit)

    async def staff_lock(self) -> StaffLock:
        """Wrong PINs in a row, and until when the PIN pad is locked."""
        return await self._run(journal_staff.read_lock, self._db)

    async def count_wrong_pin(self, at: datetime, *, limit: int, lock_for: timedelta) -> StaffLock:
        """One more wrong PIN, atomically; the ``limit``-th in a row locks for ``lock_for``."""
        return await self._run(journal_staff.count_wrong_pin, self._db, at, limit, lock_for)

    async def clear_wrong_pins(self) -> None:
        """A right PIN: the count of wrong ones starts again."""
        await self._run(journal_staff.clear_wrong_pins, self._db)


# ---------------------------------------------------------------------- on the journal thread


def _now() -> datetime:
    return datetime.now(UTC)


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, isolation_level=None, timeout=10.0)
    connection.row_factory = sqlite3.Row
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("PRAGMA foreign_keys=ON")
    migrate(connection)
    return connection


def _close(connection: sqlite3.Connection) -> None:
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def _begin(
    db: sqlite3.Connection,
    sale_id: str,
    center_id: str,
    membership_ids: tuple[str, ...],
    recurring: bool,
) -> SaleRecord:
    now = _now().isoformat()
    with _transaction(db):
        db.execute(
            "INSERT INTO sales (id, state, created_at, updated_at, center_id, membership_ids,"
            " recurring) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                sale_id,
                SaleState.CHOOSING.value,
                now,
                now,
                center_id,
                json.dumps(membership_ids),
                int(recurring),
            ),
        )
        _append_event(db, sale_id, now, SaleState.CHOOSING, "sale started", {})
    return _get(db, sale_id)


def _write(
    db: sqlite3.Connection,
    sale_id: str,
    state: SaleState | None,
    event: str,
    detail: dict[str, Any],
    changes: dict[str, Any],
) -> SaleRecord:
    unknown = set(changes) - set(SALE_FIELDS)
    if unknown:
        raise ValueError(f"not a journal field: {', '.join(sorted(unknown))}")
    now = _now().isoformat()
    with _transaction(db):
        current = _get(db, sale_id)
        if state is not None and state is not current.state:
            check_transition(current.state, state)
        target = current.state if state is None else state
        columns = {key: _to_column(key, value) for key, value in changes.items()}
        columns["state"] = target.value
        columns["updated_at"] = now
        assignments = ", ".join(f"{name} = ?" for name in columns)
        # Column names come from SALE_FIELDS, never from input; values are bound.
        statement = f"UPDATE sales SET {assignments} WHERE id = ?"  # noqa: S608
        db.execute(statement, (*columns.values(), sale_id))
        _append_event(db, sale_id, now, target, event, detail)
    return _get(db, sale_id)


def _to_column(key: str, value: Any) -> Any:
    if value is None:
        return None
    if key in ("membership_ids", "kept_item_ids"):
        return json.dumps(list(value))
    if key in ("email_sent", "recurring"):
        return int(bool(value))
    if key == "amount":
        if not isinstance(value, Decimal):
            raise TypeError("a journal amount must be a Decimal")
        return str(value)
    return value


def _append_event(
    db: sqlite3.Connection,
    sale_id: str,
    at: str,
    state: SaleState,
    event: str,
    detail: dict[str, Any],
) -> None:
    db.execute(
        "INSERT INTO sale_events (sale_id, at, state, event, detail) VALUES (?, ?, ?, ?, ?)",
        (sale_id, at, state.value, event, json.dumps(detail, default=str, sort_keys=True)),
    )


def _record_consent(db: sqlite3.Connection, consent: Consent) -> None:
    with _transaction(db):
        db.execute(
            "INSERT OR REPLACE INTO consents (sale_id, text, accepted_at, signature_png)"
            " VALUES (?, ?, ?, ?)",
            (consent.sale_id, consent.text, consent.accepted_at.isoformat(), consent.signature_png),
        )


def _row_to_record(row: sqlite3.Row) -> SaleRecord:
    amount = row["amount"]
    email_sent = row["email_sent"]
    return SaleRecord(
        id=row["id"],
        state=SaleState(row["state"]),
        created_at=datetime.fromisoformat(row["created_at"]),
        updated_at=datetime.fromisoformat(row["updated_at"]),
        center_id=row["center_id"],
        membership_ids=tuple(json.loads(row["membership_ids"])),
        guest_id=row["guest_id"],
        invoice_id=row["invoice_id"],
        amount=None if amount is None else Decimal(amount),
        currency=row["currency"],
        method=row["method"],
        attempt_key=row["attempt_key"],
        intent_id=row["intent_id"],
        reader_id=row["reader_id"],
        payment_reference=row["payment_reference"],
        pending_effect=row["pending_effect"],
        receipt_number=row["receipt_number"],
        email_sent=None if email_sent is None else bool(email_sent),
        needs_staff_reason=row["needs_staff_reason"],
        recurring=bool(row["recurring"]),
        kept_item_ids=tuple(json.loads(row["kept_item_ids"] or "[]")),
        payment_type_id=row["payment_type_id"],
        phone_token=row["phone_token"],
    )


def _get(db: sqlite3.Connection, sale_id: str) -> SaleRecord:
    row = db.execute("SELECT * FROM sales WHERE id = ?", (sale_id,)).fetchone()
    if row is None:
        raise UnknownSale(sale_id)
    return _row_to_record(row)


def _unfinished(db: sqlite3.Connection) -> list[SaleRecord]:
    final = [state.value for state in SaleState if state.is_final]
    marks = ", ".join("?" for _ in final)
    statement = f"SELECT * FROM sales WHERE state NOT IN ({marks}) ORDER BY created_at, id"  # noqa: S608
    rows = db.execute(statement, final).fetchall()
    return [_row_to_record(row) for row in rows]


def _between(db: sqlite3.Connection, start: datetime, end: datetime) -> list[SaleRecord]:
    rows = db.execute(
        "SELECT * FROM sales WHERE created_at >= ? AND created_at < ? ORDER BY created_at, id",
        (start.astimezone(UTC).isoformat(), end.astimezone(UTC).isoformat()),
    ).fetchall()
    return [_row_to_record(row) for row in rows]


def _in_states(
    db: sqlite3.Connection, states: tuple[SaleState, ...], newest_first: bool, limit: int
) -> list[SaleRecord]:
    marks = ", ".join("?" for _ in states)
    order = "DESC" if newest_first else "ASC"
    statement = (
        f"SELECT * FROM sales WHERE state IN ({marks})"  # noqa: S608 — marks and order are ours
        f" ORDER BY created_at {order}, id {order} LIMIT ?"
    )
    rows = db.execute(statement, [*(state.value for state in states), limit]).fetchall()
    return [_row_to_record(row) for row in rows]


def _events(db: sqlite3.Connection, sale_id: str) -> list[JournalEvent]:
    rows = db.execute(
        "SELECT * FROM sale_events WHERE sale_id = ? ORDER BY seq", (sale_id,)
    ).fetchall()
    return [
        JournalEvent(
            seq=row["seq"],
            sale_id=row["sale_id"],
            at=datetime.fromisoformat(row["at"]),
            state=SaleState(row["state"]),
            event=row["event"],
            detail=json.loads(row["detail"]),
        )
        for row in rows
    ]


def _consent(db: sqlite3.Connection, sale_id: str) -> Consent | None:
    row = db.execute("SELECT * FROM consents WHERE sale_id = ?", (sale_id,)).fetchone()
    if row is None:
        return None
    return Consent(
        sale_id=row["sale_id"],
        text=row["text"],
        accepted_at=datetime.fromisoformat(row["accepted_at"]),
        signature_png=row["signature_png"],
    )

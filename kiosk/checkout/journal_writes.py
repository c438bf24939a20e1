"""The journal's writes, on its thread: a new sale, a sale's change with its line of history,
a consent, and the line that proves the journal writes (see journal.py)."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from kiosk import __version__
from kiosk.checkout import journal_queries
from kiosk.checkout.journal_records import SALE_FIELDS, Consent, SaleRecord
from kiosk.checkout.journal_schema import transaction
from kiosk.domain.sale import SaleState, check_transition

_clock_offset = timedelta(0)  # the wall clock as the journal reads it (a simulated jump)


def now() -> datetime:
    return datetime.now(UTC) + _clock_offset


def jump_clock(by: timedelta | None) -> None:
    """For ``kiosk simulate --faults machine``: the wall clock jumps by ``by`` (None: set right)."""
    global _clock_offset
    _clock_offset = by or timedelta(0)


def begin(
    db: sqlite3.Connection,
    sale_id: str,
    center_id: str,
    membership_ids: tuple[str, ...],
    recurring: bool,
) -> SaleRecord:
    at = now().isoformat()
    with transaction(db):
        db.execute(
            "INSERT INTO sales (id, state, created_at, updated_at, center_id, membership_ids,"
            " recurring) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                sale_id,
                SaleState.CHOOSING.value,
                at,
                at,
                center_id,
                json.dumps(membership_ids),
                int(recurring),
            ),
        )
        _append_event(db, sale_id, at, SaleState.CHOOSING, "sale started", {})
    return journal_queries.get(db, sale_id)


def update(
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
    at = now().isoformat()
    with transaction(db):
        current = journal_queries.get(db, sale_id)
        if state is not None and state is not current.state:
            check_transition(current.state, state)
        target = current.state if state is None else state
        columns = {key: _to_column(key, value) for key, value in changes.items()}
        columns["state"] = target.value
        columns["updated_at"] = at
        assignments = ", ".join(f"{name} = ?" for name in columns)
        # Column names come from SALE_FIELDS, never from input; values are bound.
        statement = f"UPDATE sales SET {assignments} WHERE id = ?"  # noqa: S608
        db.execute(statement, (*columns.values(), sale_id))
        _append_event(db, sale_id, at, target, event, detail)
    return journal_queries.get(db, sale_id)


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


def record_consent(db: sqlite3.Connection, consent: Consent) -> None:
    with transaction(db):
        db.execute(
            "INSERT OR REPLACE INTO consents (sale_id, text, accepted_at, signature_png)"
            " VALUES (?, ?, ?, ?)",
            (consent.sale_id, consent.text, consent.accepted_at.isoformat(), consent.signature_png),
        )


def mark_checked(db: sqlite3.Connection) -> None:
    """A committed write of which kiosk uses the journal: proof that it writes."""
    with transaction(db):
        db.executemany(
            "INSERT OR REPLACE INTO kiosk_meta (key, value) VALUES (?, ?)",
            (("written_by", __version__), ("checked_at", now().isoformat())),
        )

"""The journal's reads: rows back into records, on the journal's thread (see journal.py)."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from decimal import Decimal

from kiosk.checkout.journal_records import Consent, JournalEvent, SaleRecord
from kiosk.domain.sale import SaleState


class UnknownSale(LookupError):
    """The journal holds no sale with that id."""


def row_to_record(row: sqlite3.Row) -> SaleRecord:
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


def get(db: sqlite3.Connection, sale_id: str) -> SaleRecord:
    row = db.execute("SELECT * FROM sales WHERE id = ?", (sale_id,)).fetchone()
    if row is None:
        raise UnknownSale(sale_id)
    return row_to_record(row)


def unfinished(db: sqlite3.Connection) -> list[SaleRecord]:
    final = [state.value for state in SaleState if state.is_final]
    marks = ", ".join("?" for _ in final)
    statement = f"SELECT * FROM sales WHERE state NOT IN ({marks}) ORDER BY created_at, id"  # noqa: S608
    rows = db.execute(statement, final).fetchall()
    return [row_to_record(row) for row in rows]


def between(db: sqlite3.Connection, start: datetime, end: datetime) -> list[SaleRecord]:
    rows = db.execute(
        "SELECT * FROM sales WHERE created_at >= ? AND created_at < ? ORDER BY created_at, id",
        (start.astimezone(UTC).isoformat(), end.astimezone(UTC).isoformat()),
    ).fetchall()
    return [row_to_record(row) for row in rows]


def in_states(
    db: sqlite3.Connection, states: tuple[SaleState, ...], newest_first: bool, limit: int
) -> list[SaleRecord]:
    marks = ", ".join("?" for _ in states)
    order = "DESC" if newest_first else "ASC"
    statement = (
        f"SELECT * FROM sales WHERE state IN ({marks})"  # noqa: S608 — marks and order are ours
        f" ORDER BY created_at {order}, id {order} LIMIT ?"
    )
    rows = db.execute(statement, [*(state.value for state in states), limit]).fetchall()
    return [row_to_record(row) for row in rows]


def with_id_prefix(db: sqlite3.Connection, prefix: str, limit: int) -> list[SaleRecord]:
    # Sale ids are hex: a prefix with anything else finds nothing (and never a LIKE pattern).
    if not prefix or any(c not in "0123456789abcdef" for c in prefix):
        return []
    # Every hex id starting with the prefix sorts in [prefix, prefix + "g"): the key's index.
    rows = db.execute(
        "SELECT * FROM sales WHERE id >= ? AND id < ? ORDER BY created_at DESC LIMIT ?",
        (prefix, prefix + "g", limit),
    ).fetchall()
    return [row_to_record(row) for row in rows]


def events(db: sqlite3.Connection, sale_id: str) -> list[JournalEvent]:
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


def consent(db: sqlite3.Connection, sale_id: str) -> Consent | None:
    row = db.execute("SELECT * FROM consents WHERE sale_id = ?", (sale_id,)).fetchone()
    if row is None:
        return None
    return Consent(
        sale_id=row["sale_id"],
        text=row["text"],
        accepted_at=datetime.fromisoformat(row["accepted_at"]),
        signature_png=row["signature_png"],
    )


def quick_check(db: sqlite3.Connection) -> str | None:
    """None when SQLite finds the file sound; else its first findings."""
    found = [str(row[0]) for row in db.execute("PRAGMA quick_check(5)").fetchall()]
    return None if found == ["ok"] else "; ".join(found)

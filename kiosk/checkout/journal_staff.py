"""The journal's staff-mode tables: the audit log and the PIN lockout.

Both live in the journal's database because both must outlast a restart: the audit log is the
business's record of who did what to which sale, and a lockout that a power cycle cleared would
let anyone guess PINs five at a time. These functions run on the journal's thread only.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import MappingProxyType
from typing import Any

from kiosk.checkout.journal_schema import transaction

# Detail keys that would carry a secret or a guest's personal data: refused outright, so that a
# careless caller fails in its tests instead of leaking into the business's records.
FORBIDDEN_DETAIL = frozenset(
    {"pin", "pin_hash", "phone", "email", "first_name", "last_name", "guest_name", "card_number"}
)


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One staff action: who (a staff member's name, or "kiosk"), when (UTC), what, which sale."""

    at: datetime
    who: str
    action: str
    sale_id: str | None
    detail: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class StaffLock:
    """Wrong PINs in a row, and until when the PIN pad refuses every PIN (None: not locked)."""

    failures: int
    locked_until: datetime | None

    def locked_at(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until


def make_entry(
    at: datetime, who: str, action: str, sale_id: str | None, detail: Mapping[str, Any]
) -> AuditEntry:
    """A checked audit line: a name and an action are required, and no secret may ride along."""
    if not who.strip() or not action.strip():
        raise ValueError("an audit line needs who and what")
    leaked = FORBIDDEN_DETAIL & {key.lower() for key in detail}
    if leaked:
        raise ValueError(f"the audit log never keeps {', '.join(sorted(leaked))}")
    return AuditEntry(at.astimezone(UTC), who, action, sale_id, MappingProxyType(dict(detail)))


def append_audit(db: sqlite3.Connection, entry: AuditEntry) -> None:
    with transaction(db):
        db.execute(
            "INSERT INTO audit (at, who, action, sale_id, detail) VALUES (?, ?, ?, ?, ?)",
            (
                entry.at.isoformat(),
                entry.who,
                entry.action,
                entry.sale_id,
                json.dumps(dict(entry.detail), default=str, sort_keys=True),
            ),
        )


def read_audit(db: sqlite3.Connection, limit: int) -> list[AuditEntry]:
    rows = db.execute("SELECT * FROM audit ORDER BY seq DESC LIMIT ?", (limit,)).fetchall()
    return [
        AuditEntry(
            at=datetime.fromisoformat(row["at"]),
            who=row["who"],
            action=row["action"],
            sale_id=row["sale_id"],
            detail=MappingProxyType(json.loads(row["detail"])),
        )
        for row in rows
    ]


def read_lock(db: sqlite3.Connection) -> StaffLock:
    row = db.execute("SELECT failures, locked_until FROM staff_lock WHERE id = 1").fetchone()
    until = row["locked_until"]
    return StaffLock(row["failures"], None if until is None else datetime.fromisoformat(until))


def count_wrong_pin(
    db: sqlite3.Connection, at: datetime, limit: int, lock_for: timedelta
) -> StaffLock:
    with transaction(db):
        lock = read_lock(db)
        failures = lock.failures
        if lock.locked_until is not None and at >= lock.locked_until:
            failures = 0  # the lockout is over: a fresh run of tries
        failures += 1
        until = lock.locked_until if lock.locked_at(at) else None
        if failures >= limit and until is None:
            until = at.astimezone(UTC) + lock_for
        db.execute(
            "UPDATE staff_lock SET failures = ?, locked_until = ? WHERE id = 1",
            (failures, None if until is None else until.isoformat()),
        )
    return StaffLock(failures, until)


def clear_wrong_pins(db: sqlite3.Connection) -> None:
    with transaction(db):
        db.execute("UPDATE staff_lock SET failures = 0, locked_until = NULL WHERE id = 1")

"""The journal's schema and its migrations, versioned with SQLite's ``user_version``.

A migration is appended, never edited: a kiosk in a lobby may be updated from any earlier
version, and its journal holds money that is still being settled.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from kiosk.checkout.journal_health import JournalUnusable

# SQLite's application id in the file header: "KSKJ", this file is a kiosk's journal.
APPLICATION_ID = 0x4B534B4A

MIGRATIONS: tuple[str, ...] = (
    # 1: sales, their history, and recurring-billing consents.
    """
    CREATE TABLE sales (
        id TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        center_id TEXT NOT NULL,
        membership_ids TEXT NOT NULL,
        recurring INTEGER NOT NULL DEFAULT 0,
        guest_id TEXT,
        invoice_id TEXT,
        amount TEXT,
        currency TEXT,
        method TEXT,
        attempt_key TEXT,
        intent_id TEXT,
        reader_id TEXT,
        payment_reference TEXT,
        pending_effect TEXT,
        receipt_number TEXT,
        email_sent INTEGER,
        needs_staff_reason TEXT
    );
    CREATE INDEX sales_by_state ON sales (state);
    CREATE INDEX sales_by_created ON sales (created_at);
    CREATE TABLE sale_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        sale_id TEXT NOT NULL REFERENCES sales (id),
        at TEXT NOT NULL,
        state TEXT NOT NULL,
        event TEXT NOT NULL,
        detail TEXT NOT NULL
    );
    CREATE INDEX sale_events_by_sale ON sale_events (sale_id, seq);
    CREATE TABLE consents (
        sale_id TEXT PRIMARY KEY REFERENCES sales (id),
        text TEXT NOT NULL,
        accepted_at TEXT NOT NULL,
        signature_png BLOB
    );
    """,
    # 2: staff mode — the audit log of every staff action, and the PIN lockout that survives a
    # restart (one row: wrong PINs in a row, and until when the PIN pad is locked).
    """
    CREATE TABLE audit (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        who TEXT NOT NULL,
        action TEXT NOT NULL,
        sale_id TEXT,
        detail TEXT NOT NULL
    );
    CREATE INDEX audit_by_at ON audit (at);
    CREATE TABLE staff_lock (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        failures INTEGER NOT NULL,
        locked_until TEXT
    );
    INSERT INTO staff_lock (id, failures, locked_until) VALUES (1, 0, NULL);
    """,
    # 3: a sale on an invoice the front desk opened owns only the lines it added; the lines that
    # were there before (JSON list of invoice item ids) are never removed when the sale is given up.
    """
    ALTER TABLE sales ADD COLUMN kept_item_ids TEXT
    """,
    # 4: the Zenoti payment type a payment taken by staff is recorded with (cash, a voucher…), so
    # that recovery records it with the same type after a crash — not with the card terminal's.
    """
    ALTER TABLE sales ADD COLUMN payment_type_id TEXT
    """,
    # 5: pay-on-phone has its own state (awaiting_phone) and its own token column. Kiosks before
    # it kept the hosted page's token in intent_id and waited in the card's states: move both, so
    # that recovery reads the invoice of such a sale, never a card reader.
    """
    ALTER TABLE sales ADD COLUMN phone_token TEXT;
    UPDATE sales SET phone_token = intent_id, intent_id = NULL WHERE method = 'phone';
    UPDATE sales SET state = 'awaiting_phone'
        WHERE method = 'phone'
        AND state IN ('intent_created', 'awaiting_card', 'unknown', 'reconciling')
    """,
    # 6: the journal says it is the kiosk's (SQLite's application id) and which kiosk version
    # wrote it last, so that an older kiosk can name the version a newer journal needs.
    f"""
    PRAGMA application_id = {APPLICATION_ID};
    CREATE TABLE kiosk_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)


class JournalTooNew(JournalUnusable):
    """The journal was written by a newer kiosk; an older one must not touch it."""

    def __init__(
        self, found: int, known: int, path: Path | None = None, written_by: str | None = None
    ) -> None:
        newer = f"kiosk {written_by}" if written_by else "a newer kiosk"
        super().__init__(
            path or Path("journal"),
            f"was written by {newer} (journal schema {found}); this kiosk understands schema "
            f"{known} at most, and leaves the file untouched",
            f"install {newer} again (sudo install-kiosk WHEEL: an upgrade keeps the journal), "
            "or restore the journal's backup from before it (see docs/operations.md)",
        )
        self.found = found
        self.known = known
        self.written_by = written_by


def migrate(db: sqlite3.Connection) -> None:
    """Bring ``db`` to ``SCHEMA_VERSION``, one migration per transaction."""
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise JournalTooNew(version, SCHEMA_VERSION)
    for number in range(version, SCHEMA_VERSION):
        db.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(MIGRATIONS[number]):
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {number + 1}")
        except BaseException:
            rollback(db)
            raise
        db.execute("COMMIT")


class transaction:
    """BEGIN IMMEDIATE … COMMIT, so a read-then-write can never interleave with another writer."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is not None:
            rollback(self._db)
            return
        try:
            self._db.execute("COMMIT")
        except BaseException:
            # A COMMIT refused (disk full, I/O error) leaves the transaction open: end it, so the
            # next write can begin at all.
            rollback(self._db)
            raise


def rollback(db: sqlite3.Connection) -> None:
    """End the open transaction, if there is one; never raises (the first error is the news)."""
    if db.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")


def probe_write(db: sqlite3.Connection) -> None:
    """Take the write lock and write a row, then roll it back: proof that the kiosk could write
    here now, leaving no trace (an audit row rolled back leaves no gap in the audit's sequence).
    """
    db.execute("BEGIN IMMEDIATE")
    try:
        db.execute("INSERT INTO audit (at, who, action, detail) VALUES ('', '', 'probe', '')")
    finally:
        rollback(db)


def _statements(script: str) -> list[str]:
    return [part.strip() for part in script.split(";") if part.strip()]

"""The sandbox's SQLite store: a schema assembled from parts, transactions, counters and a wipe.

Every handler runs on the one event-loop thread and never awaits inside a transaction, so one
connection is enough and each handler's writes are atomic.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# Tables every sandbox needs, whatever API it serves.
CORE_SCHEMA = """
CREATE TABLE IF NOT EXISTS sandbox_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""

# The Zenoti stand-in's own tables. Reference data (centers, memberships...) is read from the
# seed files at start-up instead: it never changes through the API.
ZENOTI_SCHEMA = """
CREATE TABLE IF NOT EXISTS guests (
    id TEXT PRIMARY KEY, code TEXT NOT NULL, center_id TEXT NOT NULL,
    body TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS card_accounts (
    account_id TEXT PRIMARY KEY, guest_id TEXT NOT NULL, center_id TEXT,
    card_logo TEXT NOT NULL, last_four TEXT NOT NULL, expiry_on TEXT NOT NULL,
    created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS invoices (
    id TEXT PRIMARY KEY, center_id TEXT NOT NULL, guest_id TEXT NOT NULL,
    number INTEGER NOT NULL, sale_by_id TEXT, created_at TEXT NOT NULL,
    is_closed INTEGER NOT NULL DEFAULT 0, closed_at TEXT, closed_by_id TEXT,
    receipt_number TEXT);
CREATE TABLE IF NOT EXISTS invoice_items (
    id TEXT PRIMARY KEY, invoice_id TEXT NOT NULL REFERENCES invoices(id),
    position INTEGER NOT NULL, membership_id TEXT NOT NULL, line_kind TEXT NOT NULL,
    name TEXT NOT NULL, code TEXT NOT NULL, sales TEXT NOT NULL, tax TEXT NOT NULL,
    final TEXT NOT NULL, quantity INTEGER NOT NULL, sale_by_id TEXT);
CREATE TABLE IF NOT EXISTS payments (
    id TEXT PRIMARY KEY, invoice_id TEXT NOT NULL REFERENCES invoices(id),
    option_id TEXT NOT NULL, payment_mode INTEGER NOT NULL, payment_name TEXT NOT NULL,
    card_number TEXT, additional_data TEXT NOT NULL, amount TEXT NOT NULL, tip TEXT NOT NULL,
    paid_at TEXT NOT NULL, cash_register_id TEXT, collected_by_id TEXT);
CREATE TABLE IF NOT EXISTS access_tokens (
    access_token TEXT PRIMARY KEY, refresh_token TEXT NOT NULL UNIQUE, user_id TEXT NOT NULL,
    app_id TEXT NOT NULL, access_expires_at TEXT NOT NULL, refresh_expires_at TEXT NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0, refresh_used INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS hosted_pages (
    token_id TEXT PRIMARY KEY, purpose TEXT NOT NULL, guest_id TEXT NOT NULL,
    invoice_id TEXT, center_id TEXT, redirect_uri TEXT, created_at TEXT NOT NULL,
    completed_at TEXT);
CREATE TABLE IF NOT EXISTS campaign_discounts (
    item_id TEXT PRIMARY KEY, invoice_id TEXT NOT NULL, campaign_id TEXT NOT NULL,
    offer_code TEXT NOT NULL, amount TEXT NOT NULL, applied_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT, invoice_id TEXT NOT NULL, to_address TEXT NOT NULL,
    subject TEXT NOT NULL, sent_at TEXT NOT NULL);
"""


class Store:
    """One SQLite database (WAL) holding everything the sandbox's APIs write."""

    def __init__(self, path: Path, schemas: Sequence[str]) -> None:
        self.path = path
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._depth = 0
        for schema in (CORE_SCHEMA, *schemas):
            self._db.executescript(schema)

    @property
    def seeded(self) -> bool:
        """Whether the seed has been loaded into this database (a restart must not reseed)."""
        return self.one("SELECT 1 FROM sandbox_meta WHERE key = 'seeded'") is not None

    def mark_seeded(self) -> None:
        self.execute("INSERT OR REPLACE INTO sandbox_meta (key, value) VALUES ('seeded', '1')")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside commit together or not at all; nesting joins the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._db.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        else:
            self._db.execute("COMMIT")
        finally:
            self._depth = 0

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._db.execute(sql, params)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        return list(self._db.execute(sql, params))

    def one(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self._db.execute(sql, params).fetchone()
        return row

    def next_number(self, name: str, first: int) -> int:
        """The next value of a named counter (invoice, receipt numbers) starting at ``first``."""
        with self.transaction():
            row = self.one("SELECT value FROM counters WHERE name = ?", (name,))
            value = first if row is None else int(row["value"]) + 1
            self.execute(
                "INSERT OR REPLACE INTO counters (name, value) VALUES (?, ?)", (name, value)
            )
        return value

    def wipe(self) -> None:
        """Delete every row of every table (the schema stays), ready for a reseed."""
        tables = [
            str(row["name"])
            for row in self.query(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        with self.transaction():
            self.execute("PRAGMA defer_foreign_keys = ON")
            for table in tables:
                self.execute(f'DELETE FROM "{table}"')  # noqa: S608 - names come from sqlite_master

    def close(self) -> None:
        self._db.close()

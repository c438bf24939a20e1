"""The simulated reader's tables: Stripe objects kept as the JSON Stripe would answer with.

PaymentIntents, PaymentMethods and readers are stored whole (``body``), so what a client reads
back is exactly what was written. The reader's script (what the tester asked it to do next) sits
beside its body, never in it: a Stripe client must not see it.
"""

from __future__ import annotations

import json
import secrets
import string
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kiosk.sandbox.store import Store

SCHEMA = """
CREATE TABLE IF NOT EXISTS stripe_payment_intents (
    id TEXT PRIMARY KEY, created REAL NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS stripe_payment_methods (id TEXT PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS stripe_readers (
    id TEXT PRIMARY KEY, position INTEGER NOT NULL, center_id TEXT NOT NULL, body TEXT NOT NULL,
    next_process TEXT, processing_ms INTEGER NOT NULL,
    settle_at REAL, pending_card TEXT);
CREATE TABLE IF NOT EXISTS stripe_idempotency (
    key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, status INTEGER NOT NULL,
    body TEXT NOT NULL, created REAL NOT NULL);
"""

DEFAULT_PROCESSING_MS = 300
_ID_ALPHABET = string.ascii_letters + string.digits

JsonObject = dict[str, Any]


def new_id(prefix: str) -> str:
    """A Stripe-looking object id, e.g. ``pi_3Mtw...``."""
    return prefix + "_" + "".join(secrets.choice(_ID_ALPHABET) for _ in range(24))


def now_ms() -> int:
    return int(time.time() * 1000)


@dataclass
class ReaderRow:
    """A reader's Stripe body and the sandbox's script for it."""

    id: str
    center_id: str
    body: JsonObject
    next_process: str | None  # "timeout" | "busy" | "offline": the next hand-off only
    processing_ms: int  # how long "authorising" lasts after a card is presented
    settle_at: float | None  # wall-clock time the card being authorised gets its answer
    pending_card: str | None  # the card being authorised (a test number, never a real one)


@dataclass(frozen=True)
class StoredAnswer:
    """A response kept under an Idempotency-Key, replayed for the same request."""

    fingerprint: str
    status: int
    body: JsonObject


class ReaderStore:
    """Reads and writes of the reader's tables, inside the sandbox store's transactions."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # ------------------------------------------------------------------ payment intents

    def intent(self, intent_id: str) -> JsonObject | None:
        row = self.store.one("SELECT body FROM stripe_payment_intents WHERE id = ?", (intent_id,))
        return None if row is None else _load(row["body"])

    def intents(self) -> list[JsonObject]:
        rows = self.store.query("SELECT body FROM stripe_payment_intents ORDER BY created, id")
        return [_load(row["body"]) for row in rows]

    def save_intent(self, intent: JsonObject) -> None:
        self.store.execute(
            "INSERT INTO stripe_payment_intents (id, created, body) VALUES (?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET body = excluded.body",
            (intent["id"], time.time(), json.dumps(intent)),
        )

    def payment_method(self, method_id: str) -> JsonObject | None:
        row = self.store.one("SELECT body FROM stripe_payment_methods WHERE id = ?", (method_id,))
        return None if row is None else _load(row["body"])

    def save_payment_method(self, method: JsonObject) -> None:
        self.store.execute(
            "INSERT OR REPLACE INTO stripe_payment_methods (id, body) VALUES (?, ?)",
            (method["id"], json.dumps(method)),
        )

    # ------------------------------------------------------------------ readers

    def reader(self, reader_id: str) -> ReaderRow | None:
        row = self.store.one("SELECT * FROM stripe_readers WHERE id = ?", (reader_id,))
        return None if row is None else _reader(row)

    def readers(self) -> list[ReaderRow]:
        return [
            _reader(row)
            for row in self.store.query("SELECT * FROM stripe_readers ORDER BY position")
        ]

    def save_reader(self, reader: ReaderRow) -> None:
        self.store.execute(
            "UPDATE stripe_readers SET body = ?, next_process = ?, processing_ms = ?,"
            " settle_at = ?, pending_card = ? WHERE id = ?",
            (
                json.dumps(reader.body),
                reader.next_process,
                reader.processing_ms,
                reader.settle_at,
                reader.pending_card,
                reader.id,
            ),
        )

    def seed_readers(self, centers: Sequence[tuple[str, str]]) -> None:
        """One online simulated WisePOS E per center: ``(center_id, short_name)`` pairs."""
        for position, (center_id, short_name) in enumerate(centers):
            reader_id = f"tmr_sandbox_{short_name}"
            body: JsonObject = {
                "id": reader_id,
                "object": "terminal.reader",
                "action": None,
                "device_sw_version": "2.37.2.0",
                "device_type": "simulated_wisepos_e",
                "ip_address": "0.0.0.0",  # noqa: S104 - Stripe's value for a simulated reader
                "label": "Front desk",
                "last_seen_at": now_ms(),
                "livemode": False,
                "location": f"tml_sandbox_{short_name}",
                "metadata": {"center_id": center_id},
                "serial_number": f"SIMULATOR-{position + 1:04d}",
                "status": "online",
            }
            self.store.execute(
                "INSERT OR REPLACE INTO stripe_readers (id, position, center_id, body,"
                " next_process, processing_ms, settle_at, pending_card)"
                " VALUES (?, ?, ?, ?, NULL, ?, NULL, NULL)",
                (reader_id, position, center_id, json.dumps(body), DEFAULT_PROCESSING_MS),
            )

    # ------------------------------------------------------------------ idempotency

    def stored_answer(self, key: str) -> StoredAnswer | None:
        row = self.store.one(
            "SELECT fingerprint, status, body FROM stripe_idempotency WHERE key = ?", (key,)
        )
        if row is None:
            return None
        return StoredAnswer(str(row["fingerprint"]), int(row["status"]), _load(row["body"]))

    def keep_answer(self, key: str, answer: StoredAnswer) -> None:
        self.store.execute(
            "INSERT OR REPLACE INTO stripe_idempotency (key, fingerprint, status, body, created)"
            " VALUES (?, ?, ?, ?, ?)",
            (key, answer.fingerprint, answer.status, json.dumps(answer.body), time.time()),
        )


def _load(text: Any) -> JsonObject:
    value = json.loads(str(text))
    assert isinstance(value, dict)
    return value


def _reader(row: Any) -> ReaderRow:
    return ReaderRow(
        id=str(row["id"]),
        center_id=str(row["center_id"]),
        body=_load(row["body"]),
        next_process=row["next_process"],
        processing_ms=int(row["processing_ms"]),
        settle_at=row["settle_at"],
        pending_card=row["pending_card"],
    )

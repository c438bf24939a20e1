"""The simulated Adyen terminals' tables: the terminals (and the tester's script for each) and
every payment request they took, with the answer it got once it ended.

A payment is found the way Adyen finds it for a TransactionStatusRequest: by terminal (POIID),
the cash register's ``SaleID`` and the request's ``ServiceID``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kiosk.sandbox.store import Store
from kiosk.sandbox.wire import dumps

SCHEMA = """
CREATE TABLE IF NOT EXISTS adyen_terminals (
    poi_id TEXT PRIMARY KEY, position INTEGER NOT NULL, center_id TEXT NOT NULL,
    online INTEGER NOT NULL, next_process TEXT, processing_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS adyen_payments (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, poi_id TEXT NOT NULL, sale_id TEXT NOT NULL,
    service_id TEXT NOT NULL, transaction_id TEXT NOT NULL, sale_timestamp TEXT NOT NULL,
    acquirer_data TEXT, amount TEXT NOT NULL, currency TEXT NOT NULL, state TEXT NOT NULL,
    started REAL NOT NULL, settle_at REAL, pending_card TEXT, response TEXT,
    UNIQUE (poi_id, sale_id, service_id));
"""

DEFAULT_PROCESSING_MS = 300
# What a payment can be doing: waiting for a card, being authorised, or ended (with its answer).
AWAITING_CARD, AUTHORISING, DONE = "awaiting_card", "authorising", "done"

JsonObject = dict[str, Any]


@dataclass
class Terminal:
    """A simulated terminal and its script."""

    poi_id: str
    center_id: str
    online: bool
    next_process: str | None  # "timeout" | "busy" | "offline": spent by the next payment request
    processing_ms: int  # how long authorising a presented card lasts


@dataclass
class Payment:
    """One PaymentRequest a terminal took."""

    seq: int
    poi_id: str
    sale_id: str
    service_id: str
    transaction_id: str
    sale_timestamp: str
    acquirer_data: str | None
    amount: Decimal
    currency: str
    state: str
    started: float
    settle_at: float | None
    pending_card: str | None
    response: JsonObject | None  # the whole SaleToPOIResponse, once the payment ended

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.poi_id, self.sale_id, self.service_id)


class AdyenStore:
    """Reads and writes of the Adyen tables, inside the sandbox store's transactions."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def terminal(self, poi_id: str) -> Terminal | None:
        row = self.store.one("SELECT * FROM adyen_terminals WHERE poi_id = ?", (poi_id,))
        return None if row is None else _terminal(row)

    def terminals(self) -> list[Terminal]:
        rows = self.store.query("SELECT * FROM adyen_terminals ORDER BY position")
        return [_terminal(row) for row in rows]

    def save_terminal(self, terminal: Terminal) -> None:
        self.store.execute(
            "UPDATE adyen_terminals SET online = ?, next_process = ?, processing_ms = ?"
            " WHERE poi_id = ?",
            (int(terminal.online), terminal.next_process, terminal.processing_ms, terminal.poi_id),
        )

    def seed_terminals(self, centers: Sequence[tuple[str, str]]) -> None:
        """One online V400m per center (``(center_id, short_name)`` pairs)."""
        for position, (center_id, _) in enumerate(centers):
            self.store.execute(
                "INSERT OR REPLACE INTO adyen_terminals (poi_id, position, center_id, online,"
                " next_process, processing_ms) VALUES (?, ?, ?, 1, NULL, ?)",
                (f"V400m-{324688179 + position}", position, center_id, DEFAULT_PROCESSING_MS),
            )

    def payment(self, poi_id: str, sale_id: str, service_id: str) -> Payment | None:
        row = self.store.one(
            "SELECT * FROM adyen_payments WHERE poi_id = ? AND sale_id = ? AND service_id = ?",
            (poi_id, sale_id, service_id),
        )
        return None if row is None else _payment(row)

    def latest_payment(self, poi_id: str) -> Payment | None:
        row = self.store.one(
            "SELECT * FROM adyen_payments WHERE poi_id = ? ORDER BY seq DESC LIMIT 1", (poi_id,)
        )
        return None if row is None else _payment(row)

    def payments(self, state: str | None = None) -> list[Payment]:
        if state is None:
            rows = self.store.query("SELECT * FROM adyen_payments ORDER BY seq")
        else:
            rows = self.store.query(
                "SELECT * FROM adyen_payments WHERE state = ? ORDER BY seq", (state,)
            )
        return [_payment(row) for row in rows]

    def in_progress(self, poi_id: str) -> Payment | None:
        row = self.store.one(
            "SELECT * FROM adyen_payments WHERE poi_id = ? AND state != ? ORDER BY seq DESC",
            (poi_id, DONE),
        )
        return None if row is None else _payment(row)

    def add_payment(self, payment: Payment) -> Payment:
        self.store.execute(
            "INSERT INTO adyen_payments (poi_id, sale_id, service_id, transaction_id,"
            " sale_timestamp, acquirer_data, amount, currency, state, started, settle_at,"
            " pending_card, response) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                payment.poi_id,
                payment.sale_id,
                payment.service_id,
                payment.transaction_id,
                payment.sale_timestamp,
                payment.acquirer_data,
                str(payment.amount),
                payment.currency,
                payment.state,
                payment.started,
                payment.settle_at,
                payment.pending_card,
                None if payment.response is None else dumps(payment.response),
            ),
        )
        found = self.payment(*payment.key)
        assert found is not None
        return found

    def save_payment(self, payment: Payment) -> None:
        self.store.execute(
            "UPDATE adyen_payments SET state = ?, settle_at = ?, pending_card = ?, response = ?"
            " WHERE seq = ?",
            (
                payment.state,
                payment.settle_at,
                payment.pending_card,
                None if payment.response is None else dumps(payment.response),
                payment.seq,
            ),
        )


def _terminal(row: Any) -> Terminal:
    return Terminal(
        poi_id=str(row["poi_id"]),
        center_id=str(row["center_id"]),
        online=bool(row["online"]),
        next_process=row["next_process"],
        processing_ms=int(row["processing_ms"]),
    )


def _payment(row: Any) -> Payment:
    response = row["response"]
    return Payment(
        seq=int(row["seq"]),
        poi_id=str(row["poi_id"]),
        sale_id=str(row["sale_id"]),
        service_id=str(row["service_id"]),
        transaction_id=str(row["transaction_id"]),
        sale_timestamp=str(row["sale_timestamp"]),
        acquirer_data=row["acquirer_data"],
        amount=Decimal(str(row["amount"])),
        currency=str(row["currency"]),
        state=str(row["state"]),
        started=float(row["started"]),
        settle_at=row["settle_at"],
        pending_card=row["pending_card"],
        response=None if response is None else json.loads(response, parse_float=Decimal),
    )

"""Hosted card pages (pay an invoice, save a card): the one-time tokens that name them."""

from __future__ import annotations

import sqlite3
import uuid

from starlette.requests import Request

from kiosk.sandbox.clock import utc_now_iso
from kiosk.sandbox.store import Store

PAY = "pay"
ADD_CARD = "add-card"


def open_hosted_page(
    store: Store,
    request: Request,
    *,
    purpose: str,
    guest_id: str,
    center_id: str | None,
    invoice_id: str | None = None,
    redirect_uri: str | None = None,
) -> dict[str, str]:
    """A new page token: ``hosted_payment_uri`` (``<base>/<purpose>/<token>``) and ``token_id``."""
    token_id = uuid.uuid4().hex
    store.execute(
        "INSERT INTO hosted_pages (token_id, purpose, guest_id, invoice_id, center_id,"
        " redirect_uri, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (token_id, purpose, guest_id, invoice_id, center_id, redirect_uri, utc_now_iso()),
    )
    base = str(request.base_url).rstrip("/")
    return {"hosted_payment_uri": f"{base}/{purpose}/{token_id}", "token_id": token_id}


def hosted_page(store: Store, token_id: str, purpose: str) -> sqlite3.Row | None:
    return store.one(
        "SELECT * FROM hosted_pages WHERE token_id = ? AND purpose = ?", (token_id, purpose)
    )


def complete_hosted_page(store: Store, token_id: str) -> None:
    store.execute(
        "UPDATE hosted_pages SET completed_at = ? WHERE token_id = ?", (utc_now_iso(), token_id)
    )

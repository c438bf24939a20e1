"""Adyen's cloud Terminal API as the sandbox's simulated terminals answer it, at ``/adyen/sync``.

One endpoint takes every Terminal API request (``POST /sync``, JSON, ``X-API-Key``): a
PaymentRequest keeps its connection open until the payment ends (a card tapped through the test
helper, an AbortRequest, or the terminal's prompt time-out); a TransactionStatusRequest answers at
once (InProgress, NotFound, or the original answer); an AbortRequest answers ``ok``. A request the
cloud cannot deliver (terminal offline, unknown POIID, not a JSON object) is answered with an
EventNotification Reject, a wrong key with HTTP 401.

The tester's controls under ``/_sandbox/adyen/``: ``GET terminals``, ``POST terminal``
(``next_process`` timeout | busy | offline, ``online``, ``processing_ms`` — the Stripe reader's
keys), ``POST terminals/{poi_id}/present_card`` (``{"number": ...}``: the guest's tap; Adyen has
no API for it) and ``GET payments``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import re
import secrets
import time
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import Receive, Scope, Send

from kiosk.sandbox import adyen_sim as sim
from kiosk.sandbox import adyen_wire as wire
from kiosk.sandbox.adyen_store import DONE, SCHEMA, AdyenStore, JsonObject
from kiosk.sandbox.reference import Reference
from kiosk.sandbox.state import SandboxState
from kiosk.sandbox.store import Store

__all__ = ["SCHEMA", "info", "routes", "seed"]

log = logging.getLogger("kiosk.sandbox")

BASE_PATH = "/adyen"
CONTROL_PATH = "/_sandbox/adyen"
DEFAULT_API_KEY = "sandbox-adyen-api-key"
API_KEY_VARIABLE = "KIOSK_SANDBOX_ADYEN_KEY"  # to run the sandbox with another Adyen API key
SALE_ID = "kiosk"
_SERVICE_ID = re.compile(r"^[A-Za-z0-9]{1,10}$")
_CATEGORIES = ("Payment", "TransactionStatus", "Abort")


def routes(state: SandboxState) -> list[BaseRoute]:
    """The ``/adyen/sync`` endpoint and the tester's controls, for the app's list."""
    return AdyenSandbox(state.store, _centers(state.ref)).routes()


def seed(store: Store, ref: Reference) -> None:
    """One online terminal per center (into a fresh database, or after the reset's wipe)."""
    with store.transaction():
        AdyenStore(store).seed_terminals(_centers(ref))


def info(state: SandboxState) -> JsonObject:
    """The ``adyen`` entry of ``GET /_sandbox/info``."""
    return AdyenSandbox(state.store, _centers(state.ref)).info()


def _centers(ref: Reference) -> list[tuple[str, str]]:
    return [(center.id, center.code.lower()) for center in ref.centers]


class AdyenSandbox:
    """The simulated Adyen cloud: its terminals, its API key, the payments waiting for an end."""

    def __init__(self, store: Store, centers: Sequence[tuple[str, str]]) -> None:
        self.terminals = AdyenStore(store)
        self.centers = tuple(centers)
        self.api_key = os.environ.get(API_KEY_VARIABLE) or DEFAULT_API_KEY
        self._wake: dict[tuple[str, str, str], asyncio.Event] = {}

    def info(self) -> JsonObject:
        return {
            "api_key": self.api_key,
            "base_path": BASE_PATH,
            "test_helper_path": CONTROL_PATH,
            "sale_id": SALE_ID,
            "terminals": [
                {"poi_id": t.poi_id, "center_id": t.center_id} for t in self.terminals.terminals()
            ],
        }

    def routes(self) -> list[BaseRoute]:
        return [
            Route(BASE_PATH + "/sync", _Sync(self), methods=["POST"]),
            Route(CONTROL_PATH + "/terminals", self._list_terminals, methods=["GET"]),
            Route(CONTROL_PATH + "/terminal", self._script, methods=["POST"]),
            Route(
                CONTROL_PATH + "/terminals/{poi_id}/present_card", self._present, methods=["POST"]
            ),
            Route(CONTROL_PATH + "/payments", self._payments, methods=["GET"]),
        ]

    # ------------------------------------------------------------------ the Terminal API

    async def sync(self, request: Request, send: Send) -> Response | None:
        """One ``/sync`` request; None when its connection was cut or given up on."""
        given = request.headers.get("X-API-Key", "")
        if not secrets.compare_digest(given.encode(), self.api_key.encode()):
            return wire.http_error(401, "000", "HTTP Status Response - Unauthorized", "security")
        try:
            raw = await request.body()
        except ClientDisconnect:
            return None
        try:
            message = json.loads(raw, parse_float=Decimal)
        except ValueError:
            message = None
        envelope = message.get("SaleToPOIRequest") if isinstance(message, dict) else None
        if not isinstance(envelope, dict):
            return wire.json_answer(wire.reject({}, raw, wire.NOT_A_JSON_OBJECT))
        found = envelope.get("MessageHeader")
        header: JsonObject = found if isinstance(found, dict) else {}
        problem = _header_problem(header)
        category = str(header.get("MessageCategory"))
        body = envelope.get(f"{category}Request")
        if problem is None and not isinstance(body, dict):
            problem = f"{category}Request is missing"
        if problem is not None:
            details = "message=" + problem.replace(" ", "+")
            return wire.json_answer(wire.reject(header, raw, details))
        assert isinstance(body, dict)
        now = time.time()
        with self.terminals.store.transaction():
            if category != "Payment" and not sim.reachable(self.terminals, str(header["POIID"])):
                return wire.json_answer(wire.reject(header, raw, wire.UNREACHABLE))
            if category == "TransactionStatus":
                return wire.json_answer(sim.status(self.terminals, header, body, now))
            if category == "Abort":
                reference = body.get("MessageReference") or {}
                sim.abort(
                    self.terminals,
                    str(header["POIID"]),
                    str(reference.get("SaleID") or header["SaleID"]),
                    str(reference.get("ServiceID") or ""),
                    now,
                )
                self._wake_all()
                return wire.ok()
            taken = sim.take_payment(self.terminals, header, body, raw, now)
        if taken.answer is not None:
            return wire.json_answer(taken.answer)
        assert taken.payment is not None
        if taken.drop:
            # The terminal has the payment; the answer to this request is lost on the way.
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", b"64")],
                }
            )
            return None
        return await self._until_end(request, taken.payment.key)

    async def _until_end(self, request: Request, key: tuple[str, str, str]) -> Response | None:
        wake = self._wake.setdefault(key, asyncio.Event())
        try:
            while True:
                with self.terminals.store.transaction():
                    sim.advance(self.terminals, time.time())
                    payment = self.terminals.payment(*key)
                if payment is None:
                    return None  # wiped by a reset
                if payment.state == DONE and payment.response is not None:
                    return wire.json_answer(payment.response)
                if await request.is_disconnected():
                    log.info("kiosk gone while payment %s waited", key[2])
                    return None
                pause = 0.5
                if payment.settle_at is not None:
                    pause = min(pause, max(0.0, payment.settle_at - time.time()))
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(wake.wait(), timeout=pause)
                wake.clear()
        finally:
            self._wake.pop(key, None)

    def _wake_all(self) -> None:
        for event in self._wake.values():
            event.set()

    # ------------------------------------------------------------------ the tester's controls

    async def _list_terminals(self, request: Request) -> Response:
        with self.terminals.store.transaction():
            sim.advance(self.terminals, time.time())
            views = [self._terminal_view(t.poi_id) for t in self.terminals.terminals()]
        return JSONResponse({"terminals": views})

    def _terminal_view(self, poi_id: str) -> JsonObject:
        terminal = self.terminals.terminal(poi_id)
        assert terminal is not None
        current = self.terminals.in_progress(poi_id)
        return {
            "poi_id": terminal.poi_id,
            "center_id": terminal.center_id,
            "online": terminal.online,
            "next_process": terminal.next_process,
            "processing_ms": terminal.processing_ms,
            "payment": None if current is None else sim.payment_view(current),
            "authorising": current is not None and current.state != "awaiting_card",
        }

    async def _script(self, request: Request) -> Response:
        body = await _json_object(request)
        if body is None:
            return JSONResponse({"error": "body must be a JSON object"}, status_code=400)
        problem = _script_problem(body)
        if problem:
            return JSONResponse({"error": problem}, status_code=400)
        terminals = self.terminals.terminals()
        poi_id = str(body.get("poi_id") or (terminals[0].poi_id if terminals else ""))
        keys = ("next_process", "online", "processing_ms")
        changes: dict[str, Any] = {k: body[k] for k in keys if k in body}
        try:
            with self.terminals.store.transaction():
                sim.set_script(self.terminals, poi_id, changes)
                view = self._terminal_view(poi_id)
        except sim.AdyenSimError as error:
            return JSONResponse({"error": str(error)}, status_code=404)
        return JSONResponse(view)

    async def _present(self, request: Request) -> Response:
        body = await _json_object(request)
        number = body.get("number") if body is not None else None
        if not isinstance(number, str) or not number.replace(" ", "").isdigit():
            return JSONResponse({"error": "number must be a card number"}, status_code=400)
        try:
            with self.terminals.store.transaction():
                sim.present_card(
                    self.terminals,
                    request.path_params["poi_id"],
                    number.replace(" ", ""),
                    time.time(),
                )
        except sim.AdyenSimError as error:
            return JSONResponse({"error": str(error)}, status_code=409)
        self._wake_all()
        return JSONResponse({"presented": True})

    async def _payments(self, request: Request) -> Response:
        with self.terminals.store.transaction():
            sim.advance(self.terminals, time.time())
            payments = [sim.payment_view(p) for p in self.terminals.payments()]
        return JSONResponse({"payments": payments})


class _Sync:
    """``POST /adyen/sync`` as a raw ASGI endpoint: the timeout script must cut the connection."""

    def __init__(self, sandbox: AdyenSandbox) -> None:
        self.sandbox = sandbox

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = await self.sandbox.sync(Request(scope, receive), send)
        if response is not None:
            await response(scope, receive, send)


def _header_problem(header: JsonObject) -> str | None:
    for name in ("MessageClass", "MessageCategory", "MessageType", "SaleID", "POIID", "ServiceID"):
        if not isinstance(header.get(name), str) or not header[name]:
            return f"MessageHeader.{name} is missing"
    if header.get("ProtocolVersion") != "3.0":
        return "MessageHeader.ProtocolVersion must be 3.0"
    if header["MessageClass"] != "Service" or header["MessageType"] != "Request":
        return "MessageHeader must be a Service Request"
    if not _SERVICE_ID.match(header["ServiceID"]):
        return "MessageHeader.ServiceID must be 1-10 alphanumeric characters"
    if header["MessageCategory"] not in _CATEGORIES:
        return f"MessageCategory {header['MessageCategory']} is not simulated"
    return None


async def _json_object(request: Request) -> dict[str, Any] | None:
    try:
        body = json.loads(await request.body() or b"{}")
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _script_problem(body: dict[str, Any]) -> str | None:
    if "poi_id" in body and not isinstance(body["poi_id"], str):
        return "poi_id must be a string"
    if "next_process" in body and body["next_process"] not in (*sorted(sim.SCRIPTS), None):
        return "next_process must be one of timeout, busy, offline or null"
    if "online" in body and not isinstance(body["online"], bool):
        return "online must be true or false"
    value = body.get("processing_ms", 0)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 600_000:
        return "processing_ms must be a whole number of milliseconds from 0 to 600000"
    return None

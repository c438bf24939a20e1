"""What happens around every product call: faults, latency, authentication, the rate limit and
the request log. Control routes (``/_sandbox/``) pass straight through. Zenoti's authentication
and rate limit are for Zenoti's paths only; every answer under ``/stripe`` (faults and failures
included) is in Stripe's shape and carries Stripe's ``Request-Id`` and ``Stripe-Version``.

Pure ASGI rather than BaseHTTPMiddleware, because a drop must cut the connection after the headers
went out, which needs the raw ``send``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kiosk.sandbox import reader_wire
from kiosk.sandbox.clock import utc_now_iso
from kiosk.sandbox.errors import ZenotiError, error_response
from kiosk.sandbox.faults import (
    ANSWERING_KINDS,
    Fault,
    drop_connection,
    fault_response,
    stripe_fault_response,
)
from kiosk.sandbox.requestlog import LoggedRequest
from kiosk.sandbox.state import SandboxState
from kiosk.sandbox.zenoti_auth import is_authorised

log = logging.getLogger("kiosk.sandbox")

CONTROL_PREFIX = "/_sandbox/"
ZENOTI_PREFIX = "/v1/"
UNAUTHENTICATED_ZENOTI_PATHS = ("/v1/tokens",)


@dataclass
class _Outcome:
    status: int | None = None
    fault: str | None = None


class SandboxMiddleware:
    """Wraps the whole app; see the module docstring for the order of things."""

    def __init__(self, app: ASGIApp, state: SandboxState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(CONTROL_PREFIX):
            await self.app(scope, receive, send)
            return
        started = time.monotonic()
        when = utc_now_iso()
        outcome = _Outcome()
        try:
            await self._handle(scope, receive, send, outcome)
        finally:
            self.state.requests.add(
                LoggedRequest(
                    seq=self.state.requests.next_seq(),
                    method=scope["method"],
                    path=scope["path"],
                    query=scope.get("query_string", b"").decode("latin-1"),
                    status=outcome.status,
                    time=when,
                    duration_ms=round((time.monotonic() - started) * 1000, 1),
                    fault=outcome.fault,
                )
            )

    async def _handle(self, scope: Scope, receive: Receive, send: Send, outcome: _Outcome) -> None:
        state, path = self.state, scope["path"]
        fault = state.faults.take(scope["method"], path)
        outcome.fault = fault.kind if fault else None
        await self._delay(fault)
        zenoti = path.startswith(ZENOTI_PREFIX)
        stripe = reader_wire.is_stripe_path(path)

        async def send_and_note(message: Message) -> None:
            if message["type"] == "http.response.start":
                outcome.status = message["status"]
                added = state.bucket.headers() if zenoti else {}
                added = reader_wire.headers() if stripe else added
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (name.encode(), value.encode())
                    for name, value in added.items()
                    if name.lower().encode() not in present
                ]
            await send(message)

        if fault is not None and fault.kind in ANSWERING_KINDS:
            if stripe:
                answer = stripe_fault_response(fault)
            else:
                answer = fault_response(fault, state.bucket.headers() if zenoti else {})
            await answer(scope, receive, send_and_note)
            return
        if fault is not None and fault.kind == "drop":
            await drop_connection(send, 200, 64)
        if zenoti:
            refusal = self._refusal(scope)
            if refusal is not None:
                await refusal(scope, receive, send_and_note)
                return
        if fault is not None and fault.kind == "drop_after_commit":
            await self._run_then_drop(scope, receive, send)
        await self._run(scope, receive, send_and_note)

    async def _delay(self, fault: Fault | None) -> None:
        delay_ms = self.state.settings.latency_ms
        if fault is not None and fault.kind == "latency":
            delay_ms += fault.latency_ms
        if delay_ms:
            await asyncio.sleep(delay_ms / 1000)

    def _refusal(self, scope: Scope) -> ASGIApp | None:
        """401 without a valid key or token, 429 when the organisation's bucket is empty."""
        state = self.state
        if scope["path"] not in UNAUTHENTICATED_ZENOTI_PATHS:
            header = dict(scope["headers"]).get(b"authorization", b"").decode("latin-1")
            if not is_authorised(state, header):
                return error_response(ZenotiError(401, 401, "Invalid or missing API key or token"))
        if state.settings.rate_limit_enabled and not state.bucket.take():
            retry = str(state.bucket.retry_after())
            return error_response(
                ZenotiError(429, 429, "Too many requests"), headers={"Retry-After": retry}
            )
        return None

    async def _run_then_drop(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Let the handler run and commit, keep its answer, and cut the connection instead."""
        status, length = 200, 0

        async def keep(message: Message) -> None:
            nonlocal status, length
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                length += len(message.get("body", b""))

        await self._run(scope, receive, keep)
        await drop_connection(send, status, length)

    async def _run(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The app itself; an exception that escapes it becomes code 4023 (Stripe's ``api_error``
        under ``/stripe``), never a traceback."""
        started = False

        async def note_start(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, note_start)
        except Exception:
            log.exception("unexpected error in %s %s", scope["method"], scope["path"])
            if not started and reader_wire.is_stripe_path(scope["path"]):
                await reader_wire.internal_error()(scope, receive, send)
            elif not started:
                failure = ZenotiError(500, 4023, "Something went wrong")
                await error_response(failure)(scope, receive, send)

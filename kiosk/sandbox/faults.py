"""Injected faults: the table tests fill through ``/_sandbox/faults`` and what each kind does.

A fault matches a call by method and a glob on the path, hits ``count`` matching calls, then is
gone. ``drop`` and ``drop_after_commit`` cut the connection after the response's headers (with a
content-length) went out, so the client sees a transport error, never a status code.

A fault on a path under ``/stripe`` answers in Stripe's dialect (:func:`stripe_fault_response`),
never in Zenoti's.
"""

from __future__ import annotations

import fnmatch
import itertools
import json
import logging
from dataclasses import asdict, dataclass
from typing import Any

from starlette.responses import Response
from starlette.types import Send

from kiosk.sandbox import reader_wire
from kiosk.sandbox.errors import ZenotiError, error_body, legacy_error_body

KINDS = (
    "latency",
    "status",
    "error_in_200",
    "rate_limit",
    "drop",
    "drop_after_commit",
    "malformed",
)
# Kinds that answer instead of the handler (the handler never runs, nothing is written).
ANSWERING_KINDS = ("status", "error_in_200", "rate_limit", "malformed")
METHODS = ("*", "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")


@dataclass
class Fault:
    """One injected fault and what is left of its count."""

    id: str
    method: str
    path: str
    kind: str
    count: int
    latency_ms: int = 0
    status: int = 503
    code: int | None = None
    message: str | None = None
    legacy: bool = False
    retry_after: int = 1

    def matches(self, method: str, path: str) -> bool:
        return self.method in ("*", method) and fnmatch.fnmatchcase(path, self.path)


def _int(spec: dict[str, Any], name: str, default: int, minimum: int) -> int:
    value = spec.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ZenotiError(400, 400, f"{name} must be a whole number of at least {minimum}")
    return value


class FaultTable:
    """The faults waiting for their calls, in the order they were injected."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._ids = itertools.count(1)

    def add(self, spec: dict[str, Any]) -> Fault:
        """Validate a fault as posted to ``/_sandbox/faults`` and arm it."""
        kind = spec.get("kind")
        if kind not in KINDS:
            raise ZenotiError(400, 400, f"kind must be one of {', '.join(KINDS)}")
        method = str(spec.get("method", "*")).upper()
        if method not in METHODS:
            raise ZenotiError(400, 400, f"method must be one of {', '.join(METHODS)}")
        path = spec.get("path")
        if not isinstance(path, str) or not path.startswith(("/", "*")):
            raise ZenotiError(400, 400, "path must be a glob such as /v1/invoices/*")
        message = spec.get("message")
        if message is not None and not isinstance(message, str):
            raise ZenotiError(400, 400, "message must be a string")
        code = spec.get("code")
        fault = Fault(
            id=f"fault-{next(self._ids)}",
            method=method,
            path=path,
            kind=kind,
            count=_int(spec, "count", 1, 1),
            latency_ms=_int(spec, "latency_ms", 0, 0),
            status=_int(spec, "status", 503, 100),
            code=None if code is None else _int(spec, "code", 0, 0),
            message=message,
            legacy=bool(spec.get("legacy", False)),
            retry_after=_int(spec, "retry_after", 1, 0),
        )
        self._faults.append(fault)
        return fault

    def take(self, method: str, path: str) -> Fault | None:
        """The first fault matching this call, spending one of its count."""
        for fault in self._faults:
            if fault.matches(method, path):
                fault.count -= 1
                if fault.count == 0:
                    self._faults.remove(fault)
                return fault
        return None

    def clear(self) -> None:
        self._faults.clear()

    def to_json(self) -> list[dict[str, Any]]:
        return [asdict(f) for f in self._faults]


def fault_response(fault: Fault, rate_headers: dict[str, str]) -> Response:
    """The answer of a fault kind in :data:`ANSWERING_KINDS`."""
    if fault.kind == "status":
        body = error_body(fault.code or fault.status, fault.message or "Injected server error")
        return _json(body, fault.status, rate_headers)
    if fault.kind == "error_in_200":
        code, message = fault.code or 502, fault.message or "Injected error"
        body = legacy_error_body(code, message) if fault.legacy else error_body(code, message)
        return _json(body, 200, rate_headers)
    if fault.kind == "rate_limit":
        headers = {
            **rate_headers,
            "RateLimit-Remaining": "0",
            "Retry-After": str(fault.retry_after),
        }
        return _json(error_body(429, "Too many requests"), 429, headers)
    # malformed: a 200 whose body is not JSON, as a proxy's error page would be
    return Response(
        "<html><body>Bad gateway</body></html>",
        status_code=200,
        media_type="application/json",
        headers=rate_headers,
    )


def stripe_fault_response(fault: Fault) -> Response:
    """The answer of a fault kind in :data:`ANSWERING_KINDS` on a Stripe path, in Stripe's shape.

    ``status``: Stripe's ``api_error`` with the status (``invalid_request_error`` below 500);
    ``rate_limit``: Stripe's 429 (code ``rate_limit``, with ``Retry-After``); ``error_in_200``: a
    200 whose body is a Stripe error object, not the object asked for; ``malformed``: a 200 that is
    not JSON.
    """
    message = fault.message or "Injected server error"
    if fault.kind == "status":
        kind = "api_error" if fault.status >= 500 else "invalid_request_error"
        return reader_wire.error_response(fault.status, message, type=kind)
    if fault.kind == "error_in_200":
        body = reader_wire.error_body(fault.message or "Injected error", type="api_error")
        return reader_wire.json_response(200, body)
    if fault.kind == "rate_limit":
        body = reader_wire.error_body(
            "Request rate limit exceeded. Learn more about rate limits here"
            " https://stripe.com/docs/rate-limits.",
            code="rate_limit",
        )
        return reader_wire.json_response(429, body, {"Retry-After": str(fault.retry_after)})
    return Response(
        "<html><body>Bad gateway</body></html>", status_code=200, media_type="application/json"
    )


def _json(body: dict[str, Any], status: int, headers: dict[str, str]) -> Response:
    return Response(
        json.dumps(body), status_code=status, media_type="application/json", headers=headers
    )


class ConnectionDropped(Exception):
    """Raised after the headers went out to make the server cut the connection mid-response."""


async def drop_connection(send: Send, status: int, content_length: int) -> None:
    """Promise a body of ``content_length`` bytes, then cut the connection without it.

    uvicorn writes the status line and headers at ``http.response.start``; an exception after that
    makes it close the transport. The client reads a truncated response: a transport error.
    """
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(max(content_length, 1)).encode()),
            ],
        }
    )
    raise ConnectionDropped


class HideDroppedConnections(logging.Filter):
    """Keep uvicorn from logging our deliberate drops as application errors."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], ConnectionDropped))

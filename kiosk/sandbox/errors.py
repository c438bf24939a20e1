"""Zenoti-style failures: the exception handlers raise and the bodies the client receives."""

from __future__ import annotations

import json

from starlette.responses import Response


class ZenotiError(Exception):
    """A failure answered as ``{"error": {"code", "message"}}`` with an HTTP status.

    Zenoti reports many application errors inside HTTP 200, so ``http_status`` is often 200.
    """

    def __init__(self, http_status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.http_status = http_status
        self.code = code
        self.message = message


def error_body(code: int, message: str, *, with_success: bool = False) -> dict[str, object]:
    body: dict[str, object] = {"error": {"code": code, "message": message}}
    if with_success:
        body["success"] = False
    return body


def error_response(
    failure: ZenotiError, *, with_success: bool = False, headers: dict[str, str] | None = None
) -> Response:
    """The HTTP response for a failure."""
    body = error_body(failure.code, failure.message, with_success=with_success)
    return Response(
        json.dumps(body),
        status_code=failure.http_status,
        media_type="application/json",
        headers=headers,
    )


def legacy_error_body(code: int, message: str) -> dict[str, object]:
    """The older ``Error`` shape some Zenoti routes still answer with."""
    return {"Error": {"StatusCode": code, "Message": message, "InternalMessage": message}}

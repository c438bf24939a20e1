"""Zenoti's JSON on the wire: Decimal-exact encoding, request bodies, pagination, endpoints."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from kiosk.sandbox.errors import ZenotiError, error_response

log = logging.getLogger("kiosk.sandbox")

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 10


def dumps(value: Any) -> str:
    """JSON text in which a Decimal is written as a number exactly as it is (89.00, not 89.0)."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(str(k))}:{dumps(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(dumps(item) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)


class WireJSON(Response):
    """A JSON response encoded with :func:`dumps`."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return dumps(content).encode("utf-8")


async def json_body(request: Request, *, required: bool = True) -> dict[str, Any]:
    """The request's JSON object (floats parsed as Decimal); 400 when it is not a JSON object."""
    raw = await request.body()
    if not raw.strip():
        if required:
            raise ZenotiError(400, 400, "Request body is required")
        return {}
    try:
        body = json.loads(raw, parse_float=Decimal)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ZenotiError(400, 400, "Request body is not valid JSON") from exc
    if not isinstance(body, dict):
        raise ZenotiError(400, 400, "Request body must be a JSON object")
    return body


def text_field(body: dict[str, Any], name: str, *, required: bool = False) -> str | None:
    """A string field; 503 when required and missing, 400 when it is not a string."""
    value = body.get(name)
    if value is None or value == "":
        if required:
            raise ZenotiError(400, 503, f"{name} is mandatory")
        return None
    if not isinstance(value, str):
        raise ZenotiError(400, 400, f"{name} must be a string")
    return value


def page_params(request: Request) -> tuple[int, int]:
    """``page`` (from 1) and ``size`` (default 10, at most 100: above is HTTP 422)."""
    values = []
    for name, default in (("page", 1), ("size", DEFAULT_PAGE_SIZE)):
        raw = request.query_params.get(name)
        try:
            value = default if raw in (None, "") else int(raw)
        except ValueError as exc:
            raise ZenotiError(400, 502, f"{name} must be a whole number") from exc
        if value < 1:
            raise ZenotiError(400, 502, f"{name} must be at least 1")
        values.append(value)
    page, size = values
    if size > MAX_PAGE_SIZE:
        raise ZenotiError(422, 422, f"size must not exceed {MAX_PAGE_SIZE}")
    return page, size


def paginate(items: list[Any], page: int, size: int) -> tuple[list[Any], dict[str, int]]:
    """One page of ``items`` and its ``page_info``."""
    start = (page - 1) * size
    return items[start : start + size], {"total": len(items), "page": page, "size": size}


Endpoint = Callable[[Request], Awaitable[Response]]
Handler = Callable[[Request], Awaitable[Any]]


def endpoint(handler: Handler, *, carries_success: bool = False) -> Endpoint:
    """Wrap a handler that returns a JSON-able value: failures become Zenoti error bodies.

    ``carries_success`` adds ``"success": false`` to error bodies of routes whose answers carry
    ``success``. An unexpected exception is logged and answered with code 4023, never a traceback.
    """

    async def run(request: Request) -> Response:
        try:
            result = await handler(request)
        except ZenotiError as failure:
            return error_response(failure, with_success=carries_success)
        except Exception:
            log.exception("unexpected error in %s %s", request.method, request.url.path)
            return error_response(ZenotiError(500, 4023, "Something went wrong"))
        if isinstance(result, Response):
            return result
        return WireJSON(result)

    return run

"""Stripe's refusals, and the checks every reader route makes: an object that must exist, a
positive integer, a parameter Stripe does not know, a page of a list.

Every failure is a ``StripeError``, answered in Stripe's error shape (``reader_wire``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.sandbox import reader_wire
from kiosk.sandbox.reader_store import JsonObject, ReaderRow, ReaderStore

GUIDE = (
    "https://stripe.com/docs/terminal/payments/collect-payment"
    "?terminal-sdk-platform=server-driven#handle-errors"
)


@dataclass
class StripeError(Exception):
    """A Stripe error answer: ``{"error": {"type", "code", "message", ...}}`` with its status."""

    status: int
    code: str | None
    message: str
    type: str = "invalid_request_error"
    param: str | None = None

    def body(self) -> JsonObject:
        return reader_wire.error_body(
            self.message, type=self.type, code=self.code, param=self.param
        )


def reader_busy() -> StripeError:
    return StripeError(
        400,
        "terminal_reader_busy",
        "Reader is currently busy processing another request, please reference the integration"
        f" guide at {GUIDE} for details on how to handle this error.",
    )


def missing(kind: str, object_id: str, param: str | None = None) -> StripeError:
    return StripeError(404, "resource_missing", f"No such {kind}: '{object_id}'", param=param)


def refuse_unknown_parameters(form: Mapping[str, Any], known: frozenset[str]) -> None:
    """Stripe refuses a parameter it does not know rather than ignoring it (so does the sandbox)."""
    for name in form:
        if name not in known:
            raise StripeError(
                400, "parameter_unknown", f"Received unknown parameter: {name}", param=name
            )


def page(items: list[JsonObject], form: Mapping[str, Any], url: str, kind: str) -> JsonObject:
    """Stripe's list object for one page of ``items`` (already in Stripe's order).

    ``starting_after`` pages forward from an object, ``ending_before`` backward to one; ``limit``
    is 1 to 100, 10 by default (https://docs.stripe.com/api/pagination).
    """
    limit = positive_int(form.get("limit") or "10", "limit")
    if limit > 100:
        raise StripeError(
            400,
            "parameter_invalid_integer",
            "This value must be less than or equal to 100.",
            param="limit",
        )
    ids = [str(item["id"]) for item in items]
    after, before = form.get("starting_after"), form.get("ending_before")
    if after and before:
        raise StripeError(
            400,
            None,
            "You may only specify one of these parameters: ending_before, starting_after.",
        )
    if after or before:
        cursor, name = (after, "starting_after") if after else (before, "ending_before")
        if cursor not in ids:
            raise missing(kind, str(cursor), param=name)
        at = ids.index(str(cursor))
        if after:
            rest = items[at + 1 :]
            page, has_more = rest[:limit], len(rest) > limit
        else:
            rest = items[:at]
            page, has_more = rest[-limit:], len(rest) > limit
    else:
        page, has_more = items[:limit], len(items) > limit
    return {"object": "list", "url": url, "has_more": has_more, "data": page}


def find_reader(rs: ReaderStore, reader_id: str) -> ReaderRow:
    reader = rs.reader(reader_id)
    if reader is None:
        raise missing("terminal.reader", reader_id)
    return reader


def find_intent(rs: ReaderStore, intent_id: str, param: str | None = None) -> JsonObject:
    intent = rs.intent(intent_id)
    if intent is None:
        raise missing("payment_intent", intent_id, param)
    return intent


def positive_int(value: Any, name: str) -> int:
    if value is None:
        raise StripeError(400, "parameter_missing", f"Missing required param: {name}.", param=name)
    try:
        number = int(str(value))
    except ValueError:
        number = 0
    if number < 1:
        raise StripeError(
            400, "parameter_invalid_integer", f"Invalid positive integer: {name}", param=name
        )
    return number

"""Typed Zenoti failures. Each names the route *template* (no ids, no PII) and Zenoti's own code."""

from __future__ import annotations

import re
from enum import IntEnum

Code = int | str | None


class ErrorCode(IntEnum):
    """Zenoti application error codes the kiosk reacts to (compare with ``ZenotiError.code``)."""

    INVALID_REQUEST = 400
    NOT_AUTHORIZED = 401
    USER_NOT_FOUND = 405
    INVOICE_NOT_FOUND = 418
    FULL_PAYMENT_NOT_MADE = 419
    PAGE_SIZE_TOO_LARGE = 422
    TOO_MANY_REQUESTS = 429
    USER_NOT_AUTHORIZED = 438
    PAYMENT_IN_EXCESS = 459
    ALREADY_PAID_IN_FULL = 460
    GROUP_INVOICE_NOT_SUPPORTED = 492
    INVALID_INPUT = 502
    MISSING_INPUT = 503
    INVOICE_CLOSED = 728
    INVOICE_IN_GROUP = 928
    UNASSIGNED_TIPS = 1112
    FUTURE_APPOINTMENT = 1113
    SOMETHING_WENT_WRONG = 4023


_MANDATORY = re.compile(r"^\s*([A-Za-z_][\w.]*) is mandatory", re.IGNORECASE)


class ZenotiError(Exception):
    """Zenoti refused or failed a call: its ``code`` and ``message``, the HTTP status, the route."""

    def __init__(self, code: Code, message: str, http_status: int | None, route: str) -> None:
        self.code = code
        self.message = message
        self.http_status = http_status
        self.route = route
        super().__init__(f"{route}: {code} {message} (HTTP {http_status})")

    @property
    def mandatory_field(self) -> str | None:
        """For "<field> is mandatory" (code 503): the field the organisation requires, else None."""
        if self.code != ErrorCode.MISSING_INPUT:
            return None
        match = _MANDATORY.match(self.message)
        return match.group(1) if match else None


class ZenotiAuthError(ZenotiError):
    """The API key or token was refused (401/438), or the employee login failed."""


class ZenotiNotFound(ZenotiError):
    """The guest, invoice or other object does not exist (404, 405, 418)."""


class ZenotiRateLimited(ZenotiError):
    """Still throttled after waiting as long as we are willing to (429)."""

    def __init__(
        self,
        code: Code,
        message: str,
        http_status: int | None,
        route: str,
        retry_after: float | None,
    ) -> None:
        super().__init__(code, message, http_status, route)
        self.retry_after = retry_after


class ZenotiUnavailable(ZenotiError):
    """Zenoti unreachable or failing (5xx, transport) on a call safe to retry, after retries."""


class ZenotiUnknownOutcome(ZenotiError):
    """A write may or may not have happened: read the state back, never re-post blindly."""

    def __init__(
        self, route: str, detail: str, *, http_status: int | None = None, code: Code = None
    ) -> None:
        super().__init__(code, f"outcome unknown: {detail}", http_status, route)
        self.detail = detail


class ZenotiProtocolError(ZenotiError):
    """An answer we cannot read: not JSON, or a required field missing or mistyped."""

    def __init__(
        self, route: str, field: str, detail: str, *, http_status: int | None = None
    ) -> None:
        where = field or "<body>"
        super().__init__(None, f"{where}: {detail}", http_status, route)
        self.field = field
        self.detail = detail


def normalize_code(raw: object) -> Code:
    """Zenoti codes arrive as ints or strings: numeric strings become ints."""
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, int):
        return raw
    text = str(raw).strip()
    if text.isascii() and text.lstrip("-").isdigit() and len(text) < 12:
        return int(text)
    return text[:100] or None


def error_for(code: Code, message: str, http_status: int | None, route: str) -> ZenotiError:
    """The typed error for a failure Zenoti reported (in the body, the status, or both)."""
    if code in (ErrorCode.NOT_AUTHORIZED, ErrorCode.USER_NOT_AUTHORIZED) or http_status in (
        401,
        403,
    ):
        return ZenotiAuthError(code, message, http_status, route)
    if code in (ErrorCode.USER_NOT_FOUND, ErrorCode.INVOICE_NOT_FOUND) or http_status == 404:
        return ZenotiNotFound(code, message, http_status, route)
    if code == ErrorCode.TOO_MANY_REQUESTS and http_status != 429 and _names_a_line(route):
        # delete-a-product-from-an-invoice lists code 429 for "invoice item passed is not found",
        # and apply-a-media-campaign-offer-code-on-an-invoice 429 "Invoice item not found": on
        # those routes a 429 in the body (not an HTTP 429) is a missing line, not throttling.
        return ZenotiNotFound(code, message, http_status, route)
    if code == ErrorCode.TOO_MANY_REQUESTS or http_status == 429:
        return ZenotiRateLimited(code, message, http_status, route, retry_after=None)
    if http_status is not None and http_status >= 500:
        return ZenotiUnavailable(code, message, http_status, route)
    return ZenotiError(code, message, http_status, route)


def _names_a_line(route: str) -> bool:
    removes = route.startswith("DELETE ") and "/invoiceitems/" in route
    return removes or route.endswith("/campaign_discount/apply")

"""Stripe's HTTP conventions, and nothing of payments: form bodies, Bearer auth, the pinned API
version, error objects.

Stripe answers failures as ``{"error": {"type", "code", "decline_code", "message", ...}}`` with a
4xx/5xx status. This module sorts every answer into one of three outcomes, because that is what
the money-safety rules turn on: a JSON object (success), ``StripeRefusal`` (a 4xx: Stripe looked
and said no, nothing happened), or ``StripeNoAnswer`` (transport error, 5xx, 409, 429: the request
may or may not have taken effect).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

import httpx

from kiosk.tls import context_for

log = logging.getLogger("kiosk.payments")

FormValue = str | int | Sequence[str]
JsonObject = dict[str, Any]

# The API version every request is made in (the Stripe-Version header). Stripe renders each answer
# in the version a request names, else in the account's default, which anyone with the Dashboard
# can upgrade at any time; pinned, the shapes this driver reads cannot change under a kiosk in the
# field. Move it only together with the sandbox's emulation and its reference samples, after
# reading Stripe's changelog for every route the driver uses (docs/reader-wire.md).
STRIPE_API_VERSION = "2026-04-22.dahlia"

# Statuses after which Stripe may have acted (5xx) or will act if asked again (409 = a concurrent
# request holds the key or the object; 429 = throttled): never a "no".
_NO_ANSWER_STATUSES = frozenset({409, 429})


class StripeRefusal(Exception):
    """Stripe answered 4xx with an error object: the request was refused and changed nothing."""

    def __init__(
        self, status: int, error_type: str, code: str, message: str, decline_code: str | None
    ) -> None:
        super().__init__(f"{status} {error_type}/{code}: {message}")
        self.status = status
        self.error_type = error_type
        self.code = code
        self.message = message
        self.decline_code = decline_code


class StripeNoAnswer(Exception):
    """No usable answer: the request may or may not have taken effect."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class StripeHttp:
    """One ``httpx.AsyncClient`` speaking Stripe's dialect; the secret key lives only in headers."""

    def __init__(
        self,
        base_url: str,
        secret_key: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 15.0,
    ) -> None:
        self._client = httpx.AsyncClient(
            base_url=base_url.rstrip("/"),
            headers={
                "Authorization": f"Bearer {secret_key}",
                "Accept": "application/json",
                "Stripe-Version": STRIPE_API_VERSION,
            },
            transport=transport,
            timeout=timeout,
            verify=context_for(base_url),
        )

    async def get(self, path: str, params: Mapping[str, FormValue] | None = None) -> JsonObject:
        """GET a Stripe object; reads are safe to repeat."""
        return await self._send("GET", path, params=params)

    async def post(
        self,
        path: str,
        form: Mapping[str, FormValue] | None = None,
        *,
        idempotency_key: str | None = None,
    ) -> JsonObject:
        """POST a form; with ``idempotency_key`` a repeat gets the first answer back (Stripe's)."""
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
        return await self._send("POST", path, form=form or {}, headers=headers)

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()

    async def _send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, FormValue] | None = None,
        form: Mapping[str, FormValue] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> JsonObject:
        try:
            response = await self._client.request(
                method, path, params=params, data=form, headers=headers
            )
        except httpx.TransportError as error:
            # Whether the request reached Stripe is unknowable from here, even for a connect
            # error on a pooled connection; the caller reads back instead of guessing.
            log.info("stripe %s %s: no answer (%s)", method, path, type(error).__name__)
            raise StripeNoAnswer(f"{type(error).__name__}") from error
        replayed = response.headers.get("Idempotent-Replayed") == "true"
        replayed_note = " (idempotent replay)" if replayed else ""
        log.debug("stripe %s %s → %s%s", method, path, response.status_code, replayed_note)
        return _interpret(response)


def _interpret(response: httpx.Response) -> JsonObject:
    status = response.status_code
    body = _json_object(response)
    if status >= 500 or status in _NO_ANSWER_STATUSES:
        raise StripeNoAnswer(f"HTTP {status}")
    if status >= 400:
        error = body.get("error") if body is not None else None
        if not isinstance(error, dict):
            raise StripeRefusal(status, "invalid_request_error", f"http_{status}", "", None)
        return _raise_refusal(status, error)
    if body is None or not isinstance(body.get("object"), str):
        # A 2xx that is not a Stripe object (a proxy page, a cut-off body, an error object where
        # the object should be): we cannot tell what happened, so it counts as no answer rather
        # than success. Every Stripe object names its kind in ``object``.
        raise StripeNoAnswer(f"HTTP {status} without a Stripe object")
    return body


def _raise_refusal(status: int, error: JsonObject) -> JsonObject:
    error_type = str(error.get("type") or "invalid_request_error")
    code = str(error.get("code") or error_type)
    decline_code = error.get("decline_code")
    raise StripeRefusal(
        status,
        error_type,
        code,
        str(error.get("message") or ""),
        str(decline_code) if decline_code else None,
    )


def _json_object(response: httpx.Response) -> JsonObject | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None

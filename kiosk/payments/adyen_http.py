"""Adyen's cloud Terminal API on the wire: ``POST {base}/sync`` with ``X-API-Key``, JSON both ways.

A synchronous request keeps the connection open until the terminal has an answer (a payment: until
the shopper is done, up to Adyen's 150 s). What can come back:

- a ``SaleToPOIResponse`` — the answer;
- ``ok`` or an empty body — a request with no answer message (an AbortRequest);
- a ``SaleToPOIRequest`` with an ``EventNotification`` Reject — the cloud did not deliver the
  request (the terminal is not connected, or the message was not acceptable): nothing happened;
- an HTTP error with Adyen's error object (``status``, ``errorCode``, ``message``, ``errorType``).

A transport failure, a time-out, a 5xx or a body that is not JSON leave the request's effect
unknown (:class:`AdyenNoAnswer`): the caller reads the payment back, never sends it again blindly.
The API key is never logged; neither is an answer's body (it holds the card's masked number).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import httpx

from kiosk.payments.adyen_nexo import JsonObject, decode, encode, rejection

log = logging.getLogger("kiosk.payments")


class AdyenNoAnswer(Exception):
    """The request may or may not have reached the terminal (time-out, dropped, 5xx, garbage)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class AdyenRefusal(Exception):
    """Adyen refused the HTTP request itself (bad key, forbidden, malformed): nothing happened."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message


class AdyenRejected(Exception):
    """The cloud answered with an EventNotification Reject: the request was not delivered."""

    def __init__(self, details: str) -> None:
        super().__init__(details)
        self.details = details

    @property
    def unreachable(self) -> bool:
        """Whether the reason is the terminal's connection (rather than the message itself)."""
        text = self.details.replace("+", " ").lower()
        return "poi" in text or "not connected" in text or "network" in text


class AdyenHttp:
    """One HTTP client for one Terminal API endpoint (``https://terminal-api-test.adyen.com``)."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 30.0,
    ) -> None:
        self._client = httpx.AsyncClient(
            base_url=base_url.rstrip("/"),
            headers={"X-API-Key": api_key, "Content-Type": "application/json"},
            transport=transport,
            timeout=timeout,
        )

    async def sync(self, message: Mapping[str, Any], *, timeout: float | None = None) -> Any:
        """Send one Terminal API request to ``/sync``; its answer, or None for ``ok``.

        Raises :class:`AdyenNoAnswer`, :class:`AdyenRefusal` or :class:`AdyenRejected`.
        """
        options: dict[str, Any] = {} if timeout is None else {"timeout": timeout}
        try:
            response = await self._client.post("/sync", content=encode(message), **options)
        except httpx.TransportError as error:
            raise AdyenNoAnswer(type(error).__name__) from error
        if response.status_code >= 500:
            raise AdyenNoAnswer(f"HTTP {response.status_code}")
        raw = response.content
        if response.status_code >= 400:
            raise _refusal(response.status_code, raw)
        if not raw.strip() or raw.strip() == b"ok":
            return None
        try:
            answer = decode(raw)
        except ValueError as error:
            raise AdyenNoAnswer("the answer is not JSON") from error
        details = rejection(answer)
        if details is not None:
            raise AdyenRejected(details)
        return answer

    async def post_json(self, url: str, body: JsonObject) -> None:
        """A plain JSON POST to another URL with this client (the sandbox's test helper)."""
        try:
            response = await self._client.post(url, content=encode(body))
        except httpx.TransportError as error:
            raise AdyenNoAnswer(type(error).__name__) from error
        if response.status_code >= 500:
            raise AdyenNoAnswer(f"HTTP {response.status_code}")
        if response.status_code >= 400:
            raise _refusal(response.status_code, response.content)

    async def aclose(self) -> None:
        await self._client.aclose()


def _refusal(status: int, raw: bytes) -> AdyenRefusal:
    try:
        body = decode(raw)
    except ValueError:
        body = None
    if isinstance(body, dict):
        code = str(body.get("errorCode") or status)
        message = str(body.get("message") or body.get("error") or "refused")
    else:
        code, message = str(status), "refused"
    log.info("Adyen refused a request: HTTP %s, error code %s", status, code)
    return AdyenRefusal(status, code, message)

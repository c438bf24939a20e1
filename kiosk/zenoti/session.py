"""One HTTP conversation with Zenoti: headers, rate budget, auth, retries, and failure in any body.

Retry policy (the sale engine relies on it):
- A *safe* call (GET, and the token call) is retried on transport errors, HTTP 5xx and 429, with
  exponential backoff and jitter, at most ``max_retries`` times; then ``ZenotiUnavailable`` (or
  ``ZenotiRateLimited``).
- A *write* (POST/PUT/DELETE) is retried only when Zenoti cannot have acted on it: the connection
  was never made (``ConnectError``, ``ConnectTimeout``, ``PoolTimeout`` — nothing was sent), Zenoti
  throttled it (429: refused, retried after ``Retry-After``), or refused the credentials (401: one
  retry after renewing the token). Anything after the request may have been sent — read timeout,
  dropped connection, HTTP 5xx, a 2xx body we cannot read — raises ``ZenotiUnknownOutcome``: the
  caller reads the state back instead of posting again (Zenoti has no idempotency keys).
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import httpx

from kiosk import APP_NAME, __version__
from kiosk.tls import context_for
from kiosk.zenoti.auth import Auth
from kiosk.zenoti.envelope import failure_in
from kiosk.zenoti.errors import (
    ZenotiAuthError,
    ZenotiProtocolError,
    ZenotiRateLimited,
    ZenotiUnavailable,
    ZenotiUnknownOutcome,
    error_for,
)
from kiosk.zenoti.ratelimit import CallBudget, priority_of, retry_after
from kiosk.zenoti.schema.reader import encode_json, parse_json

log = logging.getLogger("kiosk.zenoti")

# Nothing reached the server: a write failing like this is safe to send again.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)

Params = Mapping[str, str | int | list[str]]
# Told of every answer (or transport failure): the route template and the HTTP status, or the
# transport error's name. The kiosk's metrics listen; nothing of the call's content is passed.
AnswerListener = Callable[[str, str], None]


@dataclass(frozen=True, slots=True)
class Backoff:
    """Exponential backoff with jitter between retries: ``base * 2**n``, capped, times 0.5..1."""

    base: float = 0.5
    cap: float = 8.0
    # A longer Retry-After fails the call rather than freezing the kiosk.
    max_retry_after: float = 60.0
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    jitter: Callable[[], float] = field(default=random.random)  # 0..1

    def delay(self, retry: int) -> float:
        """The pause before retry number ``retry`` (1-based)."""
        return min(self.cap, self.base * 2.0 ** (retry - 1)) * (0.5 + 0.5 * self.jitter())


class ZenotiSession:
    """Sends one route call and returns its parsed, failure-checked JSON body."""

    def __init__(
        self,
        base_url: str,
        auth: Auth,
        *,
        rate_budget: CallBudget,
        transport: httpx.AsyncBaseTransport | None,
        timeout: float,
        max_retries: int,
        backoff: Backoff,
        app_name: str = APP_NAME,
        app_version: str = __version__,
        on_answer: AnswerListener | None = None,
    ) -> None:
        self._auth = auth
        self._budget = rate_budget
        self._on_answer = on_answer
        self._max_retries = max_retries
        self._backoff = backoff
        self._http = httpx.AsyncClient(
            base_url=base_url.rstrip("/"),
            transport=transport,
            timeout=timeout,
            verify=context_for(base_url),
            follow_redirects=False,
            headers={
                "Accept": "application/json",
                "application_name": app_name,
                "application_version": app_version,
                "User-Agent": f"{app_name}/{app_version}",
            },
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def tokens(self, body: dict[str, Any]) -> Any:
        """``POST /v1/tokens`` unauthorised; safe to repeat (a used refresh token just fails)."""
        return await self.call("POST", "/v1/tokens", body=body, safe=True, authorised=False)

    async def call(
        self,
        method: str,
        template: str,
        *,
        path: Mapping[str, str] | None = None,
        params: Params | None = None,
        body: Any = None,
        safe: bool | None = None,
        authorised: bool = True,
    ) -> Any:
        """Send ``method template`` (``{name}`` from ``path``); the JSON body, or a ZenotiError."""
        route = f"{method} {template}"
        url = template.format(**{k: quote(v, safe="") for k, v in (path or {}).items()})
        safe = method == "GET" if safe is None else safe
        content = None if body is None else encode_json(body)
        retries = 0
        renewed = False
        priority = priority_of(method, template)
        while True:
            await self._budget.acquire(priority)
            headers = {"Content-Type": "application/json"} if content is not None else {}
            if authorised:
                headers["Authorization"] = await self._auth.authorization(self.tokens)
            started = time.monotonic()
            try:
                response = await self._http.request(
                    method, url, params=params, content=content, headers=headers
                )
            except httpx.RequestError as exc:  # transport errors, and an undecodable body
                kind = type(exc).__name__
                self._answered(route, kind)
                if not safe and not isinstance(exc, _NOT_SENT):
                    log.info("%s: %s after sending, outcome unknown", route, kind)
                    raise ZenotiUnknownOutcome(route, kind) from exc
                if retries >= self._max_retries:
                    raise ZenotiUnavailable(None, kind, None, route) from exc
                retries += 1
                await self._pause(route, retries, kind)
                continue
            self._budget.observe(response.headers)
            status = response.status_code
            self._answered(route, str(status))
            log.debug("%s -> %s in %.3fs", route, status, time.monotonic() - started)
            if status == 429:
                wait = retry_after(response.headers)
                wait = 1.0 if wait is None else wait
                if retries >= self._max_retries or wait > self._backoff.max_retry_after:
                    raise ZenotiRateLimited(
                        429, "Too many requests", status, route, retry_after=wait
                    )
                retries += 1
                log.info("%s: throttled, retrying in %.1fs", route, wait)
                self._budget.penalize(wait)
                continue
            if status >= 500:
                failure = failure_in(_try_json(response))
                code = failure.code if failure else None
                if not safe:
                    log.info("%s: HTTP %s on a write, outcome unknown", route, status)
                    raise ZenotiUnknownOutcome(
                        route, f"HTTP {status}", http_status=status, code=code
                    )
                if retries >= self._max_retries:
                    message = failure.message if failure else f"HTTP {status}"
                    raise ZenotiUnavailable(code, message, status, route)
                retries += 1
                await self._pause(route, retries, f"HTTP {status}")
                continue
            try:
                return self._read(response, route, safe)
            except ZenotiAuthError as exc:
                if not authorised or renewed:
                    raise
                if not await self._auth.renew_after_401(self.tokens, headers["Authorization"]):
                    raise
                renewed = True
                log.info("%s: %s, retrying once with renewed credentials", route, exc.code)

    def _answered(self, route: str, status: str) -> None:
        if self._on_answer is not None:
            self._on_answer(route, status)

    async def _pause(self, route: str, retry: int, why: str) -> None:
        delay = self._backoff.delay(retry)
        log.info("%s: %s, retry %d in %.2fs", route, why, retry, delay)
        await self._backoff.sleep(delay)

    def _read(self, response: httpx.Response, route: str, safe: bool) -> Any:
        status = response.status_code
        try:
            body = parse_json(response.content) if response.content.strip() else {}
        except ValueError:
            if status >= 400:
                raise error_for(status, f"HTTP {status}", status, route) from None
            if not safe:
                raise ZenotiUnknownOutcome(route, "unreadable answer", http_status=status) from None
            raise ZenotiProtocolError(route, "", "not JSON", http_status=status) from None
        failure = failure_in(body)
        if failure is not None:
            log.info("%s: Zenoti error %s (HTTP %s)", route, failure.code, status)
            raise error_for(failure.code, failure.message, status, route)
        if status >= 400:
            raise error_for(status, f"HTTP {status}", status, route)
        if not 200 <= status < 300:
            raise ZenotiProtocolError(route, "", f"unexpected HTTP {status}", http_status=status)
        return body


def _try_json(response: httpx.Response) -> Any:
    try:
        return parse_json(response.content)
    except ValueError:
        return None

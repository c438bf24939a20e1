"""How calls are authorised: an API key, or an employee token kept fresh.

Both give the ``Authorization`` header for the next call. ``EmployeeTokenAuth`` logs in with
``POST /v1/tokens`` through the session's ``TokenEndpoint`` (so token calls share the rate budget),
refreshes shortly before ``access_token_expiry`` with the single-use refresh token, falls back
to the password grant when a refresh fails, and renews once when Zenoti answers 401.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from kiosk.zenoti.errors import ZenotiError
from kiosk.zenoti.schema.reader import Node

log = logging.getLogger("kiosk.zenoti")

TOKENS_ROUTE = "POST /v1/tokens"

# Sends a body to POST /v1/tokens without authorisation; returns the checked, parsed JSON body.
TokenEndpoint = Callable[[dict[str, Any]], Awaitable[Any]]


def _utcnow() -> datetime:
    return datetime.now(UTC)


class Auth(Protocol):
    """Gives the ``Authorization`` header of the next call, and reacts to a 401."""

    async def authorization(self, tokens: TokenEndpoint) -> str:
        """The header value for the next call (may log in first)."""
        ...

    async def renew_after_401(self, tokens: TokenEndpoint, rejected: str) -> bool:
        """Zenoti refused ``rejected``: renew if possible; True when the call is worth one retry."""
        ...


class ApiKeyAuth:
    """``Authorization: apikey <key>``: the server-to-server way, recommended for a kiosk."""

    def __init__(self, key: str) -> None:
        if not key:
            raise ValueError("an API key is required")
        self._key = key

    def __repr__(self) -> str:
        return "ApiKeyAuth(key='***')"

    async def authorization(self, tokens: TokenEndpoint) -> str:
        return f"apikey {self._key}"

    async def renew_after_401(self, tokens: TokenEndpoint, rejected: str) -> bool:
        return False  # a refused key stays refused


@dataclass(frozen=True, slots=True, repr=False)
class _Token:
    access: str
    expires_at: datetime | None
    obtained_at: datetime
    refresh: str | None
    refresh_expires_at: datetime | None


def _parse_credentials(body: object, now: datetime) -> _Token:
    credentials = Node(body, TOKENS_ROUTE).child("credentials")
    return _Token(
        access=credentials.text("access_token"),
        expires_at=credentials.utc_datetime("access_token_expiry"),
        obtained_at=now,
        refresh=credentials.opt_text("refresh_token") or None,
        refresh_expires_at=credentials.utc_datetime("refresh_token_expiry"),
    )


class EmployeeTokenAuth:
    """``Authorization: bearer <token>`` for an employee login, renewed before it expires."""

    def __init__(
        self,
        account_name: str,
        user_name: str,
        password: str,
        app_id: str,
        app_secret: str,
        device_id: str,
        *,
        margin: timedelta = timedelta(minutes=5),
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self._login = {
            "account_name": account_name,
            "user_name": user_name,
            "password": password,
            "grant_type": "password",
            "app_id": app_id,
            "app_secret": app_secret,
            "device_id": device_id,
        }
        self._margin = margin
        self._clock = clock
        self._token: _Token | None = None
        self._lock = asyncio.Lock()

    def __repr__(self) -> str:
        return (
            f"EmployeeTokenAuth(account_name={self._login['account_name']!r}, "
            f"user_name={self._login['user_name']!r}, password='***', app_secret='***')"
        )

    def _header(self, token: _Token) -> str:
        return f"bearer {token.access}"

    def _is_due(self, token: _Token) -> bool:
        if token.expires_at is None:
            return False  # no expiry given: keep it until Zenoti refuses it
        lifetime = token.expires_at - token.obtained_at
        # Renew `margin` early, but never more than a tenth of the token's life early.
        early = min(self._margin, max(lifetime / 10, timedelta(0)))
        return self._clock() >= token.expires_at - early

    async def authorization(self, tokens: TokenEndpoint) -> str:
        async with self._lock:
            if self._token is None or self._is_due(self._token):
                self._token = await self._renew(tokens)
            return self._header(self._token)

    async def renew_after_401(self, tokens: TokenEndpoint, rejected: str) -> bool:
        async with self._lock:
            if self._token is not None and self._header(self._token) != rejected:
                return True  # another call renewed it meanwhile
            self._token = await self._renew(tokens)
            return True

    async def _renew(self, tokens: TokenEndpoint) -> _Token:
        previous, self._token = self._token, None
        now = self._clock()
        if (
            previous is not None
            and previous.refresh
            and (previous.refresh_expires_at is None or now < previous.refresh_expires_at)
        ):
            try:
                body = await tokens(
                    {"refresh_token": previous.refresh, "grant_type": "refresh_token"}
                )
                log.info("employee token refreshed")
                return _parse_credentials(body, self._clock())
            except ZenotiError as exc:
                # A refresh token works once; whatever went wrong, log in again with the password.
                log.info("token refresh failed (%s), logging in again", exc.code)
        body = await tokens(dict(self._login))
        log.info("employee logged in")
        return _parse_credentials(body, self._clock())

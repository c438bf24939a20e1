"""Who may call the Zenoti routes: the API key, or an employee's bearer token (``/v1/tokens``)."""

from __future__ import annotations

import hmac
import secrets
import uuid
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.routing import BaseRoute, Route

from kiosk.sandbox.clock import parse_utc, utc_now
from kiosk.sandbox.errors import ZenotiError
from kiosk.sandbox.wire import endpoint, json_body

if TYPE_CHECKING:
    from kiosk.sandbox.state import SandboxState

REFRESH_TOKEN_LIFETIME = timedelta(days=90)
LOGIN_FIELDS = ("account_name", "user_name", "password", "app_id", "app_secret")


def is_authorised(state: SandboxState, header: str) -> bool:
    """``apikey <the configured key>`` or ``bearer <an unexpired, unrevoked access token>``."""
    scheme, _, credential = header.strip().partition(" ")
    credential = credential.strip()
    if not credential:
        return False
    if scheme.lower() == "apikey":
        return hmac.compare_digest(credential, state.api_key)
    if scheme.lower() == "bearer":
        row = state.store.one(
            "SELECT access_expires_at, revoked FROM access_tokens WHERE access_token = ?",
            (credential,),
        )
        if row is None or row["revoked"]:
            return False
        return parse_utc(row["access_expires_at"]) > utc_now()
    return False


def zenoti_instant(moment: datetime) -> str:
    """An expiry as Zenoti's sample writes it: UTC, seven fractional digits, ``Z``
    (``2022-06-08T11:19:18.7016839Z``)."""
    utc = moment.astimezone(UTC)
    return f"{utc:%Y-%m-%dT%H:%M:%S}.{utc.microsecond:06d}0Z"


def _issue(state: SandboxState, user_id: str, app_id: str) -> dict[str, Any]:
    now = utc_now()
    access, refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    access_expiry = zenoti_instant(now + timedelta(seconds=state.settings.token_ttl_seconds))
    refresh_expiry = zenoti_instant(now + REFRESH_TOKEN_LIFETIME)
    state.store.execute(
        "INSERT INTO access_tokens (access_token, refresh_token, user_id, app_id,"
        " access_expires_at, refresh_expires_at) VALUES (?, ?, ?, ?, ?, ?)",
        (access, refresh, user_id, app_id, access_expiry, refresh_expiry),
    )
    return {
        "credentials": {
            "access_token": access,
            "access_token_expiry": access_expiry,
            "refresh_token": refresh,
            "refresh_token_expiry": refresh_expiry,
            "token_type": "bearer",
            "token_id": str(uuid.uuid4()),
            "app_id": app_id,
            "user_type": "Employee",
        },
        # Zenoti's sample carries this block; its meaning is not documented, so the sandbox
        # answers what the sample shows for a login that is allowed.
        "login_policy_evaluation": {
            "allowlogin": True,
            "policyaction": 0,
            "policyactiondata": None,
            "userid": None,
            "passwordexpiryreminder": False,
        },
        "error": None,
    }


def routes(state: SandboxState) -> list[BaseRoute]:
    """``POST /v1/tokens``: password and refresh-token grants."""

    async def tokens(request: Request) -> dict[str, Any]:
        body = await json_body(request)
        grant = body.get("grant_type")
        login = state.ref.employee_login
        if grant == "password":
            given = [str(body.get(name) or "") for name in LOGIN_FIELDS]
            expected = [login[name] for name in LOGIN_FIELDS]
            if not all(hmac.compare_digest(g, e) for g, e in zip(given, expected, strict=True)):
                raise ZenotiError(401, 401, "Invalid user name or password")
            with state.store.transaction():
                return _issue(state, login["user_id"], login["app_id"])
        if grant == "refresh_token":
            token = str(body.get("refresh_token") or "")
            with state.store.transaction():
                row = state.store.one(
                    "SELECT * FROM access_tokens WHERE refresh_token = ?", (token,)
                )
                if row is None or row["refresh_used"]:
                    raise ZenotiError(401, 401, "Invalid refresh token")
                if parse_utc(row["refresh_expires_at"]) <= utc_now():
                    raise ZenotiError(401, 401, "Refresh token expired")
                # Single use, and the access token it came with stops working.
                state.store.execute(
                    "UPDATE access_tokens SET refresh_used = 1, revoked = 1"
                    " WHERE refresh_token = ?",
                    (token,),
                )
                return _issue(state, row["user_id"], row["app_id"])
        raise ZenotiError(400, 400, "grant_type must be password or refresh_token")

    return [Route("/v1/tokens", endpoint(tokens), methods=["POST"])]

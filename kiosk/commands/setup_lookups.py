"""What ``kiosk setup`` reads over the network: the organisation's centers and a center's
employees from Zenoti (with the doctor's short deadlines), and a sandbox's simulated reader."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx

from kiosk.commands.setup_answers import Reader, SetupStopped
from kiosk.logs import redact
from kiosk.zenoti.auth import ApiKeyAuth
from kiosk.zenoti.client import ZenotiClient
from kiosk.zenoti.errors import ZenotiAuthError, ZenotiError
from kiosk.zenoti.session import Backoff

T = TypeVar("T")

HTTP_TIMEOUT = 10.0  # seconds for one exchange, as the doctor allows
CALL_DEADLINE = 30.0  # seconds for one lookup, its retry included
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def lookup(url: str, api_key: str, use: Callable[[ZenotiClient], Awaitable[T]], what: str) -> T:
    """One read from Zenoti with the doctor's short deadlines; SetupStopped when it fails."""

    async def call() -> T:
        # Centers and employees carry no money; the client wants a currency for calls that do.
        client = ZenotiClient(
            url,
            ApiKeyAuth(api_key),
            currency="USD",
            timeout=HTTP_TIMEOUT,
            max_retries=1,
            backoff=Backoff(cap=1.0, max_retry_after=5.0),
        )
        async with client:
            return await asyncio.wait_for(use(client), CALL_DEADLINE)

    try:
        return asyncio.run(call())
    except TimeoutError:
        line = f"no answer from {url} in {CALL_DEADLINE:.0f} s for {what}"
        fix = "check the network and the Zenoti URL"
    except ZenotiAuthError as error:
        line = f"Zenoti at {url} refused the API key ({error.code})"
        fix = "copy the backend API key from Zenoti (Setup → Apps)"
    except ZenotiError as error:
        line = f"no usable answer from {url} for {what} ({redact(error.message)})"
        fix = "check the network, the Zenoti URL (regional hosts differ) and the API key"
    raise SetupStopped(f"kiosk setup: {line} — {fix}; nothing was written", 1)


def is_sandbox(url: str) -> bool:
    """Whether ``url`` is a kiosk sandbox on this machine (real Zenoti is never asked)."""
    if urlsplit(url).hostname not in LOOPBACK:
        return False
    try:
        return _sandbox_info(url) is not None
    except (httpx.HTTPError, ValueError):  # nothing listening, or not a sandbox's JSON
        return False


def _sandbox_info(url: str) -> dict[str, Any] | None:
    answer = httpx.get(f"{url}/_sandbox/info", timeout=HTTP_TIMEOUT)
    if answer.status_code != 200:
        return None
    body = answer.json()
    return body if isinstance(body, dict) and isinstance(body.get("reader"), dict) else None


def sandbox_reader(url: str, center_id: str) -> Reader:
    """The sandbox's simulated reader for ``center_id``, as ``GET /_sandbox/info`` describes it."""
    try:
        info = _sandbox_info(url) if urlsplit(url).hostname in LOOPBACK else None
    except (httpx.HTTPError, ValueError):
        info = None
    if info is None:
        raise SetupStopped(
            f"kiosk setup: --reader sandbox: {url} is not a kiosk sandbox on this machine; "
            "give a Stripe reader id (tmr_...) or none",
            2,
        )
    reader = info["reader"]
    readers = [r for r in reader["readers"] if r.get("center_id") in (None, center_id)]
    chosen = (readers or reader["readers"])[0]
    return Reader(url + reader.get("base_path", "/stripe"), chosen["id"], reader["secret_key"])

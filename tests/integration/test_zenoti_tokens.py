"""Contract: employee tokens against the sandbox — login, refresh on expiry, renew on 401."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from kiosk.zenoti import Backoff, EmployeeTokenAuth, ZenotiAuthError, ZenotiClient
from tests.support.sandbox_process import SandboxProcess

pytestmark = pytest.mark.sandbox


def employee_client(
    sandbox: SandboxProcess,
    password: str | None = None,
    clock: Callable[[], datetime] | None = None,
) -> ZenotiClient:
    login = sandbox.info()["employee_login"]
    auth = EmployeeTokenAuth(
        login["account_name"],
        login["user_name"],
        password or login["password"],
        login["app_id"],
        login["app_secret"],
        "kiosk-test-device",
        **({"clock": clock} if clock else {}),
    )
    return ZenotiClient(
        sandbox.base_url,
        auth,
        currency=sandbox.info()["currency"],
        backoff=Backoff(base=0.02, cap=0.1),
    )


def token_calls(sandbox: SandboxProcess) -> list[int | None]:
    return [r["status"] for r in sandbox.requests() if r["path"] == "/v1/tokens"]


@pytest.mark.asyncio
async def test_logs_in_once_and_calls_with_the_token(sandbox: SandboxProcess) -> None:
    async with employee_client(sandbox) as client:
        assert await client.countries()
        assert await client.centers()
    assert token_calls(sandbox) == [200]
    assert [r["status"] for r in sandbox.requests() if r["path"] != "/v1/tokens"] == [200, 200]


@pytest.mark.asyncio
async def test_a_wrong_password_is_an_auth_error(sandbox: SandboxProcess) -> None:
    async with employee_client(sandbox, password="wrong") as client:
        with pytest.raises(ZenotiAuthError) as caught:
            await client.countries()
    assert caught.value.route == "POST /v1/tokens"
    assert token_calls(sandbox) == [401]


class MovingClock:
    """The client's clock, moved by the test instead of waited for."""

    def __init__(self) -> None:
        self.start = self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


async def _wall_clock_passes(moment: datetime) -> None:
    """Wait until the machine's clock (the sandbox's too) is past ``moment``, and no longer."""
    await asyncio.sleep(max(0.0, (moment - datetime.now(UTC)).total_seconds()) + 0.01)
    assert datetime.now(UTC) > moment


@pytest.mark.asyncio
async def test_refreshes_before_the_token_expires(sandbox: SandboxProcess) -> None:
    sandbox.settings(token_ttl_seconds=3600)  # an hour, renewed in its last five minutes
    clock = MovingClock()
    async with employee_client(sandbox, clock=clock) as client:
        assert await client.countries()
        clock.now = clock.start + timedelta(minutes=54, seconds=59)
        assert await client.countries()
        assert token_calls(sandbox) == [200]  # not due yet: the token is kept
        clock.now = clock.start + timedelta(minutes=57)
        assert await client.countries()
    # Refreshed ahead of the call: no 401 was ever answered.
    assert token_calls(sandbox) == [200, 200]
    assert 401 not in [r["status"] for r in sandbox.requests()]


@pytest.mark.asyncio
async def test_a_401_renews_the_token_once_and_retries(sandbox: SandboxProcess) -> None:
    sandbox.settings(token_ttl_seconds=1)
    lagging = datetime.now(
        UTC
    )  # a clock stuck at login time: the client believes its token is fresh
    async with employee_client(sandbox, clock=lambda: lagging) as client:
        assert await client.countries()
        # The sandbox expires tokens on the wall clock, one second after it issued this one:
        # only that second is waited for.
        await _wall_clock_passes(datetime.now(UTC) + timedelta(seconds=1))
        # Expiry times are whole seconds: a 1 s token may live only a moment. The renewed token
        # must outlive the retry on a busy machine, so it gets a minute.
        sandbox.settings(token_ttl_seconds=60)
        assert await client.countries()
    statuses = [(r["path"], r["status"]) for r in sandbox.requests()]
    assert statuses == [
        ("/v1/tokens", 200),
        ("/v1/countries", 200),
        ("/v1/countries", 401),
        ("/v1/tokens", 200),
        ("/v1/countries", 200),
    ]


@pytest.mark.asyncio
async def test_an_injected_401_renews_once_then_gives_up(sandbox: SandboxProcess) -> None:
    async with employee_client(sandbox) as client:
        assert await client.countries()
        sandbox.inject(method="GET", path="/v1/countries", kind="status", status=401, count=2)
        with pytest.raises(ZenotiAuthError):
            await client.countries()
    assert [r["status"] for r in sandbox.requests() if r["path"] == "/v1/countries"] == [
        200,
        401,
        401,
    ]
    assert token_calls(sandbox) == [200, 200]

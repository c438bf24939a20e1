"""Employee tokens on a fake clock: login, refresh before expiry, fallback, one renewal on 401."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from kiosk.zenoti import Backoff, EmployeeTokenAuth, RateBudget, ZenotiAuthError, ZenotiClient

START = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)


class FakeZenoti:
    """Issues numbered tokens valid for ``ttl``; refresh tokens work once; can refuse a token."""

    def __init__(self, ttl: timedelta = timedelta(hours=10)) -> None:
        self.now = START
        self.ttl = ttl
        self.issued = 0
        self.grants: list[str] = []
        self.valid: set[str] = set()
        self.refreshable: set[str] = set()
        self.refuse_refresh = False

    def clock(self) -> datetime:
        return self.now

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/tokens":
            return self._tokens(json.loads(request.content))
        bearer = request.headers.get("authorization", "").removeprefix("bearer ")
        if bearer not in self.valid:
            return httpx.Response(401, json={"error": {"code": 401, "message": "Unauthorized"}})
        return httpx.Response(200, json={"countries": [], "error": None})

    def _tokens(self, body: dict[str, str]) -> httpx.Response:
        grant = body["grant_type"]
        self.grants.append(grant)
        if grant == "refresh_token":
            if self.refuse_refresh or body["refresh_token"] not in self.refreshable:
                return httpx.Response(401, json={"error": {"code": 401, "message": "Bad token"}})
            self.refreshable.discard(body["refresh_token"])
            self.valid.clear()  # refreshing revokes the old access token
        elif body["password"] != "s3cret":
            return httpx.Response(401, json={"error": {"code": 401, "message": "Invalid login"}})
        self.issued += 1
        access, refresh = f"access-{self.issued}", f"refresh-{self.issued}"
        self.valid.add(access)
        self.refreshable.add(refresh)
        expiry = (self.now + self.ttl).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        credentials = {
            "access_token": access,
            "access_token_expiry": expiry,
            "refresh_token": refresh,
            "refresh_token_expiry": (self.now + timedelta(days=90)).isoformat(),
            "token_type": "bearer",
        }
        return httpx.Response(200, json={"credentials": credentials, "error": None})


def make(zenoti: FakeZenoti, password: str = "s3cret") -> tuple[ZenotiClient, EmployeeTokenAuth]:  # noqa: S107
    auth = EmployeeTokenAuth(
        "acme", "kiosk", password, "app", "app-secret", "dev-1", clock=zenoti.clock
    )

    async def no_sleep(_: float) -> None:
        return None

    client = ZenotiClient(
        "https://zenoti.test",
        auth,
        currency="USD",
        rate_budget=RateBudget(6000, sleep=no_sleep),
        transport=httpx.MockTransport(zenoti),
        backoff=Backoff(base=0, sleep=no_sleep),
    )
    return client, auth


@pytest.mark.asyncio
async def test_logs_in_once_and_reuses_the_token() -> None:
    zenoti = FakeZenoti()
    client, _ = make(zenoti)
    async with client:
        await client.countries()
        zenoti.now += timedelta(hours=9)
        await client.countries()
    assert zenoti.grants == ["password"]


@pytest.mark.asyncio
async def test_refreshes_shortly_before_expiry_with_the_refresh_token() -> None:
    zenoti = FakeZenoti()
    client, _ = make(zenoti)
    async with client:
        await client.countries()
        zenoti.now += timedelta(hours=9, minutes=56)  # inside the 5-minute margin
        await client.countries()
        await client.countries()
    assert zenoti.grants == ["password", "refresh_token"]


@pytest.mark.asyncio
async def test_a_short_lived_token_is_not_refreshed_on_every_call() -> None:
    zenoti = FakeZenoti(ttl=timedelta(seconds=20))
    client, _ = make(zenoti)
    async with client:
        await client.countries()
        zenoti.now += timedelta(seconds=10)
        await client.countries()
        assert zenoti.grants == ["password"]
        zenoti.now += timedelta(seconds=9)  # within a tenth of its life of the expiry
        await client.countries()
    assert zenoti.grants == ["password", "refresh_token"]


@pytest.mark.asyncio
async def test_a_failed_refresh_falls_back_to_the_password() -> None:
    zenoti = FakeZenoti()
    client, _ = make(zenoti)
    async with client:
        await client.countries()
        zenoti.refuse_refresh = True
        zenoti.now += timedelta(hours=11)
        await client.countries()
    assert zenoti.grants == ["password", "refresh_token", "password"]


@pytest.mark.asyncio
async def test_a_401_renews_once_and_retries_the_call() -> None:
    zenoti = FakeZenoti()
    client, _ = make(zenoti)
    async with client:
        await client.countries()
        zenoti.valid.clear()  # revoked behind our back
        assert await client.countries() == []
    assert zenoti.grants == ["password", "refresh_token"]


@pytest.mark.asyncio
async def test_a_second_401_is_an_auth_error() -> None:
    zenoti = FakeZenoti()

    def always_refuse(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/tokens":
            return zenoti(request)
        return httpx.Response(401, json={"error": {"code": 401, "message": "Unauthorized"}})

    client = ZenotiClient(
        "https://zenoti.test",
        EmployeeTokenAuth("acme", "kiosk", "s3cret", "app", "x", "d", clock=zenoti.clock),
        currency="USD",
        transport=httpx.MockTransport(always_refuse),
    )
    async with client:
        with pytest.raises(ZenotiAuthError):
            await client.countries()
    assert zenoti.grants == ["password", "refresh_token"]


@pytest.mark.asyncio
async def test_a_wrong_password_is_an_auth_error_without_retries() -> None:
    zenoti = FakeZenoti()
    client, _ = make(zenoti, password="wrong")
    async with client:
        with pytest.raises(ZenotiAuthError) as caught:
            await client.countries()
    assert caught.value.route == "POST /v1/tokens"
    assert zenoti.grants == ["password"]


def test_secrets_are_masked_in_the_repr() -> None:
    auth = EmployeeTokenAuth("acme", "kiosk", "s3cret", "app", "app-secret", "dev-1")
    text = repr(auth)
    assert "s3cret" not in text
    assert "app-secret" not in text
    assert "acme" in text

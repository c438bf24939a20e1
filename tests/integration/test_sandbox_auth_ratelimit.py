"""Who may call the sandbox's Zenoti routes, and the organisation's 60-a-minute bucket."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.support.sandbox_client import zenoti_client
from tests.support.sandbox_process import SandboxProcess

pytestmark = pytest.mark.sandbox


@pytest.fixture
def anonymous(sandbox: SandboxProcess) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sandbox.base_url, timeout=10.0) as client:
        yield client


def password_grant(sandbox: SandboxProcess) -> dict[str, Any]:
    login = sandbox.info()["employee_login"]
    return {**login, "grant_type": "password", "device_id": "kiosk-test"}


def test_zenoti_routes_refuse_calls_without_a_valid_key(
    sandbox: SandboxProcess, anonymous: httpx.Client
) -> None:
    for headers in ({}, {"Authorization": "apikey wrong"}, {"Authorization": "bearer nope"}):
        response = anonymous.get("/v1/centers", headers=headers)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == 401
        assert response.json()["error"]["message"]


def test_the_api_key_opens_the_zenoti_routes_and_pages_need_none(
    sandbox: SandboxProcess, anonymous: httpx.Client
) -> None:
    response = anonymous.get("/v1/centers", headers={"Authorization": f"APIKEY {sandbox.api_key}"})
    assert response.status_code == 200
    assert [c["name"] for c in response.json()["centers"]] == [
        "Lumen Spa Brooklyn Heights",
        "Lumen Studio Jersey City",
    ]
    assert anonymous.get("/media/glow-monthly.svg").status_code == 200


def test_password_grant_gives_a_bearer_token_that_works(
    sandbox: SandboxProcess, anonymous: httpx.Client
) -> None:
    response = anonymous.post("/v1/tokens", json=password_grant(sandbox))
    credentials = response.json()["credentials"]
    assert response.status_code == 200
    assert credentials["token_type"] == "bearer"
    # Zenoti's answer names the app and the kind of user, not the user (no user_id in its sample).
    assert credentials["app_id"] == sandbox.info()["employee_login"]["app_id"]
    assert credentials["user_type"] == "Employee"
    bearer = {"Authorization": f"bearer {credentials['access_token']}"}
    assert anonymous.get("/v1/countries", headers=bearer).status_code == 200


def test_wrong_password_is_refused_with_401(
    sandbox: SandboxProcess, anonymous: httpx.Client
) -> None:
    response = anonymous.post("/v1/tokens", json={**password_grant(sandbox), "password": "x"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == 401


def test_a_refresh_token_works_once_and_revokes_the_old_access_token(
    sandbox: SandboxProcess, anonymous: httpx.Client
) -> None:
    first = anonymous.post("/v1/tokens", json=password_grant(sandbox)).json()["credentials"]
    refresh = {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}
    second = anonymous.post("/v1/tokens", json=refresh)
    assert second.status_code == 200
    new_token = second.json()["credentials"]["access_token"]

    assert anonymous.post("/v1/tokens", json=refresh).status_code == 401
    old = anonymous.get(
        "/v1/countries", headers={"Authorization": f"bearer {first['access_token']}"}
    )
    new = anonymous.get("/v1/countries", headers={"Authorization": f"bearer {new_token}"})
    assert old.status_code == 401
    assert new.status_code == 200


def test_a_short_token_lifetime_expires_the_access_token(
    sandbox: SandboxProcess, anonymous: httpx.Client
) -> None:
    sandbox.settings(token_ttl_seconds=1)
    credentials = anonymous.post("/v1/tokens", json=password_grant(sandbox)).json()["credentials"]
    bearer = {"Authorization": f"bearer {credentials['access_token']}"}
    assert anonymous.get("/v1/countries", headers=bearer).status_code == 200
    time.sleep(2.1)  # expiry is stored to the second
    assert anonymous.get("/v1/countries", headers=bearer).status_code == 401


def test_every_zenoti_response_carries_the_rate_limit_headers(sandbox: SandboxProcess) -> None:
    sandbox.settings(rate_limit={"enabled": True, "per_minute": 60})
    with zenoti_client(sandbox) as client:
        first = client.get("/v1/countries")
        second = client.get("/v1/countries")
    assert first.headers["Organization-RateLimit-Limit"] == "60;w=60;b=60"
    assert int(first.headers["RateLimit-Remaining"]) == 59
    assert int(second.headers["RateLimit-Remaining"]) == 58
    assert int(second.headers["RateLimit-Reset"]) >= 1


def test_an_empty_bucket_answers_429_with_retry_after(sandbox: SandboxProcess) -> None:
    sandbox.settings(rate_limit={"enabled": True, "per_minute": 3})
    with zenoti_client(sandbox) as client:
        statuses = [client.get("/v1/countries").status_code for _ in range(3)]
        throttled = client.get("/v1/countries")
    assert statuses == [200, 200, 200]
    assert throttled.status_code == 429
    assert throttled.json()["error"]["code"] == 429
    assert 1 <= int(throttled.headers["Retry-After"]) <= 20
    assert throttled.headers["Organization-RateLimit-Limit"] == "3;w=60;b=3"
    assert throttled.headers["RateLimit-Remaining"] == "0"


def test_changing_the_rate_limit_refills_the_bucket(sandbox: SandboxProcess) -> None:
    sandbox.settings(rate_limit={"enabled": True, "per_minute": 2})
    with zenoti_client(sandbox) as client:
        client.get("/v1/countries")
        client.get("/v1/countries")
        assert client.get("/v1/countries").status_code == 429
        sandbox.settings(rate_limit={"per_minute": 5})
        assert client.get("/v1/countries").headers["RateLimit-Remaining"] == "4"


def test_control_routes_are_not_rate_limited(sandbox: SandboxProcess) -> None:
    sandbox.settings(rate_limit={"enabled": True, "per_minute": 1})
    with httpx.Client(base_url=sandbox.base_url) as http:
        statuses = {http.get("/_sandbox/settings").status_code for _ in range(5)}
    assert statuses == {200}

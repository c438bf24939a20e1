"""The sandbox's Stripe stand-in on the wire: auth, idempotency keys, reset and restarts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.sandbox_process import SandboxProcess, start_sandbox
from tests.support.stripe_reader import (
    payment_intents,
    reader_id,
    reader_info,
    script_reader,
    stripe_client,
)

pytestmark = [pytest.mark.sandbox]

INTENT = {
    "amount": "1250",
    "currency": "usd",
    "payment_method_types[]": "card_present",
    "capture_method": "automatic",
    "metadata[sale_id]": "sale-1",
}


def _create(http: httpx.Client, key: str, **changes: Any) -> httpx.Response:
    return http.post(
        "/v1/payment_intents", data={**INTENT, **changes}, headers={"Idempotency-Key": key}
    )


def test_info_names_the_readers_the_secret_and_the_mount(sandbox: SandboxProcess) -> None:
    info = reader_info(sandbox)
    assert info["base_path"] == "/stripe"
    assert info["secret_key"].startswith("sk_test_")
    centers = {c["id"] for c in sandbox.info()["centers"]}
    assert {r["center_id"] for r in info["readers"]} == centers
    assert all(r["label"] and r["id"].startswith("tmr_") for r in info["readers"])


def test_wrong_secret_key_is_refused(sandbox: SandboxProcess) -> None:
    with httpx.Client(base_url=sandbox.base_url, timeout=10.0) as http:
        response = http.get(
            f"/stripe/v1/terminal/readers/{reader_id(sandbox)}",
            headers={"Authorization": "Bearer sk_test_wrong_key"},
        )
    assert response.status_code == 401
    assert response.json()["error"]["type"] == "invalid_request_error"
    assert "sk_test_wrong_key" not in response.text


def test_same_key_same_request_replays_the_first_answer(sandbox: SandboxProcess) -> None:
    with stripe_client(sandbox) as http:
        first = _create(http, "key-1")
        again = _create(http, "key-1")
    assert first.status_code == again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert again.json() == first.json()
    assert len(payment_intents(sandbox)) == 1


def test_same_key_with_other_parameters_is_an_idempotency_error(sandbox: SandboxProcess) -> None:
    with stripe_client(sandbox) as http:
        _create(http, "key-1")
        other = _create(http, "key-1", amount="9999")
    assert other.status_code == 400
    assert other.json()["error"]["type"] == "idempotency_error"
    assert len(payment_intents(sandbox)) == 1


def test_reader_routes_skip_the_zenoti_rate_bucket(sandbox: SandboxProcess) -> None:
    sandbox.settings(rate_limit={"enabled": True, "per_minute": 1})
    with stripe_client(sandbox) as http:
        answers = [http.get(f"/v1/terminal/readers/{reader_id(sandbox)}") for _ in range(5)]
    assert [a.status_code for a in answers] == [200] * 5
    assert "RateLimit-Remaining" not in answers[0].headers


def test_reset_forgets_intents_and_disarms_the_reader(sandbox: SandboxProcess) -> None:
    script_reader(sandbox, next_process="timeout", processing_ms=0)
    with stripe_client(sandbox) as http:
        intent = _create(http, "key-1").json()
        http.post(
            f"/v1/terminal/readers/{reader_id(sandbox)}/process_payment_intent",
            data={"payment_intent": intent["id"]},
        )
    sandbox.reset()
    reader = script_reader(sandbox)
    assert payment_intents(sandbox) == []
    assert (reader["action"], reader["next_process"], reader["processing_ms"]) == (None, None, 300)


def test_control_refuses_an_unknown_script(sandbox: SandboxProcess) -> None:
    with httpx.Client(base_url=sandbox.base_url, timeout=10.0) as http:
        response = http.post("/_sandbox/reader", json={"next_process": "explode"})
    assert response.status_code == 400


def test_restart_keeps_payment_intents(tmp_path: Path) -> None:
    first = start_sandbox(tmp_path / "sandbox.sqlite3")
    try:
        with stripe_client(first) as http:
            created = _create(http, "key-1").json()
    finally:
        first.stop()
    second = start_sandbox(tmp_path / "sandbox.sqlite3")
    try:
        with stripe_client(second) as http:
            read = http.get(f"/v1/payment_intents/{created['id']}")
            replayed = _create(http, "key-1")
    finally:
        second.stop()
    assert read.json()["status"] == "requires_payment_method"
    assert replayed.json()["id"] == created["id"]


def test_payment_intents_are_listed_newest_first_by_creation_time_and_page(
    sandbox: SandboxProcess,
) -> None:
    with stripe_client(sandbox) as http:
        made = [_create(http, f"key-{n}").json() for n in range(3)]
        created = made[0]["created"]
        window = {"created[gte]": str(created), "created[lt]": str(created + 3600)}
        first = http.get("/v1/payment_intents", params={**window, "limit": "2"}).json()
        rest = http.get(
            "/v1/payment_intents",
            params={**window, "limit": "2", "starting_after": first["data"][-1]["id"]},
        ).json()
        before = http.get("/v1/payment_intents", params={"created[lt]": str(created)}).json()
        unknown = http.get("/v1/payment_intents", params={"created[since]": "1"})
    listed = [i["id"] for i in first["data"] + rest["data"]]
    assert sorted(listed) == sorted(i["id"] for i in made)
    assert (first["object"], first["has_more"], rest["has_more"]) == ("list", True, False)
    created_order = [i["created"] for i in first["data"] + rest["data"]]
    assert created_order == sorted(created_order, reverse=True)
    assert before["data"] == []
    assert unknown.status_code == 400

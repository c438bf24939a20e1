"""Injected faults, the request log and reset: how tests make the sandbox misbehave and check it."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from tests.support.sandbox_client import (
    new_invoice,
    pay_custom,
    pick,
    prepaid,
    read_invoice,
)
from tests.support.sandbox_process import SandboxProcess

pytestmark = pytest.mark.sandbox

PAYMENT_PATH = "/v1/invoices/*/payment/custom"


def control(sandbox: SandboxProcess, method: str, path: str, **kwargs: object) -> httpx.Response:
    with httpx.Client(base_url=sandbox.base_url, timeout=10.0) as http:
        return http.request(method, f"/_sandbox/{path}", **kwargs)  # type: ignore[arg-type]


def test_latency_delays_the_call_then_answers_normally(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    sandbox.inject(method="GET", path="/v1/countries", kind="latency", latency_ms=400)
    started = time.monotonic()
    slow = zenoti.get("/v1/countries")
    slow_s = time.monotonic() - started
    started = time.monotonic()
    zenoti.get("/v1/countries")
    fast_s = time.monotonic() - started
    assert slow.status_code == 200
    assert slow_s >= 0.4
    assert fast_s < 0.3


def test_a_status_fault_answers_instead_of_the_handler(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    invoice_id = new_invoice(zenoti, sandbox, [pick(zenoti, sandbox.center_id, prepaid)["id"]])
    sandbox.inject(method="POST", path=PAYMENT_PATH, kind="status", status=503, count=2)
    first = pay_custom(zenoti, sandbox, invoice_id, "1.00")
    second = pay_custom(zenoti, sandbox, invoice_id, "1.00")
    third = pay_custom(zenoti, sandbox, invoice_id, "1.00")
    assert [r.status_code for r in (first, second, third)] == [503, 503, 200]
    assert first.json()["error"]["code"] == 503
    assert "Organization-RateLimit-Limit" in first.headers
    assert len(read_invoice(zenoti, invoice_id)["transactions"]) == 1


def test_an_error_inside_http_200_in_both_shapes(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    sandbox.inject(path="/v1/countries", kind="error_in_200", code=4023, message="Busy")
    sandbox.inject(path="/v1/countries", kind="error_in_200", code=500, message="Oops", legacy=True)
    modern, legacy = zenoti.get("/v1/countries"), zenoti.get("/v1/countries")
    assert (modern.status_code, legacy.status_code) == (200, 200)
    assert modern.json() == {"error": {"code": 4023, "message": "Busy"}}
    assert legacy.json()["Error"] == {
        "StatusCode": 500,
        "Message": "Oops",
        "InternalMessage": "Oops",
    }


def test_a_rate_limit_fault_is_a_429_with_retry_after(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    sandbox.inject(path="/v1/centers", kind="rate_limit", retry_after=7)
    throttled = zenoti.get("/v1/centers")
    assert throttled.status_code == 429
    assert throttled.headers["Retry-After"] == "7"
    assert throttled.json()["error"]["code"] == 429
    assert zenoti.get("/v1/centers").status_code == 200


def test_malformed_answers_200_with_a_body_that_is_not_json(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    sandbox.inject(path="/v1/centers", kind="malformed")
    response = zenoti.get("/v1/centers")
    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_drop_cuts_the_connection_before_anything_is_written(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    invoice_id = new_invoice(zenoti, sandbox, [pick(zenoti, sandbox.center_id, prepaid)["id"]])
    sandbox.inject(method="POST", path=PAYMENT_PATH, kind="drop")
    with pytest.raises(httpx.TransportError):
        pay_custom(zenoti, sandbox, invoice_id, "5.00")
    assert read_invoice(zenoti, invoice_id)["transactions"] == []


def test_drop_after_commit_writes_but_the_client_gets_a_transport_error(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    invoice_id = new_invoice(zenoti, sandbox, [pick(zenoti, sandbox.center_id, prepaid)["id"]])
    sandbox.inject(method="POST", path=PAYMENT_PATH, kind="drop_after_commit")
    with pytest.raises(httpx.TransportError):
        pay_custom(zenoti, sandbox, invoice_id, "5.00", additional_data="terminal-ref-42")
    [transaction] = read_invoice(zenoti, invoice_id)["transactions"]
    assert transaction["payment_option"]["additional_data"] == "terminal-ref-42"
    assert transaction["amount_paid"] == 5


def test_drop_after_commit_of_a_new_invoice_leaves_it_in_the_center(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    sandbox.inject(method="POST", path="/v1/invoices/memberships", kind="drop_after_commit")
    with pytest.raises(httpx.TransportError):
        new_invoice(zenoti, sandbox, [pick(zenoti, sandbox.center_id, prepaid)["id"]])
    listed = zenoti.get(f"/v1/centers/{sandbox.center_id}/invoices", params={"status": "open"})
    assert listed.json()["page_info"]["total"] == 1


def test_faults_match_method_and_path_and_are_listed_until_spent(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    fault_id = sandbox.inject(method="POST", path="/v1/centers", kind="status", status=500)
    assert zenoti.get("/v1/centers").status_code == 200  # GET does not match a POST fault
    [listed] = control(sandbox, "GET", "faults").json()["faults"]
    assert (listed["id"], listed["count"], listed["kind"]) == (fault_id, 1, "status")
    control(sandbox, "DELETE", "faults")
    assert control(sandbox, "GET", "faults").json()["faults"] == []


def test_a_bad_fault_is_refused(sandbox: SandboxProcess) -> None:
    response = control(sandbox, "POST", "faults", json={"path": "/v1/*", "kind": "explode"})
    assert response.status_code == 400
    assert "kind" in response.json()["error"]["message"]


def test_faults_do_not_touch_control_routes(sandbox: SandboxProcess) -> None:
    sandbox.inject(path="*", kind="status", status=500, count=5)
    assert control(sandbox, "GET", "settings").status_code == 200


def test_global_latency_slows_every_product_call(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    sandbox.settings(latency_ms=300)
    started = time.monotonic()
    zenoti.get("/v1/countries")
    assert time.monotonic() - started >= 0.3


def test_the_request_log_records_product_calls_only(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    sandbox.inject(path="/v1/centers", kind="status", status=502)
    zenoti.get("/v1/countries", params={"x": "1"})
    zenoti.get("/v1/centers")
    zenoti.get("/media/glow-monthly.svg")
    control(sandbox, "GET", "info")
    rows = sandbox.requests()
    assert [(r["seq"], r["method"], r["path"], r["status"], r["fault"]) for r in rows] == [
        (1, "GET", "/v1/countries", 200, None),
        (2, "GET", "/v1/centers", 502, "status"),
        (3, "GET", "/media/glow-monthly.svg", 200, None),
    ]
    assert rows[0]["query"] == "x=1"
    assert rows[0]["time"].endswith("Z")
    assert rows[0]["duration_ms"] >= 0
    sandbox.clear_requests()
    assert sandbox.requests() == []


def test_a_dropped_call_is_logged_without_a_status(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    sandbox.inject(path="/v1/countries", kind="drop")
    with pytest.raises(httpx.TransportError):
        zenoti.get("/v1/countries")
    [row] = sandbox.requests()
    assert (row["status"], row["fault"]) == (None, "drop")


def test_reset_returns_to_the_seed_and_the_start_up_settings(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    invoice_id = new_invoice(zenoti, sandbox, [pick(zenoti, sandbox.center_id, prepaid)["id"]])
    sandbox.settings(auto_close=True, latency_ms=5)
    sandbox.inject(path="/v1/*", kind="latency", latency_ms=1, count=10)
    sandbox.reset()
    assert zenoti.get(f"/v1/invoices/{invoice_id}").status_code == 404
    assert control(sandbox, "GET", "faults").json()["faults"] == []
    assert control(sandbox, "GET", "invoices").json()["invoices"] == []
    settings = control(sandbox, "GET", "settings").json()
    assert settings == {
        "rate_limit": {"enabled": True, "per_minute": 60},
        "auto_close": False,
        "latency_ms": 0,
        "mandatory_guest_fields": ["first_name", "last_name", "mobile_phone", "email"],
        "token_ttl_seconds": 36000,
    }
    assert len(sandbox.requests()) == 1  # only the read after the reset


def test_settings_merge_and_refuse_nonsense(sandbox: SandboxProcess) -> None:
    merged = sandbox.settings(rate_limit={"per_minute": 30})
    assert merged["rate_limit"] == {"enabled": False, "per_minute": 30}
    response = control(sandbox, "PUT", "settings", json={"auto_close": "yes"})
    assert response.status_code == 400


def test_the_invoice_dump_has_items_and_transactions(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    invoice_id = new_invoice(zenoti, sandbox, [pick(zenoti, sandbox.center_id, prepaid)["id"]])
    pay_custom(zenoti, sandbox, invoice_id, "3.00", payment_type="Cash")
    [invoice] = control(sandbox, "GET", "invoices").json()["invoices"]
    assert invoice["id"] == invoice_id
    assert len(invoice["invoice_items"]) == 1
    assert invoice["transactions"][0]["payment_option"]["payment_name"] == "Cash"


def test_info_tells_a_client_how_to_configure_itself(sandbox: SandboxProcess) -> None:
    info = sandbox.info()
    assert info["api_key"] == "sandbox-api-key"
    assert info["currency"] == "USD"
    assert len(info["centers"]) == 2
    assert {p["name"] for p in info["custom_payment_types"]} == {
        "Kiosk card terminal",
        "Cash",
        "Gift voucher",
    }
    assert set(info["employee_login"]) == {
        "account_name",
        "user_name",
        "password",
        "app_id",
        "app_secret",
    }
    assert {c["id"] for c in info["countries"]} >= {225, 95}

"""Small helpers for tests that speak Zenoti's API to the sandbox over HTTP."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import httpx

from tests.support.sandbox_process import SandboxProcess


def zenoti_client(sandbox: SandboxProcess, **headers: str) -> httpx.Client:
    """A client that authenticates with the sandbox's API key (close it, or use ``with``)."""
    return httpx.Client(
        base_url=sandbox.base_url,
        timeout=10.0,
        headers={"Authorization": f"apikey {sandbox.api_key}", **headers},
    )


def body(response: httpx.Response) -> Any:
    """The JSON body with every number as Decimal, as the kiosk parses money."""
    return json.loads(response.content, parse_float=Decimal, parse_int=Decimal)


def catalogue(client: httpx.Client, center_id: str) -> list[dict[str, Any]]:
    response = client.get(f"/v1/centers/{center_id}/memberships", params={"size": 100})
    response.raise_for_status()
    rows: list[dict[str, Any]] = body(response)["memberships"]
    return rows


def pick(
    client: httpx.Client, center_id: str, wanted: Callable[[dict[str, Any]], bool]
) -> dict[str, Any]:
    """The first listed membership for which ``wanted`` holds."""
    return next(m for m in catalogue(client, center_id) if wanted(m))


def prepaid(m: dict[str, Any]) -> bool:
    return bool(m["membership_type"] == 0)


def monthly(m: dict[str, Any]) -> bool:
    return bool(m["membership_type"] == 1 and m["payment_frequency"] == "1 Months")


def guest_id(client: httpx.Client, center_id: str, first_name: str) -> str:
    response = client.get(
        "/v1/guests/search", params={"center_id": center_id, "first_name": first_name}
    )
    response.raise_for_status()
    return str(response.json()["guests"][0]["id"])


def new_invoice(
    client: httpx.Client, sandbox: SandboxProcess, membership_ids: list[str], guest: str = "Maya"
) -> str:
    """An open invoice for a seeded guest, sold by the kiosk employee."""
    center = sandbox.center_id
    response = client.post(
        "/v1/invoices/memberships",
        json={
            "center_id": center,
            "user_id": guest_id(client, center, guest),
            "membership_ids": ",".join(membership_ids),
            "sale_by_id": sandbox.info()["employees"]["kiosk"],
        },
    )
    response.raise_for_status()
    assert response.json()["error"] is None, response.text
    return str(response.json()["invoice_id"])


def read_invoice(client: httpx.Client, invoice_id: str) -> dict[str, Any]:
    response = client.get(
        f"/v1/invoices/{invoice_id}",
        params=[("expand", "InvoiceItems"), ("expand", "Transactions")],
    )
    response.raise_for_status()
    invoice: dict[str, Any] = body(response)["invoice"]
    return invoice


def pay_custom(
    client: httpx.Client,
    sandbox: SandboxProcess,
    invoice_id: str,
    amount: Decimal | str,
    *,
    payment_type: str = "Kiosk card terminal",
    tip: Decimal | str = "0",
    additional_data: Any = None,
) -> httpx.Response:
    """Record a payment taken elsewhere (``/payment/custom``) and return the raw response."""
    info = sandbox.info()
    type_id = next(p["id"] for p in info["custom_payment_types"] if p["name"] == payment_type)
    return client.post(
        f"/v1/invoices/{invoice_id}/payment/custom",
        content=json.dumps(
            {
                "amount": str(amount),
                "tip_amount": str(tip),
                "custom_payment_id": type_id,
                "collected_by_id": info["employees"]["kiosk"],
                "additional_data": additional_data,
            }
        ),
        headers={"Content-Type": "application/json"},
    )

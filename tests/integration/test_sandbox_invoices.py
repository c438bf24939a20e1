"""The sandbox's invoices: lines and tax, payments and their refusals, closing, email, pages."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import httpx
import pytest

from kiosk.resources import resource
from tests.support.sandbox_client import (
    body,
    catalogue,
    guest_id,
    monthly,
    new_invoice,
    pay_custom,
    pick,
    prepaid,
    read_invoice,
)
from tests.support.sandbox_process import SandboxProcess

pytestmark = pytest.mark.sandbox


def two_prepaid(zenoti: httpx.Client, sandbox: SandboxProcess) -> list[dict[str, Any]]:
    return [m for m in catalogue(zenoti, sandbox.center_id) if prepaid(m)][:2]


def paid_invoice(zenoti: httpx.Client, sandbox: SandboxProcess) -> str:
    invoice_id = new_invoice(zenoti, sandbox, [pick(zenoti, sandbox.center_id, prepaid)["id"]])
    balance = read_invoice(zenoti, invoice_id)["invoice_dues"]["balance"]
    assert pay_custom(zenoti, sandbox, invoice_id, balance).json()["error"] is None
    return invoice_id


def error_code(response: httpx.Response) -> int:
    code: int = response.json()["error"]["code"]
    return code


def close_error(response: httpx.Response) -> tuple[int, str]:
    """close-an-invoice's error object has the legacy fields under ``error``."""
    error = response.json()["error"]
    return error["StatusCode"], error["Message"]


def test_an_invoice_has_the_catalogue_price_and_the_centers_tax(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    first, second = two_prepaid(zenoti, sandbox)
    invoice = read_invoice(zenoti, new_invoice(zenoti, sandbox, [first["id"], second["id"]]))
    items = invoice["invoice_items"]
    assert [i["id"] for i in items] == [first["id"], second["id"]]
    assert [i["price"]["final"] for i in items] == [
        first["price"]["final"],
        second["price"]["final"],
    ]
    assert {i["type"] for i in items} == {4}
    total = first["price"]["final"] + second["price"]["final"]
    assert invoice["total_price"]["sum_total"] == total
    assert invoice["total_price"]["tax"] == first["price"]["tax"] + second["price"]["tax"]
    assert invoice["invoice_dues"] == {"total": total, "paid": Decimal(0), "balance": total}
    assert invoice["is_closed"] is False
    assert invoice["receipt_number"] is None
    assert invoice["guest"]["first_name"] == "Maya"
    assert invoice["transactions"] == []


def test_tax_is_rounded_half_up_per_line(sandbox: SandboxProcess, zenoti: httpx.Client) -> None:
    # 89.00 × 8.875 % = 7.89875 → 7.90; 249.00 × 8.875 % = 22.09875 → 22.10
    spa = catalogue(zenoti, sandbox.center_id)
    glow = next(m for m in spa if m["name"] == "Glow Monthly")
    serenity = next(m for m in spa if m["name"] == "Serenity 3-Month Pass")
    assert read_invoice(zenoti, new_invoice(zenoti, sandbox, [glow["id"]]))["total_price"] == {
        "currency_id": 148,
        "net_price": Decimal("89.00"),
        "tax": Decimal("7.90"),
        "rounding_adjustment": Decimal("0.00"),
        "sum_total": Decimal("96.90"),
    }
    invoice = read_invoice(zenoti, new_invoice(zenoti, sandbox, [serenity["id"]]))
    assert invoice["invoice_items"][0]["price"]["tax"] == Decimal("22.10")


def test_without_expand_items_and_transactions_are_null(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    invoice_id = new_invoice(zenoti, sandbox, [pick(zenoti, sandbox.center_id, prepaid)["id"]])
    bare = zenoti.get(f"/v1/invoices/{invoice_id}").json()["invoice"]
    one = zenoti.get(f"/v1/invoices/{invoice_id}", params={"expand": "InvoiceItems"}).json()
    joined = zenoti.get(
        f"/v1/invoices/{invoice_id}", params={"expand": "InvoiceItems,Transactions"}
    ).json()
    assert (bare["invoice_items"], bare["transactions"]) == (None, None)
    assert len(one["invoice"]["invoice_items"]) == 1
    assert one["invoice"]["transactions"] is None
    assert joined["invoice"]["invoice_items"] is None  # one value per expand parameter


def test_a_setup_fee_membership_puts_the_fee_and_the_first_dues_on_the_invoice(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    founding = pick(zenoti, sandbox.center_id, lambda m: m["membership_type"] == 2)
    invoice = read_invoice(zenoti, new_invoice(zenoti, sandbox, [founding["id"]]))
    lines = [(i["id"], i["price"]["sales"]) for i in invoice["invoice_items"]]
    assert lines == [
        (founding["id"], Decimal("49.00")),
        (founding["id"], founding["price"]["sales"]),
    ]
    assert "joining fee" in invoice["invoice_items"][0]["name"]
    assert invoice["total_price"]["net_price"] == Decimal("49.00") + founding["price"]["sales"]


def test_a_recurring_membership_must_be_alone_on_its_invoice(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    recurring = pick(zenoti, sandbox.center_id, monthly)
    other = pick(zenoti, sandbox.center_id, prepaid)
    maya = guest_id(zenoti, sandbox.center_id, "Maya")
    together = zenoti.post(
        "/v1/invoices/memberships",
        json={
            "center_id": sandbox.center_id,
            "user_id": maya,
            "membership_ids": f"{recurring['id']},{other['id']}",
        },
    )
    assert together.json()["success"] is False
    assert error_code(together) == 502
    assert "recurring" in together.json()["error"]["message"]

    invoice_id = new_invoice(zenoti, sandbox, [recurring["id"]])
    added = zenoti.put(
        f"/v1/invoices/{invoice_id}/memberships",
        json={"center_id": sandbox.center_id, "membership_ids": other["id"]},
    )
    assert error_code(added) == 502
    assert len(read_invoice(zenoti, invoice_id)["invoice_items"]) == 1


def test_memberships_are_added_to_and_removed_from_an_open_invoice(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    first, second = two_prepaid(zenoti, sandbox)
    invoice_id = new_invoice(zenoti, sandbox, [first["id"]])
    added = zenoti.put(
        f"/v1/invoices/{invoice_id}/memberships",
        json={"center_id": sandbox.center_id, "membership_version_ids": [second["version_id"]]},
    )
    assert added.json() == {"invoice_id": invoice_id, "success": True, "error": None}
    items = read_invoice(zenoti, invoice_id)["invoice_items"]
    assert [i["id"] for i in items] == [first["id"], second["id"]]

    removed = zenoti.request(
        "DELETE",
        f"/v1/invoices/{invoice_id}/invoiceitems/{items[0]['invoice_item_id']}",
        json={"comments": "guest changed their mind"},
    )
    assert removed.json() == {"success": True, "error": None}
    invoice = read_invoice(zenoti, invoice_id)
    assert [i["id"] for i in invoice["invoice_items"]] == [second["id"]]
    assert invoice["invoice_dues"]["total"] == second["price"]["final"]


def test_a_line_on_a_closed_invoice_cannot_be_removed(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    invoice_id = paid_invoice(zenoti, sandbox)
    zenoti.post(f"/v1/invoices/{invoice_id}/close", json={}).raise_for_status()
    item = read_invoice(zenoti, invoice_id)["invoice_items"][0]["invoice_item_id"]
    response = zenoti.delete(f"/v1/invoices/{invoice_id}/invoiceitems/{item}")
    assert error_code(response) == 728
    assert len(read_invoice(zenoti, invoice_id)["invoice_items"]) == 1


def test_a_custom_payment_is_recorded_as_a_transaction(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    invoice_id = new_invoice(zenoti, sandbox, [pick(zenoti, sandbox.center_id, prepaid)["id"]])
    total = read_invoice(zenoti, invoice_id)["invoice_dues"]["total"]
    reference = {"terminal_ref": "pi_3Ab", "kiosk": "lobby-1"}
    paid = pay_custom(zenoti, sandbox, invoice_id, total + 5, tip="5.00", additional_data=reference)
    transaction = body(paid)["transaction"]
    assert transaction["payment_option"]["payment_name"] == "Kiosk card terminal"
    assert transaction["payment_option"]["card_number"] == ""  # no card, as Zenoti's sample
    assert transaction["payment_option"]["additional_data"] == reference
    assert (transaction["total_amount_paid"], transaction["amount_paid"]) == (total + 5, total)
    assert transaction["tip_amount"] == Decimal("5.00")
    invoice = read_invoice(zenoti, invoice_id)
    assert invoice["invoice_dues"]["balance"] == 0
    assert invoice["transactions"][0]["payment_option"]["additional_data"] == reference
    assert invoice["is_closed"] is False  # auto-close is off by default


def test_an_amount_sent_as_a_json_number_is_accepted(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    invoice_id = new_invoice(zenoti, sandbox, [pick(zenoti, sandbox.center_id, prepaid)["id"]])
    info = sandbox.info()
    response = zenoti.post(
        f"/v1/invoices/{invoice_id}/payment/custom",
        content=b'{"amount": 10.50, "tip_amount": 0, "custom_payment_id": "%s"}'
        % info["custom_payment_types"][1]["id"].encode(),
        headers={"Content-Type": "application/json"},
    )
    assert response.json()["error"] is None
    assert read_invoice(zenoti, invoice_id)["invoice_dues"]["paid"] == Decimal("10.50")


def test_a_payment_above_the_balance_is_459_and_not_recorded(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    invoice_id = new_invoice(zenoti, sandbox, [pick(zenoti, sandbox.center_id, prepaid)["id"]])
    balance = read_invoice(zenoti, invoice_id)["invoice_dues"]["balance"]
    response = pay_custom(zenoti, sandbox, invoice_id, balance + Decimal("0.01"))
    assert response.status_code == 200
    assert error_code(response) == 459
    assert read_invoice(zenoti, invoice_id)["transactions"] == []


def test_a_payment_on_a_fully_paid_invoice_is_460(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    invoice_id = paid_invoice(zenoti, sandbox)
    assert error_code(pay_custom(zenoti, sandbox, invoice_id, "1.00")) == 460


def test_a_payment_on_a_closed_invoice_is_728(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    invoice_id = paid_invoice(zenoti, sandbox)
    zenoti.post(f"/v1/invoices/{invoice_id}/close", json={}).raise_for_status()
    assert error_code(pay_custom(zenoti, sandbox, invoice_id, "1.00")) == 728


def test_an_unknown_custom_payment_type_is_502(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    invoice_id = new_invoice(zenoti, sandbox, [pick(zenoti, sandbox.center_id, prepaid)["id"]])
    response = zenoti.post(
        f"/v1/invoices/{invoice_id}/payment/custom",
        json={"amount": "1.00", "tip_amount": "0", "custom_payment_id": "not-a-type"},
    )
    assert error_code(response) == 502


def test_closing_needs_the_full_payment(sandbox: SandboxProcess, zenoti: httpx.Client) -> None:
    invoice_id = new_invoice(zenoti, sandbox, [pick(zenoti, sandbox.center_id, prepaid)["id"]])
    pay_custom(zenoti, sandbox, invoice_id, "10.00", payment_type="Cash")
    response = zenoti.post(f"/v1/invoices/{invoice_id}/close", json={})
    assert response.status_code == 200
    assert close_error(response) == (419, "Full Payment of invoice is not made.")
    assert read_invoice(zenoti, invoice_id)["is_closed"] is False


def test_closing_an_overpaid_invoice_is_459(sandbox: SandboxProcess, zenoti: httpx.Client) -> None:
    first, second = two_prepaid(zenoti, sandbox)
    invoice_id = new_invoice(zenoti, sandbox, [first["id"], second["id"]])
    invoice = read_invoice(zenoti, invoice_id)
    pay_custom(zenoti, sandbox, invoice_id, invoice["invoice_dues"]["total"])
    item = invoice["invoice_items"][1]["invoice_item_id"]
    zenoti.delete(f"/v1/invoices/{invoice_id}/invoiceitems/{item}").raise_for_status()
    assert read_invoice(zenoti, invoice_id)["invoice_dues"]["balance"] < 0
    response = zenoti.post(f"/v1/invoices/{invoice_id}/close", json={})
    assert close_error(response) == (459, "Payment is made in excess.")


def test_closing_gives_a_receipt_number_and_a_second_close_changes_nothing(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    invoice_id = paid_invoice(zenoti, sandbox)
    kiosk = sandbox.info()["employees"]["kiosk"]
    first = zenoti.post(f"/v1/invoices/{invoice_id}/close", json={"closed_by_id": kiosk})
    closed = read_invoice(zenoti, invoice_id)
    second = zenoti.post(f"/v1/invoices/{invoice_id}/close", json={"closed_by_id": kiosk})
    assert first.json() == second.json() == {"is_invoice_closed": True, "error": None}
    assert closed["is_closed"] is True
    assert closed["receipt_number"] == "SPAR1"  # prefix + "R" + number, as Zenoti's sample
    assert read_invoice(zenoti, invoice_id) == closed


def test_auto_close_closes_the_invoice_when_a_payment_clears_the_balance(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    sandbox.settings(auto_close=True)
    invoice_id = new_invoice(zenoti, sandbox, [pick(zenoti, sandbox.center_id, prepaid)["id"]])
    total = read_invoice(zenoti, invoice_id)["invoice_dues"]["total"]
    pay_custom(zenoti, sandbox, invoice_id, "20.00", payment_type="Gift voucher")
    assert read_invoice(zenoti, invoice_id)["is_closed"] is False
    pay_custom(zenoti, sandbox, invoice_id, total - 20)
    closed = read_invoice(zenoti, invoice_id)
    assert closed["is_closed"] is True
    assert closed["receipt_number"]
    assert [t["payment_option"]["payment_name"] for t in closed["transactions"]] == [
        "Gift voucher",
        "Kiosk card terminal",
    ]


def test_email_goes_to_the_outbox_only_for_a_closed_paid_invoice(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    invoice_id = paid_invoice(zenoti, sandbox)
    early = zenoti.put(f"/v1/invoices/{invoice_id}/email")
    assert error_code(early) == 419
    assert sandbox.outbox() == []

    zenoti.post(f"/v1/invoices/{invoice_id}/close", json={}).raise_for_status()
    sent = zenoti.put(f"/v1/invoices/{invoice_id}/email")
    assert sent.json() == {"invoice_id": invoice_id, "mail_sent_success": True}
    [email] = sandbox.outbox()
    assert email["invoice_id"] == invoice_id
    assert email["to"] == "maya.okafor@example.com"
    assert "SPAR1" in email["subject"]


def test_a_saved_card_pays_the_balance_at_once(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    invoice_id = new_invoice(zenoti, sandbox, [pick(zenoti, sandbox.center_id, prepaid)["id"]])
    maya = guest_id(zenoti, sandbox.center_id, "Maya")
    account = zenoti.get(f"/v1/guests/{maya}/accounts").json()[0]  # a bare list, as Zenoti
    response = zenoti.post(
        f"/v1/invoices/{invoice_id}/online_payments",
        json={"center_id": sandbox.center_id, "account_id": account["account_id"], "source": 0},
    )
    assert response.json() == {"success": True, "error": None}
    invoice = read_invoice(zenoti, invoice_id)
    assert invoice["invoice_dues"]["balance"] == 0
    option = invoice["transactions"][0]["payment_option"]
    assert (option["payment_mode"], option["card_number"]) == (2, "4242")


def test_someone_elses_card_is_refused(sandbox: SandboxProcess, zenoti: httpx.Client) -> None:
    invoice_id = new_invoice(zenoti, sandbox, [pick(zenoti, sandbox.center_id, prepaid)["id"]])
    oliver = guest_id(zenoti, sandbox.center_id, "Oliver")
    account = zenoti.get(f"/v1/guests/{oliver}/accounts").json()[0]  # a bare list, as Zenoti
    response = zenoti.post(
        f"/v1/invoices/{invoice_id}/online_payments",
        json={"center_id": sandbox.center_id, "account_id": account["account_id"]},
    )
    assert response.json()["success"] is False
    assert error_code(response) == 502


def test_the_hosted_page_takes_a_new_card_on_the_guests_phone(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    invoice_id = new_invoice(zenoti, sandbox, [pick(zenoti, sandbox.center_id, prepaid)["id"]])
    balance = read_invoice(zenoti, invoice_id)["invoice_dues"]["balance"]
    opened = zenoti.post(
        f"/v1/invoices/{invoice_id}/online_payments",
        json={"center_id": sandbox.center_id, "redirect_uri": "https://kiosk.invalid/paid"},
    ).json()
    uri = opened["hosted_payment_uri"]
    assert uri == f"{sandbox.base_url}/pay/{opened['token_id']}"
    page = zenoti.get(uri)
    assert "Lumen Wellness" in page.text
    assert f"${balance:,.2f}" in page.text

    declined = zenoti.post(uri, data={"number": "4000000000000002", "expiry": "12/39", "cvc": "1"})
    assert declined.status_code == 400  # the form is checked before the card
    declined = zenoti.post(
        uri, data={"number": "4000000000000002", "expiry": "12/39", "cvc": "123"}
    )
    assert "declined" in declined.text
    assert read_invoice(zenoti, invoice_id)["transactions"] == []

    done = zenoti.post(uri, data={"number": "4242 4242 4242 4242", "expiry": "12/39", "cvc": "123"})
    assert done.status_code == 200
    assert "Thank you" in done.text
    invoice = read_invoice(zenoti, invoice_id)
    [transaction] = invoice["transactions"]
    assert invoice["invoice_dues"]["balance"] == 0
    assert transaction["payment_option"]["payment_name"] == "Card (online)"
    assert transaction["payment_option"]["card_number"] == "4242"
    assert "Already paid" in zenoti.get(uri).text


def test_the_receipt_page_shows_the_sale(sandbox: SandboxProcess, zenoti: httpx.Client) -> None:
    invoice_id = paid_invoice(zenoti, sandbox)
    zenoti.post(f"/v1/invoices/{invoice_id}/close", json={}).raise_for_status()
    invoice = read_invoice(zenoti, invoice_id)
    page = zenoti.get(f"/receipt/{invoice_id}")
    assert page.status_code == 200
    for text in (
        "Lumen Wellness",
        invoice["receipt_number"],
        invoice["invoice_items"][0]["name"],
        f"${invoice['invoice_dues']['total']:,.2f}",
        "Kiosk card terminal",
    ):
        assert text in page.text
    assert zenoti.get("/receipt/nope").status_code == 404


def test_a_centers_open_invoices_can_be_listed(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    open_id = new_invoice(zenoti, sandbox, [pick(zenoti, sandbox.center_id, prepaid)["id"]])
    closed_id = paid_invoice(zenoti, sandbox)
    zenoti.post(f"/v1/invoices/{closed_id}/close", json={}).raise_for_status()
    url = f"/v1/centers/{sandbox.center_id}/invoices"
    listed = zenoti.get(url, params={"status": "open"}).json()
    assert [i["invoice_id"] for i in listed["todays_invoices"]] == [open_id]
    assert listed["todays_invoices"][0]["name"].startswith("Maya ")
    assert listed["page_info"]["total"] == 1
    every = zenoti.get(url).json()["todays_invoices"]
    assert {i["invoice_id"] for i in every} == {open_id, closed_id}


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"{not json", 400),
        (b"[1, 2]", 400),
        (b'{"center_id": 12, "user_id": "x", "membership_ids": "y"}', 400),
        (b'{"user_id": "x", "membership_ids": "y"}', 503),
    ],
)
def test_bad_request_bodies_get_zenoti_errors(
    zenoti: httpx.Client, content: bytes, code: int
) -> None:
    response = zenoti.post(
        "/v1/invoices/memberships", content=content, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert error_code(response) == code


def test_unknown_ids_get_zenoti_errors(sandbox: SandboxProcess, zenoti: httpx.Client) -> None:
    missing_invoice = zenoti.get("/v1/invoices/00000000-0000-0000-0000-000000000000")
    assert (missing_invoice.status_code, error_code(missing_invoice)) == (404, 418)
    maya = guest_id(zenoti, sandbox.center_id, "Maya")
    unknown_membership = zenoti.post(
        "/v1/invoices/memberships",
        json={"center_id": sandbox.center_id, "user_id": maya, "membership_ids": "nope"},
    )
    assert error_code(unknown_membership) == 502
    unknown_route = zenoti.get("/v1/nothing/here")
    assert unknown_route.status_code == 404
    assert unknown_route.json()["error"]["code"] == 400


def test_a_membership_not_sold_at_the_center_or_off_sale_cannot_be_invoiced(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    maya = guest_id(zenoti, sandbox.center_id, "Maya")
    seed = json.loads(resource("sandbox", "memberships.json").read_text(encoding="utf-8"))
    solstice = next(m for m in seed["memberships"] if m["name"] == "Summer Solstice Pass 2023")
    studio = sandbox.info()["centers"][1]["id"]
    spa_ids = {m["id"] for m in catalogue(zenoti, sandbox.center_id)}
    studio_only = next(m for m in catalogue(zenoti, studio) if m["id"] not in spa_ids)
    for membership_id in (solstice["id"], studio_only["id"]):
        response = zenoti.post(
            "/v1/invoices/memberships",
            json={"center_id": sandbox.center_id, "user_id": maya, "membership_ids": membership_id},
        )
        assert error_code(response) == 502
        assert membership_id in response.json()["error"]["message"]

"""The invoice routes read Zenoti's own published samples (tests/fixtures/zenoti/), byte for byte.

Each sample's source and what the reference leaves open is beside it in ``<sample>.source.md``.
Zenoti publishes no response sample for creating an invoice, adding to one, removing a line,
recording a custom payment, closing, emailing or listing a center's invoices: those routes are held
to fixtures assembled from the reference's field tables (``*.documented.json``, served byte for
byte), and what the client sends is held to the documented request tables with
``shape_differences``.
"""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest

from kiosk.domain.money import Money
from kiosk.zenoti import ZenotiError, ZenotiNotFound
from kiosk.zenoti.errors import ErrorCode
from tests.support.zenoti_samples import (
    answer,
    client_serving,
    sample,
    sample_bytes,
    shape_differences,
)

INVOICE_ID = "34ca4f0f-c11c-434f-9a36-cba6df701397"


def usd(text: str) -> Money:
    return Money.of(text, "USD")


def sent(request: httpx.Request) -> dict[str, object]:
    body: dict[str, object] = json.loads(request.content, parse_float=Decimal)
    return body


def documented_request(name: str) -> dict[str, Any]:
    """A request body assembled from a reference table, numbers as Decimal (as the client sends)."""
    body: dict[str, Any] = json.loads(sample_bytes(name), parse_float=Decimal)
    return body


def raw(value: object) -> bytes:
    """A body built from a reference *table* (no published sample exists for it)."""
    return json.dumps(value).encode()


# -- read an invoice ------------------------------------------------------------------------------
@pytest.mark.asyncio
async def test_the_invoice_sample_reads_as_totals_dues_items_and_transactions() -> None:
    client, seen = client_serving(sample_bytes("get-invoice.json"))
    async with client:
        invoice = await client.invoice(INVOICE_ID)
    (request,) = seen
    assert request.url.path == f"/v1/invoices/{INVOICE_ID}"
    assert parse_qs(request.url.query.decode()) == {"expand": ["InvoiceItems", "Transactions"]}

    assert invoice.id == INVOICE_ID
    assert invoice.number == "117798"  # the bare number: the prefix is invoice_number_prefix
    assert invoice.receipt_number == "CMEMGMR2308"
    assert invoice.is_closed is True
    assert invoice.center_id == "7aac6915-9252-4dbf-bbff-028e41836ea8"
    assert invoice.guest_id == "e1d61626-629c-4531-8fb5-9b782e21214f"
    assert invoice.date == datetime(2025, 1, 21, 13, 0)
    assert invoice.totals.net == usd("3000")
    assert invoice.totals.tax == usd("4.9")
    assert invoice.totals.rounding == usd("0")
    assert invoice.totals.sum_total == usd("3004.9")
    # the dues include the environmental fee (10): they, not total_price, say what is left to pay
    assert invoice.dues.total == usd("3014.9")
    assert invoice.dues.paid == usd("3014.9")
    assert invoice.dues.balance == usd("0")
    assert invoice.balance.amount == Decimal(0)
    assert invoice.is_fully_paid
    assert all(isinstance(m.amount, Decimal) for m in (invoice.dues.total, invoice.totals.tax))

    service, pack = invoice.items
    assert service.id == "2b31596e-19c2-4f58-8f5f-d5fc0a1e7250"  # invoice_item_id
    assert service.item_id == "3185f93e-9ca5-4b50-afb5-f013d3f2ff9b"
    assert (service.name, service.type, service.code, service.quantity) == (
        "30 minutes",
        0,
        "30m",
        1,
    )
    # each field as Zenoti gives it (final is not recomputed from sales + tax)
    assert (service.sales, service.tax, service.final, service.discount) == (
        usd("50"),
        usd("4.9"),
        usd("54.1"),
        usd("0"),
    )
    assert (pack.name, pack.type, pack.code) == ("1 class pack - 5 credits", 4, "1cp_5credits")
    assert (pack.sales, pack.tax, pack.final) == (usd("3000"), usd("0"), usd("2950.8"))

    (cash,) = invoice.transactions
    assert cash.id == "7322adcd-21c9-4df7-92c6-191a7b73f70b"
    assert cash.payment_type_id == "f5af004c-37ef-478f-868f-38d3a37aebc1"
    assert (cash.payment_mode, cash.payment_name) == ("0", "CASH")
    assert cash.card_number is None  # "" means no card
    assert cash.additional_data is None
    # total_amount_paid is all the guest paid (here + ssg 10 + fee 10); amount_paid went to the dues
    assert cash.total_amount_paid == usd("3024.9")
    assert cash.amount_paid == usd("3004.9")
    assert cash.tip == usd("0")
    assert cash.paid_at == datetime(2025, 1, 21, 17, 58, 30)
    assert invoice.transaction_with_reference("pi_not_there") is None


@pytest.mark.asyncio
async def test_a_payment_is_recognised_by_additional_data_in_the_real_transaction_shape() -> None:
    # The sample's transaction, with our terminal reference where Zenoti keeps additional_data.
    body = sample("get-invoice.json")
    body["invoice"]["transactions"][0]["payment_option"]["additional_data"] = "pi_3Ab"
    client, _ = client_serving(raw(body))
    async with client:
        invoice = await client.invoice(INVOICE_ID)
    found = invoice.transaction_with_reference("pi_3Ab")
    assert found is invoice.transactions[0]
    assert found.amount_paid == usd("3004.9")


# -- online payments ------------------------------------------------------------------------------
@pytest.mark.asyncio
async def test_a_new_card_payment_gives_zenotis_hosted_page() -> None:
    client, seen = client_serving(sample_bytes("start-online-payment.json"))
    async with client:
        page = await client.start_online_payment(
            INVOICE_ID,
            "ad3feb5f-40e2-4075-8f8f-5f40ef1ed697",
            "https://example.com/payment-success",
        )
    assert page is not None
    assert page.uri == (
        "https://secure-payment.zenoti.com/collect-card?token=550e8400-e29b-41d4-a716-446655440124"
        "&redirect=https%3A%2F%2Fexample.com%2Fpayment-success"
    )
    assert page.token_id == "550e8400-e29b-41d4-a716-446655440124"
    (request,) = seen
    assert (request.method, request.url.path) == (
        "POST",
        f"/v1/invoices/{INVOICE_ID}/online_payments",
    )


@pytest.mark.asyncio
async def test_the_new_card_request_has_the_documented_keys_and_source() -> None:
    documented = sample("start-online-payment.request.json")
    client, seen = client_serving(sample_bytes("start-online-payment.json"))
    async with client:
        await client.start_online_payment(
            INVOICE_ID, documented["center_id"], documented["redirect_uri"]
        )
    body = sent(seen[0])
    # billing_info is optional (AVS only): the kiosk leaves it out; amount is left to Zenoti
    assert body == {
        "center_id": documented["center_id"],
        "redirect_uri": documented["redirect_uri"],
        "source": documented["source"],
    }
    assert set(body) <= set(documented)
    assert body["source"] == 1  # 1 WebStore (Zenoti's default) or 5 Mobile: nothing else


@pytest.mark.asyncio
async def test_a_saved_card_payment_answers_success_only() -> None:
    client, seen = client_serving(sample_bytes("start-online-payment-saved-card.json"))
    async with client:
        page = await client.start_online_payment(
            INVOICE_ID, "c1", "https://example.com/payment-success", account_id="acct-1"
        )
    assert page is None
    assert sent(seen[0])["account_id"] == "acct-1"


@pytest.mark.asyncio
@pytest.mark.parametrize("status", [200, 400])
async def test_the_online_payment_error_sample_is_a_typed_error(status: int) -> None:
    client, _ = client_serving(
        answer(sample_bytes("start-online-payment-saved-card.error-invoice-not-found.json"), status)
    )
    async with client:
        with pytest.raises(ZenotiError) as caught:
            await client.start_online_payment(INVOICE_ID, "c1", "https://back", account_id="a1")
    assert caught.value.code == 400
    assert caught.value.message == "Invoice not found"
    assert caught.value.http_status == status
    assert caught.value.route == "POST /v1/invoices/{invoice_id}/online_payments"


@pytest.mark.asyncio
async def test_the_older_pages_invoice_not_found_code_is_not_found() -> None:
    # collect-tip-amount-by-using-a-guests-creditdebit-card lists InvoiceNotFound as 418.
    body = raw({"success": False, "error": {"code": 418, "message": "InvoiceNotFound"}})
    client, _ = client_serving(body)
    async with client:
        with pytest.raises(ZenotiNotFound) as caught:
            await client.start_online_payment(INVOICE_ID, "c1", "https://back")
    assert caught.value.code == ErrorCode.INVOICE_NOT_FOUND


# -- close ----------------------------------------------------------------------------------------
@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("name", "code", "message"),
    [
        (
            "close-invoice.error-full-payment-not-made.json",
            ErrorCode.FULL_PAYMENT_NOT_MADE,
            "Full Payment of invoice is not made.",
        ),
        (
            "close-invoice.error-payment-in-excess.json",
            ErrorCode.PAYMENT_IN_EXCESS,
            "Payment is made in excess.",
        ),
    ],
)
async def test_closes_legacy_error_fields_under_error_give_the_code(
    name: str, code: int, message: str
) -> None:
    client, _ = client_serving(sample_bytes(name))
    async with client:
        with pytest.raises(ZenotiError) as caught:
            await client.close_invoice(INVOICE_ID, "emp-1")
    assert caught.value.code == code
    assert caught.value.message == message
    assert caught.value.route == "POST /v1/invoices/{invoice_id}/close"


@pytest.mark.asyncio
async def test_close_reads_the_documented_answer_and_sends_the_closing_employee() -> None:
    # close-an-invoice: Response Details lists is_invoice_closed only. Its request table mixes in
    # response fields (is_invoice_closed, error, status): the client sends closed_by_id alone.
    client, seen = client_serving(sample_bytes("close-invoice.documented.json"))
    async with client:
        assert await client.close_invoice(INVOICE_ID, "emp-1") is True
    (request,) = seen
    assert (request.method, request.url.path) == ("POST", f"/v1/invoices/{INVOICE_ID}/close")
    assert sent(request) == {"closed_by_id": "emp-1"}


@pytest.mark.asyncio
async def test_an_answer_that_does_not_say_closed_is_not_closed() -> None:
    client, _ = client_serving(raw({"is_invoice_closed": False}))
    async with client:
        assert await client.close_invoice(INVOICE_ID, "emp-1") is False


# -- create, add, remove (field tables only) ------------------------------------------------------
@pytest.mark.asyncio
async def test_create_reads_the_documented_answer() -> None:
    client, seen = client_serving(sample_bytes("create-membership-invoice.documented.json"))
    async with client:
        invoice_id = await client.create_membership_invoice("c1", "g1", ["m1"], None)
    assert invoice_id == INVOICE_ID
    (request,) = seen
    assert (request.method, request.url.path) == ("POST", "/v1/invoices/memberships")


@pytest.mark.asyncio
async def test_create_sends_the_documented_request() -> None:
    documented = documented_request("create-membership-invoice.request.documented.json")
    client, seen = client_serving(sample_bytes("create-membership-invoice.documented.json"))
    async with client:
        await client.create_membership_invoice(
            documented["center_id"], documented["user_id"], [documented["membership_ids"]], None
        )
    body = sent(seen[0])
    assert shape_differences(body, documented) == []
    assert body == documented


@pytest.mark.asyncio
async def test_create_sends_membership_ids_comma_separated_and_the_seller_when_configured() -> None:
    # membership_version_ids is the legacy /api/Catalog/Memberships/CreateInvoice route's field.
    documented = documented_request("create-membership-invoice.request.documented.json")
    client, seen = client_serving(sample_bytes("create-membership-invoice.documented.json"))
    async with client:
        await client.create_membership_invoice("c1", "g1", ["m1", "m2"], "emp-1")
    body = sent(seen[0])
    # sale_by_id is not in the table: sent only when configured, so kiosk sales are credited
    assert shape_differences(body, documented, extra=["sale_by_id"]) == []
    assert (body["membership_ids"], body["sale_by_id"]) == ("m1,m2", "emp-1")
    assert "membership_version_ids" not in body


@pytest.mark.asyncio
async def test_create_refused_with_success_false_is_an_error() -> None:
    client, _ = client_serving(raw({"invoice_id": None, "success": False}))
    async with client:
        with pytest.raises(ZenotiError):
            await client.create_membership_invoice("c1", "g1", ["m1"], None)


@pytest.mark.asyncio
async def test_add_reads_the_documented_answer_and_sends_the_documented_request() -> None:
    documented = documented_request("add-memberships-to-invoice.request.documented.json")
    client, seen = client_serving(sample_bytes("add-memberships-to-invoice.documented.json"))
    async with client:
        await client.add_memberships_to_invoice(
            documented["invoice_id"],
            documented["center_id"],
            documented["user_id"],
            [documented["membeship_ids"]],
            None,
        )
    (request,) = seen
    assert (request.method, request.url.path) == ("PUT", f"/v1/invoices/{INVOICE_ID}/memberships")
    body = sent(request)
    differences = shape_differences(
        body,
        documented,
        # invoice_id is in the body table, but the page says to supply it as the url parameter
        absent=["invoice_id"],
        # the create route's spelling, sent beside this page's "membeship_ids" (its note says why)
        extra=["membership_ids"],
    )
    assert differences == []
    assert body["membeship_ids"] == body["membership_ids"] == documented["membeship_ids"]


@pytest.mark.asyncio
async def test_remove_reads_the_documented_answer_and_always_sends_comments() -> None:
    # delete-a-membership-from-an-invoice: Response Details lists success only; when comments
    # are optional, pass "comments" as an empty string. No table documents a request body.
    client, seen = client_serving(sample_bytes("remove-invoice-item.documented.json"))
    async with client:
        await client.remove_invoice_item(INVOICE_ID, "item-1", "guest left")
        await client.remove_invoice_item(INVOICE_ID, "item-2")
    first, second = seen
    assert first.method == "DELETE"
    assert first.url.path == f"/v1/invoices/{INVOICE_ID}/invoiceitems/item-1"
    assert sent(first) == {"comments": "guest left"}
    assert sent(second) == {"comments": ""}


@pytest.mark.asyncio
async def test_a_removal_answered_success_false_is_an_error() -> None:
    client, _ = client_serving(raw({"success": False}))
    async with client:
        with pytest.raises(ZenotiError):
            await client.remove_invoice_item(INVOICE_ID, "item-1")


@pytest.mark.asyncio
@pytest.mark.parametrize("status", [200, 400])
async def test_a_line_not_found_is_not_found_although_its_code_is_429(status: int) -> None:
    # delete-a-product-from-an-invoice (the same route) lists 429 "invoice item passed is not
    # found, invoice item id passed." in its error table: not throttling on this route.
    body = raw(
        {"success": False, "error": {"code": 429, "message": "invoice item passed is not found"}}
    )
    client, seen = client_serving(answer(body, status))
    async with client:
        with pytest.raises(ZenotiNotFound) as caught:
            await client.remove_invoice_item(INVOICE_ID, "item-1")
    assert caught.value.code == 429
    assert len(seen) == 1


# -- custom payment (field tables only) -----------------------------------------------------------
@pytest.mark.asyncio
async def test_a_custom_payments_documented_answer_reads_as_the_amounts_recorded() -> None:
    # insert-custom-payment-for-an-invoice-into-zenoti: transaction{payment_option,
    # total_amount_paid (incl. tip), amount_paid (excl. tip), tip_amount, ssg_amount}, error.
    # No readable table gives payment_option's fields: the fixture has null there.
    client, seen = client_serving(sample_bytes("add-custom-payment.documented.json"))
    async with client:
        recorded = await client.add_custom_payment(
            INVOICE_ID,
            amount=usd("3004.9"),
            custom_payment_id="f5af004c-37ef-478f-868f-38d3a37aebc1",
            collected_by_id="4fa7827c-b941-4530-ad72-9e9cd1364861",
            additional_data="pi_3Ab",
        )
    (request,) = seen
    assert (request.method, request.url.path) == (
        "POST",
        f"/v1/invoices/{INVOICE_ID}/payment/custom",
    )
    assert recorded.total_amount_paid == usd("3024.9")
    assert recorded.amount_paid == usd("3004.9")
    assert recorded.tip == usd("0")
    assert isinstance(recorded.amount_paid.amount, Decimal)
    # without a payment_option the answer names neither; the invoice's transactions are what
    # tells whether a payment was posted (additional_data), never this answer
    assert (recorded.payment_name, recorded.additional_data) == (None, None)


@pytest.mark.asyncio
async def test_a_custom_payment_sends_the_documented_request() -> None:
    documented = documented_request("add-custom-payment.request.documented.json")
    client, seen = client_serving(sample_bytes("add-custom-payment.documented.json"))
    async with client:
        await client.add_custom_payment(
            INVOICE_ID,
            amount=usd(str(documented["amount"])),
            tip=usd(str(documented["tip_amount"])),
            custom_payment_id=documented["custom_payment_id"],
            collected_by_id=documented["collected_by_id"],
            additional_data=documented["additional_data"],
            cash_register_id=documented["cash_register_id"],
        )
        await client.add_custom_payment(
            INVOICE_ID,
            amount=usd("10"),
            custom_payment_id=documented["custom_payment_id"],
            collected_by_id=documented["collected_by_id"],
            additional_data="pi_3Ab",
        )
    with_register, without = (sent(request) for request in seen)
    assert shape_differences(with_register, documented) == []
    assert with_register == {**documented, "amount": Decimal("3004.90"), "tip_amount": Decimal(0)}
    # cash_register_id is sent only when the kiosk is configured with one
    assert shape_differences(without, documented, absent=["cash_register_id"]) == []
    assert isinstance(with_register["additional_data"], str)  # the table says string


@pytest.mark.asyncio
async def test_a_custom_payments_amounts_are_json_number_literals_and_include_the_tip() -> None:
    client, seen = client_serving(sample_bytes("add-custom-payment.documented.json"))
    async with client:
        await client.add_custom_payment(
            INVOICE_ID,
            amount=usd("101.50"),
            tip=usd("5.00"),
            custom_payment_id="pay-type-1",
            collected_by_id="emp-1",
            additional_data="pi_3Ab",
            cash_register_id="reg-1",
        )
    assert seen[0].content == (
        b'{"amount":101.50,"tip_amount":5.00,"custom_payment_id":"pay-type-1",'
        b'"collected_by_id":"emp-1","additional_data":"pi_3Ab","cash_register_id":"reg-1"}'
    )


@pytest.mark.asyncio
async def test_a_custom_payment_answer_with_a_payment_option_names_it() -> None:
    # The get-invoice sample's payment_option fields, where this route's table is unreadable.
    answer_body = sample("add-custom-payment.documented.json")
    option = dict(sample("get-invoice.json")["invoice"]["transactions"][0]["payment_option"])
    answer_body["transaction"]["payment_option"] = {
        **option,
        "payment_name": "Kiosk card",
        "additional_data": "pi_3Ab",
    }
    client, _ = client_serving(raw(answer_body))
    async with client:
        recorded = await client.add_custom_payment(
            INVOICE_ID,
            amount=usd("3004.9"),
            custom_payment_id="p",
            collected_by_id="e",
            additional_data="pi_3Ab",
        )
    assert (recorded.payment_name, recorded.additional_data) == ("Kiosk card", "pi_3Ab")


@pytest.mark.asyncio
async def test_a_refused_custom_payment_keeps_its_code_for_the_sale_engine() -> None:
    client, _ = client_serving(
        raw({"transaction": None, "error": {"code": 460, "message": "Payment already made"}})
    )
    async with client:
        with pytest.raises(ZenotiError) as caught:
            await client.add_custom_payment(
                INVOICE_ID,
                amount=usd("1"),
                custom_payment_id="p",
                collected_by_id="e",
                additional_data="pi_1",
            )
    assert caught.value.code == ErrorCode.ALREADY_PAID_IN_FULL


# -- email (field table only) ---------------------------------------------------------------------
@pytest.mark.asyncio
async def test_email_reads_the_documented_answer() -> None:
    # send-an-email-to-a-guest: response invoice_id, mail_sent_success; no request body.
    client, seen = client_serving(sample_bytes("email-invoice.documented.json"))
    async with client:
        assert await client.email_invoice(INVOICE_ID) is True
    (request,) = seen
    assert (request.method, request.url.path) == ("PUT", f"/v1/invoices/{INVOICE_ID}/email")
    assert request.content == b""


@pytest.mark.asyncio
async def test_an_email_not_sent_is_false() -> None:
    client, _ = client_serving(raw({"invoice_id": INVOICE_ID, "mail_sent_success": False}))
    async with client:
        assert await client.email_invoice(INVOICE_ID) is False


# -- a center's open invoices (field table only) --------------------------------------------------
@pytest.mark.asyncio
async def test_open_invoices_read_the_documented_todays_invoices() -> None:
    # retrieve-open-invoices: todays_invoices[] with invoice_no, invoice_id, user_id, sale_date,
    # final_price_tax; no balance and no seller are documented.
    client, seen = client_serving(sample_bytes("list-center-invoices.documented.json"))
    async with client:
        (summary,) = await client.open_invoices("7aac6915-9252-4dbf-bbff-028e41836ea8")
    assert summary.id == INVOICE_ID
    assert summary.number == "117798"
    assert summary.guest_id == "e1d61626-629c-4531-8fb5-9b782e21214f"
    assert summary.date == datetime(2025, 1, 21, 13, 0)
    assert summary.total == usd("3004.9")  # final_price_tax: the total with tax
    assert isinstance(summary.total.amount, Decimal)
    assert (summary.balance, summary.sale_by_id, summary.is_closed) == (None, None, False)
    (request,) = seen
    assert request.url.path == "/v1/centers/7aac6915-9252-4dbf-bbff-028e41836ea8/invoices"


@pytest.mark.asyncio
async def test_open_invoices_found_by_a_search_are_read_too() -> None:
    # "invoices" is returned only when search_type is given: the same entries, read alike.
    body = sample("list-center-invoices.documented.json")
    body["invoices"], body["todays_invoices"] = body["todays_invoices"], []
    client, _ = client_serving(raw(body))
    async with client:
        (summary,) = await client.open_invoices("center-1")
    assert (summary.id, summary.total) == (INVOICE_ID, usd("3004.9"))


@pytest.mark.asyncio
async def test_open_invoices_stop_when_a_page_brings_nothing_new() -> None:
    # The reference documents no paging: a server that ignores page must not be asked 100 times.
    entry = sample("list-center-invoices.documented.json")["todays_invoices"][0]
    many = {"todays_invoices": [{**entry, "invoice_id": f"inv-{n}"} for n in range(100)]}
    client, seen = client_serving(raw(many))
    async with client:
        listed = await client.open_invoices("center-1")
    assert len(listed) == 100
    assert len(seen) == 2


@pytest.mark.asyncio
async def test_open_invoices_in_the_older_shape_are_still_read() -> None:
    older = {
        "invoices": [
            {
                "id": "inv-2",
                "invoice_number": "SPA1002",
                "invoice_date": "2025-01-21T09:00:00",
                "guest": {"id": "guest-2"},
                "total_price": {"sum_total": "10.00"},
                "invoice_dues": {"balance": "4.00"},
                "sale_by_id": "emp-kiosk",
            }
        ],
        "page_info": {"total": 1, "page": 1, "size": 100},
    }
    client, _ = client_serving(raw(older))
    async with client:
        (summary,) = await client.open_invoices("center-1")
    assert (summary.id, summary.number, summary.guest_id) == ("inv-2", "SPA1002", "guest-2")
    assert (summary.total, summary.balance) == (usd("10.00"), usd("4.00"))
    assert summary.sale_by_id == "emp-kiosk"

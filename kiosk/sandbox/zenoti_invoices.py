"""Zenoti's invoice routes: create, add and remove lines, read, pay, close, email, list."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.routing import BaseRoute, Route

from kiosk.sandbox import ledger
from kiosk.sandbox.clock import center_today, utc_now_iso
from kiosk.sandbox.errors import ZenotiError
from kiosk.sandbox.guestbook import get_guest, list_accounts
from kiosk.sandbox.hosted import PAY, open_hosted_page
from kiosk.sandbox.invoice_views import invoice_json, open_invoice_json, transaction_json
from kiosk.sandbox.money import ZERO, cents, parse_amount
from kiosk.sandbox.reference import Center, Membership
from kiosk.sandbox.wire import WireJSON, endpoint, json_body, page_params, paginate, text_field
from kiosk.sandbox.zenoti_catalog import require_center
from kiosk.sandbox.zenoti_guests import require_guest

if TYPE_CHECKING:
    from kiosk.sandbox.state import SandboxState

EXPANDS = {"invoiceitems": "items", "transactions": "transactions", "appointments": "appointments"}
SAVED_CARD_PAYMENT_NAME = "Card on file"


def _memberships(state: SandboxState, body: dict[str, Any], center: Center) -> list[Membership]:
    """``membership_ids``: comma-separated ids, as create-an-invoice-for-memberships documents.

    *Sandbox picks*: add-a-membership-to-an-invoice spells the field ``membeship_ids``, so that
    spelling is read too; ``membership_version_ids`` (the legacy CreateInvoice route's field, a
    string there) is read as a comma-separated string or a list of strings.
    """
    raw = body.get("membership_ids")
    if raw in (None, ""):
        raw = body.get("membeship_ids")  # add-a-membership-to-an-invoice's spelling
    if raw not in (None, ""):
        if not isinstance(raw, str):
            raise ZenotiError(400, 400, "membership_ids must be a comma-separated string")
        wanted = [part.strip() for part in raw.split(",") if part.strip()]
    else:
        raw = body.get("membership_version_ids")
        if raw in (None, [], ""):
            raise ZenotiError(400, 503, "membership_ids is mandatory")
        if isinstance(raw, str):
            raw = [part.strip() for part in raw.split(",") if part.strip()]
        if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
            raise ZenotiError(400, 400, "membership_version_ids must be ids")
        wanted = raw
    found = []
    for membership_id in wanted:
        membership = state.ref.membership(membership_id)
        if membership is None or not membership.on_sale(center.id, center_today(center.time_zone)):
            raise ZenotiError(400, 502, f"Invalid membership id: {membership_id}")
        found.append(membership)
    if not found:
        raise ZenotiError(400, 503, "membership_ids is mandatory")
    return found


def _employee(state: SandboxState, body: dict[str, Any], name: str) -> str | None:
    employee_id = text_field(body, name)
    if employee_id is not None and state.ref.employee(employee_id) is None:
        raise ZenotiError(400, 502, f"{name} is not a known employee")
    return employee_id


def _amount(body: dict[str, Any], name: str, *, default: Any = None) -> Decimal:
    raw = body.get(name, default)
    if raw is None:
        raise ZenotiError(400, 503, f"{name} is mandatory")
    amount = parse_amount(raw)
    if amount is None:
        raise ZenotiError(400, 400, f"{name} must be a number")
    if amount != cents(amount) or amount < 0:
        raise ZenotiError(400, 502, f"{name} must be a positive amount in cents")
    return amount


def routes(state: SandboxState) -> list[BaseRoute]:
    """The invoice routes."""
    store, ref = state.store, state.ref

    def invoice_center(invoice: ledger.Invoice) -> Center:
        return require_center(state, invoice.center_id)

    def auto_close(invoice_id: str, closed_by_id: str | None) -> None:
        if state.settings.auto_close:
            ledger.close_if_paid(store, ref, invoice_id, closed_by_id)

    async def create(request: Request) -> dict[str, Any]:
        body = await json_body(request)
        center = require_center(state, text_field(body, "center_id", required=True))
        guest = require_guest(state, text_field(body, "user_id", required=True) or "")
        memberships = _memberships(state, body, center)
        sale_by_id = _employee(state, body, "sale_by_id")
        ledger.check_memberships_fit(ref, [], memberships)
        with store.transaction():
            invoice_id = ledger.create_invoice(store, center, guest["id"], sale_by_id)
            ledger.add_membership_lines(store, center, invoice_id, memberships, sale_by_id)
        return {"invoice_id": invoice_id, "success": True, "error": None}

    async def add(request: Request) -> dict[str, Any]:
        invoice = ledger.require_invoice(store, request.path_params["invoice_id"])
        body = await json_body(request)
        center = invoice_center(invoice)
        if body.get("center_id") not in (None, center.id):
            raise ZenotiError(400, 502, "Invalid center id")
        if invoice.is_closed:
            raise ZenotiError(200, 728, "Items cannot be added to a closed invoice")
        memberships = _memberships(state, body, center)
        sale_by_id = _employee(state, body, "sale_by_id")
        ledger.check_memberships_fit(ref, invoice.items, memberships)
        with store.transaction():
            ledger.add_membership_lines(store, center, invoice.id, memberships, sale_by_id)
        return {"invoice_id": invoice.id, "success": True, "error": None}

    async def remove(request: Request) -> dict[str, Any]:
        invoice = ledger.require_invoice(store, request.path_params["invoice_id"])
        await json_body(request, required=False)  # optional {"comments"}; must still be JSON
        with store.transaction():
            ledger.remove_item(store, invoice, request.path_params["item_id"])
        return {"success": True, "error": None}

    async def read(request: Request) -> dict[str, Any]:
        invoice = ledger.require_invoice(store, request.path_params["invoice_id"])
        # One value per expand parameter, as Zenoti reads it: "a,b" expands nothing.
        expand = {EXPANDS.get(v.strip().lower()) for v in request.query_params.getlist("expand")}
        view = invoice_json(
            store,
            invoice_center(invoice),
            invoice,
            items="items" in expand,
            transactions="transactions" in expand,
            appointments="appointments" in expand,
            ref=ref,
        )
        return {"invoice": view, "error": None}

    async def pay_custom(request: Request) -> dict[str, Any]:
        invoice = ledger.require_invoice(store, request.path_params["invoice_id"])
        body = await json_body(request)
        amount = _amount(body, "amount")
        tip = _amount(body, "tip_amount", default=ZERO)
        if amount <= 0 or tip > amount:
            raise ZenotiError(400, 502, "amount must be above 0 and include the tip")
        payment_type = ref.payment_type(body.get("custom_payment_id"))
        if payment_type is None:
            raise ZenotiError(400, 502, "Invalid custom payment id")
        collected_by_id = _employee(state, body, "collected_by_id")
        ledger.check_payable(invoice, amount - tip)
        with store.transaction():
            payment = ledger.record_payment(
                store,
                invoice.id,
                option_id=payment_type["id"],
                payment_mode=ledger.CUSTOM_PAYMENT_MODE,
                payment_name=payment_type["name"],
                card_number=None,
                additional_data=body.get("additional_data"),
                amount=amount,
                tip=tip,
                cash_register_id=text_field(body, "cash_register_id"),
                collected_by_id=collected_by_id,
            )
            auto_close(invoice.id, collected_by_id)
        view = transaction_json(payment, invoice_center(invoice))
        # insert-custom-payment-for-an-invoice-into-zenoti's transaction table, exactly (no copy
        # reads past ssg_amount); payment_option as in the get-invoice sample's transactions.
        keys = ("payment_option", "total_amount_paid", "amount_paid", "tip_amount", "ssg_amount")
        return {"transaction": {k: view[k] for k in keys}, "error": None}

    async def pay_online(request: Request) -> dict[str, Any]:
        invoice = ledger.load_invoice(store, request.path_params["invoice_id"])
        if invoice is None:
            # The saved-card page's error sample: code 400 "Invoice not found" (an older page of
            # the route lists 418). *Sandbox picks* that sample, with HTTP 404.
            raise ZenotiError(404, 400, "Invoice not found")
        body = await json_body(request)
        center = invoice_center(invoice)
        if body.get("center_id") not in (None, center.id):
            raise ZenotiError(400, 502, "Invalid center id")
        if not invoice.items:
            raise ZenotiError(200, 502, "The invoice has no items")
        ledger.check_payable(invoice, ZERO)
        account_id = text_field(body, "account_id")
        if account_id is None:
            with store.transaction():
                page = open_hosted_page(
                    store,
                    request,
                    purpose=PAY,
                    guest_id=invoice.guest_id,
                    center_id=center.id,
                    invoice_id=invoice.id,
                    redirect_uri=text_field(body, "redirect_uri"),
                )
            return {"success": True, **page, "error": None}
        card = next(
            (a for a in list_accounts(store, invoice.guest_id) if a["account_id"] == account_id),
            None,
        )
        if card is None:
            raise ZenotiError(400, 502, "Invalid account id")
        with store.transaction():
            ledger.record_payment(
                store,
                invoice.id,
                option_id=account_id,
                payment_mode=ledger.CARD_PAYMENT_MODE,
                payment_name=SAVED_CARD_PAYMENT_NAME,
                card_number=card["last_four"],
                additional_data={"account_id": account_id, "source": body.get("source")},
                amount=invoice.balance,
            )
            auto_close(invoice.id, None)
        return {"success": True, "error": None}

    async def close(request: Request) -> dict[str, Any]:
        invoice = ledger.require_invoice(store, request.path_params["invoice_id"])
        body = await json_body(request, required=False)
        closed_by_id = _employee(state, body, "closed_by_id")
        with store.transaction():
            ledger.close_invoice(store, invoice_center(invoice), invoice, closed_by_id)
        return {"is_invoice_closed": True, "error": None}

    async def email(request: Request) -> dict[str, Any]:
        invoice = ledger.require_invoice(store, request.path_params["invoice_id"])
        if not invoice.is_closed or not invoice.fully_paid:
            raise ZenotiError(200, 419, "Invoice is not closed")
        guest = get_guest(store, invoice.guest_id) or {}
        address = (guest.get("personal_info") or {}).get("email")
        if not address:
            raise ZenotiError(200, 503, "The guest has no email address")
        subject = f"Your receipt from {ref.organisation['name']}: {invoice.receipt_number}"
        with store.transaction():
            store.execute(
                "INSERT INTO outbox (invoice_id, to_address, subject, sent_at) VALUES (?, ?, ?, ?)",
                (invoice.id, address, subject, utc_now_iso()),
            )
        return {"invoice_id": invoice.id, "mail_sent_success": True}  # send-an-email-to-a-guest

    async def center_invoices(request: Request) -> dict[str, Any]:
        center = require_center(state, request.path_params["center_id"])
        status = request.query_params.get("status", "").lower()
        if status not in ("", "all", "open", "closed"):
            raise ZenotiError(400, 502, "status must be open, closed or all")
        page, size = page_params(request)
        invoices = [
            i
            for i in ledger.list_invoices(store, center_id=center.id)
            if status in ("", "all") or i.is_closed == (status == "closed")
        ]
        rows, page_info = paginate(invoices, page, size)
        # retrieve-open-invoices answers todays_invoices; its paging is not documented:
        # *sandbox picks* page/size and page_info as on the other lists.
        return {
            "todays_invoices": [open_invoice_json(store, center, i, ref) for i in rows],
            "page_info": page_info,
        }

    def legacy_errors(handler: Any) -> Any:
        """close-an-invoice documents its error object with the legacy fields under ``error``:
        ``{"error": {"StatusCode", "Message", "InternalMessage"}}``."""

        async def run(request: Request) -> Any:
            try:
                return await handler(request)
            except ZenotiError as failure:
                block = {
                    "StatusCode": failure.code,
                    "Message": failure.message,
                    "InternalMessage": failure.message,  # sandbox picks: the reference gives none
                }
                return WireJSON({"error": block}, status_code=failure.http_status)

        return run

    def route(path: str, handler: Any, *, success: bool = False, method: str = "POST") -> Route:
        return Route(path, endpoint(handler, carries_success=success), methods=[method])

    return [
        route("/v1/invoices/memberships", create, success=True),
        route("/v1/invoices/{invoice_id}/memberships", add, success=True, method="PUT"),
        route(
            "/v1/invoices/{invoice_id}/invoiceitems/{item_id}",
            remove,
            success=True,
            method="DELETE",
        ),
        route("/v1/invoices/{invoice_id}", read, method="GET"),
        route("/v1/invoices/{invoice_id}/payment/custom", pay_custom),
        route("/v1/invoices/{invoice_id}/online_payments", pay_online, success=True),
        route("/v1/invoices/{invoice_id}/close", legacy_errors(close)),
        route("/v1/invoices/{invoice_id}/email", email, method="PUT"),
        route("/v1/centers/{center_id}/invoices", center_invoices, method="GET"),
    ]

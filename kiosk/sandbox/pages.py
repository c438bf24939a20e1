"""The pages a guest sees on their own phone: pay an invoice, save a card, a receipt; and the
membership images the catalogue points at."""

from __future__ import annotations

import re
from datetime import date
from html import escape
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from kiosk.resources import resource
from kiosk.sandbox import guestbook, ledger
from kiosk.sandbox.card_form import Card, form_fields, read_card
from kiosk.sandbox.clock import local_iso
from kiosk.sandbox.errors import ZenotiError
from kiosk.sandbox.hosted import ADD_CARD, PAY, complete_hosted_page, hosted_page
from kiosk.sandbox.invoice_views import invoice_number
from kiosk.sandbox.page_html import card_form, link, money, page, rows

if TYPE_CHECKING:
    from kiosk.sandbox.state import SandboxState

ONLINE_CARD_PAYMENT_NAME = "Card (online)"
MEDIA_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*\.svg$")


def routes(state: SandboxState) -> list[BaseRoute]:
    """The hosted pages and the media files."""
    store, ref = state.store, state.ref
    business = ref.organisation["name"]
    symbol = ref.currency.get("symbol", "$")

    def gone(message: str) -> HTMLResponse:
        return page("Link not valid", business, f"<p>{escape(message)}</p>", status=404)

    async def card(request: Request) -> Card | str:
        return read_card(form_fields(await request.body()), date.today())

    async def card_or_page(request: Request, title: str, lead: str, action: str) -> Card | Response:
        """The card a hosted page's form was submitted with, or the page to answer instead:
        the empty form (GET), the form again with what is wrong (400), or a decline (402)."""
        if request.method == "GET":
            return page(title, business, lead + card_form(request.url.path, action))
        typed = await card(request)
        if isinstance(typed, str):
            return page(title, business, lead + card_form(request.url.path, action, typed), 400)
        if typed.declined:
            retry = card_form(request.url.path, "Try again", "Your card was declined.")
            return page("Card declined", business, lead + retry, 402)
        return typed

    async def pay(request: Request) -> Response:
        token = request.path_params["token_id"]
        found = hosted_page(store, token, PAY)
        invoice = ledger.load_invoice(store, found["invoice_id"]) if found else None
        if found is None or invoice is None:
            return gone("This payment link does not exist.")
        done = link(found["redirect_uri"], "Back")
        if invoice.is_closed or invoice.fully_paid:
            return page(
                "Already paid", business, f'<p class="notice ok">Nothing left to pay.</p>{done}'
            )
        due = (
            f'<p class="muted">Amount due</p><p class="amount">{money(invoice.balance, symbol)}</p>'
        )
        typed = await card_or_page(request, "Pay your invoice", due, "Pay now")
        if not isinstance(typed, Card):
            return typed
        amount = invoice.balance
        try:
            ledger.check_payable(invoice, amount)
        except ZenotiError as refusal:
            return page(
                "Payment not possible",
                business,
                f'<p class="notice">{escape(refusal.message)}</p>',
                409,
            )
        with store.transaction():
            ledger.record_payment(
                store,
                invoice.id,
                option_id=token,
                payment_mode=ledger.CARD_PAYMENT_MODE,
                payment_name=ONLINE_CARD_PAYMENT_NAME,
                card_number=typed.last_four,
                additional_data={"token_id": token},
                amount=amount,
            )
            complete_hosted_page(store, token)
            if state.settings.auto_close:
                ledger.close_if_paid(store, ref, invoice.id, None)
        paid = f"{money(amount, symbol)} paid with the card ending {typed.last_four}."
        thanks = f'<p class="notice ok">{paid}</p>'
        return page("Thank you", business, thanks + "<p>You can close this page.</p>" + done)

    async def add_card(request: Request) -> Response:
        token = request.path_params["token_id"]
        found = hosted_page(store, token, ADD_CARD)
        if found is None:
            return gone("This link does not exist.")
        done = link(found["redirect_uri"], "Back")
        if found["completed_at"]:
            return page(
                "Card saved", business, f'<p class="notice ok">Your card is on file.</p>{done}'
            )
        intro = (
            "<p>Save a card for your membership's future payments. Nothing is charged today.</p>"
        )
        typed = await card_or_page(request, "Save a card", intro, "Save card")
        if not isinstance(typed, Card):
            return typed
        with store.transaction():
            guestbook.add_account(
                store,
                guest_id=found["guest_id"],
                center_id=found["center_id"],
                card_logo=typed.brand,
                last_four=typed.last_four,
                expiry_on=typed.expiry_on,
            )
            complete_hosted_page(store, token)
        saved = f'<p class="notice ok">The card ending {typed.last_four} is saved.</p>'
        return page("Card saved", business, saved + done)

    async def receipt(request: Request) -> Response:
        invoice = ledger.load_invoice(store, request.path_params["invoice_id"])
        center = ref.center(invoice.center_id) if invoice else None
        if invoice is None or center is None:
            return gone("There is no such receipt.")
        when = local_iso(invoice.closed_at or invoice.created_at, center.time_zone)
        heading = (
            f"<p><strong>{escape(center.name)}</strong><br>"
            f'<span class="muted">{escape(center.address_info["address_1"])}, '
            f"{escape(center.address_info['city'])}</span></p>"
            f"<p>Receipt {escape(invoice.receipt_number or 'not issued (invoice open)')}<br>"
            f'<span class="muted">Invoice {escape(invoice_number(invoice, center))} · '
            f"{escape(when.replace('T', ' ')[:16])}</span></p>"
        )
        items = rows(
            [(i.name, money(i.sales, symbol)) for i in invoice.items]
            + [
                ("Subtotal", money(invoice.net, symbol)),
                (f"Tax ({center.tax_rate}%)", money(invoice.tax, symbol)),
            ],
            ("Total", money(invoice.total, symbol)),
        )
        paid = rows(
            [
                (
                    p.payment_name + (f" ····{p.card_number}" if p.card_number else ""),
                    money(p.amount, symbol),
                )
                for p in invoice.payments
            ],
            ("Balance", money(invoice.balance, symbol)),
        )
        return page("Receipt", business, heading + items + "<p class='muted'>Payments</p>" + paid)

    async def media(request: Request) -> Response:
        name = request.path_params["file_name"]
        path = resource("sandbox", "images", name)
        if not MEDIA_NAME.match(name) or not path.is_file():
            return Response("not found", status_code=404, media_type="text/plain")
        return Response(
            path.read_bytes(),
            media_type="image/svg+xml",
            headers={"Cache-Control": "public, max-age=3600"},
        )

    return [
        Route("/pay/{token_id}", pay, methods=["GET", "POST"]),
        Route("/add-card/{token_id}", add_card, methods=["GET", "POST"]),
        Route("/receipt/{invoice_id}", receipt, methods=["GET"]),
        Route("/media/{file_name}", media, methods=["GET"]),
    ]

"""``InvoiceCalls``: Zenoti's invoice and payment routes — create, add and remove lines, read,
pay (a custom payment, Zenoti's hosted page), offer codes, close, email, the day's open invoices."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from kiosk.domain.invoice import HostedPaymentPage, Invoice, InvoiceSummary, PaymentRecorded
from kiosk.domain.money import Money
from kiosk.domain.offer import OfferApplied
from kiosk.zenoti.calls import MAX_PAGES, PAGE_SIZE, ZenotiCalls
from kiosk.zenoti.schema import invoices, offers
from kiosk.zenoti.schema.paging import is_last_page, page_info
from kiosk.zenoti.schema.reader import Node


class InvoiceCalls(ZenotiCalls):
    """The invoice and payment routes, on the session of ``ZenotiCalls``."""

    @staticmethod
    def _membership_body(
        center_id: str, guest_id: str, membership_ids: Sequence[str], sale_by_id: str | None
    ) -> dict[str, Any]:
        if not membership_ids:
            raise ValueError("at least one membership id is required")
        body: dict[str, Any] = {
            "center_id": center_id,
            "user_id": guest_id,
            "membership_ids": ",".join(membership_ids),
        }
        if sale_by_id:
            body["sale_by_id"] = sale_by_id
        return body

    async def create_membership_invoice(
        self, center_id: str, guest_id: str, membership_ids: Sequence[str], sale_by_id: str | None
    ) -> str:
        """Open an invoice selling ``membership_ids`` to the guest; its id (save it at once)."""
        body = self._membership_body(center_id, guest_id, membership_ids, sale_by_id)
        return await self._write(
            "POST", "/v1/invoices/memberships", invoices.parse_invoice_id, body=body
        )

    async def add_memberships_to_invoice(
        self,
        invoice_id: str,
        center_id: str,
        guest_id: str,
        membership_ids: Sequence[str],
        sale_by_id: str | None,
    ) -> None:
        """Add memberships to an invoice already open (staff use).

        add-a-membership-to-an-invoice spells the field ``membeship_ids``; the create route spells
        it ``membership_ids``. The ids go under both names, so whichever the server reads, it
        finds them (a server reads one model field: the ids are not added twice).
        """
        body = self._membership_body(center_id, guest_id, membership_ids, sale_by_id)
        body["membeship_ids"] = body["membership_ids"]
        await self._write(
            "PUT",
            "/v1/invoices/{invoice_id}/memberships",
            _nothing,
            path={"invoice_id": invoice_id},
            body=body,
        )

    async def remove_invoice_item(
        self, invoice_id: str, item_id: str, comments: str | None = None
    ) -> None:
        """Take a line off an open invoice (abandoning a sale).

        delete-a-membership-from-an-invoice: comments are mandatory or optional by configuration;
        when optional, pass ``"comments": ""``. So ``comments`` is always sent.
        """
        await self._write(
            "DELETE",
            "/v1/invoices/{invoice_id}/invoiceitems/{item_id}",
            _nothing,
            path={"invoice_id": invoice_id, "item_id": item_id},
            body={"comments": comments or ""},
        )

    async def invoice(self, invoice_id: str) -> Invoice:
        """An invoice with its items and transactions: real totals, dues, recorded payments."""
        return await self._get(
            "/v1/invoices/{invoice_id}",
            lambda n: invoices.parse_invoice(n, self.currency),
            path={"invoice_id": invoice_id},
            params={"expand": ["InvoiceItems", "Transactions"]},
        )

    async def add_custom_payment(
        self,
        invoice_id: str,
        *,
        amount: Money,
        custom_payment_id: str,
        collected_by_id: str,
        additional_data: str,
        tip: Money | None = None,
        cash_register_id: str | None = None,
    ) -> PaymentRecorded:
        """Record a payment taken elsewhere (terminal, cash); ``amount`` includes ``tip``.

        Put the terminal's reference in ``additional_data``: after ``ZenotiUnknownOutcome``,
        ``Invoice.transaction_with_reference`` tells whether it was recorded.
        """
        tip = tip or Money.zero(amount.currency)
        body: dict[str, Any] = {
            "amount": self._wire_amount(amount),
            "tip_amount": self._wire_amount(tip),
            "custom_payment_id": custom_payment_id,
            "collected_by_id": collected_by_id,
            "additional_data": additional_data,
        }
        if cash_register_id:
            body["cash_register_id"] = cash_register_id
        return await self._write(
            "POST",
            "/v1/invoices/{invoice_id}/payment/custom",
            lambda n: invoices.parse_payment(n, self.currency),
            path={"invoice_id": invoice_id},
            body=body,
        )

    def _wire_amount(self, money: Money) -> Decimal:
        if money.currency != self.currency:
            raise ValueError(
                f"this Zenoti organisation bills in {self.currency}, not {money.currency}"
            )
        return money.quantized().amount  # written as a JSON number literal, never via float

    async def start_online_payment(
        self,
        invoice_id: str,
        center_id: str,
        redirect_uri: str,
        *,
        account_id: str | None = None,
        source: int = 1,
    ) -> HostedPaymentPage | None:
        """Pay with Zenoti's processor: a saved card (``account_id``) pays at once and gives None;
        otherwise the hosted page where the guest types a card.

        No ``amount`` is sent: Zenoti then takes the invoice's balance. Zenoti documents ``source``
        1 (WebStore, its default) and 5 (Mobile), nothing else.
        """
        body: dict[str, Any] = {
            "center_id": center_id,
            "redirect_uri": redirect_uri,
            "source": source,
        }
        if account_id:
            body["account_id"] = account_id
        parse = invoices.parse_hosted_page if account_id else required_hosted_page
        return await self._write(
            "POST",
            "/v1/invoices/{invoice_id}/online_payments",
            parse,
            path={"invoice_id": invoice_id},
            body=body,
        )

    async def apply_offer_code(
        self, invoice_id: str, center_id: str, offer_code: str
    ) -> OfferApplied:
        """Apply a media campaign's offer code to an open invoice; read the invoice for its
        new totals (the answer names no amount)."""
        return await self._write(
            "POST",
            "/v1/invoices/{invoice_id}/campaign_discount/apply",
            offers.parse_offer_applied,
            path={"invoice_id": invoice_id},
            body={"offer_code": offer_code, "center_id": center_id},
        )

    async def close_invoice(self, invoice_id: str, closed_by_id: str) -> bool:
        """Close a fully paid invoice; True when Zenoti says it is closed."""
        return await self._write(
            "POST",
            "/v1/invoices/{invoice_id}/close",
            lambda n: n.flag("is_invoice_closed", default=False),
            path={"invoice_id": invoice_id},
            body={"closed_by_id": closed_by_id},
        )

    async def email_invoice(self, invoice_id: str) -> bool:
        """Email the receipt of a closed invoice to the guest's address on file."""
        return await self._write(
            "PUT",
            "/v1/invoices/{invoice_id}/email",
            lambda n: n.flag("mail_sent_success", default=False),
            path={"invoice_id": invoice_id},
        )

    async def open_invoices(self, center_id: str) -> list[InvoiceSummary]:
        """A center's open invoices, every page (to sweep abandoned kiosk sales).

        Zenoti's reference documents no paging for this route: a page that brings no invoice not
        seen before ends the listing, so a server that ignores ``page`` is not asked 100 times.
        """
        template = "/v1/centers/{center_id}/invoices"
        found: dict[str, InvoiceSummary] = {}
        for number in range(1, MAX_PAGES + 1):
            query = {"status": "open", "page": str(number), "size": str(PAGE_SIZE)}
            rows, info = await self._get(
                template,
                lambda n: (invoices.parse_invoice_summaries(n, self.currency), page_info(n)),
                path={"center_id": center_id},
                params=query,
            )
            new = [row for row in rows if row.id not in found]
            found.update((row.id, row) for row in new)
            if not new or is_last_page(info, PAGE_SIZE, len(rows), len(found)):
                break
        return list(found.values())


def _nothing(_: Node) -> None:
    return None


def required_hosted_page(node: Node) -> HostedPaymentPage:
    """Zenoti's hosted page (pay, or add a card): its address is required."""
    page = invoices.parse_hosted_page(node)
    if page is None:
        raise node.error("required text is missing", "hosted_payment_uri")
    return page

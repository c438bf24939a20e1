"""Zenoti's media campaigns: ``POST /v1/invoices/{invoice_id}/campaign_discount/apply``.

Answers as apply-a-media-campaign-offer-code-on-an-invoice documents (see
tests/fixtures/zenoti/apply-offer-code.source.md): ``{discount_applied, campaign_id, error}``,
its error codes and messages. *Sandbox picks*: codes are matched ignoring case and surrounding
spaces; an expired (or not yet started) campaign is not found (4017), as the campaign's details
include its dates; a code for memberships not on the invoice, or an invoice with nothing left to
discount, is 4025; one campaign per invoice (4024). The discount comes off each line before tax.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.routing import BaseRoute, Route

from kiosk.sandbox import ledger
from kiosk.sandbox.clock import center_today, utc_now_iso
from kiosk.sandbox.errors import ZenotiError
from kiosk.sandbox.money import ZERO, cents, tax_on
from kiosk.sandbox.reference import Center, Reference
from kiosk.sandbox.seed import CAMPAIGNS
from kiosk.sandbox.wire import endpoint, json_body, text_field
from kiosk.sandbox.zenoti_catalog import require_center

if TYPE_CHECKING:
    from kiosk.sandbox.state import SandboxState

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Campaign:
    """One campaign and its code."""

    id: str
    code: str
    percent: Decimal | None
    amount: Decimal | None
    memberships: tuple[str, ...] | None  # membership codes; None: every membership
    valid_from: date | None
    valid_until: date | None

    def running(self, today: date) -> bool:
        started = self.valid_from is None or self.valid_from <= today
        return started and (self.valid_until is None or today <= self.valid_until)

    def covers(self, ref: Reference, item: ledger.InvoiceItem) -> bool:
        if item.line_kind == "setup_fee":
            return False
        membership = ref.membership(item.membership_id)
        return self.memberships is None or (
            membership is not None and membership.code in self.memberships
        )


def _day(value: object) -> date | None:
    return date.fromisoformat(str(value)) if value else None


def campaigns() -> tuple[Campaign, ...]:
    """The seed's campaigns."""
    found = []
    for row in CAMPAIGNS:
        codes = row.get("memberships")
        found.append(
            Campaign(
                id=str(row["id"]),
                code=str(row["code"]),
                percent=Decimal(str(row["percent"])) if row.get("percent") else None,
                amount=Decimal(str(row["amount"])) if row.get("amount") else None,
                memberships=tuple(str(c) for c in codes) if isinstance(codes, tuple) else None,
                valid_from=_day(row.get("valid_from")),
                valid_until=_day(row.get("valid_until")),
            )
        )
    return tuple(found)


def discounts(
    campaign: Campaign, ref: Reference, invoice: ledger.Invoice
) -> list[tuple[ledger.InvoiceItem, Decimal]]:
    """What the campaign takes off each line it covers (an amount off goes on the first)."""
    found: list[tuple[ledger.InvoiceItem, Decimal]] = []
    left = campaign.amount
    for item in invoice.items:
        if not campaign.covers(ref, item) or item.sales <= 0:
            continue
        if campaign.percent is not None:
            off = cents(item.sales * campaign.percent / HUNDRED)
        else:
            off = min(left or ZERO, item.sales)
            left = (left or ZERO) - off
        if off > 0:
            found.append((item, off))
    return found


def routes(state: SandboxState) -> list[BaseRoute]:
    """The campaign route."""
    store, ref = state.store, state.ref
    known = campaigns()

    def find(code: str, center: Center) -> Campaign:
        wanted = code.strip().upper()
        today = center_today(center.time_zone)
        found = next((c for c in known if c.code.upper() == wanted and c.running(today)), None)
        if found is None:
            raise ZenotiError(
                200, 4017, "Campaign cannot be found with the given campaign details."
            )
        return found

    async def apply(request: Request) -> dict[str, Any]:
        body = await json_body(request)
        invoice = ledger.load_invoice(store, request.path_params["invoice_id"])
        if invoice is None:
            raise ZenotiError(404, 418, "Invoice not found.")
        code = text_field(body, "offer_code")
        if not code:
            raise ZenotiError(400, 503, "Offer code is required for applying campaign.")
        center_id = text_field(body, "center_id")
        if not center_id:
            raise ZenotiError(400, 4045, "Center ID cannot be empty.")
        center = require_center(state, center_id)
        if center.id != invoice.center_id:
            raise ZenotiError(400, 502, "Invoice center is not a valid center.")
        campaign = find(code, center)
        if any(item.discount > 0 for item in invoice.items):
            raise ZenotiError(
                200,
                4024,
                "This campaign cannot be applied simultaneously with another campaign. "
                "Undo applied campaigns to proceed with this campaign.",
            )
        taken = discounts(campaign, ref, invoice)
        if invoice.is_closed or invoice.paid > 0 or not taken:
            raise ZenotiError(
                200, 4025, "Campaign can not be applied as Discount pre-requisites are not present."
            )
        with store.transaction():
            for item, off in taken:
                tax = tax_on(item.sales - off, center.tax_rate)
                store.execute(
                    "UPDATE invoice_items SET tax = ?, final = ? WHERE id = ?",
                    (str(tax), str(item.sales - off + tax), item.id),
                )
                store.execute(
                    "INSERT INTO campaign_discounts (item_id, invoice_id, campaign_id, offer_code,"
                    " amount, applied_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (item.id, invoice.id, campaign.id, campaign.code, str(off), utc_now_iso()),
                )
        return {"discount_applied": True, "campaign_id": campaign.id, "error": None}

    return [
        Route(
            "/v1/invoices/{invoice_id}/campaign_discount/apply",
            endpoint(apply),
            methods=["POST"],
        )
    ]

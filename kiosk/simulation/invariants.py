"""The invariants a run of sales must keep, checked in the sandbox's own state — its invoices
and its payment intents — and in the journal, never in what the engine believes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kiosk.checkout.journal import SaleRecord
from kiosk.domain.sale import SaleState


@dataclass(frozen=True, slots=True)
class InvariantReport:
    """Each invariant with the violations found (empty means kept)."""

    checks: dict[str, list[str]] = field(default_factory=dict)

    @property
    def violations(self) -> int:
        return sum(len(found) for found in self.checks.values())

    def as_json(self) -> dict[str, Any]:
        return {
            name: {"kept": not found, "violations": found[:20], "count": len(found)}
            for name, found in self.checks.items()
        }


def check_invariants(
    invoices: list[dict[str, Any]],
    intents: list[dict[str, Any]],
    journal: list[SaleRecord],
) -> InvariantReport:
    """Every rule the kiosk promises a business, as a list of what broke it."""
    by_sale = {record.id: record for record in journal}
    references = Counter(
        reference
        for invoice in invoices
        for transaction in invoice.get("transactions") or []
        if (reference := _reference(transaction))
    )
    recorded_once: list[str] = []
    charged_twice: list[str] = []
    succeeded_per_sale: Counter[str] = Counter()
    for intent in intents:
        if intent.get("status") != "succeeded":
            continue
        sale_id = (intent.get("metadata") or {}).get("sale_id", "")
        succeeded_per_sale[sale_id] += 1
        times = references[intent["id"]]
        record = by_sale.get(sale_id)
        handed_to_staff = record is not None and record.state is SaleState.NEEDS_STAFF
        if times > 1 or (times == 0 and not handed_to_staff):
            recorded_once.append(f"intent {intent['id']} recorded {times} times")
    for sale_id, count in succeeded_per_sale.items():
        if count > 1:
            charged_twice.append(f"sale {sale_id} charged {count} times")

    closed_wrong: list[str] = []
    overpaid: list[str] = []
    for invoice in invoices:
        dues = invoice.get("invoice_dues") or {}
        total, paid = Decimal(str(dues.get("total", 0))), Decimal(str(dues.get("paid", 0)))
        if invoice.get("is_closed") and paid != total:
            closed_wrong.append(f"invoice {invoice['id']} closed with {paid} paid of {total}")
        if paid > total:
            overpaid.append(f"invoice {invoice['id']} paid {paid} of {total}")

    unsettled = [
        f"sale {record.id} left {record.state.value}"
        for record in journal
        if not record.state.is_final
        and not (record.state is SaleState.NEEDS_STAFF and record.needs_staff_reason)
        and record.state is not SaleState.CARD_NEEDED  # paid; listed for staff: a card to save
    ]
    return InvariantReport(
        {
            "every approved card payment recorded exactly once": recorded_once,
            "no invoice closed short or over": closed_wrong,
            "no guest charged twice": charged_twice + overpaid,
            "every sale final or with staff, with a reason": unsettled,
        }
    )


def _reference(transaction: dict[str, Any]) -> str | None:
    option = transaction.get("payment_option") or {}
    data = option.get("additional_data")
    if isinstance(data, str):
        return data
    return None

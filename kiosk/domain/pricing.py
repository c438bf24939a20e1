"""What the guest is told a membership costs, before Zenoti's invoice exists — and what that
figure leaves out.

Zenoti's catalogue gives a membership's price as ``sales`` (before tax), ``tax`` and ``final``, and
its ``membership_type``; a type-2 membership's invoice adds a joining fee whose amount the
catalogue does not give. So the kiosk never claims a total it cannot know: a figure that leaves
out the joining fee says so ("+ joining fee"), and a business that shows prices before tax has
every figure say "+ tax". The invoice (read back before paying) has the real total.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from kiosk.domain.catalog import FrequencyUnit, Membership
from kiosk.domain.money import Money


class TaxDisplay(enum.Enum):
    """How the business shows catalogue prices (configuration ``kiosk.tax_display``)."""

    INCLUDED = "included"  # the price with tax: "incl. tax"
    ADDED = "added"  # the price before tax: "+ tax"


@dataclass(frozen=True, slots=True)
class Quote:
    """An amount as the guest is shown it, and what it leaves out.

    ``is_total`` says the figure is all the guest pays for it: nothing is added on the invoice.
    """

    amount: Money
    tax: TaxDisplay
    plus_joining_fee: bool = False
    approximate: bool = False  # a per-month figure that was rounded or averaged

    @property
    def plus_tax(self) -> bool:
        return self.tax is TaxDisplay.ADDED

    @property
    def is_total(self) -> bool:
        return not (self.plus_tax or self.plus_joining_fee)


def _price(membership: Membership, tax: TaxDisplay) -> Money:
    price = membership.price
    return price.sales if tax is TaxDisplay.ADDED else price.final


def due_today(membership: Membership, tax: TaxDisplay) -> Quote | None:
    """What the guest pays today for ``membership`` (None: the business hides its price)."""
    if not membership.show_price:
        return None
    return Quote(_price(membership, tax), tax, plus_joining_fee=membership.has_setup_fee)


def due_today_of(memberships: Iterable[Membership], tax: TaxDisplay) -> Quote | None:
    """What the guest pays today for several memberships together (None: a price is hidden)."""
    quotes = [due_today(m, tax) for m in memberships]
    if not quotes or any(q is None for q in quotes):
        return None
    known = [q for q in quotes if q is not None]
    amount = Money.total((q.amount for q in known), known[0].amount.currency)
    return Quote(amount, tax, plus_joining_fee=any(q.plus_joining_fee for q in known))


def recurring(membership: Membership, tax: TaxDisplay) -> Quote | None:
    """The amount charged every billing period of a recurring membership (None: not recurring).

    The joining fee is charged once: the recurring amount is the dues alone.
    """
    if not membership.is_recurring or not membership.show_price:
        return None
    return Quote(_price(membership, tax), tax)


# Months in one unit of a billing rhythm; weeks and days are averaged over a year.
_MONTHS_PER: dict[FrequencyUnit, Decimal] = {
    FrequencyUnit.MONTH: Decimal(1),
    FrequencyUnit.YEAR: Decimal(12),
    FrequencyUnit.WEEK: Decimal(12) / Decimal(52),
    FrequencyUnit.DAY: Decimal(12) / Decimal(365),
}


def per_month(membership: Membership, tax: TaxDisplay) -> Quote | None:
    """What a recurring membership costs a month, to compare memberships billed differently.

    None when the catalogue cannot say: a prepaid membership's length is not in Zenoti's
    catalogue, so no monthly figure is made up for it.
    """
    every = recurring(membership, tax)
    frequency = membership.billing_frequency
    if every is None or frequency is None:
        return None
    months = _MONTHS_PER[frequency.unit] * frequency.count
    exact = every.amount.amount / months
    shown = Money(exact, every.amount.currency).quantized()
    averaged = frequency.unit in (FrequencyUnit.WEEK, FrequencyUnit.DAY)  # months differ in length
    return Quote(shown, tax, approximate=averaged or shown.amount != exact)

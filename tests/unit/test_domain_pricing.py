"""What the guest is told a membership costs: a total only when the catalogue knows it."""

from __future__ import annotations

from kiosk.domain.catalog import BillingFrequency, FrequencyUnit, MembershipType
from kiosk.domain.pricing import (
    TaxDisplay,
    due_today,
    due_today_of,
    per_month,
    recurring,
)
from tests.unit.test_domain_catalog import _membership, _money

WITH_TAX, BEFORE_TAX = TaxDisplay.INCLUDED, TaxDisplay.ADDED


def test_a_plain_membership_is_quoted_as_its_total_with_tax_or_plus_tax() -> None:
    gold = _membership()
    with_tax = due_today(gold, WITH_TAX)
    assert with_tax is not None
    assert with_tax.amount == _money("96.12")
    assert with_tax.is_total
    before_tax = due_today(gold, BEFORE_TAX)
    assert before_tax is not None
    assert before_tax.amount == _money("89")
    assert before_tax.plus_tax
    assert not before_tax.is_total


def test_a_joining_fee_membership_never_claims_a_total_today_but_recurs_at_its_dues() -> None:
    founding = _membership(type=MembershipType.SETUP_FEE)
    today = due_today(founding, WITH_TAX)
    assert today is not None
    assert today.plus_joining_fee
    assert not today.is_total
    every = recurring(founding, WITH_TAX)
    assert every is not None
    assert every.is_total
    assert every.amount == _money("96.12")
    together = due_today_of([founding, _membership(id="m2")], WITH_TAX)
    assert together is not None
    assert together.plus_joining_fee
    assert together.amount == _money("192.24")


def test_a_hidden_price_is_not_quoted() -> None:
    hidden = _membership(show_price=False)
    assert due_today(hidden, WITH_TAX) is None
    assert due_today_of([hidden, _membership()], WITH_TAX) is None
    assert recurring(hidden, WITH_TAX) is None


def test_the_per_month_figure_divides_the_rhythm_and_says_when_it_rounded() -> None:
    monthly = per_month(_membership(), WITH_TAX)
    assert monthly is not None
    assert monthly.amount == _money("96.12")
    assert not monthly.approximate
    yearly = _membership(billing_frequency=BillingFrequency(1, FrequencyUnit.YEAR))
    quote = per_month(yearly, WITH_TAX)
    assert quote is not None
    assert quote.amount == _money("8.01")
    assert not quote.approximate
    weekly = _membership(billing_frequency=BillingFrequency(2, FrequencyUnit.WEEK))
    week_quote = per_month(weekly, WITH_TAX)
    assert week_quote is not None
    assert week_quote.approximate
    assert week_quote.amount == _money("208.26")  # 96.12 × 52 / 24
    prepaid = _membership(is_recurring=False, type=MembershipType.NON_RECURRING)
    assert per_month(prepaid, WITH_TAX) is None  # its length is not in the catalogue

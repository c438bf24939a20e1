"""The catalogue: billing frequencies, membership helpers, lookups."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.catalog import (
    Benefit,
    BenefitKind,
    BillingFrequency,
    Catalog,
    FrequencyUnit,
    Membership,
    MembershipType,
    Price,
)
from kiosk.domain.money import Money


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 Months", BillingFrequency(1, FrequencyUnit.MONTH)),
        ("12 Months", BillingFrequency(12, FrequencyUnit.MONTH)),
        ("1 Year", BillingFrequency(1, FrequencyUnit.YEAR)),
        ("2 Week(s)", BillingFrequency(2, FrequencyUnit.WEEK)),
        ("  30 days ", BillingFrequency(30, FrequencyUnit.DAY)),
        ("Monthly", BillingFrequency(1, FrequencyUnit.MONTH)),
        ("annually", BillingFrequency(1, FrequencyUnit.YEAR)),
        ("", None),
        ("   ", None),
    ],
)
def test_billing_frequency_parses_zenoti_text(text: str, expected: BillingFrequency | None) -> None:
    assert BillingFrequency.parse(text) == expected


@pytest.mark.parametrize(
    "text", ["Months", "1 Fortnight", "0 Months", "-1 Months", "1.5 Months", "x"]
)
def test_billing_frequency_refuses_garbage(text: str) -> None:
    with pytest.raises(ValueError, match="frequency"):
        BillingFrequency.parse(text)


@given(st.integers(min_value=1, max_value=9999), st.sampled_from(FrequencyUnit))
def test_billing_frequency_round_trips_through_its_text(count: int, unit: FrequencyUnit) -> None:
    frequency = BillingFrequency(count, unit)
    assert BillingFrequency.parse(str(frequency)) == frequency
    # Zenoti's own spelling is always plural: "1 Months".
    assert BillingFrequency.parse(f"{count} {unit.value}s") == frequency


@given(st.text(max_size=20))
def test_billing_frequency_parse_only_ever_returns_or_raises_value_error(text: str) -> None:
    try:
        result = BillingFrequency.parse(text)
    except ValueError:
        return
    assert result is None or result.count >= 1


def _money(text: str) -> Money:
    return Money.of(text, "USD")


def _membership(**changes: object) -> Membership:
    values: dict[str, object] = {
        "id": "m1",
        "version_id": "v1",
        "code": "GOLD",
        "name": "Gold",
        "display_name": "",
        "description": "",
        "price": Price(_money("89"), _money("7.12"), _money("96.12")),
        "show_price": True,
        "type": MembershipType.RECURRING,
        "is_recurring": True,
        "billing_frequency": BillingFrequency(1, FrequencyUnit.MONTH),
        "first_collection_after_days": 30,
        "terms": "",
        "terms_acceptance_required": True,
        "benefits": (
            Benefit(BenefitKind.SERVICE, "Massage", quantity=1),
            Benefit(BenefitKind.CLASS, "Yoga", quantity=4),
            Benefit(BenefitKind.SERVICE_DISCOUNT, "Facials", peak_discount_percent=Decimal(15)),
        ),
    }
    values.update(changes)
    return Membership(**values)  # type: ignore[arg-type]


def test_membership_helpers() -> None:
    gold = _membership()
    assert gold.title == "Gold"
    assert gold.recurring_amount == _money("96.12")
    assert [b.name for b in gold.benefits_of(BenefitKind.CLASS)] == ["Yoga"]
    assert [b.name for b in gold.included] == ["Massage", "Yoga"]
    assert [b.name for b in gold.discounts] == ["Facials"]


def test_a_one_off_membership_has_no_recurring_amount() -> None:
    pass_ = _membership(is_recurring=False, type=MembershipType.NON_RECURRING, display_name="Pass")
    assert pass_.recurring_amount is None
    assert not pass_.has_setup_fee
    assert _membership(type=MembershipType.SETUP_FEE).has_setup_fee
    assert pass_.title == "Pass"


def test_catalog_lookup() -> None:
    catalog = Catalog((_membership(id="a"), _membership(id="b")))
    by_id = catalog.by_id("b")
    assert by_id is not None
    assert by_id.id == "b"
    assert catalog.by_id("zzz") is None
    assert len(catalog) == 2
    assert [m.id for m in catalog] == ["a", "b"]


def test_a_per_period_limit_needs_an_allowance_and_a_zenoti_frequency() -> None:
    assert not Benefit(BenefitKind.CLASS, "Yoga", quantity=4).has_period_limit
    assert not Benefit(BenefitKind.CLASS, "Yoga", quantity=4, allowed_per_period=1).has_period_limit
    limited = Benefit(BenefitKind.CLASS, "Yoga", quantity=4, allowed_per_period=1, frequency_mode=2)
    assert limited.has_period_limit
    assert Benefit(BenefitKind.CLASS, "Yoga", allowed_per_period=1, frequency=0).has_period_limit

"""A center's catalogue as JSON for Redis, and back: every amount a Decimal written as text."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

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

FORMAT = 1  # bumped with the shape: a kiosk ignores a copy written in a shape it cannot read

_PERCENTS = (
    "peak_discount_percent",
    "off_peak_discount_percent",
    "post_credit_peak_discount_percent",
    "post_credit_off_peak_discount_percent",
)


def _money(money: Money) -> list[str]:
    return [str(money.amount), money.currency]


def _benefit(benefit: Benefit) -> dict[str, Any]:
    found = {
        "kind": benefit.kind.value,
        "name": benefit.name,
        "category": benefit.category,
        "is_category": benefit.is_category,
        "quantity": benefit.quantity,
        "allowed_per_period": benefit.allowed_per_period,
        "frequency": benefit.frequency,
        "frequency_mode": benefit.frequency_mode,
        "expiration_days": benefit.expiration_days,
    }
    for name in _PERCENTS:
        value = getattr(benefit, name)
        found[name] = None if value is None else str(value)
    return found


def _membership(m: Membership) -> dict[str, Any]:
    frequency = m.billing_frequency
    return {
        "id": m.id,
        "version_id": m.version_id,
        "code": m.code,
        "name": m.name,
        "display_name": m.display_name,
        "description": m.description,
        "price": [_money(m.price.sales), _money(m.price.tax), _money(m.price.final)],
        "show_price": m.show_price,
        "type": int(m.type),
        "is_recurring": m.is_recurring,
        "billing_frequency": None if frequency is None else [frequency.count, frequency.unit.value],
        "first_collection_after_days": m.first_collection_after_days,
        "terms": m.terms,
        "terms_acceptance_required": m.terms_acceptance_required,
        "images": dict(m.images),
        "benefits": [_benefit(b) for b in m.benefits],
    }


def encode(catalog: Catalog) -> str:
    """The catalogue as one JSON text."""
    memberships = [_membership(m) for m in catalog.memberships]
    return json.dumps({"format": FORMAT, "memberships": memberships}, separators=(",", ":"))


def _to_money(pair: list[str]) -> Money:
    return Money.of(pair[0], pair[1])


def _to_benefit(data: dict[str, Any]) -> Benefit:
    percents: dict[str, Any] = {n: None if data[n] is None else Decimal(data[n]) for n in _PERCENTS}
    plain = {k: v for k, v in data.items() if k not in _PERCENTS and k != "kind"}
    return Benefit(kind=BenefitKind(data["kind"]), **plain, **percents)


def _to_membership(data: dict[str, Any]) -> Membership:
    sales, tax, final = (_to_money(pair) for pair in data["price"])
    frequency = data["billing_frequency"]
    fields = {k: v for k, v in data.items() if k not in ("price", "type", "billing_frequency")}
    fields.update(
        price=Price(sales, tax, final),
        type=MembershipType(data["type"]),
        billing_frequency=None
        if frequency is None
        else BillingFrequency(int(frequency[0]), FrequencyUnit(frequency[1])),
        benefits=tuple(_to_benefit(b) for b in data["benefits"]),
    )
    return Membership(**fields)


def decode(text: str) -> Catalog:
    """The catalogue from :func:`encode`'s text; ValueError when it is not one we can read."""
    try:
        data = json.loads(text)
        if data.get("format") != FORMAT:
            raise ValueError(f"catalogue written in format {data.get('format')!r}")
        return Catalog(tuple(_to_membership(m) for m in data["memberships"]))
    except (KeyError, TypeError, AttributeError) as error:
        raise ValueError(f"not a catalogue: {error}") from error

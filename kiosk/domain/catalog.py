"""The membership catalogue: what the kiosk sells, its price, billing rhythm and benefits."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum, IntEnum

from kiosk.domain.money import Money


class MembershipType(IntEnum):
    """Zenoti's ``membership_type``."""

    NON_RECURRING = 0
    RECURRING = 1
    SETUP_FEE = 2


class FrequencyUnit(Enum):
    """The unit of a billing or benefit period."""

    DAY = "Day"
    WEEK = "Week"
    MONTH = "Month"
    YEAR = "Year"


_UNIT_WORDS = {
    "day": FrequencyUnit.DAY,
    "days": FrequencyUnit.DAY,
    "week": FrequencyUnit.WEEK,
    "weeks": FrequencyUnit.WEEK,
    "month": FrequencyUnit.MONTH,
    "months": FrequencyUnit.MONTH,
    "year": FrequencyUnit.YEAR,
    "years": FrequencyUnit.YEAR,
}
_ADVERBS = {
    "daily": FrequencyUnit.DAY,
    "weekly": FrequencyUnit.WEEK,
    "monthly": FrequencyUnit.MONTH,
    "yearly": FrequencyUnit.YEAR,
    "annually": FrequencyUnit.YEAR,
}
_FREQUENCY = re.compile(r"^\s*([0-9]{1,4})\s*([A-Za-z]+?)(?:\(s\))?\s*$")


@dataclass(frozen=True, slots=True)
class BillingFrequency:
    """Every ``count`` ``unit``s, e.g. every 1 month; Zenoti writes it as ``"1 Months"``."""

    count: int
    unit: FrequencyUnit

    def __post_init__(self) -> None:
        if isinstance(self.count, bool) or not isinstance(self.count, int) or self.count < 1:
            raise ValueError(f"a billing frequency needs a positive count, not {self.count!r}")

    @classmethod
    def parse(cls, text: str) -> BillingFrequency | None:
        """``"1 Months"``, ``"12 Months"``, ``"1 Year"``, ``"Monthly"``; ``""`` → None.

        Anything else raises ValueError.
        """
        stripped = text.strip()
        if not stripped:
            return None
        adverb = _ADVERBS.get(stripped.lower())
        if adverb is not None:
            return cls(1, adverb)
        match = _FREQUENCY.match(stripped)
        unit = _UNIT_WORDS.get(match.group(2).lower()) if match else None
        if match is None or unit is None:
            raise ValueError(f"not a billing frequency: {text!r}")
        return cls(int(match.group(1)), unit)

    def __str__(self) -> str:
        plural = "" if self.count == 1 else "s"
        return f"{self.count} {self.unit.value}{plural}"


@dataclass(frozen=True, slots=True)
class Price:
    """A catalogue price: before tax, the tax, and what the guest pays."""

    sales: Money
    tax: Money
    final: Money


class BenefitKind(Enum):
    """What a benefit gives: credits for something, or a discount on it."""

    SERVICE = "service"
    CLASS = "class"
    WORKSHOP = "workshop"
    PRODUCT = "product"
    SERVICE_DISCOUNT = "service_discount"
    CLASS_DISCOUNT = "class_discount"

    @property
    def is_discount(self) -> bool:
        return self in (BenefitKind.SERVICE_DISCOUNT, BenefitKind.CLASS_DISCOUNT)


@dataclass(frozen=True, slots=True)
class Benefit:
    """One thing a membership includes: credits (``quantity``) or a percentage discount.

    Read from Zenoti's benefit entries: ``name`` is what the benefit is set on (an item, or a whole
    category when ``is_category``), ``category`` the menu group above it. ``frequency`` and
    ``frequency_mode`` are Zenoti's numbers for a per-period allowance, kept as they come (None for
    Zenoti's ``-1``/null): Zenoti does not publish what the numbers mean, so no period is derived.
    """

    kind: BenefitKind
    name: str
    category: str | None = None
    is_category: bool = False
    quantity: int | None = None
    allowed_per_period: int | None = None
    frequency: int | None = None
    frequency_mode: int | None = None
    expiration_days: int | None = None
    peak_discount_percent: Decimal | None = None
    off_peak_discount_percent: Decimal | None = None
    post_credit_peak_discount_percent: Decimal | None = None
    post_credit_off_peak_discount_percent: Decimal | None = None

    @property
    def has_period_limit(self) -> bool:
        """At most ``allowed_per_period`` per period, the period in a coding Zenoti keeps unsaid."""
        return bool(self.allowed_per_period) and (
            self.frequency is not None or self.frequency_mode is not None
        )


@dataclass(frozen=True, slots=True)
class Membership:
    """A membership on sale, as the catalogue lists it (the invoice has the real totals)."""

    id: str
    version_id: str | None
    code: str
    name: str
    display_name: str
    description: str
    price: Price
    show_price: bool
    type: MembershipType
    is_recurring: bool
    billing_frequency: BillingFrequency | None
    first_collection_after_days: int | None
    terms: str
    terms_acceptance_required: bool
    images: Mapping[str, str] = field(default_factory=dict)
    benefits: tuple[Benefit, ...] = ()

    @property
    def title(self) -> str:
        """The name to show a guest: the display name, else the name."""
        return self.display_name or self.name

    @property
    def has_setup_fee(self) -> bool:
        """Its invoice carries a joining fee line on top of the first dues; the catalogue does
        not say how much (``kiosk.domain.pricing`` says "+ joining fee" instead of a total)."""
        return self.type is MembershipType.SETUP_FEE

    @property
    def recurring_amount(self) -> Money | None:
        """The amount (tax included) billed every ``billing_frequency`` for a recurring
        membership, else None; what the guest is shown is ``kiosk.domain.pricing``'s."""
        return self.price.final if self.is_recurring else None

    def benefits_of(self, kind: BenefitKind) -> tuple[Benefit, ...]:
        """The benefits of one kind, in catalogue order."""
        return tuple(b for b in self.benefits if b.kind is kind)

    @property
    def included(self) -> tuple[Benefit, ...]:
        """Credits included (services, classes, workshops, products)."""
        return tuple(b for b in self.benefits if not b.kind.is_discount)

    @property
    def discounts(self) -> tuple[Benefit, ...]:
        """Percentage discounts on services and classes."""
        return tuple(b for b in self.benefits if b.kind.is_discount)


@dataclass(frozen=True, slots=True)
class Catalog:
    """The memberships a center sells now, in Zenoti's order."""

    memberships: tuple[Membership, ...]

    def by_id(self, membership_id: str) -> Membership | None:
        """The membership with this id, or None when the catalogue no longer sells it."""
        return next((m for m in self.memberships if m.id == membership_id), None)

    def __iter__(self) -> Iterator[Membership]:
        return iter(self.memberships)

    def __len__(self) -> int:
        return len(self.memberships)

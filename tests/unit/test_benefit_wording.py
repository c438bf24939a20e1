"""Benefits and prices in plain words, in English and Spanish, and the "most valuable" ranking."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from kiosk.domain.catalog import (
    Benefit,
    BenefitKind,
    BillingFrequency,
    FrequencyUnit,
    Membership,
    MembershipType,
    Price,
)
from kiosk.domain.money import Money
from kiosk.domain.pricing import TaxDisplay
from kiosk.ui import benefits, prices
from kiosk.ui.i18n import translator
from tests.unit.test_translations import translated

MONTHLY = BillingFrequency(1, FrequencyUnit.MONTH)
# As Zenoti's entries read: named after what they are set on, the group above as the category,
# no per-period frequency (frequency_mode -1, frequency null).
MASSAGE = Benefit(
    BenefitKind.SERVICE,
    "Swedish Massage (60 min)",
    category="Massage",
    quantity=12,
    expiration_days=30,
)
# Zenoti caps this one per period, in numbers whose meaning it does not publish.
CAPPED = Benefit(
    BenefitKind.SERVICE,
    "Swedish Massage (60 min)",
    category="Massage",
    quantity=12,
    allowed_per_period=1,
    frequency=1,
    frequency_mode=2,
)
OIL = Benefit(BenefitKind.PRODUCT, "Restore Body Oil, 100 ml", quantity=2)
YOGA = Benefit(BenefitKind.CLASS, "Vinyasa Flow (60 min)", quantity=30)
# A discount set on a whole category: the entry names the category, its menu is the group above.
FACIALS_OFF = Benefit(
    BenefitKind.SERVICE_DISCOUNT,
    "Facials",
    category="Facials menu",
    is_category=True,
    peak_discount_percent=Decimal(15),
    off_peak_discount_percent=Decimal(20),
    expiration_days=365,
)


def membership(
    *,
    price: str = "89.00",
    frequency: BillingFrequency | None = MONTHLY,
    kind: MembershipType = MembershipType.RECURRING,
    items: tuple[Benefit, ...] = (),
) -> Membership:
    amount = Money.of(price, "USD")
    return Membership(
        id="m1",
        version_id=None,
        code="M1",
        name="Glow Monthly",
        display_name="",
        description="",
        price=Price(amount, Money.zero("USD"), amount),
        show_price=True,
        type=kind,
        is_recurring=kind is not MembershipType.NON_RECURRING,
        billing_frequency=frequency,
        first_collection_after_days=30,
        terms="",
        terms_acceptance_required=True,
        benefits=items,
    )


@pytest.fixture
def spanish() -> Iterator[None]:
    translator.set_language("es")
    yield
    translator.set_language("en")


def test_a_credit_says_how_many_and_never_guesses_a_period() -> None:
    assert benefits.describe(MASSAGE) == "12 × Swedish Massage (60 min)"
    assert "every" not in benefits.describe(CAPPED)


def test_a_credit_capped_per_period_says_there_is_a_cap() -> None:
    assert benefits.describe(CAPPED) == "12 × Swedish Massage (60 min) (up to 1 per period)"
    # frequency or frequency_mode alone, without an allowance, is no cap
    uncapped = Benefit(BenefitKind.CLASS, "Yoga", quantity=4, frequency_mode=2)
    assert benefits.describe(uncapped) == "4 × Yoga"


def test_a_one_off_credit_says_how_many() -> None:
    assert benefits.describe(OIL) == "2 × Restore Body Oil, 100 ml"


def test_a_credit_is_unlimited_only_when_the_data_sets_no_limit() -> None:
    unlimited = Benefit(BenefitKind.CLASS, "Yoga classes", quantity=None)
    assert benefits.describe(unlimited) == "Unlimited Yoga classes"
    assert benefits.describe(YOGA) == "30 × Vinyasa Flow (60 min)"


@pytest.mark.parametrize(
    ("period", "words"),
    [
        (BillingFrequency(1, FrequencyUnit.WEEK), "every week"),
        (BillingFrequency(2, FrequencyUnit.WEEK), "every 2 weeks"),
        (BillingFrequency(3, FrequencyUnit.MONTH), "every 3 months"),
        (BillingFrequency(12, FrequencyUnit.MONTH), "every year"),
        (BillingFrequency(1, FrequencyUnit.DAY), "every day"),
    ],
)
def test_periods_read_as_plain_words(period: BillingFrequency, words: str) -> None:
    assert benefits.every(period) == words


def test_a_discount_names_its_category_and_both_tiers() -> None:
    assert benefits.describe(FACIALS_OFF) == "20% off Facials off-peak, 15% at peak times"


def test_a_discount_with_one_rate_or_a_zero_tier_says_only_what_applies() -> None:
    flat = Benefit(
        BenefitKind.SERVICE_DISCOUNT,
        "Massage",
        category="Massage menu",
        peak_discount_percent=Decimal(10),
        off_peak_discount_percent=Decimal(10),
    )
    off_peak_only = Benefit(
        BenefitKind.CLASS_DISCOUNT,
        "Yoga",
        category="Yoga menu",
        peak_discount_percent=Decimal(0),
        off_peak_discount_percent=Decimal("12.5"),
    )
    assert benefits.describe(flat) == "10% off Massage"
    assert benefits.describe(off_peak_only) == "12.5% off Yoga off-peak"


def test_a_discount_on_a_named_service_keeps_that_name() -> None:
    named = Benefit(
        BenefitKind.SERVICE_DISCOUNT,
        "Hot Stone Massage",
        category="Massage",
        peak_discount_percent=Decimal(10),
    )
    assert benefits.discount_target(named) == "Hot Stone Massage"
    unnamed = Benefit(BenefitKind.CLASS_DISCOUNT, "", category="Classes")
    assert benefits.discount_target(unnamed) == "Classes"


def test_a_discount_without_a_percentage_invents_none() -> None:
    # Zenoti's sample: the discount entries carry null percentages.
    bare = Benefit(BenefitKind.CLASS_DISCOUNT, "Yoga", category="Classes", quantity=0)
    assert benefits.describe(bare) == "Member pricing on Yoga"


def test_validity_in_days() -> None:
    assert benefits.validity(MASSAGE) == "Valid for 30 days"
    assert benefits.validity(OIL) is None


def test_the_most_valuable_are_credits_by_quantity_then_discounts() -> None:
    glow = membership(items=(FACIALS_OFF, OIL, MASSAGE, YOGA))
    assert benefits.most_valuable(glow) == (YOGA, MASSAGE, OIL)  # 30, 12, 2
    assert benefits.most_valuable(membership(items=(FACIALS_OFF, OIL)), 3) == (OIL, FACIALS_OFF)


def test_prices_say_how_often() -> None:
    assert prices.billing(membership()) == "$89.00 / month"
    yearly = membership(price="899.00", frequency=BillingFrequency(12, FrequencyUnit.MONTH))
    assert prices.billing(yearly) == "$899.00 / year"
    quarterly = membership(frequency=BillingFrequency(3, FrequencyUnit.MONTH))
    assert prices.billing(quarterly) == "$89.00 every 3 months"
    prepaid = membership(price="849.00", frequency=None, kind=MembershipType.NON_RECURRING)
    assert prices.billing(prepaid) == "$849.00 once"


@pytest.mark.usefixtures("spanish")
def test_spanish_wording() -> None:
    assert benefits.describe(MASSAGE) == "12 × Swedish Massage (60 min)"
    assert benefits.describe(CAPPED) == "12 × Swedish Massage (60 min) (hasta 1 por período)"
    assert benefits.every(BillingFrequency(2, FrequencyUnit.WEEK)) == "cada 2 semanas"
    assert benefits.describe(FACIALS_OFF) == (
        "20 % de descuento en Facials fuera de horas pico y 15 % en horas pico"
    )
    assert benefits.validity(MASSAGE) == "Válido durante 30 días"
    assert benefits.heading(benefits.Group.CLASSES) == "Clases"
    assert prices.billing(membership()) == "$89.00 / mes"


BROWSE_FILES = (
    "kiosk/ui/benefits.py",
    "kiosk/ui/prices.py",
    "kiosk/ui/screens/catalog.py",
    "kiosk/ui/screens/membership.py",
    "kiosk/ui/screens/compare.py",
    "kiosk/ui/widgets/membership_card.py",
)
# tr("..."), self.text(widget, "..."), self.bind(setter, "..."), header(self, "...") and the
# filter chips' ("All") pairs: every English literal that reaches a guest.
LITERAL = re.compile(
    r"(?:\btr\(|\.text\(\s*[\w.\[\]]+,\s*|\.bind\(\s*[\w.\[\]]+,\s*|header\(\s*self,\s*"
    r'|\(Filter\.\w+,\s*)\s*"((?:[^"\\]|\\.)*)"'
)


def english_texts() -> set[str]:
    root = Path(__file__).resolve().parents[2]
    found: set[str] = set()
    for name in BROWSE_FILES:
        found.update(LITERAL.findall((root / name).read_text(encoding="utf-8")))
    return found


@pytest.mark.parametrize("language", ["es", "ar"])
def test_every_browse_text_is_translated(language: str) -> None:
    texts = english_texts()
    assert len(texts) > 50
    missing = sorted(t for t in texts if t not in translated(language))
    assert not missing


def test_a_before_tax_price_says_plus_tax_and_a_yearly_one_has_a_monthly_figure() -> None:
    yearly = membership(price="978.79", frequency=BillingFrequency(1, FrequencyUnit.YEAR))
    assert prices.monthly_text(yearly) == "about $81.57 a month"
    assert prices.monthly_text(membership()) == "$89.00 a month"
    prepaid = membership(price="849.00", frequency=None, kind=MembershipType.NON_RECURRING)
    assert prices.monthly_text(prepaid) == "Paid once — no monthly charge"
    prices.show_tax(TaxDisplay.ADDED)
    try:
        assert prices.billing(membership()) == "$89.00 + tax / month"
        fee = membership(kind=MembershipType.SETUP_FEE)
        quote = prices.today(fee)
        assert quote is not None
        assert not quote.is_total
        assert prices.due_caption(quote) == "+ tax + joining fee, due today"
    finally:
        prices.show_tax(TaxDisplay.INCLUDED)

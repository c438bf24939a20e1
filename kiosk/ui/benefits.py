"""What a membership gives and costs, in plain words the guest reads at arm's length.

Pure functions from the catalogue's dataclasses to text in the current language: every phrase is
an English template passed to ``tr`` with its values, so Spanish and Arabic read naturally too.

How the catalogue's fields are read (Zenoti's benefit entries, as the sample response of "List
all memberships in a center" shows them):

- A benefit is named after what it is set on: a service, class, workshop or product, or a whole
  category of them ("Yoga"). Zenoti's entries carry no name of their own; the parser takes the
  entry's ``category`` name (see ``kiosk.zenoti.schema.catalog``).
- A credit says how many: ``quantity`` × name ("12 × Swedish Massage (60 min)").
- Zenoti can also cap a credit per period (``allowed_quantity_in_frequency`` with a numeric
  ``frequency``/``frequency_mode``), but publishes no meaning for those numbers: the kiosk says
  there is a cap ("up to 1 per period") and never guesses the period.
- A credit is *unlimited* only when the data says so: no quantity (null or 0) and no per-period
  allowance. Names such as "Studio Unlimited" are not evidence; that membership's data grants 30
  classes, so that is what the kiosk says.
- A discount names what it applies to ("Facials"). Peak and off-peak percentages are both said
  when they differ; a 0 % tier is left out ("25% off Yoga off-peak"); with no percentage at all
  (Zenoti's sample has nulls) it says "Member pricing on …" and invents no number.
- ``expiration_days`` is how long a credit or discount stays usable: "Valid for 30 days".

"Most valuable" (the three a card shows) is this ranking: unlimited credits, then credits by how
many the guest gets in total (more first), then discounts by their best percentage. Ties keep the
catalogue's order (services, classes, workshops, products), so the ranking is stable.
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum

from kiosk.domain.catalog import Benefit, BenefitKind, BillingFrequency, FrequencyUnit, Membership
from kiosk.ui.i18n import tr, translator, trn


class Group(Enum):
    """The headings benefits are listed under, in the order a guest reads them."""

    SERVICES = (BenefitKind.SERVICE,)
    CLASSES = (BenefitKind.CLASS,)
    WORKSHOPS = (BenefitKind.WORKSHOP,)
    PRODUCTS = (BenefitKind.PRODUCT,)
    DISCOUNTS = (BenefitKind.SERVICE_DISCOUNT, BenefitKind.CLASS_DISCOUNT)


def heading(group: Group) -> str:
    """The heading of a group of benefits."""
    if group is Group.SERVICES:
        return tr("Services")
    if group is Group.CLASSES:
        return tr("Classes")
    if group is Group.WORKSHOPS:
        return tr("Workshops")
    if group is Group.PRODUCTS:
        return tr("Products")
    return tr("Discounts")


def grouped(membership: Membership) -> list[tuple[Group, tuple[Benefit, ...]]]:
    """The membership's benefits under their headings; empty groups are left out."""
    found = []
    for group in Group:
        benefits = tuple(b for b in membership.benefits if b.kind in group.value)
        if benefits:
            found.append((group, benefits))
    return found


# ---------------------------------------------------------------------- numbers and periods


def number(value: int) -> str:
    """A count in the guest's digits and separators."""
    return translator.locale.toString(value)


def percent(value: Decimal) -> str:
    """A percentage without trailing zeros ("15", "12.5"), in the guest's digits."""
    text = format(value.normalize(), "f")
    whole, _, fraction = text.partition(".")
    locale = translator.locale
    shown = locale.toString(int(whole))
    if not fraction:
        return shown
    zero = locale.zeroDigit()  # the fraction in the guest's digits too (Arabic-Indic, say)
    return shown + locale.decimalPoint() + "".join(chr(ord(zero) + int(c)) for c in fraction)


def every(period: BillingFrequency) -> str:
    """ "every month", "every 2 weeks": how often something recurs."""
    count, unit = simplest(period)
    if count == 1:
        if unit is FrequencyUnit.DAY:
            return tr("every day")
        if unit is FrequencyUnit.WEEK:
            return tr("every week")
        if unit is FrequencyUnit.MONTH:
            return tr("every month")
        return tr("every year")
    if unit is FrequencyUnit.DAY:
        return trn("every {count} day", "every {count} days", count)
    if unit is FrequencyUnit.WEEK:
        return trn("every {count} week", "every {count} weeks", count)
    if unit is FrequencyUnit.MONTH:
        return trn("every {count} month", "every {count} months", count)
    return trn("every {count} year", "every {count} years", count)


def simplest(period: BillingFrequency) -> tuple[int, FrequencyUnit]:
    """The rhythm in its largest whole unit (``12 Months`` is a year)."""
    # Zenoti writes an annual cycle as "12 Months"; a guest reads "every year".
    if period.unit is FrequencyUnit.MONTH and period.count % 12 == 0:
        return period.count // 12, FrequencyUnit.YEAR
    return period.count, period.unit


# ---------------------------------------------------------------------- benefits


def is_unlimited(benefit: Benefit) -> bool:
    """A credit with no quantity and no per-period allowance: the data says there is no limit."""
    return (
        not benefit.kind.is_discount and not benefit.quantity and benefit.allowed_per_period is None
    )


def describe(benefit: Benefit) -> str:
    """One benefit as a line: "12 × Swedish Massage (60 min)", "15% off Facials"."""
    if benefit.kind.is_discount:
        return _discount(benefit)
    if is_unlimited(benefit):
        return tr("Unlimited {name}", name=benefit.name)
    quantity = number(benefit.quantity or benefit.allowed_per_period or 1)
    if benefit.has_period_limit and benefit.allowed_per_period:
        return tr(
            "{quantity} × {name} (up to {allowed} per period)",
            quantity=quantity,
            name=benefit.name,
            allowed=number(benefit.allowed_per_period),
        )
    return tr("{quantity} × {name}", quantity=quantity, name=benefit.name)


def validity(benefit: Benefit) -> str | None:
    """How long the benefit stays usable, when the catalogue says."""
    days = benefit.expiration_days
    if not days or days < 1:
        return None
    if days == 1:
        return tr("Valid for 1 day")
    return tr("Valid for {days} days", days=number(days))


def discount_target(benefit: Benefit) -> str:
    """What a discount applies to: the item or category it is set on, else the group above it."""
    return benefit.name or benefit.category or ""


def _discount(benefit: Benefit) -> str:
    target = discount_target(benefit)
    peak, off_peak = benefit.peak_discount_percent, benefit.off_peak_discount_percent
    if peak is not None and off_peak is not None and peak != off_peak:
        if not peak:
            return tr("{percent}% off {target} off-peak", percent=percent(off_peak), target=target)
        if not off_peak:
            return tr("{percent}% off {target} at peak times", percent=percent(peak), target=target)
        return tr(
            "{off_peak}% off {target} off-peak, {peak}% at peak times",
            off_peak=percent(off_peak),
            peak=percent(peak),
            target=target,
        )
    best = off_peak if off_peak is not None else peak
    if not best:  # no percentage given: say what the catalogue says, no number invented
        return tr("Member pricing on {target}", target=target)
    return tr("{percent}% off {target}", percent=percent(best), target=target)


def _worth(benefit: Benefit) -> tuple[int, Decimal]:
    # Larger sorts first: (tier, size). Tier 2 unlimited, 1 credits, 0 discounts.
    if benefit.kind.is_discount:
        best = max(benefit.peak_discount_percent or 0, benefit.off_peak_discount_percent or 0)
        return 0, Decimal(best)
    if is_unlimited(benefit):
        return 2, Decimal(0)
    return 1, Decimal(benefit.quantity or benefit.allowed_per_period or 1)


def most_valuable(membership: Membership, count: int = 3) -> tuple[Benefit, ...]:
    """The ``count`` benefits worth the most, by the ranking in this module's docstring."""
    ranked = sorted(membership.benefits, key=_worth, reverse=True)  # stable: ties keep order
    return tuple(ranked[:count])

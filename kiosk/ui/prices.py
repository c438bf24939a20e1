"""Prices in words, the same on every screen: what is due today, what follows, per month.

Every figure comes from ``kiosk.domain.pricing``'s quotes, so no screen claims a total the
catalogue cannot know: a figure that leaves out a joining fee says "+ joining fee", and when the
business shows prices before tax (configuration ``kiosk.tax_display``) every figure says "+ tax";
otherwise each price says once that tax is included.

How the business shows tax is one setting for the whole kiosk, like the current language; the
sale flow sets it when the kiosk starts (``show_tax``).
"""

from __future__ import annotations

from collections.abc import Iterable

from kiosk.domain.catalog import BillingFrequency, FrequencyUnit, Membership
from kiosk.domain.pricing import Quote, TaxDisplay, due_today, due_today_of, per_month, recurring
from kiosk.ui import content
from kiosk.ui.benefits import every, simplest
from kiosk.ui.formatting import format_money
from kiosk.ui.i18n import tr, translator, trn

_tax = TaxDisplay.INCLUDED


def show_tax(display: TaxDisplay) -> None:
    """Show every price this way from now on (the business's configuration)."""
    global _tax
    _tax = display


def tax_display() -> TaxDisplay:
    """How prices are shown now."""
    return _tax


def today(membership: Membership) -> Quote | None:
    """What ``membership`` costs today, as the guest is shown it (None: its price is hidden)."""
    return due_today(membership, _tax)


def today_of(memberships: Iterable[Membership]) -> Quote | None:
    """What several memberships cost today together."""
    return due_today_of(memberships, _tax)


def every_period(membership: Membership) -> Quote | None:
    """What a recurring membership charges every billing period."""
    return recurring(membership, _tax)


def monthly(membership: Membership) -> Quote | None:
    """What a recurring membership costs a month (None when the catalogue cannot say)."""
    return per_month(membership, _tax)


# ---------------------------------------------------------------------- words


def amount(quote: Quote) -> str:
    """The figure alone, in the guest's language: ``$96.90``."""
    return format_money(quote.amount, translator.locale)


def figure(quote: Quote) -> str:
    """The figure with what it leaves out: ``$96.90``, ``$89.00 + tax``,
    ``$129.56 + joining fee``, ``$119.00 + tax + joining fee``."""
    shown = amount(quote)
    if quote.plus_tax and quote.plus_joining_fee:
        return tr("{amount} + tax + joining fee", amount=shown)
    if quote.plus_tax:
        return tr("{amount} + tax", amount=shown)
    if quote.plus_joining_fee:
        return tr("{amount} + joining fee", amount=shown)
    return shown


def due_caption(quote: Quote) -> str:
    """The words beside a big due-today figure (the figure itself is ``amount``)."""
    if quote.plus_tax and quote.plus_joining_fee:
        return tr("+ tax + joining fee, due today")
    if quote.plus_tax:
        return tr("+ tax, due today")
    if quote.plus_joining_fee:
        return tr("+ joining fee, due today (incl. tax)")
    return tr("due today, incl. tax")


def due_sentence(quote: Quote) -> str:
    """The whole due-today statement in one line (what assistive technology reads)."""
    if quote.plus_tax and quote.plus_joining_fee:
        return tr("Due today: {amount} plus tax and a joining fee", amount=amount(quote))
    if quote.plus_tax:
        return tr("Due today: {amount} plus tax", amount=amount(quote))
    if quote.plus_joining_fee:
        return tr("Due today: {amount} plus a joining fee, tax included", amount=amount(quote))
    return tr("Due today: {amount}, tax included", amount=amount(quote))


def tax_note() -> str:
    """One sentence on tax, for a screen that lists several prices."""
    if _tax is TaxDisplay.ADDED:
        return tr("Prices are before tax: tax is added on your invoice")
    return tr("Prices include tax")


def fee_note(quote: Quote) -> str | None:
    """What a figure without the joining fee means for the guest, or None."""
    if not quote.plus_joining_fee:
        return None
    return tr("The joining fee is charged once, today: you see the total before you pay")


def billing(membership: Membership) -> str:
    """How the membership is paid: ``$96.90 / month``, ``$89.00 + tax / month``,
    ``$924.35 once`` (a prepaid membership: its due-today figure)."""
    charge = every_period(membership)
    frequency = membership.billing_frequency
    if charge is None or frequency is None:
        once = today(membership)
        return tr("{amount} once", amount=figure(once)) if once is not None else ""
    shown = figure(charge)
    count, unit = simplest(frequency)
    if count == 1:
        if unit is FrequencyUnit.DAY:
            return tr("{amount} / day", amount=shown)
        if unit is FrequencyUnit.WEEK:
            return tr("{amount} / week", amount=shown)
        if unit is FrequencyUnit.MONTH:
            return tr("{amount} / month", amount=shown)
        return tr("{amount} / year", amount=shown)
    return tr("{amount} {every}", amount=shown, every=every(frequency))


def summary(membership: Membership) -> str:
    """Today's amount and what follows, in one line: ``Glow Monthly: $96.90 today, then
    $96.90 / month`` ("" when the business hides the price)."""
    quote = today(membership)
    if quote is None:
        return ""
    shown = figure(quote)
    name = content.shown(membership).title
    if every_period(membership) is None:
        return tr("{name}: {today} today, paid once", name=name, today=shown)
    return tr(
        "{name}: {today} today, then {billing}",
        name=name,
        today=shown,
        billing=billing(membership),
    )


def monthly_text(membership: Membership) -> str:
    """The per-month figure for comparing: ``$81.57 a month`` (about, when rounded), or why
    there is none."""
    quote = monthly(membership)
    if quote is None:
        if membership.is_recurring:
            return tr("Price shown before you pay")
        return tr("Paid once — no monthly charge")
    if quote.approximate:
        return tr("about {amount} a month", amount=figure(quote))
    return tr("{amount} a month", amount=figure(quote))


def period(frequency: BillingFrequency | None) -> str:
    """``month`` / ``3 months``: the billing period, in the guest's language."""
    if frequency is None:
        return tr("billing period")
    if frequency.count == 1:
        return {
            FrequencyUnit.DAY: tr("day"),
            FrequencyUnit.WEEK: tr("week"),
            FrequencyUnit.MONTH: tr("month"),
            FrequencyUnit.YEAR: tr("year"),
        }[frequency.unit]
    count = frequency.count
    return {
        FrequencyUnit.DAY: trn("{count} day", "{count} days", count),
        FrequencyUnit.WEEK: trn("{count} week", "{count} weeks", count),
        FrequencyUnit.MONTH: trn("{count} month", "{count} months", count),
        FrequencyUnit.YEAR: trn("{count} year", "{count} years", count),
    }[frequency.unit]

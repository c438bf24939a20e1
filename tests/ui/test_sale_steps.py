"""Where the guest is in the sale and what they buy, through the real widgets of a whole sale:
the step indicator marks the right step on every screen (both layouts), the summary shows the
membership and, once Zenoti's invoice exists, its total; a returning guest is greeted by first
name, a new one is not."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget

from kiosk.commands.scripted_guest import (
    accept_terms,
    choose,
    identify_returning_guest,
    on_screen,
    pay_by_card,
    save_card_on_phone,
    tap,
    until,
)
from kiosk.domain.guest import NewGuest, Phone
from kiosk.ui import prices, routes
from kiosk.ui.formatting import format_money
from kiosk.ui.i18n import translator
from kiosk.ui.widgets.sale_steps import SaleSteps, Step
from kiosk.ui.window import KioskWindow
from tests.ui.conftest import KioskFactory
from tests.ui.walk import everything_shown

pytestmark = [pytest.mark.asyncio, pytest.mark.sandbox]

JAMES = "9175550199"  # a returning guest: James Whitaker


def shown_steps(window: KioskWindow) -> SaleSteps:
    """The one step indicator the current screen shows."""
    screen: QWidget = window.router.current
    found = [s for s in screen.findChildren(SaleSteps) if s.isVisible()]
    assert len(found) == 1, window.router.current.name
    return found[0]


def marked(steps: SaleSteps) -> dict[Step, str]:
    """Each step's marking as drawn: done, current or next."""
    return {step: str(mark.property("state")) for step, mark in steps.marks.items()}


def check_step(window: KioskWindow, expected: Step) -> None:
    steps = shown_steps(window)
    name = window.router.current.name
    assert steps.step is expected, name
    want = {s: "done" if s < expected else "current" if s == expected else "next" for s in Step}
    assert marked(steps) == want, name
    # Not by colour alone: the current step's words are bold and its marker is its number,
    # the earlier ones are ticked.
    assert steps.names[expected].font().bold(), name
    assert not any(steps.names[s].font().bold() for s in Step if s != expected), name
    assert steps.marks[expected].text() == str(int(expected)), name
    assert all(steps.marks[s].text() == "✓" for s in Step if s < expected), name
    assert steps.names[expected].isVisible(), name
    assert steps.height() < window.height() // 8, name  # compact


@pytest.mark.parametrize("profile", ["kiosk", "tablet"])
async def test_the_indicator_marks_the_right_step_on_every_screen_of_a_sale(
    make_kiosk: KioskFactory, profile: str
) -> None:
    window: KioskWindow = await make_kiosk(profile=profile, idle_after_ms=3_600_000)
    await choose(window, "Glow Monthly")
    check_step(window, Step.YOU)
    window.router.go(routes.Register())
    await on_screen(window, "register")
    check_step(window, Step.YOU)
    window.router.back()
    await on_screen(window, "identify")
    await identify_returning_guest(window, JAMES)
    check_step(window, Step.TERMS)
    await accept_terms(window)
    check_step(window, Step.PAY)
    await pay_by_card(window)  # the reader waits for the card
    check_step(window, Step.PAY)
    await tap(window, "Approve", timeout=15)
    await on_screen(window, "save_card", timeout=20)
    check_step(window, Step.PAY)
    await save_card_on_phone(window)
    check_step(window, Step.DONE)


async def test_the_summary_shows_the_membership_then_the_invoice_total(
    kiosk: KioskWindow,
) -> None:
    await choose(kiosk, "Glow Monthly")
    steps = shown_steps(kiosk)
    view = kiosk.flow.view
    assert view is not None
    quote = prices.today_of(view.memberships)
    assert quote is not None
    assert steps.bought.text() == "Glow Monthly"
    assert steps.cost.text() == f"{prices.figure(quote)} due today"
    await identify_returning_guest(kiosk, JAMES)
    await accept_terms(kiosk)
    # The invoice exists: its balance, the figure the pay button charges, not the catalogue's.
    view = kiosk.flow.view
    assert view is not None
    assert view.invoice is not None
    due = format_money(view.invoice.dues.balance, translator.locale)
    steps = shown_steps(kiosk)
    assert steps.bought.text() == "Glow Monthly"
    assert steps.cost.text() == f"{due} due today"
    assert kiosk.router.current.pay_button.text() == f"Pay {due} today"  # type: ignore[attr-defined]
    await pay_by_card(kiosk, "Approve")
    await save_card_on_phone(kiosk)
    steps = shown_steps(kiosk)
    assert steps.cost.text() == f"{due} paid"
    # A new language: the same summary in its words.
    translator.set_language("es")
    assert steps.cost.text() != f"{due} paid"
    assert steps.bought.text() == "Glow Monthly"


async def test_several_memberships_are_counted_in_the_summary(kiosk: KioskWindow) -> None:
    catalog = await kiosk.flow.catalogue()
    picks = [m for m in catalog if not m.is_recurring][:2]  # a recurring one stands alone
    assert len(picks) == 2
    await kiosk.flow.begin([m.id for m in picks])
    kiosk.router.go(routes.Identify())
    await on_screen(kiosk, "identify")
    steps = shown_steps(kiosk)
    assert steps.bought.text() == "2 memberships"
    quote = prices.today_of(picks)
    assert quote is not None
    assert steps.cost.text() == f"{prices.figure(quote)} due today"


async def test_a_returning_guest_is_welcomed_back_by_first_name_only(kiosk: KioskWindow) -> None:
    await choose(kiosk, "Serenity 3-Month Pass")
    await identify_returning_guest(kiosk, JAMES)
    terms = kiosk.router.current
    greeting = terms.greeting  # type: ignore[attr-defined]
    await until(greeting.isVisible, what="the greeting")
    assert greeting.text() == "Welcome back, James"
    assert "Whitaker" not in everything_shown(kiosk)
    await accept_terms(kiosk)
    # Only the first screen after identify greets.
    review = kiosk.router.current
    assert not review.greeting.isVisible()  # type: ignore[attr-defined]
    kiosk.router.back_to(routes.Terms())
    await on_screen(kiosk, "terms")
    assert greeting.text() == "Welcome back, James"
    assert kiosk.reset()
    await on_screen(kiosk, "attract")
    assert "James" not in everything_shown(kiosk)


async def test_a_new_guest_is_not_greeted(kiosk: KioskWindow) -> None:
    await choose(kiosk, "Serenity 3-Month Pass")
    sale = kiosk.flow.sale
    await sale.register_guest(
        NewGuest(
            first_name="Zoe",
            last_name="Quill",
            email="zoe.quill@example.com",
            phone=Phone(225, "3475550177"),
        )
    )
    kiosk.router.go(routes.Terms())
    terms = await on_screen(kiosk, "terms")
    check_step(kiosk, Step.TERMS)
    assert not terms.greeting.isVisible()  # type: ignore[attr-defined]
    assert "Zoe" not in everything_shown(terms)

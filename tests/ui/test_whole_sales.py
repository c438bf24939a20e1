"""Whole sales through the real widgets against the sandbox, the way guests buy."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton

from kiosk.checkout.errors import MethodNotAllowed
from kiosk.commands.scripted_guest import (
    accept_terms,
    choose,
    identify_returning_guest,
    on_screen,
    pay_by_card,
    read_the_terms,
    save_card_on_phone,
    tap,
    tap_digits,
    touch,
    type_on_keyboard,
)
from kiosk.domain.sale import SaleState
from kiosk.ui.i18n import tr, translator
from kiosk.ui.widgets.consent import ConsentCheck
from kiosk.ui.window import KioskWindow
from tests.support.sandbox_process import SandboxProcess
from tests.ui.conftest import KioskFactory
from tests.ui.walk import everything_shown

pytestmark = [pytest.mark.asyncio, pytest.mark.sandbox]

JAMES = "9175550199"  # a returning guest, stored with the country prefix
JAMES_TRACES = ("James", "Whitaker", "james.whitaker", "0199", "5550199")


async def test_a_returning_guest_buys_and_leaves_no_trace(kiosk: KioskWindow) -> None:
    await choose(kiosk, "Serenity 3-Month Pass")
    await identify_returning_guest(kiosk, JAMES)
    await accept_terms(kiosk)
    await pay_by_card(kiosk, "Approve")
    await on_screen(kiosk, "receipt", timeout=20)
    assert kiosk.flow.view is not None
    assert kiosk.flow.view.state is SaleState.COMPLETED
    await tap(kiosk, "Done")
    await on_screen(kiosk, "attract")
    shown = everything_shown(kiosk)
    assert not [trace for trace in JAMES_TRACES if trace in shown]


async def test_a_new_guest_signs_up_on_the_kiosk_keyboard_and_buys(kiosk: KioskWindow) -> None:
    await choose(kiosk, "Serenity 6-Month Pass")
    await tap_digits(kiosk, "3475550177")
    await tap(kiosk, "Find me")
    await tap(kiosk, "Sign up")
    await on_screen(kiosk, "register")
    register = kiosk.router.current
    fields = (
        (register.first_name, "Zoe"),  # type: ignore[attr-defined]
        (register.last_name, "Quill"),  # type: ignore[attr-defined]
        (register.email, "zoe.quill@example.com"),  # type: ignore[attr-defined]
    )
    for editor, value in fields:
        touch(editor)
        await type_on_keyboard(kiosk, value)
        assert editor.text().lower() == value.lower()
    await tap(kiosk, "Continue")
    await on_screen(kiosk, "terms", timeout=15)
    await accept_terms(kiosk)
    await pay_by_card(kiosk, "Approve")
    await on_screen(kiosk, "receipt", timeout=20)


async def test_a_recurring_membership_is_signed_for_and_its_card_saved_before_the_receipt(
    kiosk: KioskWindow,
) -> None:
    await choose(kiosk, "Glow Monthly")
    await identify_returning_guest(kiosk, JAMES)
    await accept_terms(kiosk)
    consents = kiosk.router.screen("terms").findChildren(ConsentCheck)
    assert consents
    assert all(consent.given for consent in consents)
    await pay_by_card(kiosk, "Approve")
    # Paid: saving the card with Zenoti's processor is the next step, not a hint on the receipt.
    await save_card_on_phone(kiosk)
    assert kiosk.flow.view is not None
    assert kiosk.flow.view.state is SaleState.COMPLETED
    shown = everything_shown(kiosk.router.current)
    assert "Your card •••• 4242 is saved for your next payments" in shown


async def test_a_guest_who_skips_the_card_is_told_what_it_means_and_staff_see_it(
    kiosk: KioskWindow,
) -> None:
    await choose(kiosk, "Glow Monthly")
    await identify_returning_guest(kiosk, JAMES)
    await accept_terms(kiosk)
    await pay_by_card(kiosk, "Approve")
    screen = await on_screen(kiosk, "save_card", timeout=20)
    await tap(kiosk, "Skip for now")
    meaning = screen.skip_meaning.text()  # type: ignore[attr-defined]
    assert meaning.startswith("Without a saved card we can't take your next payment of $96.90")
    await tap(kiosk, "Skip: I'll give a card at the desk")
    await on_screen(kiosk, "receipt", timeout=20)
    assert kiosk.flow.view is not None
    assert kiosk.flow.view.state is SaleState.CARD_NEEDED
    shown = everything_shown(kiosk.router.current)
    assert "No card is saved for your next payments: the front desk will ask you for one" in shown
    sale_id = kiosk.flow.view.sale_id
    cases = await kiosk.flow.back_office.needs_staff()
    assert any(c.record.id == sale_id and c.reason.startswith("card needed") for c in cases)


async def test_a_declined_card_then_another_card(
    kiosk: KioskWindow, sandbox: SandboxProcess
) -> None:
    await choose(kiosk, "Serenity 3-Month Pass")
    await identify_returning_guest(kiosk, JAMES)
    await accept_terms(kiosk)
    await pay_by_card(kiosk, "Decline")
    await tap(kiosk, "Try another card", timeout=15)
    await tap(kiosk, "Approve", timeout=15)
    await on_screen(kiosk, "receipt", timeout=20)
    view = kiosk.flow.view
    assert view is not None
    assert view.state is SaleState.COMPLETED
    assert view.receipt is not None
    # The processor holds one intent for the sale, reused for the second card, paid once in full.
    intents = [i for i in sandbox.payment_intents() if i["metadata"].get("sale_id") == view.sale_id]
    assert len(intents) == 1
    (intent,) = intents
    assert intent["status"] == "succeeded"
    assert intent["amount_received"] == intent["amount"]
    reader_calls = [
        (r["method"], r["path"].rsplit("/", 1)[-1])
        for r in sandbox.requests()
        if r["path"].startswith("/stripe/v1/")
    ]
    assert reader_calls.count(("POST", "payment_intents")) == 1
    assert reader_calls.count(("POST", "process_payment_intent")) == 2  # one hand-off a card
    # Zenoti's invoice carries exactly one payment: this intent's, and nothing is left to pay.
    invoice = next(i for i in sandbox.invoices() if i["id"] == view.receipt.invoice_id)
    assert [t["payment_option"]["additional_data"] for t in invoice["transactions"]] == [
        intent["id"]
    ]
    assert invoice["invoice_dues"]["balance"] == 0


async def test_a_reader_timeout_is_checked_not_failed_and_completes(
    kiosk: KioskWindow, sandbox: SandboxProcess
) -> None:
    sandbox.reader(next_process="timeout")
    await choose(kiosk, "Serenity 3-Month Pass")
    await identify_returning_guest(kiosk, JAMES)
    await accept_terms(kiosk)
    await pay_by_card(kiosk, "Approve")
    await on_screen(kiosk, "receipt", timeout=20)
    assert "Card declined" not in everything_shown(kiosk)


async def test_a_guest_who_walks_away_mid_sale_leaves_nothing(make_kiosk: KioskFactory) -> None:
    window = await make_kiosk(idle_after_ms=300, countdown_s=1)
    await choose(window, "Serenity 3-Month Pass")
    await tap_digits(window, JAMES)
    await tap(window, "Find me")
    await tap(window, "Yes, that's me")
    await on_screen(window, "terms")
    await on_screen(window, "attract", timeout=10)  # nobody touches: asked, then reset
    assert not window.flow.has_sale
    shown = everything_shown(window)
    assert not [trace for trace in JAMES_TRACES if trace in shown]


async def test_switching_language_mid_sale_keeps_the_sale_and_resets_after(
    kiosk: KioskWindow,
) -> None:
    await choose(kiosk, "Serenity 3-Month Pass")
    await identify_returning_guest(kiosk, JAMES)
    kiosk.languages.buttons["es"].click()
    assert translator.language == "es"
    assert kiosk.router.current.name == "terms"
    assert kiosk.flow.has_sale
    await read_the_terms(kiosk)
    accept = tr("I accept the terms")
    assert accept != "I accept the terms"  # the screen speaks Spanish now
    await tap(kiosk, accept)
    await on_screen(kiosk, "review", timeout=15)
    await tap(kiosk, tr("Cancel and start over"))
    await on_screen(kiosk, "attract")
    assert translator.language == "en"  # back to the default language after each sale


async def test_cash_is_refused_in_kiosk_mode(kiosk: KioskWindow) -> None:
    await choose(kiosk, "Serenity 3-Month Pass")
    await identify_returning_guest(kiosk, JAMES)
    await accept_terms(kiosk)
    await tap(kiosk, "Pay", exact=False)
    await on_screen(kiosk, "payment")
    screen = kiosk.router.current
    # Staff mode's cash button is built, and hidden while nobody is unlocked.
    offered = [b.text() for b in screen.findChildren(QAbstractButton) if b.isVisibleTo(screen)]
    assert "Cash" not in offered
    with pytest.raises(MethodNotAllowed):
        await kiosk.flow.sale.pay_cash(staff_mode=False)

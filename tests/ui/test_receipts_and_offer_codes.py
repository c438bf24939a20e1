"""Offer codes on the review screen and the guest's receipt choice, through the real widgets
against the sandbox (its campaigns, and its ESC/POS printer read back over loopback)."""

from __future__ import annotations

import re

import pytest

from kiosk.commands.scripted_guest import (
    accept_terms,
    choose,
    identify_returning_guest,
    on_screen,
    pay_by_card,
    tap,
    type_on_keyboard,
    until,
)
from kiosk.domain.sale import SaleState
from kiosk.printing.ticket import paper_amount
from kiosk.ui.screens.receipt import ReceiptScreen
from kiosk.ui.screens.review import ReviewScreen
from kiosk.ui.screens.staff_home import StaffHomeScreen
from kiosk.ui.screens.staff_receipts import StaffReceiptsScreen
from kiosk.ui.window import KioskWindow
from tests.support.sandbox_printer import printed, printer_fault, qr_codes, ticket_image
from tests.support.sandbox_process import SandboxProcess
from tests.ui.conftest import KioskFactory
from tests.ui.test_staff_mode import unlock

pytestmark = [pytest.mark.asyncio, pytest.mark.sandbox]

JAMES = "9175550199"


async def at_review(window: KioskWindow, membership: str = "Serenity 3-Month Pass") -> ReviewScreen:
    await choose(window, membership)
    await identify_returning_guest(window, JAMES)
    await accept_terms(window)
    screen = window.router.current
    assert isinstance(screen, ReviewScreen)
    return screen


async def enter_code(window: KioskWindow, letters: str, digits: str = "") -> None:
    """Open the offer code, type it on the kiosk's keyboard (digits on its 123 layer), apply."""
    await tap(window, "Have an offer code?")
    await type_on_keyboard(window, letters)
    if digits:
        await tap(window, "123")
        for digit in digits:
            await tap(window, digit)
    await tap(window, "Apply")


async def at_receipt(window: KioskWindow) -> ReceiptScreen:
    await pay_by_card(window, "Approve")
    screen = await on_screen(window, "receipt", timeout=20)
    assert isinstance(screen, ReceiptScreen)
    return screen


async def test_an_offer_code_typed_on_the_review_screen_lowers_what_is_paid(
    kiosk: KioskWindow,
) -> None:
    review = await at_review(kiosk)
    before = kiosk.flow.sale.view.amount_due
    assert before is not None
    await enter_code(kiosk, "WELCOME", "10")
    await until(lambda: review.offer.applied.isVisible(), what="the code applied")
    after = kiosk.flow.sale.view.amount_due
    assert after is not None
    assert after < before
    assert review.offer.applied.text().startswith("Code applied — you save")
    shown = [w.text() for w in review.card.findChildren(type(review.then))]
    assert "Discount" in shown
    assert review.pay_button.text().endswith(review._money(after) + " today")
    receipt = await at_receipt(kiosk)
    assert kiosk.flow.sale.view.receipt is not None
    assert kiosk.flow.sale.view.receipt.amount_paid == after
    assert receipt.amount.text() == review._money(after)


async def test_a_refused_offer_code_is_a_plain_sentence_and_the_total_stays(
    kiosk: KioskWindow,
) -> None:
    review = await at_review(kiosk)
    before = kiosk.flow.sale.view.amount_due
    pay_text = review.pay_button.text()
    await enter_code(kiosk, "SUMMER", "24")  # its campaign ended
    await until(lambda: review.offer.message.isVisible(), what="the refusal")
    sentence = review.offer.message.text()
    assert sentence == "We couldn't find that code, or it has expired. Check it and try again"
    assert not re.search(r"\d{3}", sentence)
    assert kiosk.flow.sale.view.amount_due == before
    assert review.pay_button.text() == pay_text
    assert review.pay_button.isEnabled()
    assert not review.offer.applied.isVisible()


async def test_the_guest_chooses_print_and_reads_the_ticket_that_came_out(
    kiosk: KioskWindow, sandbox: SandboxProcess
) -> None:
    await at_review(kiosk)
    receipt_screen = await at_receipt(kiosk)
    view = kiosk.flow.sale.view
    assert view.receipt is not None
    assert receipt_screen.choice.isVisible()
    assert not receipt_screen.email_sent.isVisible()
    assert not receipt_screen.email_failed.isVisible()
    await tap(kiosk, "Print")
    await until(lambda: receipt_screen.choice.done.isVisible(), timeout=15, what="printed")
    assert receipt_screen.choice.done.text() == "Take your receipt from the printer"
    [job] = printed(sandbox)
    assert f"Invoice {view.receipt.invoice_number}" in job["text"]
    assert paper_amount(view.receipt.amount_paid) in job["text"]
    assert qr_codes(ticket_image(sandbox, job["id"])) == [view.receipt.receipt_url]
    assert sandbox.outbox() == []  # paper only, as the guest chose


async def test_a_printer_out_of_paper_leaves_the_sale_completed_staff_told_and_reprinting_it(
    make_kiosk: KioskFactory, sandbox: SandboxProcess, caplog: pytest.LogCaptureFixture
) -> None:
    window: KioskWindow = await make_kiosk(profile="tablet")
    await at_review(window)
    receipt_screen = await at_receipt(window)
    sale = window.flow.sale
    printer_fault(sandbox, paper="out")
    await tap(window, "Both")
    await until(lambda: receipt_screen.choice.trouble.isVisible(), timeout=15, what="trouble")
    assert receipt_screen.choice.trouble.text().startswith("The printer isn't working")
    assert receipt_screen.choice.done.text() == "We've emailed your receipt"
    assert sale.state is SaleState.COMPLETED
    assert printed(sandbox) == []
    caplog.clear()  # the failed ticket is logged for the business, as it should be
    await tap(window, "Done")
    await on_screen(window, "attract")

    await unlock(window)
    home = await on_screen(window, "staff_home")
    assert isinstance(home, StaffHomeScreen)
    await until(lambda: "out of paper" in home.printer.status.text(), what="the printer line")
    assert "Receipts not printed: 1" in home.printer.waiting.text()

    printer_fault(sandbox, paper="ok")
    await tap(window, "Receipts")
    receipts = await on_screen(window, "staff_receipts")
    assert isinstance(receipts, StaffReceiptsScreen)
    await until(lambda: sale.id in receipts.list.buttons, what="the finished sales")
    assert "not printed" in receipts.list.buttons[sale.id].text()
    receipts.list.buttons[sale.id].click()
    await tap(window, "Print again")
    await until(lambda: bool(printed(sandbox)), timeout=15, what="the copy")
    [job] = printed(sandbox)
    assert "COPY" in job["text"]
    await until(lambda: receipts.status.text() == "The copy is printing", what="said so")

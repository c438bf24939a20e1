"""Payment, receipt and unavailable screens, on the real engine against the sandbox's reader."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton

from kiosk.checkout.view import Problem, SaleView
from kiosk.domain.sale import SaleState
from kiosk.ui import routes
from kiosk.ui.formatting import format_money
from kiosk.ui.i18n import catalog, translator
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.screens.payment import PaymentScreen
from kiosk.ui.screens.payment_states import Stage
from kiosk.ui.screens.receipt import ReceiptScreen
from kiosk.ui.screens.unavailable import UnavailableScreen
from kiosk.ui.window import KioskWindow
from tests.support.sandbox_process import SandboxProcess
from tests.support.selling import JAMES_PHONE, catalogue_membership
from tests.ui.conftest import KioskFactory, on_screen, until
from tests.ui.walk import everything_shown, unnamed_controls

pytestmark = [pytest.mark.asyncio, pytest.mark.sandbox]

OURS = [AttractScreen, PaymentScreen, ReceiptScreen, UnavailableScreen]
ROOT = Path(__file__).resolve().parents[2]


async def at_payment(window: KioskWindow, code: str = "SERENITY3") -> PaymentScreen:
    """A returning guest's sale up to Zenoti's invoice, then the payment screen."""
    catalog = await window.flow.catalogue()
    chosen = catalogue_membership(catalog, code)
    sale = await window.flow.begin([chosen.id])
    found = await sale.find_guests(phone=JAMES_PHONE)
    await sale.choose_guest(found[0].guest_id)
    signature = b"\x89PNG signature" if chosen.is_recurring else None
    await sale.accept_terms(chosen.terms or "terms", signature)
    await sale.create_invoice()
    screen = window.router.go(routes.Payment())
    assert isinstance(screen, PaymentScreen)
    return screen


async def card_awaited(screen: PaymentScreen) -> None:
    """Until the reader waits for a card and the sandbox panel may tap one."""
    panel = screen.panel
    assert panel is not None
    await until(
        lambda: screen.stage is Stage.CARD and panel.approve.isEnabled(), what="the card prompt"
    )


async def tap_when_asked(screen: PaymentScreen, card: str = "approve") -> None:
    """When the reader asks, tap a sandbox test card ("approve", "decline", "insufficient")."""
    await card_awaited(screen)
    assert screen.panel is not None
    getattr(screen.panel, card).click()


async def receipt_shown(window: KioskWindow) -> ReceiptScreen:
    """Until the receipt screen shows (recording, closing and emailing take a moment)."""
    screen = await on_screen(window, "receipt", timeout=20)
    assert isinstance(screen, ReceiptScreen)
    return screen


def our_intents(sandbox: SandboxProcess, view: SaleView) -> list[dict[str, object]]:
    return [i for i in sandbox.payment_intents() if i["metadata"].get("sale_id") == view.sale_id]


async def test_approving_on_the_sandbox_reader_shows_the_receipt_with_qr_and_amount(
    make_kiosk: KioskFactory,
) -> None:
    window = await make_kiosk(screens=OURS)
    screen = await at_payment(window)
    view = window.flow.view
    assert view is not None
    assert view.amount_due is not None
    assert screen.amount.text() == format_money(view.amount_due, translator.locale)
    assert screen.card_button.isVisible()
    assert screen.phone_button.isVisible()
    assert unnamed_controls(screen) == []

    screen.card_button.click()
    await card_awaited(screen)
    assert screen.waiting_page.status.text() == "Tap, insert or swipe your card"
    assert screen.waiting_page.status.accessibleName() == "Tap, insert or swipe your card"
    assert screen.waiting_page.cancel.isVisible()
    await tap_when_asked(screen)

    receipt_screen = await receipt_shown(window)
    receipt = window.flow.sale.view.receipt
    assert receipt is not None
    assert receipt.receipt_url
    assert receipt_screen.amount.text() == format_money(receipt.amount_paid, translator.locale)
    assert receipt.amount_paid == view.amount_due
    assert receipt_screen.receipt_qr.payload == receipt.receipt_url
    await until(lambda: receipt_screen.receipt_qr.modules > 0, what="the receipt's code")
    assert receipt_screen.headline.text() == "You're in!"
    assert receipt_screen.method.text().startswith("Paid by card")
    # The sandbox has a receipt printer, so the guest chooses how to keep the receipt.
    receipt_screen.choice.buttons["email"].click()
    await until(lambda: receipt_screen.choice.done.isVisible(), what="the email sent")
    assert receipt_screen.choice.done.text() == "We've emailed your receipt"
    # A prepaid membership: nothing is said of a card for later payments.
    assert not receipt_screen.card_saved.isVisible()
    assert not receipt_screen.card_needed.isVisible()


async def test_a_decline_is_a_plain_sentence_then_another_card_pays_on_the_same_intent(
    make_kiosk: KioskFactory, sandbox: SandboxProcess
) -> None:
    window = await make_kiosk(screens=OURS)
    screen = await at_payment(window)
    screen.card_button.click()
    await tap_when_asked(screen, "decline")

    await until(lambda: screen.stage is Stage.DECLINED, what="the decline")
    reason = screen.declined_page.reason.text()
    assert reason == "Card declined — try another card"
    assert not re.search(r"[a-z]+_[a-z]+|\d{3}", reason)  # no code, no status number
    assert screen.declined_page.try_again.isVisible()
    assert screen.declined_page.other_way.isVisible()

    screen.declined_page.try_again.click()
    await tap_when_asked(screen)
    await receipt_shown(window)
    intents = our_intents(sandbox, window.flow.sale.view)
    assert [i["status"] for i in intents] == ["succeeded"]  # one intent, reused


async def test_a_reader_timeout_is_checking_your_payment_never_a_failure(
    make_kiosk: KioskFactory, sandbox: SandboxProcess
) -> None:
    sandbox.reader(next_process="timeout")  # the reader got it; the API says it timed out
    window = await make_kiosk(screens=OURS)
    screen = await at_payment(window)
    seen: list[tuple[SaleState, Stage, str, bool]] = []
    # Connected after the screen: each view is recorded as the screen has just shown it.
    window.flow.changed.connect(
        lambda view: seen.append(
            (view.state, screen.stage, screen.waiting_page.status.text(), screen.error.isVisible())
        )
    )
    screen.card_button.click()
    await tap_when_asked(screen)
    await receipt_shown(window)

    unknown = [row for row in seen if row[0] in (SaleState.UNKNOWN, SaleState.RECONCILING)]
    assert unknown, "the false negative was never shown as unknown"
    assert {row[1:3] for row in unknown} == {(Stage.CHECKING, "Checking your payment…")}
    assert all(row[0] is not SaleState.DECLINED and not row[3] for row in seen)


async def test_cancel_while_the_card_is_awaited_returns_to_the_methods_and_charges_nothing(
    make_kiosk: KioskFactory, sandbox: SandboxProcess
) -> None:
    window = await make_kiosk(screens=OURS)
    screen = await at_payment(window)
    screen.card_button.click()
    await card_awaited(screen)
    screen.waiting_page.cancel.click()

    await until(lambda: screen.stage is Stage.METHODS and not screen.paying, what="the methods")
    assert screen.notice.text() == "Payment cancelled — nothing was charged"
    assert screen.card_button.isEnabled()
    view = window.flow.sale.view
    assert view.state in (SaleState.INTENT_CREATED, SaleState.INVOICE_READY)
    assert all(i["status"] != "succeeded" for i in our_intents(sandbox, view))
    assert sandbox.reader_state()["action"] is None  # nothing left armed for the next person
    invoice = next(i for i in sandbox.invoices() if i["id"] == view.invoice.id)  # type: ignore[union-attr]
    assert invoice["transactions"] == []


async def test_no_card_before_the_deadline_brings_the_methods_back_with_the_reason(
    make_kiosk: KioskFactory,
) -> None:
    window = await make_kiosk(screens=OURS)
    screen = await at_payment(window)
    screen.card_button.click()
    await card_awaited(screen)
    # Nobody taps: the payment's own deadline (4 s in the tests) cancels, verifies, comes back.
    await until(lambda: screen.stage is Stage.METHODS and not screen.paying, timeout=15)
    assert screen.notice.text() == "No card was presented, so nothing was charged"
    assert not screen.error.isVisible()
    assert screen.card_button.isEnabled()


async def test_the_payment_screen_follows_a_language_switch_live(
    make_kiosk: KioskFactory,
) -> None:
    window = await make_kiosk(screens=OURS)
    screen = await at_payment(window)
    screen.card_button.click()
    await card_awaited(screen)
    translator.set_language("es")
    assert screen.waiting_page.status.text() == "Acerca, inserta o desliza tu tarjeta"
    assert screen.waiting_page.cancel.accessibleName() == "Cancelar"
    translator.set_language("ar")
    assert screen.waiting_page.status.text() == "المس البطاقة بالقارئ أو أدخلها أو مرّرها"
    assert window.layoutDirection() is Qt.LayoutDirection.RightToLeft
    view = window.flow.sale.view
    assert view.amount_due is not None
    assert screen.amount.text() == format_money(view.amount_due, translator.locale)
    screen.waiting_page.cancel.click()
    await until(lambda: not screen.paying, what="the cancel")


async def test_the_kiosk_will_not_reset_while_the_card_is_awaited(
    make_kiosk: KioskFactory,
) -> None:
    window = await make_kiosk(screens=OURS)
    screen = await at_payment(window)
    screen.card_button.click()
    await card_awaited(screen)
    assert window.reset() is False
    assert window.router.current is screen
    assert window.flow.has_sale
    screen.waiting_page.cancel.click()
    await until(lambda: not screen.paying, what="the cancel")
    assert window.reset() is True
    await on_screen(window, "attract")


async def test_cash_is_never_offered_to_a_guest_alone(make_kiosk: KioskFactory) -> None:
    window = await make_kiosk(screens=OURS)
    screen = await at_payment(window)
    # Built for staff mode, but hidden while nobody is unlocked.
    offered = [b.text() for b in screen.findChildren(QAbstractButton) if b.isVisibleTo(screen)]
    assert "Cash" not in offered


async def test_staff_mode_offers_cash_and_takes_it(make_kiosk: KioskFactory) -> None:
    window = await make_kiosk(screens=OURS, staff=True)
    screen = await at_payment(window)
    assert screen.cash_button is not None
    assert screen.cash_button.isVisible()
    screen.cash_button.click()
    receipt_screen = await receipt_shown(window)
    assert receipt_screen.method.text() == "Paid in cash"


async def test_paying_on_the_phone_shows_a_qr_and_completes_when_the_page_is_paid(
    make_kiosk: KioskFactory,
) -> None:
    window = await make_kiosk(screens=OURS)
    screen = await at_payment(window)
    screen.phone_button.click()
    await until(lambda: screen.stage is Stage.PHONE, what="the phone QR")
    uri = window.flow.sale.view.phone_payment_uri
    assert uri is not None
    assert screen.phone_page.qr.payload == uri
    assert screen.phone_page.status.text() == "Scan with your phone camera to pay"
    assert screen.phone_page.cancel.isVisible()
    assert window.reset() is False  # a phone payment is in flight too

    async with httpx.AsyncClient() as phone:
        paid = await phone.post(
            uri, data={"number": "4242 4242 4242 4242", "expiry": "12/30", "cvc": "123"}
        )
    assert paid.status_code == 200
    receipt_screen = await receipt_shown(window)
    assert receipt_screen.method.text() == "Paid on your phone"


async def test_the_receipt_counts_down_to_attract_and_leaves_nothing_behind(
    make_kiosk: KioskFactory,
) -> None:
    window = await make_kiosk(screens=OURS)
    receipt_screen = window.router.screen("receipt")
    assert isinstance(receipt_screen, ReceiptScreen)
    receipt_screen.countdown_s, receipt_screen.tick_ms = 3, 100
    screen = await at_payment(window)
    screen.card_button.click()
    await tap_when_asked(screen)
    await receipt_shown(window)
    receipt = window.flow.sale.view.receipt
    assert receipt is not None
    assert receipt_screen.countdown.text() == "Back to the start in 3 seconds"

    await on_screen(window, "attract", timeout=5)
    assert not window.flow.has_sale
    shown = everything_shown(window)
    traces = [
        receipt.sale_id,
        receipt.receipt_url,
        format_money(receipt.amount_paid, translator.locale),
        receipt.invoice_number,
        receipt.receipt_number,
        *receipt.membership_names,
    ]
    assert [trace for trace in traces if trace and trace in shown] == []
    assert receipt_screen.receipt_qr.payload == ""
    assert receipt_screen.receipt_qr.modules == 0


async def test_an_unconfirmed_payment_hands_over_to_staff_with_a_reference_qr(
    make_kiosk: KioskFactory, sandbox: SandboxProcess, caplog: pytest.LogCaptureFixture
) -> None:
    sandbox.reader(next_process="timeout")
    for path in ("/stripe/v1/payment_intents/*", "/stripe/v1/terminal/readers/*"):
        sandbox.inject(method="GET", path=path, kind="status", status=503, count=1000)
    window = await make_kiosk(screens=OURS)
    screen = await at_payment(window)
    screen.card_button.click()

    await until(lambda: screen.stage is Stage.NEEDS_STAFF, timeout=20, what="the staff page")
    view = window.flow.sale.view
    assert view.problem is Problem.PAYMENT_UNCONFIRMED
    page = screen.staff_page
    assert page.status.text() == "We couldn't confirm your payment — a team member will help you"
    assert page.qr.payload == f"kiosk-sale:{view.sale_id}"
    assert any("needs staff" in r.getMessage() for r in caplog.records)
    caplog.clear()

    page.done.click()
    await on_screen(window, "attract")
    assert page.qr.payload == ""
    assert view.sale_id not in everything_shown(window)


async def test_unavailable_retries_by_itself_and_returns_to_attract(
    make_kiosk: KioskFactory, sandbox: SandboxProcess
) -> None:
    # Every try of the first catalogue call fails (it retries 3 times itself); the next one works.
    sandbox.inject(
        method="GET", path="/v1/centers/*/memberships", kind="status", status=503, count=4
    )
    window = await make_kiosk(screens=OURS)
    screen = window.router.screen("unavailable")
    assert isinstance(screen, UnavailableScreen)
    screen.retry_every_s = 0.2
    window.router.go(routes.Unavailable())
    assert screen.headline.text() == "We're temporarily unavailable — please see the front desk"

    await on_screen(window, "attract", timeout=30)
    asked = [r for r in sandbox.requests() if r["path"].endswith("/memberships")]
    assert len(asked) >= 5  # four refused, then the one that brought the kiosk back


async def test_every_text_of_the_payment_screens_is_translated() -> None:
    sources = [
        "kiosk/ui/screens/payment.py",
        "kiosk/ui/screens/payment_states.py",
        "kiosk/ui/screens/receipt.py",
        "kiosk/ui/screens/unavailable.py",
        "kiosk/ui/widgets/reader_panel.py",
    ]
    texts: set[str] = set()
    for source in sources:
        code = (ROOT / source).read_text(encoding="utf-8")
        texts |= set(re.findall(r'\btr\(\s*"([^"]+)"', code))
        texts |= set(re.findall(r'\btext\(\s*[\w.]+,\s*"([^"]+)"', code))
    assert len(texts) > 40
    for language in ("es", "ar"):
        compiled = catalog(language)  # the kiosk's own gettext catalogue of the language
        assert sorted(t for t in texts if compiled.gettext(t) == t) == [], language
        for english in texts:
            assert set(re.findall(r"\{\w+\}", compiled.gettext(english))) == set(
                re.findall(r"\{\w+\}", english)
            ), (language, english)

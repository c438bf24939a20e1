"""True money on every screen: what the guest is first told is due today is what the invoice
charges, or the figure says what it leaves out ("+ joining fee", "+ tax") and claims no total."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from PySide6.QtWidgets import QLabel

from kiosk.checkout.engine import SaleEngine
from kiosk.commands.scripted_guest import accept_terms, choose, identify_returning_guest
from kiosk.config import config_from_sandbox
from kiosk.domain.catalog import Membership
from kiosk.domain.invoice import Invoice
from kiosk.domain.pricing import TaxDisplay
from kiosk.ui import prices
from kiosk.ui.formatting import format_money
from kiosk.ui.i18n import translator
from kiosk.ui.widgets.consent import ConsentCheck
from kiosk.ui.window import KioskWindow
from kiosk.wiring import open_engine
from tests.support.sandbox_process import SandboxProcess
from tests.support.selling import FAST, JAMES_PHONE, sandbox_config
from tests.ui.conftest import KioskFactory, on_screen, until
from tests.ui.custom_kiosk import kiosk_on
from tests.ui.test_browse import card_named, open_catalog

pytestmark = [pytest.mark.asyncio, pytest.mark.sandbox]

JAMES = "9175550199"
JOINING_FEE_MARKS = ("+ joining fee", "+ tax")


async def invoice_for(engine: SaleEngine, membership: Membership) -> Invoice:
    """Zenoti's invoice for ``membership`` alone, for a returning guest; the sale is then let go
    (its invoice emptied)."""
    sale = await engine.start_sale([membership.id])
    found = await sale.find_guests(phone=JAMES_PHONE)
    await sale.choose_guest(found[0].guest_id)
    await sale.accept_terms(membership.terms or "terms", b"signature")
    invoice = await sale.create_invoice()
    await sale.abandon()
    return invoice


def money_text(invoice: Invoice) -> str:
    return format_money(invoice.dues.balance, translator.locale)


async def test_every_membership_first_shows_its_invoice_total_or_claims_none(
    make_kiosk: KioskFactory,
) -> None:
    window = await make_kiosk()
    catalog = await open_catalog(window)
    engine = window.flow.engine
    claimed = unclaimed = 0
    memberships = list(await engine.catalogue())
    for membership in memberships:
        card = card_named(catalog, membership.title)
        invoice = await invoice_for(engine, membership)
        # The first figure the guest meets: the card's price and the words beside it.
        figure, caption = card.price.text(), card.due.text()
        if "+" in caption:
            assert any(mark in caption for mark in JOINING_FEE_MARKS), caption
            assert figure != money_text(invoice), f"{membership.title} shows a total it lacks"
            unclaimed += 1
        else:
            assert caption == "due today, incl. tax"
            assert figure == money_text(invoice), membership.title
            claimed += 1
    assert claimed + unclaimed == len(memberships) == len(catalog.cards)
    assert unclaimed == 1  # the seed's Spa sells one joining-fee membership


async def test_every_membership_of_the_other_center_too(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    # The second center of the seed (its own tax rate, the other joining-fee membership).
    config = config_from_sandbox(
        sandbox.base_url,
        sandbox.info(),
        journal_path=tmp_path / "studio.sqlite3",
        center_index=1,
        deadlines=FAST,
    )
    async with open_engine(config) as engine:
        catalog = await engine.catalogue()
        assert len(catalog) >= 5
        for membership in catalog:
            quote = prices.today(membership)
            assert quote is not None
            invoice = await invoice_for(engine, membership)
            if quote.is_total:
                assert quote.amount == invoice.dues.balance, membership.title
            else:
                assert quote.plus_joining_fee
                assert membership.has_setup_fee
                assert quote.amount < invoice.dues.balance


async def test_a_joining_fee_membership_names_both_amounts_and_charges_the_true_total(
    kiosk: KioskWindow,
) -> None:
    await choose(kiosk, "Founding Circle")
    await identify_returning_guest(kiosk, JAMES)
    terms = kiosk.router.current
    said = [w.text() for w in terms.findChildren(QLabel) if w.isVisibleTo(terms)]
    assert any("$129.56 + joining fee today, then $129.56 / month" in line for line in said)
    consent = terms.findChildren(ConsentCheck)[0]
    assert "$129.56 + joining fee today" in consent.text()
    assert "authorise $129.56 every month" in consent.text()
    await accept_terms(kiosk)
    review = kiosk.router.current
    # $119 dues + $49 joining fee, with the center's 8.875 % tax: what the invoice charges.
    assert review.pay_button.text() == "Pay $182.91 today"  # type: ignore[attr-defined]
    await until(lambda: kiosk.flow.view is not None and kiosk.flow.view.invoice is not None)


@pytest_asyncio.fixture
async def before_tax_kiosk(sandbox: SandboxProcess, tmp_path: Path) -> AsyncIterator[KioskWindow]:
    """A kiosk whose business shows prices before tax (``kiosk.tax_display = "added"``)."""
    config = dataclasses.replace(sandbox_config(sandbox, tmp_path), tax_display=TaxDisplay.ADDED)
    async with kiosk_on(config) as window:
        yield window


async def test_a_business_showing_prices_before_tax_says_plus_tax_everywhere(
    before_tax_kiosk: KioskWindow,
) -> None:
    window = before_tax_kiosk
    catalog = await open_catalog(window)
    glow = card_named(catalog, "Glow Monthly")
    assert glow.price.text() == "$89.00"
    assert glow.due.text() == "+ tax, due today"
    assert glow.billing.text() == "$89.00 + tax / month"
    founding = card_named(catalog, "Founding Circle")
    assert founding.due.text() == "+ tax + joining fee, due today"
    window.reset()
    await choose(window, "Glow Monthly")
    await identify_returning_guest(window, JAMES)
    consent = window.router.current.findChildren(ConsentCheck)[0]
    assert "$89.00 + tax today" in consent.text()
    await accept_terms(window)
    # The invoice is the total: $89 and its tax.
    review = await on_screen(window, "review")
    assert review.pay_button.text() == "Pay $96.90 today"  # type: ignore[attr-defined]

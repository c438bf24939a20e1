"""The second baseline of the kiosk's time per sale: the same sale as the scripted guest's (the
first membership, the returning guest found by phone, terms accepted, paid by an approved card),
made through the sale flow with no screen at all, on the same sandbox in the same process.

Its time beyond the network is the engine's share (journal writes, the reader's reads, the
kiosk's own pauses); what the UI sale takes beyond that is the screens'.
"""

from __future__ import annotations

import time
from typing import Any

from kiosk.domain.guest import Phone
from kiosk.domain.sale import SaleState
from kiosk.sandbox_process import SandboxProcess
from kiosk.simulation.driving import pay_by_card, save_card_on_page
from kiosk.ui.flow import SaleFlow

US = 225  # Zenoti's country id of the United States, as the identify screen sends it
APPROVE = "4242424242424242"


async def sell_without_screens(flow: SaleFlow, phone: str) -> None:
    """One sale, as the scripted guest makes it, through the flow alone."""
    catalog = await flow.catalogue()
    membership = catalog.memberships[0]
    sale = await flow.begin([membership.id])
    found = await sale.find_guests(phone=Phone(US, phone))
    await sale.choose_guest(found[0].guest_id)
    await sale.accept_terms(
        membership.terms or "", b"signature" if membership.is_recurring else None
    )
    await sale.create_invoice()
    view = await pay_by_card(sale, APPROVE)
    if view.state is SaleState.CARD_NEEDED:  # paid; a card for the later payments, as the guest
        view = await save_card_on_page(sale, APPROVE)
    if view.state is not SaleState.COMPLETED:
        raise AssertionError(f"the engine's sale ended {view.state.name}")
    flow.end()


async def engine_overhead(
    flow: SaleFlow, sandbox: SandboxProcess, phone: str, sales: int, latency_ms: int
) -> dict[str, Any]:
    """Seconds per sale and time beyond the network per sale (ms) of ``sales`` engine sales."""
    sandbox.clear_requests()
    started = time.monotonic()
    for _ in range(sales):
        await sell_without_screens(flow, phone)
    seconds = time.monotonic() - started
    calls = len(sandbox.requests())
    return {
        "seconds_per_sale": seconds / sales,
        "calls": calls,
        "overhead_ms_per_sale": (seconds - calls * latency_ms / 1000) * 1000 / sales,
    }

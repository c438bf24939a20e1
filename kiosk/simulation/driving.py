"""Driving a sale as a guest would, for scripted runs: wait for a state, tap a card when the
reader asks for one, pay on the phone's page.
"""

from __future__ import annotations

import asyncio

import httpx

from kiosk.checkout.sale import Sale
from kiosk.checkout.view import SaleView
from kiosk.domain.sale import SaleState


async def wait_for_state(sale: Sale, *states: SaleState, timeout: float = 30.0) -> SaleView:
    """Wait until the sale publishes one of ``states``; returns that view."""
    if sale.state in states:
        return sale.view
    reached: asyncio.Future[SaleView] = asyncio.get_running_loop().create_future()

    def listen(view: SaleView) -> None:
        if view.state in states and not reached.done():
            reached.set_result(view)

    stop = sale.subscribe(listen)
    try:
        return await asyncio.wait_for(reached, timeout)
    finally:
        stop()


async def pay_by_card(sale: Sale, card: str | None, *, timeout: float = 60.0) -> SaleView:
    """Start a card payment; when the reader waits, present ``card`` (None: walk away from it)."""
    payment = asyncio.ensure_future(sale.pay_by_card())
    waiting = asyncio.ensure_future(wait_for_state(sale, SaleState.AWAITING_CARD, timeout=timeout))
    try:
        done, _ = await asyncio.wait({payment, waiting}, return_when=asyncio.FIRST_COMPLETED)
        if waiting in done and waiting.exception() is None and card is not None:
            await sale.present_test_card(card)
        return await asyncio.wait_for(payment, timeout)
    finally:
        waiting.cancel()


async def pay_on_phone_page(sale: Sale, card: str, *, timeout: float = 60.0) -> SaleView:
    """Start pay-on-phone, then pay Zenoti's hosted page as the guest's phone would."""
    payment = asyncio.ensure_future(sale.pay_on_phone())
    waiting = asyncio.ensure_future(wait_for_state(sale, SaleState.AWAITING_PHONE, timeout=timeout))
    try:
        done, _ = await asyncio.wait({payment, waiting}, return_when=asyncio.FIRST_COMPLETED)
        uri = sale.view.phone_payment_uri
        if waiting in done and waiting.exception() is None and uri is not None:
            async with httpx.AsyncClient(timeout=10.0) as phone:
                await phone.post(uri, data={"number": card, "expiry": "12/39", "cvc": "123"})
        return await asyncio.wait_for(payment, timeout)
    finally:
        waiting.cancel()


async def save_card_on_page(sale: Sale, card: str, *, timeout: float = 60.0) -> SaleView:
    """A recurring membership paid without a saved card: save ``card`` on Zenoti's add-card
    page as the guest's phone would, while the kiosk waits for it in the guest's saved cards."""
    saving = asyncio.ensure_future(sale.save_card())
    waiting = asyncio.ensure_future(wait_for_state(sale, SaleState.SAVING_CARD, timeout=timeout))
    try:
        done, _ = await asyncio.wait({saving, waiting}, return_when=asyncio.FIRST_COMPLETED)
        uri = sale.view.add_card_uri
        if waiting in done and waiting.exception() is None and uri is not None:
            async with httpx.AsyncClient(timeout=10.0) as phone:
                await phone.post(uri, data={"number": card, "expiry": "12/39", "cvc": "123"})
        return await asyncio.wait_for(saving, timeout)
    finally:
        waiting.cancel()

"""More edge journeys: the phone, Zenoti after the money, the front desk's invoice, a card on file
for a recurring membership, and what only a driver other than the sandbox's reader says.
"""

from __future__ import annotations

import asyncio
import contextlib

import httpx

from kiosk.checkout.engine import SaleEngine
from kiosk.checkout.errors import SaleError
from kiosk.checkout.sale import Sale
from kiosk.domain.sale import SaleState
from kiosk.payments.terminal import TerminalStatus
from kiosk.simulation.driving import pay_on_phone_page, save_card_on_page
from tests.support import scripted_reader as scripted
from tests.support.edge_world import (
    WHO,
    S,
    World,
    declined,
    journey,
    left,
    offline_at_hand_off,
    stopped_while,
)
from tests.support.sandbox_client import guest_id, new_invoice, zenoti_client
from tests.support.selling import (
    APPROVE,
    membership,
    pay_with_card,
    sale_ready_to_pay,
    wait_for,
)

# ---------------------------------------------------------------------- the phone

RECURRING = "GLOWMONTHL"  # a monthly membership: its later payments need a saved card


@journey
async def paid_on_the_phone(world: World) -> None:
    async with world.kiosk() as engine:
        sale = await sale_ready_to_pay(engine)
        assert (await pay_on_phone_page(sale, APPROVE)).state is S.COMPLETED


@journey
async def declined_then_the_phone_stopped_then_walks_away(world: World) -> None:
    async with world.kiosk() as engine:
        sale = await sale_ready_to_pay(engine)
        await declined(sale)
        stopped = await stopped_while(
            sale, sale.pay_on_phone, S.AWAITING_PHONE, sale.cancel_payment
        )
        assert stopped.state is S.INVOICE_READY
        await left(sale)


@journey
async def died_with_the_phone_page_on_screen(world: World) -> None:
    async with world.kiosk() as engine:
        sale = await sale_ready_to_pay(engine)
        paying = asyncio.ensure_future(sale.pay_on_phone())
        await wait_for(sale, S.AWAITING_PHONE)
    with contextlib.suppress(asyncio.CancelledError):
        await paying
    assert await world.restart(sale.id) is S.CANCELLED


# ---------------------------------------------------------------------- Zenoti after the money


@journey
async def paid_but_not_recorded_then_staff_recheck(world: World) -> None:
    world.sandbox.inject(
        method="POST", path="/v1/invoices/*/payment/custom", kind="status", status=503, count=1000
    )
    async with world.kiosk() as engine:
        sale = await sale_ready_to_pay(engine)
        assert (await pay_with_card(sale)).state is S.NEEDS_STAFF
        world.sandbox.clear_faults()
        assert (await engine.staff.recheck(WHO, sale.id)).state is S.COMPLETED


@journey
async def invoice_would_not_close_then_staff_resolve(world: World) -> None:
    world.sandbox.inject(
        method="POST", path="/v1/invoices/*/close", kind="status", status=400, code=4002
    )
    async with world.kiosk() as engine:
        sale = await sale_ready_to_pay(engine)
        assert (await pay_with_card(sale)).state is S.NEEDS_STAFF
        resolved = await engine.staff.resolve(WHO, sale.id, "closed at the front desk")
        assert resolved.state is S.RESOLVED


# ---------------------------------------------------------------------- the front desk's invoice


async def _front_desk_sale(world: World, engine: SaleEngine) -> Sale:
    """Staff add a membership to an invoice the front desk opened with a line of its own."""
    front_desk_line = await membership(engine, "SERENITY3")
    added = await membership(engine, "SERENITY6")
    with zenoti_client(world.sandbox) as client:
        invoice_id = new_invoice(client, world.sandbox, [front_desk_line.id])
        maya = guest_id(client, world.sandbox.center_id, "Maya")
    await engine.staff.open_invoices()
    return await engine.staff.start_sale_on_invoice(WHO, invoice_id, maya, [added.id])


@journey
async def front_desk_invoice_paid_in_cash(world: World) -> None:
    async with world.kiosk() as engine:
        sale = await _front_desk_sale(world, engine)
        assert (await sale.pay_cash(staff_mode=True)).state is S.COMPLETED


@journey
async def front_desk_invoice_refused_the_memberships(world: World) -> None:
    world.sandbox.inject(
        method="PUT", path="/v1/invoices/*/memberships", kind="status", status=400, code=4003
    )
    async with world.kiosk() as engine:
        try:
            await _front_desk_sale(world, engine)
        except SaleError:
            pass
        else:
            raise AssertionError("the refused memberships were not reported")


# ---------------------------------------------------------------------- a card on file


async def paid_without_a_saved_card(engine: SaleEngine) -> Sale:
    """A recurring membership paid by a guest with no card saved for its later payments."""
    sale = await sale_ready_to_pay(engine, RECURRING)
    assert (await pay_with_card(sale)).state is S.CARD_NEEDED
    return sale


async def card_page_skipped(sale: Sale) -> str:
    """The guest is shown the add-card page and skips it; the page's address."""
    pages: list[str | None] = []
    sale.subscribe(lambda view: pages.append(view.add_card_uri))
    skipped = await stopped_while(sale, sale.save_card, S.SAVING_CARD, sale.skip_card)
    assert skipped.state is S.CARD_NEEDED
    [page] = {page for page in pages if page is not None}
    return page


@journey
async def recurring_paid_then_the_card_saved_on_the_page(world: World) -> None:
    async with world.kiosk() as engine:
        sale = await paid_without_a_saved_card(engine)
        assert (await save_card_on_page(sale, APPROVE)).state is S.COMPLETED


@journey
async def recurring_paid_card_skipped_then_staff_resolve(world: World) -> None:
    async with world.kiosk() as engine:
        sale = await paid_without_a_saved_card(engine)
        await card_page_skipped(sale)
        resolved = await engine.staff.resolve(WHO, sale.id, "the guest saves a card at the desk")
        assert resolved.state is S.RESOLVED


@journey
async def recurring_card_saved_after_skipping_then_staff_recheck(world: World) -> None:
    async with world.kiosk() as engine:
        sale = await paid_without_a_saved_card(engine)
        page = await card_page_skipped(sale)
        async with httpx.AsyncClient(timeout=10.0) as phone:  # saved later, on the guest's phone
            await phone.post(page, data={"number": APPROVE, "expiry": "12/39", "cvc": "123"})
        assert (await engine.staff.recheck(WHO, sale.id)).state is S.COMPLETED


# ---------------------------------------------------------------------- what only a driver says


async def _scripted_watch(world: World, *answers: scripted.Answer) -> tuple[Sale, SaleState]:
    async with world.kiosk() as engine:
        with world.scripted(engine) as reader:
            reader.next("start", scripted.armed)
            reader.next("watch", *answers)
            sale = await sale_ready_to_pay(engine)
            ended = (await sale.pay_by_card()).state
            if not ended.is_final and ended is not S.NEEDS_STAFF:
                await left(sale)
            return sale, ended


@journey
async def another_success_at_hand_off(world: World) -> None:
    async with world.kiosk() as engine:
        with world.scripted(engine) as reader:
            reader.next("start", scripted.mismatch)
            assert (await (await sale_ready_to_pay(engine)).pay_by_card()).state is S.NEEDS_STAFF


@journey
async def another_success_while_waiting(world: World) -> None:
    assert (await _scripted_watch(world, scripted.mismatch))[1] is S.NEEDS_STAFF


@journey
async def another_success_while_authorising(world: World) -> None:
    processing = scripted.reading(TerminalStatus.PROCESSING)
    assert (await _scripted_watch(world, processing, scripted.mismatch))[1] is S.NEEDS_STAFF


@journey
async def card_cancelled_while_authorising(world: World) -> None:
    processing = scripted.reading(TerminalStatus.PROCESSING)
    cancelled = scripted.reading(TerminalStatus.CANCELLED)
    assert (await _scripted_watch(world, processing, cancelled))[1] is S.INVOICE_READY


@journey
async def authorising_ended_undecided(world: World) -> None:
    processing = scripted.reading(TerminalStatus.PROCESSING)
    ready = scripted.reading(TerminalStatus.READY)
    assert (await _scripted_watch(world, processing, ready))[1] is S.INTENT_CREATED


@journey
async def reader_went_quiet_while_authorising(world: World) -> None:
    processing = scripted.reading(TerminalStatus.PROCESSING)
    assert (await _scripted_watch(world, processing, scripted.lost))[1] is S.INTENT_CREATED


@journey
async def leaving_finds_another_success(world: World) -> None:
    async with world.kiosk() as engine:
        with world.scripted(engine) as reader:
            sale = await sale_ready_to_pay(engine)
            await offline_at_hand_off(world, sale)
            reader.next("cancel", scripted.mismatch)
            await left(sale, S.NEEDS_STAFF)


@journey
async def declined_then_leaving_finds_another_success(world: World) -> None:
    async with world.kiosk() as engine:
        with world.scripted(engine) as reader:
            sale = await sale_ready_to_pay(engine)
            await declined(sale)
            reader.next("cancel", scripted.mismatch)
            await left(sale, S.NEEDS_STAFF)

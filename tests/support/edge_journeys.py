"""Sales that between them take every edge of the sale's table, on the sandbox.

Each journey is one thing that happens to a guest's sale — a decline, a reader that is offline, a
kiosk that dies while the reader waits, a processor that reports another success — driven the way
it happens: through the engine's own steps, the sandbox's scripted reader and faults, someone else
paying or cancelling the intent on the reader, a restart. Where only a driver other than the
sandbox's Stripe reader could say it, a ``ScriptedReader`` says it. Every journey checks where its
sale ended.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

from kiosk.checkout.errors import SaleError
from kiosk.checkout.sale import Sale
from tests.support import scripted_reader as scripted
from tests.support.edge_world import (
    AUTHORISING_MS,
    WHO,
    S,
    World,
    attempt_now,
    declined,
    died_while_the_reader_waits,
    journey,
    left,
    offline_at_hand_off,
    paid_elsewhere,
    stopped_while,
)
from tests.support.selling import (
    APPROVE,
    DECLINE,
    JAMES_PHONE,
    membership,
    pay_with_card,
    sale_ready_to_pay,
)

# ---------------------------------------------------------------------- the guest's steps


@journey
async def walks_away_at_every_step(world: World) -> None:
    async with world.kiosk() as engine:
        chosen = (await membership(engine, "SERENITY3")).id
        await left(await engine.start_sale([chosen]), S.ABANDONED)
        sale = await engine.start_sale([chosen])
        await sale.choose_guest((await sale.find_guests(phone=JAMES_PHONE))[0].guest_id)
        await left(sale, S.ABANDONED)
        sale = await engine.start_sale([chosen])
        await sale.choose_guest((await sale.find_guests(phone=JAMES_PHONE))[0].guest_id)
        await sale.accept_terms("terms")
        await left(sale, S.ABANDONED)
        await left(await sale_ready_to_pay(engine))


@journey
async def zenoti_refuses_the_invoice(world: World) -> None:
    world.sandbox.inject(
        method="POST", path="/v1/invoices/memberships", kind="status", status=400, code=4001
    )
    async with world.kiosk() as engine:
        try:
            await sale_ready_to_pay(engine)
        except SaleError:
            pass
        else:
            raise AssertionError("the refused invoice was not reported")


# ---------------------------------------------------------------------- the card on the reader


@journey
async def card_approved(world: World) -> None:
    world.sandbox.reader(processing_ms=0)
    async with world.kiosk() as engine:
        assert (await pay_with_card(await sale_ready_to_pay(engine))).state is S.COMPLETED


@journey
async def approved_after_authorising(world: World) -> None:
    world.sandbox.reader(processing_ms=AUTHORISING_MS)
    async with world.kiosk() as engine:
        assert (await pay_with_card(await sale_ready_to_pay(engine))).state is S.COMPLETED


@journey
async def declined_while_authorising_then_another_card(world: World) -> None:
    world.sandbox.reader(processing_ms=AUTHORISING_MS)
    async with world.kiosk() as engine:
        sale = await sale_ready_to_pay(engine)
        await declined(sale)
        assert (await pay_with_card(sale, APPROVE)).state is S.COMPLETED


@journey
async def declined_then_walks_away(world: World) -> None:
    async with world.kiosk() as engine:
        sale = await sale_ready_to_pay(engine)
        await declined(sale)
        await left(sale)


@journey
async def declined_then_staff_take_cash(world: World) -> None:
    async with world.kiosk() as engine:
        sale = await sale_ready_to_pay(engine)
        await declined(sale)
        assert (await sale.pay_cash(staff_mode=True)).state is S.COMPLETED


@journey
async def staff_take_cash(world: World) -> None:
    async with world.kiosk() as engine:
        sale = await sale_ready_to_pay(engine)
        assert (await sale.pay_cash(staff_mode=True)).state is S.COMPLETED


@journey
async def guest_cancels_on_the_reader(world: World) -> None:
    async with world.kiosk() as engine:
        sale = await sale_ready_to_pay(engine)
        stopped = await stopped_while(sale, sale.pay_by_card, S.AWAITING_CARD, sale.cancel_payment)
        assert stopped.state is S.INVOICE_READY
        await left(sale)


@journey
async def reader_offline_then_the_card_again(world: World) -> None:
    async with world.kiosk() as engine:
        sale = await sale_ready_to_pay(engine)
        await offline_at_hand_off(world, sale)
        assert (await pay_with_card(sale)).state is S.COMPLETED


@journey
async def reader_offline_then_walks_away(world: World) -> None:
    async with world.kiosk() as engine:
        sale = await sale_ready_to_pay(engine)
        await offline_at_hand_off(world, sale)
        await left(sale)


async def paid_elsewhere_at_rest(
    world: World,
    authorising_ms: int,
    rest: Callable[[Sale], Awaitable[None]],
    then: Callable[[Sale], Awaitable[None]],
) -> None:
    """The sale comes to ``rest`` holding its intent; someone else pays it on the reader (taking
    ``authorising_ms`` to authorise); ``then`` the guest moves on."""
    world.sandbox.reader(processing_ms=authorising_ms)
    async with world.kiosk() as engine:
        sale = await sale_ready_to_pay(engine)
        await rest(sale)
        await paid_elsewhere(world, await attempt_now(engine, sale))
        await then(sale)


async def _leaves_paid(sale: Sale) -> None:
    await left(sale, S.COMPLETED)


async def _card_again_paid(sale: Sale) -> None:
    assert (await sale.pay_by_card()).state is S.COMPLETED


@journey
async def paid_on_the_reader_by_someone_else_while_leaving(world: World) -> None:
    await paid_elsewhere_at_rest(world, 0, partial(offline_at_hand_off, world), _leaves_paid)


@journey
async def card_authorising_for_someone_else_while_leaving(world: World) -> None:
    await paid_elsewhere_at_rest(world, 300, partial(offline_at_hand_off, world), _leaves_paid)


@journey
async def declined_then_authorising_for_someone_else_while_leaving(world: World) -> None:
    await paid_elsewhere_at_rest(world, 300, declined, _leaves_paid)


@journey
async def paid_by_someone_else_before_the_card_again(world: World) -> None:
    await paid_elsewhere_at_rest(world, 0, partial(offline_at_hand_off, world), _card_again_paid)


@journey
async def cancelled_by_someone_else_before_the_card_again(world: World) -> None:
    async with world.kiosk() as engine:
        sale = await sale_ready_to_pay(engine)
        await offline_at_hand_off(world, sale)
        async with world.someone_else() as other:
            await other.cancel(await attempt_now(engine, sale))
        assert (await sale.pay_by_card()).state is S.INVOICE_READY
        assert (await pay_with_card(sale)).state is S.COMPLETED


@journey
async def hand_off_timeout_that_armed_the_reader(world: World) -> None:
    world.sandbox.reader(next_process="timeout")
    async with world.kiosk() as engine:
        assert (await pay_with_card(await sale_ready_to_pay(engine))).state is S.COMPLETED


@journey
async def hand_off_lost_before_the_reader(world: World) -> None:
    async with world.kiosk() as engine:
        with world.scripted(engine) as reader:
            reader.next("start", scripted.lost)
            sale = await sale_ready_to_pay(engine)
            assert (await sale.pay_by_card()).state is S.INTENT_CREATED
            await left(sale)


@journey
async def outcome_never_readable_then_staff_recheck(world: World) -> None:
    world.sandbox.reader(next_process="timeout")
    for path in ("/stripe/v1/payment_intents/*", "/stripe/v1/terminal/readers/*"):
        world.sandbox.inject(method="GET", path=path, kind="status", status=503, count=1000)
    async with world.kiosk() as engine:
        sale = await sale_ready_to_pay(engine)
        assert (await sale.pay_by_card()).state is S.NEEDS_STAFF
        world.sandbox.clear_faults()
        assert (await engine.staff.recheck(WHO, sale.id)).state is S.CANCELLED


# ---------------------------------------------------------------------- a restart


@journey
async def died_while_the_reader_waits_card_paid_meanwhile(world: World) -> None:
    sale_id, _ = await died_while_the_reader_waits(world)
    async with world.someone_else() as guest:
        await guest.present_test_card(APPROVE)
    assert await world.restart(sale_id) is S.COMPLETED


@journey
async def died_while_the_reader_waits_card_declined_meanwhile(world: World) -> None:
    sale_id, _ = await died_while_the_reader_waits(world)
    async with world.someone_else() as guest:
        await guest.present_test_card(DECLINE)
    assert await world.restart(sale_id) is S.CANCELLED


@journey
async def died_while_the_reader_waits_nobody_came(world: World) -> None:
    sale_id, _ = await died_while_the_reader_waits(world)
    assert await world.restart(sale_id) is S.CANCELLED


@journey
async def died_while_the_reader_waits_cancelled_meanwhile(world: World) -> None:
    sale_id, attempt = await died_while_the_reader_waits(world)
    async with world.someone_else() as other:
        await other.cancel(attempt)
    assert await world.restart(sale_id) is S.CANCELLED

"""The world the edge journeys are sold in: the sandbox, one journal per journey, the edge
recorder, a restart, someone else on the same reader, a scripted reader — and the moves many
journeys share. ``JOURNEYS`` holds every journey, by name, in the order they are sold.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from kiosk.checkout.card import attempt_of
from kiosk.checkout.engine import SaleEngine
from kiosk.checkout.sale import Sale
from kiosk.checkout.settings import Deadlines
from kiosk.checkout.view import SaleView
from kiosk.config import config_from_sandbox
from kiosk.domain.sale import SaleState
from kiosk.payments.stripe_terminal import StripeTerminal
from kiosk.payments.terminal import TerminalAttempt
from kiosk.wiring import open_engine
from tests.support.edges import EdgeRecorder
from tests.support.sandbox_process import SandboxProcess
from tests.support.scripted_reader import ScriptedReader
from tests.support.selling import (
    APPROVE,
    DECLINE,
    pay_with_card,
    sale_ready_to_pay,
    wait_for,
)
from tests.support.stripe_reader import open_terminal

S = SaleState
WHO = "Sandbox staff"
# Authorising outlasts the driver's poll of the reader, so that the kiosk sees it happen.
AUTHORISING_MS = 1200

DEADLINES = Deadlines(
    awaiting_card=4.0,
    reconcile=0.8,
    phone_payment=4.0,
    poll_initial=0.03,
    poll_max=0.15,
    record_attempts=2,
)


@dataclass
class World:
    """One journey's sandbox, journal and recorder."""

    sandbox: SandboxProcess
    journal: Path
    recorder: EdgeRecorder

    @asynccontextmanager
    async def kiosk(self) -> AsyncIterator[SaleEngine]:
        """The kiosk, started on the journey's journal (a second start is a restart)."""
        config = config_from_sandbox(
            self.sandbox.base_url,
            self.sandbox.info(),
            journal_path=self.journal,
            deadlines=DEADLINES,
            rate_per_minute=60_000.0,
        )
        async with open_engine(config) as engine:
            yield engine

    async def restart(self, sale_id: str) -> SaleState:
        """Start the kiosk again: recovery settles the sale; where it stands afterwards."""
        async with self.kiosk() as engine:
            await engine.recover()
            return (await engine._parts.journal.get(sale_id)).state

    @asynccontextmanager
    async def someone_else(self) -> AsyncIterator[StripeTerminal]:
        """Another client of the same reader and processor (the front desk, a dashboard)."""
        async with open_terminal(self.sandbox) as terminal:
            yield terminal

    def scripted(self, engine: SaleEngine) -> contextlib.AbstractContextManager[ScriptedReader]:
        terminal = engine._parts.terminal
        assert terminal is not None
        recorder = self.recorder
        return ScriptedReader(terminal, recorder.hear, recorder.next_passage).installed()


Journey = Callable[[World], Awaitable[None]]
JOURNEYS: dict[str, Journey] = {}


def journey(play: Journey) -> Journey:
    JOURNEYS[play.__name__] = play
    return play


async def attempt_now(engine: SaleEngine, sale: Sale) -> TerminalAttempt:
    """The card attempt the journal holds for the sale now."""
    return attempt_of(await engine._parts.journal.get(sale.id))


async def paid_elsewhere(world: World, attempt: TerminalAttempt) -> None:
    async with world.someone_else() as other:
        await other.start(attempt)
        await other.present_test_card(APPROVE)


async def offline_at_hand_off(world: World, sale: Sale) -> None:
    world.sandbox.reader(next_process="offline")
    assert (await sale.pay_by_card()).state is S.INTENT_CREATED


async def declined(sale: Sale) -> None:
    assert (await pay_with_card(sale, DECLINE)).state is S.DECLINED


async def left(sale: Sale, expected: SaleState = S.CANCELLED) -> None:
    view = await sale.abandon()
    assert view.state is expected, (view.state, view.problem)


async def died_while_the_reader_waits(world: World) -> tuple[str, TerminalAttempt]:
    """The kiosk dies with the reader waiting for a card: the sale, and the attempt left armed."""
    async with world.kiosk() as engine:
        sale = await sale_ready_to_pay(engine)
        paying = asyncio.ensure_future(sale.pay_by_card())
        await wait_for(sale, S.AWAITING_CARD)
        armed = await attempt_now(engine, sale)
    with contextlib.suppress(asyncio.CancelledError):
        await paying
    return sale.id, armed


async def stopped_while(
    sale: Sale,
    step: Callable[[], Awaitable[SaleView]],
    state: SaleState,
    stop: Callable[[], None],
) -> SaleView:
    """Start ``step``; once the sale is in ``state``, the guest ``stop``s it; where it rests."""
    running = asyncio.ensure_future(step())
    await wait_for(sale, state)
    stop()
    return await running

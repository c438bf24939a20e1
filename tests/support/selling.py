"""Helpers for driving the sale engine against the sandbox in tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from functools import cache
from pathlib import Path

from kiosk.checkout.engine import SaleEngine
from kiosk.checkout.sale import Sale
from kiosk.checkout.settings import Deadlines
from kiosk.checkout.view import SaleView
from kiosk.config import KioskConfig, config_from_sandbox
from kiosk.domain.catalog import Membership
from kiosk.domain.guest import Phone
from kiosk.sandbox.reference import load_reference
from kiosk.simulation.driving import pay_by_card, wait_for_state
from kiosk.wiring import open_engine
from tests.support.sandbox_process import SandboxProcess

APPROVE = "4242424242424242"
DECLINE = "4000000000000002"
INSUFFICIENT_FUNDS = "4000000000009995"

# Short waits so that deadlines and bounded reconciliation can be seen within a test.
FAST = Deadlines(
    awaiting_card=4.0,
    reconcile=1.5,
    phone_payment=4.0,
    poll_initial=0.05,
    poll_max=0.2,
    record_attempts=3,
)

MAYA_PHONE = Phone(225, "7185550142")  # shared with Daniel: a family number
JAMES_PHONE = Phone(225, "9175550199")  # stored with the country prefix


def sandbox_config(
    sandbox: SandboxProcess,
    tmp_path: Path,
    deadlines: Deadlines = FAST,
    reader_kind: str = "stripe",
) -> KioskConfig:
    """The kiosk's configuration for the sandbox, with a journal in ``tmp_path``; on its
    simulated Stripe reader, or (``reader_kind="adyen"``) its simulated Adyen terminal."""
    return config_from_sandbox(
        sandbox.base_url,
        sandbox.info(),
        journal_path=tmp_path / "journal.sqlite3",
        deadlines=deadlines,
        reader_kind=reader_kind,
    )


@asynccontextmanager
async def engine_for(config: KioskConfig) -> AsyncIterator[SaleEngine]:
    async with open_engine(config) as engine:
        yield engine


@cache
def _seed_ids() -> dict[str, str]:
    return {m.code: m.id for m in load_reference().memberships}


def catalogue_membership(catalog: Iterable[Membership], code: str) -> Membership:
    """The catalogue's membership that the sandbox seed codes ``code``.

    Zenoti's catalogue answer carries no membership code (its published sample has none, and so
    does the sandbox's answer), so tests name memberships by the seed's code and find them by id.
    """
    wanted = _seed_ids().get(code)
    found = next((m for m in catalog if m.id == wanted), None)
    assert found is not None, f"no membership {code} in the sandbox catalogue"
    return found


async def membership(engine: SaleEngine, code: str) -> Membership:
    """A membership of the catalogue by the sandbox seed's code for it."""
    return catalogue_membership(await engine.catalogue(), code)


async def sale_ready_to_pay(
    engine: SaleEngine, code: str = "SERENITY3", phone: Phone = JAMES_PHONE
) -> Sale:
    """A returning guest's sale up to Zenoti's invoice (catalogue already cached)."""
    chosen = await membership(engine, code)
    sale = await engine.start_sale([chosen.id])
    candidates = await sale.find_guests(phone=phone)
    assert candidates, "the seeded guest was not found"
    await sale.choose_guest(candidates[0].guest_id)
    signature = b"\x89PNG signature" if chosen.is_recurring else None
    await sale.accept_terms(chosen.terms or "terms", signature)
    await sale.create_invoice()
    return sale


# The scripted guest's moves are the simulation's; the tests use the very same ones.
wait_for = wait_for_state


async def pay_with_card(sale: Sale, card: str = APPROVE) -> SaleView:
    """Start the card payment, present ``card`` once the reader waits, and return the outcome."""
    return await pay_by_card(sale, card)

"""A card on file is part of a recurring sale: Zenoti bills a recurring membership's later cycles
to a card the guest saved with Zenoti's own processor, so after the first payment the kiosk makes
sure there is one.

- After the invoice is closed, a recurring sale reads the guest's saved cards
  (``GET /v1/guests/{id}/accounts``): one there → COMPLETED; none (or no answer) → CARD_NEEDED.
- The guest is then shown Zenoti's add-card page (``POST /v1/guests/{id}/accounts``) as a QR
  code: SAVING_CARD while the saved cards are read again, with backoff (the business's 60 calls a
  minute are shared), until the card appears → COMPLETED. Skipped, left, or past the deadline →
  CARD_NEEDED, which staff see in their queue and in reconciliation.
- Nothing here touches money: the membership is paid for either way.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass

from kiosk.checkout.journal import Journal, SaleRecord
from kiosk.checkout.settings import SaleSettings
from kiosk.domain.guest import SavedCard
from kiosk.domain.sale import SaleState
from kiosk.zenoti.client import ZenotiClient
from kiosk.zenoti.errors import ZenotiError

log = logging.getLogger("kiosk.checkout")


@dataclass(frozen=True, slots=True)
class CardStep:
    """Where the card-on-file step left the sale, and the card found (its last four only)."""

    record: SaleRecord
    card: SavedCard | None = None
    page_uri: str | None = None  # Zenoti's add-card page, while the guest is shown it


class CardOnFile:
    """Checks for, offers and waits for the saved card of a recurring sale."""

    def __init__(self, zenoti: ZenotiClient, journal: Journal, settings: SaleSettings) -> None:
        self._zenoti = zenoti
        self._journal = journal
        self._settings = settings

    async def after_payment(self, record: SaleRecord, completed_event: str) -> CardStep:
        """CLOSED → COMPLETED, or CARD_NEEDED for a recurring sale without a saved card."""
        card = await self.saved_card(record) if record.recurring else None
        if not record.recurring or card is not None:
            detail = {"card_on_file": True} if card is not None else {}
            done = await self._journal.transition(
                record.id, SaleState.COMPLETED, event=completed_event, detail=detail
            )
            return CardStep(done, card)
        needed = await self._journal.transition(
            record.id, SaleState.CARD_NEEDED, event="paid: no card saved for the later payments"
        )
        return CardStep(needed)

    async def offer(self, record: SaleRecord) -> CardStep:
        """CARD_NEEDED → SAVING_CARD with Zenoti's add-card page; stays CARD_NEEDED when Zenoti
        offers no page (the guest is then told staff will help)."""
        guest_id = record.guest_id
        if guest_id is None:
            return CardStep(record)
        settings = self._settings
        try:
            # Zenoti's default ``source`` (1, WebStore): "kiosk" is not a value it documents.
            page = await self._zenoti.start_add_card(
                guest_id, settings.center_id, settings.redirect_uri
            )
        except ZenotiError as error:
            log.info("add-card page not offered: %s %s", error.route, error.code)
            return CardStep(record)
        saving = await self._journal.transition(
            record.id, SaleState.SAVING_CARD, event="showing the add-card page"
        )
        return CardStep(saving, page_uri=page.uri)

    async def wait(self, record: SaleRecord, stop: asyncio.Event) -> CardStep:
        """Read the saved cards with backoff until one appears (COMPLETED), or the guest skips
        (``stop``) or the deadline passes (CARD_NEEDED, after one last read)."""
        deadlines = self._settings.deadlines
        deadline = time.monotonic() + deadlines.saving_card
        delay = deadlines.poll_initial
        while True:
            left = max(0.0, deadline - time.monotonic())
            stopped = await _sleep_or(stop, min(delay, left))
            card = await self.saved_card(record)
            if card is not None:
                return await self._saved(record, card)
            if stopped or time.monotonic() >= deadline:
                event = "card not saved: skipped" if stopped else "card not saved in time"
                needed = await self._journal.transition(
                    record.id, SaleState.CARD_NEEDED, event=event
                )
                return CardStep(needed)
            delay = min(deadlines.poll_max, delay * 1.5)

    async def check(self, record: SaleRecord) -> CardStep:
        """Read the saved cards once (the guest left, recovery, a staff re-check)."""
        card = await self.saved_card(record)
        if card is not None:
            return await self._saved(record, card)
        if record.state is SaleState.SAVING_CARD:
            needed = await self._journal.transition(
                record.id, SaleState.CARD_NEEDED, event="card not saved: the guest left"
            )
            return CardStep(needed)
        return CardStep(record)

    async def saved_card(self, record: SaleRecord) -> SavedCard | None:
        """A card the guest has saved with Zenoti's processor (None: none, or no answer now)."""
        if record.guest_id is None:
            return None
        try:
            cards = await self._zenoti.saved_cards(record.guest_id, self._settings.center_id)
        except ZenotiError as error:
            log.info("saved cards not read: %s %s", error.route, error.code)
            return None
        return cards[0] if cards else None

    async def _saved(self, record: SaleRecord, card: SavedCard) -> CardStep:
        done = await self._journal.transition(
            record.id,
            SaleState.COMPLETED,
            event="card saved for the later payments",
            detail={"card_on_file": True},
        )
        return CardStep(done, card)


async def _sleep_or(stop: asyncio.Event, seconds: float) -> bool:
    """Sleep ``seconds``; True if ``stop`` was set meanwhile (or before)."""
    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except TimeoutError:
        return False
    return True

"""Health first: is Zenoti reachable, and is the card reader online — asked before a guest
starts, so that nobody browses and identifies only to learn that nothing can be sold.

One probe is one cheap call to each: Zenoti's center (``GET /v1/centers/{id}``, one call of the
business's shared 60-a-minute budget) and the reader's status (Stripe's or Adyen's own API, which
spends nothing of Zenoti's). Each has a short deadline: a probe never holds the screen up.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from kiosk.payments.terminal import PaymentTerminal, TerminalError, TerminalUnknownOutcome
from kiosk.zenoti.client import ZenotiClient
from kiosk.zenoti.errors import ZenotiError

log = logging.getLogger("kiosk.checkout")

PROBE_DEADLINE_S = 6.0


@dataclass(frozen=True, slots=True)
class Health:
    """What the last probe found."""

    zenoti: bool  # Zenoti answered: memberships can be sold
    reader: bool | None  # the card reader is online (None: this kiosk has none)

    @property
    def can_sell(self) -> bool:
        return self.zenoti

    @property
    def card_reader_down(self) -> bool:
        return self.reader is False


class HealthProbe:
    """Asks Zenoti and the reader whether they are there."""

    def __init__(
        self,
        zenoti: ZenotiClient,
        center_id: str,
        terminal: PaymentTerminal | None,
        *,
        deadline: float = PROBE_DEADLINE_S,
    ) -> None:
        self._zenoti = zenoti
        self._center_id = center_id
        self._terminal = terminal
        self._deadline = deadline

    async def check(self) -> Health:
        """Both at once, each within its deadline."""
        zenoti, reader = await asyncio.gather(self._zenoti_answers(), self._reader_online())
        return Health(zenoti, reader)

    async def _zenoti_answers(self) -> bool:
        try:
            await asyncio.wait_for(self._zenoti.center(self._center_id), self._deadline)
        except (ZenotiError, TimeoutError) as error:
            log.info("Zenoti is not answering: %s", type(error).__name__)
            return False
        return True

    async def _reader_online(self) -> bool | None:
        if self._terminal is None:
            return None
        try:
            status = await asyncio.wait_for(self._terminal.reader_status(), self._deadline)
        except (TerminalError, TerminalUnknownOutcome, TimeoutError) as error:
            log.info("the card reader is not answering: %s", type(error).__name__)
            return False
        return status == "online"

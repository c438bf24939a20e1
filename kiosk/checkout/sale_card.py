"""The card-on-file step of a sale: after a recurring membership is paid, the guest saves a card
with Zenoti's processor for its later payments (``kiosk.checkout.card_on_file`` does the calls).

``Sale`` takes these steps from here, so that one guest's sale still reads in one file.
"""

from __future__ import annotations

from dataclasses import replace

from kiosk.checkout.card_on_file import CardStep
from kiosk.checkout.sale_core import SaleCore
from kiosk.checkout.view import Problem, SaleView
from kiosk.domain.sale import SaleState


class CardOnFileSteps(SaleCore):
    """Saving a card (or skipping it), and reading the guest's saved cards again."""

    async def save_card(self) -> SaleView:
        """Paid, and a recurring membership has no saved card: show Zenoti's add-card page and
        wait for the card in the guest's saved cards (COMPLETED) — or CARD_NEEDED when skipped,
        left, past its deadline, or when Zenoti offers no page (then SERVICE_UNAVAILABLE)."""

        async def save() -> SaleView:
            self._require("save a card", SaleState.CARD_NEEDED)
            self._cancel_payment.clear()
            cards = self._parts.settlement.cards
            offered = await cards.offer(self._record)
            if offered.page_uri is None:
                self._keep(offered.record, Problem.SERVICE_UNAVAILABLE)
                return self.view
            self._add_card_uri = offered.page_uri
            self._keep(offered.record, None)
            return self._card_step_done(await cards.wait(self._record, self._cancel_payment))

        return await self._once("card", save)

    def skip_card(self) -> None:
        """The guest goes without saving a card (they were told what that means)."""
        self._cancel_payment.set()

    async def _check_card_on_file(self) -> SaleView:
        """The behaviour table's CHECK_CARD_ON_FILE: the guest's saved cards, read once."""
        return self._card_step_done(await self._parts.settlement.cards.check(self._record))

    def _card_step_done(self, step: CardStep) -> SaleView:
        """The card-on-file step came to rest: the receipt says whether a card is saved."""
        self._add_card_uri = None
        if self._receipt is not None and step.record.state is SaleState.COMPLETED:
            last_four = step.card.last_four if step.card is not None else None
            self._receipt = replace(self._receipt, card_saved=True, saved_card_last_four=last_four)
        self._keep(step.record, None)
        return self.view

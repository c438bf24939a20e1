"""Recovery: every sale the journal holds unfinished is settled by reading the originals back —
the reader's intent, Zenoti's invoice and its transactions — never by starting a new payment.

It runs at start-up, before the attract screen, and on demand (a staff re-check).
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field

from kiosk.checkout.errors import SaleError
from kiosk.checkout.sale import Sale, SaleParts
from kiosk.domain.catalog import Catalog, Membership
from kiosk.domain.sale import SaleState

log = logging.getLogger("kiosk.checkout")


@dataclass(frozen=True, slots=True)
class RecoveryReport:
    """How many unfinished sales ended in which state, and which still need a person."""

    outcomes: Counter[str] = field(default_factory=Counter)
    needs_staff: tuple[tuple[str, str], ...] = ()  # (sale id, reason)
    still_open: tuple[str, ...] = ()  # could not be settled now (Zenoti or reader away)

    @property
    def total(self) -> int:
        return sum(self.outcomes.values())


async def recover_unfinished(parts: SaleParts, catalog: Catalog | None) -> RecoveryReport:
    """Reconcile every journal entry that is not final; returns what became of them."""
    outcomes: Counter[str] = Counter()
    needs_staff: list[tuple[str, str]] = []
    still_open: list[str] = []
    for record in await parts.journal.unfinished():
        if record.state is SaleState.CARD_NEEDED:
            # Paid; only a card is missing, which staff chase (a re-check reads the saved cards):
            # reading every one at each start would spend the business's shared call budget.
            continue
        memberships = memberships_of(catalog, record.membership_ids)
        sale = Sale(parts, record, memberships)
        try:
            view = await sale.recover()
        except SaleError as error:
            log.info("sale %s not settled yet: %s", record.id, error)
            still_open.append(record.id)
            outcomes["still open"] += 1
            continue
        outcomes[view.state.value] += 1
        if view.state is SaleState.NEEDS_STAFF:
            needs_staff.append((record.id, view.needs_staff_reason or "no reason recorded"))
        elif not view.state.is_final:
            still_open.append(record.id)
    return RecoveryReport(outcomes, tuple(needs_staff), tuple(still_open))


def memberships_of(catalog: Catalog | None, ids: tuple[str, ...]) -> tuple[Membership, ...]:
    """The journalled memberships the catalogue still has (for a receipt's names)."""
    if catalog is None:
        return ()
    found = (catalog.by_id(membership_id) for membership_id in ids)
    return tuple(m for m in found if m is not None)

"""The needs-staff queue: sales the engine could not finish, and the three ways a person ends them.

It also lists, for staff to see, the paid recurring sales with no card saved ("card needed": a
re-check reads the guest's saved cards, a note resolves it) and the sales whose payment is still
being checked (a guest sent to the desk with a reference is there; nothing to do but wait).

- re-check: recovery reads the originals again (the reader's intent, Zenoti's invoice) and may
  settle the sale — or leave it waiting with a fresher reason;
- record a payment taken by hand: written ahead in the journal, recorded in Zenoti as a custom
  payment exactly once (the invoice's transactions are read first, as settlement always does),
  then the invoice is closed;
- resolve: closed with a mandatory note. Nothing is refunded and nothing is sent to Zenoti or
  the reader: whatever money moved is the business's to handle, and the note says how.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kiosk.checkout.errors import SaleError
from kiosk.checkout.journal import JournalEvent, SaleRecord
from kiosk.checkout.recovery import memberships_of
from kiosk.checkout.sale import Sale, SaleParts
from kiosk.checkout.view import Method
from kiosk.domain.catalog import Catalog
from kiosk.domain.money import Money
from kiosk.domain.sale import SaleState

# A person acts on these: money to settle (NEEDS_STAFF), or a card to save (CARD_NEEDED).
WAITING = (SaleState.NEEDS_STAFF, SaleState.CARD_NEEDED)
# The kiosk is still reading these back (a guest may have been sent to the desk meanwhile).
BEING_CHECKED = (SaleState.UNKNOWN, SaleState.RECONCILING)

# Short enough for one line of the queue; a re-check of a "card needed" reads the saved cards.
CARD_NEEDED_REASON = "card needed: paid; no card saved for the later payments"
BEING_CHECKED_REASON = "being checked: the payment's outcome is not known yet"


@dataclass(frozen=True, slots=True)
class StaffCase:
    """A sale waiting for a person: the journal's record, why it waits, and its whole history."""

    record: SaleRecord
    reason: str
    events: tuple[JournalEvent, ...]

    @property
    def actionable(self) -> bool:
        """Staff can act on it now (a sale still being checked is only shown)."""
        return self.record.state in WAITING


def hand_payment_reference(sale_id: str) -> str:
    """The reference a hand-recorded payment carries in Zenoti: one per sale, never posted twice."""
    return f"kiosk-staff-{sale_id}"


class StaffCases:
    """Lists the needs-staff queue and carries out what staff decide for each sale."""

    def __init__(self, parts: SaleParts, catalog: Callable[[], Catalog | None]) -> None:
        self._parts = parts
        self._catalog = catalog

    async def needs_staff(self) -> list[StaffCase]:
        """Every sale a person should see, oldest first, with its reason and history: NEEDS_STAFF,
        CARD_NEEDED, and those whose payment is still being checked."""
        journal = self._parts.journal
        cases = []
        for record in await journal.in_states(*WAITING, *BEING_CHECKED):
            events = tuple(await journal.events(record.id))
            cases.append(StaffCase(record, _reason(record), events))
        return cases

    async def recheck(self, who: str, sale_id: str) -> SaleRecord:
        """Run recovery on one waiting sale; returns where it stands now."""
        before = await self._waiting(sale_id)
        sale = Sale(self._parts, before, memberships_of(self._catalog(), before.membership_ids))
        try:
            await sale.recover()
        except SaleError as error:
            await self._audit(who, "re-checked a sale", before, outcome=f"not settled: {error}")
            raise
        after = await self._parts.journal.get(sale_id)
        await self._audit(who, "re-checked a sale", before, outcome=after.state.value)
        return after

    async def record_payment(
        self, who: str, sale_id: str, payment_type_id: str, amount: Money, note: str
    ) -> SaleRecord:
        """Staff took the money by hand: record it in Zenoti once, then close the invoice."""
        note = _required_note(note)
        record = await self._waiting(sale_id, SaleState.NEEDS_STAFF)
        settings = self._parts.settings
        types = settings.payment_types
        allowed = {types.cash, *(type_id for type_id, _ in types.others)} - {None}
        if payment_type_id not in allowed:
            raise SaleError("choose cash or another payment type staff may take")
        if amount.currency != settings.currency or amount.amount <= 0:
            raise SaleError(f"the amount must be more than 0 {settings.currency}")
        if record.invoice_id is None:
            raise SaleError("this sale has no Zenoti invoice to record a payment on")
        reference = hand_payment_reference(sale_id)
        if record.payment_reference not in (None, reference):
            raise SaleError("the reader took this sale's payment: re-check it to record that")
        method = Method.CASH if payment_type_id == types.cash else Method.OTHER
        # Written ahead: after a crash, the reference is what settlement looks for on the invoice.
        record = await self._parts.journal.note(
            sale_id,
            event="staff took a payment by hand",
            detail={"who": who, "note": note, "payment_type_id": payment_type_id},
            method=method.value,
            amount=amount.amount,
            currency=amount.currency,
            payment_reference=reference,
            payment_type_id=payment_type_id,
        )
        await self._audit(
            who,
            "recorded a payment taken by hand",
            record,
            amount=str(amount.amount),
            payment_type_id=payment_type_id,
            note=note,
        )
        finished = await self._parts.settlement.finish(
            record,
            payment_type_id,
            read_first=True,
            paid_off=False,
            completed_event="finished by staff",
        )
        return finished.record

    async def resolve(self, who: str, sale_id: str, note: str) -> SaleRecord:
        """Close a waiting sale with a note; never touches money, Zenoti or the reader."""
        note = _required_note(note)
        record = await self._waiting(sale_id)
        resolved = await self._parts.journal.transition(
            sale_id,
            SaleState.RESOLVED,
            event="resolved by staff",
            detail={"who": who, "note": note},
        )
        await self._audit(who, "resolved a sale", record, note=note)
        return resolved

    async def _waiting(self, sale_id: str, *states: SaleState) -> SaleRecord:
        record = await self._parts.journal.get(sale_id)
        if record.state not in (states or WAITING):
            # A live sale is never touched from the back office: it may be mid-payment.
            raise SaleError(f"that sale is {record.state.value}, not waiting for staff")
        return record

    async def _audit(self, who: str, action: str, record: SaleRecord, **detail: str) -> None:
        detail = {"state": record.state.value, **detail}
        await self._parts.journal.audit(who, action, sale_id=record.id, detail=detail)


def _reason(record: SaleRecord) -> str:
    if record.state is SaleState.CARD_NEEDED:
        return CARD_NEEDED_REASON
    if record.state in BEING_CHECKED:
        return BEING_CHECKED_REASON
    return record.needs_staff_reason or "no reason was recorded"


def _required_note(note: str) -> str:
    text = note.strip()
    if not text:
        raise SaleError("write a note saying what was done and why")
    return text

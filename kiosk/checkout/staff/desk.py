"""Staff mode's back office: everything a staff member can do once their PIN unlocked it.

The UI reaches it as ``engine.staff``. Every action that changes something is written to the
audit log with the staff member's name; actions that only the UI knows about (entering staff mode,
showing a receipt QR again, taking cash in an assisted sale, the auto-lock) are audited through
:meth:`StaffDesk.audit`. Assisted checkout of new memberships uses the engine's own sale API.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from kiosk.checkout.errors import SaleError
from kiosk.checkout.journal import JournalEvent, SaleRecord
from kiosk.checkout.journal_staff import AuditEntry
from kiosk.checkout.reconcile import Reconciliation
from kiosk.checkout.reconcile_reading import read_reconciliation
from kiosk.checkout.sale import Sale, SaleParts
from kiosk.checkout.staff.access import StaffAccess
from kiosk.checkout.staff.cases import StaffCase, StaffCases
from kiosk.checkout.staff.invoices import OpenInvoiceSales
from kiosk.domain.catalog import Catalog
from kiosk.domain.guest import Guest
from kiosk.domain.invoice import InvoiceSummary
from kiosk.domain.money import Money
from kiosk.domain.reference import read_reference
from kiosk.domain.sale import SaleState

__all__ = ["StaffCase", "StaffDesk"]

FINISHED = (SaleState.COMPLETED, SaleState.CLOSED, SaleState.CARD_NEEDED)


class StaffDesk:
    """What staff mode does, over the engine's journal, Zenoti client and reader."""

    def __init__(
        self,
        parts: SaleParts,
        catalogue: Callable[[], Awaitable[Catalog]],
        cached_catalogue: Callable[[], Catalog | None],
    ) -> None:
        self._parts = parts
        self._journal = parts.journal
        self.access = StaffAccess(parts.journal, parts.settings.staff)
        self._cases = StaffCases(parts, cached_catalogue)
        self._invoices = OpenInvoiceSales(parts, catalogue)

    # ------------------------------------------------------------------ audit

    async def audit(
        self, who: str, action: str, *, sale_id: str | None = None, **detail: Any
    ) -> None:
        """Record an action the UI alone knows about (e.g. "entered staff mode", "auto-locked")."""
        await self._journal.audit(who, action, sale_id=sale_id, detail=detail)

    async def audit_log(self, *, limit: int = 200) -> list[AuditEntry]:
        """The newest staff actions first."""
        return await self._journal.audit_log(limit=limit)

    # ------------------------------------------------------------------ needs-staff queue

    async def needs_staff(self) -> list[StaffCase]:
        """Every sale the engine could not finish, oldest first, with its reason."""
        return await self._cases.needs_staff()

    async def recheck(self, who: str, sale_id: str) -> SaleRecord:
        """Recovery for one waiting sale: reads the reader's intent and Zenoti's invoice again."""
        return await self._cases.recheck(who, sale_id)

    async def record_payment(
        self, who: str, sale_id: str, payment_type_id: str, amount: Money, note: str
    ) -> SaleRecord:
        """A payment staff took by hand: recorded once in Zenoti, then the invoice closed."""
        return await self._cases.record_payment(who, sale_id, payment_type_id, amount, note)

    async def resolve(self, who: str, sale_id: str, note: str) -> SaleRecord:
        """Close a waiting sale with a mandatory note; nothing is refunded."""
        return await self._cases.resolve(who, sale_id, note)

    # ------------------------------------------------------------------ receipts

    async def recent_sales(self, *, limit: int = 30) -> list[SaleRecord]:
        """Finished sales, newest first, for receipts."""
        return await self._journal.in_states(*FINISHED, newest_first=True, limit=limit)

    async def resend_receipt(self, who: str, sale_id: str) -> bool:
        """Ask Zenoti to email the receipt again; whether it went out."""
        record = await self._journal.get(sale_id)
        if record.state not in FINISHED or record.invoice_id is None:
            raise SaleError("only a finished sale has a receipt to send")
        sent = await self._parts.settlement.email(record)
        await self._journal.audit(
            who, "resent the receipt email", sale_id=sale_id, detail={"sent": sent}
        )
        return sent

    def receipt_url(self, record: SaleRecord) -> str | None:
        """The receipt's address, to show as a QR code again (None: none is configured)."""
        if record.invoice_id is None:
            return None
        return self._parts.settings.receipt_url(record.invoice_id)

    # ------------------------------------------------------------------ assisted checkout

    async def find_guests(self, query: str) -> list[Guest]:
        """Any guest by name, phone or email (staff see them unmasked)."""
        return await self._parts.guests.search(query)

    async def open_invoices(self) -> list[InvoiceSummary]:
        """The center's open invoices (the front desk's too), newest first."""
        return await self._invoices.open_invoices()

    async def start_sale_on_invoice(
        self, who: str, invoice_id: str, guest_id: str, membership_ids: Sequence[str]
    ) -> Sale:
        """Add memberships to an open invoice; the Sale pays its balance (a recurring one alone)."""
        return await self._invoices.start_sale(who, invoice_id, guest_id, membership_ids)

    # ------------------------------------------------------------------ end of day

    async def reconcile(self, day: date) -> Reconciliation:
        """Compare the journal, the reader's payments and Zenoti's invoices for one local day."""
        return await read_reconciliation(self._parts, day)

    # ------------------------------------------------------------------ a guest's reference

    async def look_up(self, reference: str) -> list[SaleRecord]:
        """The sales a reference a guest was given names (a scanned QR, a typed short code, a
        whole id), newest first; none when it cannot be a reference."""
        prefix = read_reference(reference)
        if prefix is None:
            return []
        return await self._journal.with_id_prefix(prefix)

    async def todays_sales(self) -> list[SaleRecord]:
        """Every sale begun today (the kiosk's local day), newest first."""
        start = datetime.combine(date.today(), time.min).astimezone()
        sales = await self._journal.sales_between(start, start + timedelta(days=1))
        return sales[::-1]

    async def history(self, sale_id: str) -> list[JournalEvent]:
        """One sale's journalled history, oldest first."""
        return await self._journal.events(sale_id)

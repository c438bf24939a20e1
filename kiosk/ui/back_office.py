"""The part of the sale engine's staff desk that staff screens see: the calls they make, and no
more (the screens never hold the engine or the desk itself)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Protocol

from kiosk.checkout.journal import JournalEvent, SaleRecord
from kiosk.checkout.reconcile import Reconciliation
from kiosk.checkout.sale import Sale
from kiosk.checkout.staff.access import UnlockResult
from kiosk.checkout.staff.cases import StaffCase
from kiosk.domain.guest import Guest
from kiosk.domain.invoice import InvoiceSummary
from kiosk.domain.money import Money


class StaffAccessCalls(Protocol):
    """The PIN pad's calls: whose PIN it is, and whether the pad is locked out."""

    async def unlock(self, pin: str) -> UnlockResult: ...

    async def locked_until(self) -> datetime | None: ...


class BackOffice(Protocol):
    """Staff mode's calls, each audited by the engine under ``who``."""

    @property
    def access(self) -> StaffAccessCalls: ...

    async def audit(
        self, who: str, action: str, *, sale_id: str | None = None, **detail: Any
    ) -> None: ...

    async def needs_staff(self) -> list[StaffCase]: ...

    async def recheck(self, who: str, sale_id: str) -> SaleRecord: ...

    async def record_payment(
        self, who: str, sale_id: str, payment_type_id: str, amount: Money, note: str
    ) -> SaleRecord: ...

    async def resolve(self, who: str, sale_id: str, note: str) -> SaleRecord: ...

    async def recent_sales(self, *, limit: int = 30) -> list[SaleRecord]: ...

    async def resend_receipt(self, who: str, sale_id: str) -> bool: ...

    def receipt_url(self, record: SaleRecord) -> str | None: ...

    async def find_guests(self, query: str) -> list[Guest]: ...

    async def open_invoices(self) -> list[InvoiceSummary]: ...

    async def start_sale_on_invoice(
        self, who: str, invoice_id: str, guest_id: str, membership_ids: Sequence[str]
    ) -> Sale: ...

    async def reconcile(self, day: date) -> Reconciliation: ...

    async def look_up(self, reference: str) -> list[SaleRecord]: ...

    async def todays_sales(self) -> list[SaleRecord]: ...

    async def history(self, sale_id: str) -> list[JournalEvent]: ...

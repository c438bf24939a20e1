"""The guest's receipt once the sale is paid: emailed, printed, both or neither, as the guest
chooses on the receipt screen; and for staff, the printer's status and reprints.

With a printer the guest chooses, so the settlement leaves the email to this choice
(``GuestChoices``); without one the email goes as always. A guest who leaves without choosing
asked for nothing; a sale that finishes with nobody there to choose (recovery, a guest sent to
the desk) is emailed. Printing never fails a sale: its outcome is a ``PrintJob`` to report.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from kiosk.checkout.errors import SaleError
from kiosk.checkout.journal import Journal, SaleRecord
from kiosk.checkout.recovery import memberships_of
from kiosk.checkout.settings import SaleSettings
from kiosk.checkout.settlement import Settlement
from kiosk.checkout.view import SaleView
from kiosk.domain.catalog import Catalog, Membership
from kiosk.domain.invoice import Invoice
from kiosk.domain.money import Money
from kiosk.domain.receipt import Receipt
from kiosk.domain.sale import SaleState
from kiosk.printing.printer import PrintJob, ReceiptPrinter
from kiosk.printing.status import PrinterState, PrinterStatus
from kiosk.printing.ticket import Business, Ticket, ticket_for
from kiosk.zenoti.client import ZenotiClient
from kiosk.zenoti.errors import ZenotiError

log = logging.getLogger("kiosk.checkout")

__all__ = ["GuestChoices", "Kept", "PrintJob", "PrinterState", "PrinterStatus", "ReceiptDesk"]

FINISHED = (SaleState.COMPLETED, SaleState.CLOSED, SaleState.CARD_NEEDED)


class GuestChoices:
    """The sales whose guest is at the kiosk to choose how to keep the receipt."""

    def __init__(self) -> None:
        self._sales: set[str] = set()

    def add(self, sale_id: str) -> None:
        self._sales.add(sale_id)

    def discard(self, sale_id: str) -> None:
        self._sales.discard(sale_id)

    def waiting(self, sale_id: str) -> bool:
        """Whether the email waits for the guest's choice (the settlement asks)."""
        return sale_id in self._sales


@dataclass(frozen=True, slots=True)
class Kept:
    """What became of the guest's choice: the email (None: not asked for) and the paper."""

    email_sent: bool | None
    printed: PrintJob | None


class ReceiptDesk:
    """Receipts after payment, for the guest's screen and for staff."""

    def __init__(
        self,
        zenoti: ZenotiClient,
        journal: Journal,
        settings: SaleSettings,
        settlement: Settlement,
        choices: GuestChoices,
        printer: ReceiptPrinter | None,
        business: Business,
        catalogue: Callable[[], Catalog | None],
    ) -> None:
        self._zenoti = zenoti
        self._journal = journal
        self._settings = settings
        self._settlement = settlement
        self._choices = choices
        self.printer = printer
        self._business = business
        self._catalogue = catalogue

    # ------------------------------------------------------------------ the guest's choice

    @property
    def guest_chooses(self) -> bool:
        """A printer is configured: the guest chooses email, paper, both or neither."""
        return self.printer is not None and self.printer.configured

    def follow(self, sale_id: str) -> None:
        """The guest of ``sale_id`` is at the kiosk and will choose (the email waits)."""
        if self.guest_chooses:
            self._choices.add(sale_id)

    def let_go(self, sale_id: str) -> None:
        """The guest left: a sale still finishing is emailed as one with nobody to choose."""
        self._choices.discard(sale_id)

    async def keep(self, view: SaleView, *, email: bool, paper: bool) -> Kept:
        """Send the receipt of a finished sale the way the guest chose. Never raises for the
        email or the printer: what happened is in the answer."""
        receipt = view.receipt
        if receipt is None:
            raise SaleError("only a paid sale has a receipt")
        self._choices.discard(view.sale_id)
        email_sent = None
        if email:
            record = await self._journal.get(view.sale_id)
            email_sent = True if record.email_sent else await self._settlement.email(record)
        printed = None
        if paper and self.printer is not None:
            ticket = ticket_for(self._business, receipt, view.invoice, view.memberships)
            printed = await self.printer.print(view.sale_id, ticket)
            await self._note_printed(view.sale_id, printed)
        return Kept(email_sent, printed)

    # ------------------------------------------------------------------ staff

    @property
    def printer_state(self) -> PrinterState:
        """The printer's last status (NOT_CONFIGURED without one)."""
        if self.printer is None:
            return PrinterState(PrinterStatus.NOT_CONFIGURED)
        return self.printer.state

    async def check_printer(self) -> PrinterState:
        """Ask the printer now."""
        if self.printer is None:
            return self.printer_state
        return await self.printer.check()

    def unprinted(self) -> list[PrintJob]:
        """The sales whose last ticket did not come out, newest first (for staff to reprint)."""
        if self.printer is None:
            return []
        last: dict[str, PrintJob] = {}
        for job in self.printer.jobs:  # newest first: the first of a sale is its last
            last.setdefault(job.sale_id, job)
        return [job for job in last.values() if not job.printed]

    async def reprint(self, who: str, sale_id: str) -> PrintJob:
        """Print a finished sale's receipt again (marked as a copy), audited."""
        if self.printer is None:
            raise SaleError("no receipt printer is configured")
        kept = next((job for job in self.printer.jobs if job.sale_id == sale_id), None)
        job = await self.printer.reprint(kept.number) if kept is not None else None
        if job is None:
            job = await self.printer.print(sale_id, await self._ticket_of(sale_id))
        await self._journal.audit(
            who,
            "reprinted a receipt",
            sale_id=sale_id,
            detail={"printed": job.printed, "printer": job.status.value if job.status else None},
        )
        await self._note_printed(sale_id, job)
        return job

    async def _ticket_of(self, sale_id: str) -> Ticket:
        record = await self._journal.get(sale_id)
        if record.state not in FINISHED or record.invoice_id is None:
            raise SaleError("only a finished sale has a receipt to print")
        invoice = await self._read(record.invoice_id)
        memberships = memberships_of(self._catalogue(), record.membership_ids)
        receipt = _receipt_of(record, invoice, memberships, self._settings)
        return ticket_for(self._business, receipt, invoice, memberships, copy=True)

    async def _read(self, invoice_id: str) -> Invoice | None:
        try:
            return await self._zenoti.invoice(invoice_id)
        except ZenotiError as error:
            log.info("reprint without the invoice's lines: %s %s", error.route, error.code)
            return None

    async def _note_printed(self, sale_id: str, job: PrintJob) -> None:
        status = job.status.value if job.status is not None else None
        event = "receipt printed" if job.printed else "receipt not printed"
        await self._journal.note(sale_id, event=event, detail={"printer": status})


def _receipt_of(
    record: SaleRecord,
    invoice: Invoice | None,
    memberships: tuple[Membership, ...],
    settings: SaleSettings,
) -> Receipt:
    """A finished sale's receipt as the journal (and Zenoti's invoice, when read) has it."""
    invoice_id = record.invoice_id or ""
    amount = Money(record.amount or Decimal(0), record.currency or settings.currency)
    names = tuple(m.title for m in memberships)
    if not names and invoice is not None:
        names = tuple(item.name for item in invoice.items)
    return Receipt(
        sale_id=record.id,
        invoice_id=invoice_id,
        invoice_number=invoice.number if invoice else None,
        receipt_number=record.receipt_number or (invoice.receipt_number if invoice else None),
        membership_names=names,
        amount_paid=amount,
        method=record.method or "card",
        paid_at=record.updated_at,
        receipt_url=settings.receipt_url(invoice_id),
        email_sent=bool(record.email_sent),
        recurring=record.recurring,
    )

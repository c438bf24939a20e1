"""Reads the three accounts of one day for the reconciliation, within Zenoti's call budget.

Zenoti allows about 60 calls a minute for everything the kiosk does, so this reads only what it
must: each invoice the journal names (once, however many sales share it) and one listing of the
center's open invoices. A busy day therefore takes a while — a minute per ~60 sales — and the
shared rate budget paces it rather than failing.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from kiosk.checkout.errors import SaleError, ServiceUnavailable
from kiosk.checkout.reconcile import Reconciliation, reconcile
from kiosk.checkout.sale import SaleParts
from kiosk.domain.invoice import Invoice
from kiosk.payments.terminal import ReaderPayment, TerminalError, TerminalUnknownOutcome
from kiosk.zenoti.errors import ZenotiError, ZenotiNotFound, ZenotiUnavailable


def local_day(day: date) -> tuple[datetime, datetime]:
    """``[start, end)`` of ``day`` in this machine's time zone (the kiosk's lobby)."""
    start = datetime.combine(day, time.min).astimezone()
    end = datetime.combine(day + timedelta(days=1), time.min).astimezone()
    return start, end


async def read_reconciliation(parts: SaleParts, day: date) -> Reconciliation:
    """Read the journal, the reader and Zenoti for ``day``, then compare them."""
    start, end = local_day(day)
    sales = await parts.journal.sales_between(start, end)
    payments = await _reader_payments(parts, start, end)
    invoices: dict[str, Invoice | None] = {}
    for invoice_id in dict.fromkeys(s.invoice_id for s in sales if s.invoice_id is not None):
        invoices[invoice_id] = await _invoice(parts, invoice_id)
    try:
        open_invoices = await parts.zenoti.open_invoices(parts.settings.center_id)
    except ZenotiError as error:
        raise ServiceUnavailable(
            f"Zenoti's open invoices could not be read ({error.code})"
        ) from error
    return reconcile(
        day,
        sales,
        payments,
        invoices,
        open_invoices,
        card_payment_type=parts.settings.payment_types.card_terminal,
        kiosk_employee_id=parts.settings.kiosk_employee_id,
    )


async def _reader_payments(parts: SaleParts, start: datetime, end: datetime) -> list[ReaderPayment]:
    if parts.terminal is None:
        return []  # no reader configured: nothing was taken by card
    try:
        return await parts.terminal.payments_between(start, end)
    except TerminalUnknownOutcome as error:
        raise ServiceUnavailable(f"the reader's payments could not be listed: {error}") from error
    except TerminalError as error:
        raise SaleError(f"the processor refused to list payments ({error.code})") from error


async def _invoice(parts: SaleParts, invoice_id: str) -> Invoice | None:
    try:
        return await parts.zenoti.invoice(invoice_id)
    except ZenotiNotFound:
        return None
    except ZenotiUnavailable as error:
        raise ServiceUnavailable("Zenoti could not be reached to read the invoices") from error
    except ZenotiError:
        return None

"""Reads the three accounts of one day for the reconciliation, within Zenoti's call budget.

Zenoti allows about 60 calls a minute for everything the kiosk does, so this reads only what it
must: each invoice the journal names (once, however many sales share it) and one listing of the
center's open invoices. A busy day therefore takes a while — a minute per ~60 sales — and the
shared rate budget paces it rather than failing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from kiosk.checkout.errors import SaleError, ServiceUnavailable, zenoti_errors
from kiosk.checkout.journal import SaleRecord
from kiosk.checkout.reconcile import Reconciliation, reconcile
from kiosk.checkout.reconcile_readback import read_attempts_back
from kiosk.checkout.sale import SaleParts
from kiosk.domain.invoice import Invoice
from kiosk.payments.terminal import (
    ReaderPayment,
    TerminalError,
    TerminalNotListable,
    TerminalUnknownOutcome,
)
from kiosk.zenoti.errors import ZenotiError
from kiosk.zenoti.ratelimit import Priority, calls_at


def local_day(day: date) -> tuple[datetime, datetime]:
    """``[start, end)`` of ``day`` in this machine's time zone (the kiosk's lobby)."""
    start = datetime.combine(day, time.min).astimezone()
    end = datetime.combine(day + timedelta(days=1), time.min).astimezone()
    return start, end


async def read_reconciliation(parts: SaleParts, day: date) -> Reconciliation:
    """Read the journal, the reader and Zenoti for ``day``, then compare them."""
    with calls_at(Priority.BACKGROUND):  # a report: it leaves the money path its reserve
        return await _read(parts, day)


async def _read(parts: SaleParts, day: date) -> Reconciliation:
    start, end = local_day(day)
    sales = await parts.journal.sales_between(start, end)
    payments = await _reader_payments(parts, start, end, sales)
    invoices: dict[str, Invoice | None] = {}
    for invoice_id in dict.fromkeys(s.invoice_id for s in sales if s.invoice_id is not None):
        invoices[invoice_id] = await _invoice(parts, invoice_id)
    with zenoti_errors(_open_unread, _open_unread):
        open_invoices = await parts.zenoti.open_invoices(parts.settings.center_id)
    return reconcile(
        day,
        sales,
        payments,
        invoices,
        open_invoices,
        card_payment_type=parts.settings.payment_types.card_terminal,
        kiosk_employee_id=parts.settings.kiosk_employee_id,
    )


async def _reader_payments(
    parts: SaleParts, start: datetime, end: datetime, sales: Sequence[SaleRecord]
) -> list[ReaderPayment]:
    if parts.terminal is None:
        return []  # no reader configured: nothing was taken by card
    try:
        try:
            return await parts.terminal.payments_between(start, end)
        except TerminalNotListable:
            return await read_attempts_back(parts.terminal, sales)
    except TerminalUnknownOutcome as error:
        raise ServiceUnavailable(f"the reader's payments could not be listed: {error}") from error
    except TerminalError as error:
        raise SaleError(f"the processor refused to list payments ({error.code})") from error


async def _invoice(parts: SaleParts, invoice_id: str) -> Invoice | None:
    """The invoice; None when Zenoti will not show it (its row says so). A Zenoti that cannot be
    reached ends the whole reading: a day half-compared is no answer."""
    try:
        with zenoti_errors("Zenoti could not be reached to read the invoices", refused=None):
            return await parts.zenoti.invoice(invoice_id)
    except ZenotiError:  # not found, or refused: not shown
        return None


def _open_unread(error: ZenotiError) -> SaleError:
    return ServiceUnavailable(f"Zenoti's open invoices could not be read ({error.code})")

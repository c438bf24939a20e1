"""A ticket as the bytes an ESC/POS printer prints, built with python-escpos (``Dummy`` collects
the commands; nothing is sent here): logo, name, lines and totals, the QR code of the receipt,
then a cut.

The QR code and the logo go as raster images (``GS v 0``), which every ESC/POS printer prints;
text uses the printer's code pages, which python-escpos chooses for each character.
"""

from __future__ import annotations

import copy
import logging
from typing import TYPE_CHECKING

from kiosk.printing.settings import PrinterSettings
from kiosk.printing.ticket import Line, Ticket, paper_amount

if TYPE_CHECKING:
    from escpos.printer import Dummy

log = logging.getLogger("kiosk.printing")

LOGO_SHARE = 0.6  # of the paper's width, at most
QR_MODULE_DOTS = 6


def job_bytes(ticket: Ticket, settings: PrinterSettings) -> bytes:
    """Everything the printer is sent for ``ticket`` (on the printing thread: python-escpos and
    Pillow load only when the first ticket is made, never at the kiosk's start)."""
    from escpos.printer import Dummy

    printer = Dummy(profile="default")
    # The profile's media width lets python-escpos centre images; the shared profile stays as is.
    printer.profile.profile_data = copy.deepcopy(printer.profile.profile_data)
    printer.profile.profile_data["media"]["width"]["pixels"] = settings.dots
    columns = settings.columns
    printer.hw("INIT")
    _logo(printer, ticket, settings)
    printer.set(align="center", bold=True, double_width=True, double_height=True)
    printer.textln(ticket.business.name)
    printer.set(align="center", bold=False, normal_textsize=True)
    if ticket.copy:
        printer.textln("COPY")
    printer.textln(ticket.paid_at.astimezone().strftime("%Y-%m-%d %H:%M"))
    printer.ln()
    printer.set(align="left", bold=True)
    for name in ticket.memberships:
        printer.textln(name)
    printer.set(bold=False)
    printer.textln("-" * columns)
    for line in ticket.lines:
        printer.textln(row(line, columns))
    if ticket.totals:
        printer.textln("-" * columns)
        for line in ticket.totals[:-1]:
            printer.textln(row(line, columns))
        printer.set(bold=True)
        printer.textln(row(ticket.totals[-1], columns))
        printer.set(bold=False)
    printer.textln(row(Line("Paid", ticket.paid), columns))
    printer.textln(ticket.method)
    printer.ln()
    if ticket.invoice_number:
        printer.textln(f"Invoice {ticket.invoice_number}")
    if ticket.receipt_number:
        printer.textln(f"Receipt {ticket.receipt_number}")
    for payment in ticket.next_payments:
        printer.ln()
        amount = f" {paper_amount(payment.amount)}" if payment.amount is not None else ""
        every = f" every {payment.every}" if payment.every else ""
        printer.textln(f"Next payment{amount}{every}")
        printer.textln(f"on {payment.on.isoformat()} ({payment.membership})")
    if ticket.receipt_url:
        printer.set(align="center")
        printer.qr(ticket.receipt_url, size=QR_MODULE_DOTS, center=True)
        printer.textln("Scan for your receipt")
    printer.set(align="left")
    printer.cut()
    return bytes(printer.output)


def row(line: Line, columns: int) -> str:
    """``name ........ $12.00`` across the paper: the amount on the right, the name cut short."""
    amount = ("-" if line.minus else "") + paper_amount(line.amount)
    room = max(columns - len(amount) - 1, 1)
    name = line.name if len(line.name) <= room else line.name[: room - 1] + "."
    return f"{name:<{room}} {amount}"


def _logo(printer: Dummy, ticket: Ticket, settings: PrinterSettings) -> None:
    from PIL import Image, UnidentifiedImageError

    path = ticket.business.logo
    if path is None:
        return
    try:
        with Image.open(path) as source:
            logo = source.convert("RGBA")
    except (OSError, UnidentifiedImageError):
        log.info("the logo cannot be printed (not an image a printer can take)")
        return
    # Transparent parts print as paper, not as ink.
    paper = Image.new("RGBA", logo.size, "white")
    logo = Image.alpha_composite(paper, logo).convert("RGB")
    widest = int(settings.dots * LOGO_SHARE)
    if logo.width > widest:
        logo = logo.resize((widest, max(1, logo.height * widest // logo.width)))
    printer.image(logo, center=True)
    printer.ln()

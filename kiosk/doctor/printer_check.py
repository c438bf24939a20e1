"""The receipt printer: asked for its status (ESC/POS ``DLE EOT``) as a ticket would be."""

from __future__ import annotations

from kiosk.config import KioskConfig
from kiosk.doctor.result import Check
from kiosk.printing.printer import ReceiptPrinter
from kiosk.printing.status import PrinterStatus

NAME = "receipt printer"
WORDS = {
    PrinterStatus.NO_PAPER: "out of paper",
    PrinterStatus.OFFLINE: "offline or unreachable",
    PrinterStatus.NOT_RESPONDING: "not responding",
}
FIXES = {
    PrinterStatus.NO_PAPER: "load a paper roll and close the cover",
    PrinterStatus.OFFLINE: "switch the printer on and check its cable or network "
    "(printer.host and printer.port, or printer.device)",
    PrinterStatus.NOT_RESPONDING: "switch the printer off and on again; check printer.port is "
    "its raw printing port (9100 on most network printers)",
}


async def receipt_printer(config: KioskConfig) -> Check:
    """PASS when the printer answers ready; no printer is INFO (guests get their receipt by
    email or QR code)."""
    settings = config.printer
    if not settings.configured:
        return Check.info(NAME, "none configured: receipts are emailed or scanned, not printed")
    state = await ReceiptPrinter(settings).check()
    where = settings.where
    if state.status is PrinterStatus.READY and settings.kind == "usb":
        return Check.passed(NAME, f"{where} can be written (USB tells nothing of the paper)")
    if state.status is PrinterStatus.READY:
        return Check.passed(NAME, f"{where} is ready")
    if state.status is PrinterStatus.PAPER_LOW:
        return Check.passed(NAME, f"{where} is ready, but its paper is running low")
    fix = FIXES.get(state.status, "check the printer")
    return Check.failed(NAME, f"{where} is {WORDS.get(state.status, state.status.value)}", fix)

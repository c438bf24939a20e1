"""Talking to the printer: one connection per ticket, its status asked before and after, every
wait bounded. Blocking code: the caller runs it on a worker thread (``kiosk.printing.printer``).

Network printers listen on a raw TCP port (9100); a USB printer is the device file the OS makes
of it (``/dev/usb/lp0``), which can be written but seldom read: its status is not asked.
"""

from __future__ import annotations

import logging
import socket
from typing import TYPE_CHECKING, Protocol

from kiosk.printing.settings import PrinterSettings
from kiosk.printing.status import PrinterProblem, PrinterStatus

if TYPE_CHECKING:
    from escpos.printer import File, Network

log = logging.getLogger("kiosk.printing")

# DLE EOT 1 (printer status): bit 3 set means offline. DLE EOT 4 (roll paper sensor): bits 5 and
# 6 mean the paper is out, bits 2 and 3 that it is near its end (Epson's ESC/POS reference).
_OFFLINE_BIT = 0x08
_PAPER_OUT_BITS = 0x60
_PAPER_LOW_BITS = 0x0C


class PrinterWire(Protocol):
    """One printer's connection: what it says about itself, and a ticket sent to it."""

    def status(self) -> PrinterStatus: ...

    def send(self, job: bytes) -> PrinterStatus: ...


def wire_for(settings: PrinterSettings) -> PrinterWire | None:
    """The wire to the configured printer; None when there is none."""
    if settings.kind == "network" and settings.host:
        return NetworkWire(settings.host, settings.port, settings.timeout)
    if settings.kind == "usb" and settings.device:
        return DeviceWire(settings.device)
    return None


def read_status(online: bytes, paper: bytes) -> PrinterStatus:
    """The status two ``DLE EOT`` answers (n=1, n=4) add up to; an empty answer is silence."""
    if not online or not paper:
        return PrinterStatus.NOT_RESPONDING
    if paper[0] & _PAPER_OUT_BITS == _PAPER_OUT_BITS:
        return PrinterStatus.NO_PAPER
    if online[0] & _OFFLINE_BIT:
        return PrinterStatus.OFFLINE
    if paper[0] & _PAPER_LOW_BITS:
        return PrinterStatus.PAPER_LOW
    return PrinterStatus.READY


class NetworkWire:
    """A printer on the network, through python-escpos's ``Network`` (raw TCP)."""

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self._host = host
        self._port = port
        self._timeout = timeout

    def status(self) -> PrinterStatus:
        printer = self._open()
        try:
            return self._ask(printer)
        finally:
            printer.close()

    def send(self, job: bytes) -> PrinterStatus:
        """Ask, print if it can, ask again (paper can run out during the ticket)."""
        printer = self._open()
        try:
            before = self._ask(printer)
            if not before.prints:
                raise PrinterProblem(before, "refused before printing")
            try:
                printer._raw(job)
            except OSError as error:
                raise _problem(error) from error
            after = self._ask(printer)
            if not after.prints:
                raise PrinterProblem(after, "after printing")
            return after
        finally:
            printer.close()

    def _open(self) -> Network:
        from escpos.exceptions import DeviceNotFoundError  # loaded on the printing thread
        from escpos.printer import Network

        printer = Network(self._host, self._port, timeout=self._timeout)
        try:
            printer.open()
        except DeviceNotFoundError as error:
            raise PrinterProblem(PrinterStatus.OFFLINE, "no connection") from error
        return printer

    def _ask(self, printer: Network) -> PrinterStatus:
        try:
            online = printer.query_status(b"\x10\x04\x01")
            paper = printer.query_status(b"\x10\x04\x04")
        except OSError as error:
            raise _problem(error) from error
        status = read_status(online, paper)
        if status is PrinterStatus.NOT_RESPONDING:
            # The connection closed under the question: nobody is there to print.
            raise PrinterProblem(PrinterStatus.OFFLINE, "closed without an answer")
        return status


class DeviceWire:
    """A USB printer as the OS's device file: written, never read."""

    def __init__(self, device: str) -> None:
        self._device = device

    def status(self) -> PrinterStatus:
        printer = self._open()
        printer.close()
        return PrinterStatus.READY

    def send(self, job: bytes) -> PrinterStatus:
        printer = self._open()
        try:
            printer._raw(job)
        except OSError as error:
            raise PrinterProblem(PrinterStatus.OFFLINE, type(error).__name__) from error
        finally:
            printer.close()
        return PrinterStatus.READY

    def _open(self) -> File:
        from escpos.exceptions import DeviceNotFoundError  # loaded on the printing thread
        from escpos.printer import File

        printer = File(self._device)
        try:
            printer.open()
        except DeviceNotFoundError as error:
            raise PrinterProblem(PrinterStatus.OFFLINE, "no such device") from error
        return printer


def _problem(error: OSError) -> PrinterProblem:
    if isinstance(error, socket.timeout | TimeoutError):
        return PrinterProblem(PrinterStatus.NOT_RESPONDING, "timed out")
    return PrinterProblem(PrinterStatus.OFFLINE, type(error).__name__)

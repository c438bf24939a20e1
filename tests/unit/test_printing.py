"""The receipt printer's parts without a printer: the ticket's rows, what ``DLE EOT`` answers
mean, a USB device file, and a printer that fails or hangs — reported, never raised."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.domain.money import Money
from kiosk.printing.layout import job_bytes, row
from kiosk.printing.printer import ReceiptPrinter
from kiosk.printing.settings import PrinterSettings
from kiosk.printing.status import PrinterProblem, PrinterStatus
from kiosk.printing.ticket import Business, Line, Ticket, paper_amount
from kiosk.printing.wire import DeviceWire, read_status
from kiosk.sandbox.printer_render import render
from kiosk.sandbox.printer_stream import parse


def usd(text: str) -> Money:
    return Money.of(text, "USD")


TICKET = Ticket(
    business=Business("Lumen Wellness"),
    memberships=("Serenity 3-Month Pass",),
    lines=(Line("Serenity 3-Month Pass", usd("249")), Line("Discount", usd("24.90"), minus=True)),
    totals=(
        Line("Subtotal", usd("224.10")),
        Line("Tax", usd("19.89")),
        Line("Total", usd("243.99")),
    ),
    paid=usd("243.99"),
    method="Card **** 4242",
    paid_at=datetime(2026, 3, 1, 15, 30, tzinfo=UTC),
    invoice_number="1001",
    receipt_number=None,
    next_payments=(),
    receipt_url="http://127.0.0.1:8765/receipt/34ca4f0f",
)


def test_amounts_are_written_the_way_every_code_page_can_print_them() -> None:
    assert paper_amount(usd("1234.5")) == "$1,234.50"
    assert paper_amount(Money.of("12", "CHF")) == "12.00 CHF"
    assert row(Line("Discount", usd("24.90"), minus=True), 32) == f"{'Discount':<24} -$24.90"
    cut = row(Line("A membership with a very long name indeed", usd("9")), 32)
    assert len(cut) == 32
    assert cut.endswith(" $9.00")


@pytest.mark.parametrize(
    ("online", "paper", "status"),
    [
        (b"\x12", b"\x12", PrinterStatus.READY),
        (b"\x12", b"\x1e", PrinterStatus.PAPER_LOW),
        (b"\x1a", b"\x72", PrinterStatus.NO_PAPER),
        (b"\x1a", b"\x12", PrinterStatus.OFFLINE),
        (b"", b"\x12", PrinterStatus.NOT_RESPONDING),
    ],
)
def test_what_the_two_status_answers_add_up_to(
    online: bytes, paper: bytes, status: PrinterStatus
) -> None:
    assert read_status(online, paper) is status


def test_a_usb_printer_is_its_device_file_written_and_a_missing_one_is_offline(
    tmp_path: Path,
) -> None:
    device = tmp_path / "lp0"
    device.write_bytes(b"")
    data = job_bytes(TICKET, PrinterSettings(kind="usb", device=str(device)))
    assert DeviceWire(str(device)).send(data) is PrinterStatus.READY
    assert device.read_bytes() == data
    with pytest.raises(PrinterProblem) as missing:
        DeviceWire(str(tmp_path / "nothing" / "lp0")).send(data)
    assert missing.value.status is PrinterStatus.OFFLINE


def test_bytes_inside_an_image_are_never_taken_for_a_status_query() -> None:
    data = job_bytes(TICKET, PrinterSettings(kind="network", host="printer"))
    commands, end = parse(data)
    assert end == len(data)
    assert not [c for c in commands if c.name == "DLE EOT"]
    # A raster row that happens to hold DLE EOT 4: still one image, no query.
    raster = b"\x1dv0\x00\x03\x00\x01\x00" + b"\x10\x04\x04"
    assert [c.name for c in parse(raster)[0]] == ["GS v"]
    assert "Total" in render(data, 576).text


class FailingWire:
    def __init__(self, status: PrinterStatus) -> None:
        self._status = status

    def status(self) -> PrinterStatus:
        raise PrinterProblem(self._status, "as told")

    def send(self, job: bytes) -> PrinterStatus:
        raise PrinterProblem(self._status, "as told")


class HangingWire:
    """A printer that takes the ticket and never answers, until ``release`` is set."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.sent = 0

    def status(self) -> PrinterStatus:
        return PrinterStatus.READY

    def send(self, job: bytes) -> PrinterStatus:
        self.sent += 1
        self.release.wait()
        return PrinterStatus.READY


@pytest.mark.asyncio
async def test_a_failing_printer_is_a_job_not_printed_and_a_status_for_staff(
    caplog: pytest.LogCaptureFixture,
) -> None:
    printer = ReceiptPrinter(
        PrinterSettings(kind="network", host="p"), FailingWire(PrinterStatus.NO_PAPER)
    )
    heard: list[PrinterStatus] = []
    printer.subscribe(lambda state: heard.append(state.status))
    job = await printer.print("sale-1", TICKET)
    assert job.status is PrinterStatus.NO_PAPER
    assert not job.printed
    assert printer.state.status is PrinterStatus.NO_PAPER
    assert heard == [PrinterStatus.NO_PAPER]
    assert [j.sale_id for j in printer.jobs] == ["sale-1"]
    assert "not printed" in caplog.text
    caplog.clear()


@pytest.mark.asyncio
async def test_a_hanging_printer_is_given_up_on_and_sent_nothing_more_until_it_lets_go(
    caplog: pytest.LogCaptureFixture,
) -> None:
    wire = HangingWire()
    printer = ReceiptPrinter(PrinterSettings(kind="network", host="p", timeout=0.05), wire)
    first = await printer.print("sale-1", TICKET)
    second = await printer.print("sale-2", TICKET)
    assert (first.status, second.status) == (PrinterStatus.NOT_RESPONDING,) * 2
    assert wire.sent == 1  # the second ticket never went to a printer still holding the first
    wire.release.set()
    for _ in range(500):  # the worker thread lets go; then the printer is asked again
        if (await printer.check()).status is PrinterStatus.READY:
            break
        await asyncio.sleep(0.01)
    third = await printer.print("sale-3", TICKET)
    assert third.printed
    assert wire.sent == 2
    caplog.clear()

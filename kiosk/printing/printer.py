"""The kiosk's receipt printer as the engine uses it: tickets printed one at a time on a worker
thread, every wait bounded, the printer's last status kept for staff, and the jobs that did not
come out kept for a reprint. Nothing here raises into a sale.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from kiosk.printing.layout import job_bytes
from kiosk.printing.settings import PrinterSettings
from kiosk.printing.status import PrinterProblem, PrinterState, PrinterStatus
from kiosk.printing.ticket import Ticket
from kiosk.printing.wire import PrinterWire, wire_for

log = logging.getLogger("kiosk.printing")

KEPT_JOBS = 20  # the newest jobs staff can see (and reprint)
# Beyond the wire's own timeouts (connect, each send and answer): a ticket is a few round trips.
ROUND_TRIPS = 4

Listener = Callable[[PrinterState], None]


@dataclass(frozen=True, slots=True)
class PrintJob:
    """One ticket sent (or meant) for the printer; ``status`` says how it went."""

    number: int
    sale_id: str
    ticket: Ticket
    status: PrinterStatus | None = None  # None: not printed yet
    at: datetime | None = None

    @property
    def printed(self) -> bool:
        return self.status is not None and self.status.prints


class ReceiptPrinter:
    """Prints tickets without ever holding up a sale: the answer is a ``PrintJob`` saying what
    happened, and ``state`` what the printer said last."""

    def __init__(self, settings: PrinterSettings, wire: PrinterWire | None = None) -> None:
        self.settings = settings
        self._wire = wire if wire is not None else wire_for(settings)
        self._lock = asyncio.Lock()
        self._numbers = itertools.count(1)
        self._jobs: list[PrintJob] = []
        self._stuck: asyncio.Future[tuple[PrinterStatus, str]] | None = None
        self._listeners: list[Listener] = []
        first = PrinterStatus.NOT_CONFIGURED if self._wire is None else PrinterStatus.READY
        self._state = PrinterState(first)

    @property
    def configured(self) -> bool:
        return self._wire is not None

    @property
    def state(self) -> PrinterState:
        return self._state

    @property
    def jobs(self) -> list[PrintJob]:
        """The newest jobs first."""
        return self._jobs[::-1]

    def job(self, number: int) -> PrintJob | None:
        return next((job for job in self._jobs if job.number == number), None)

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Hear every change of the printer's status; returns the function that stops it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    async def check(self) -> PrinterState:
        """Ask the printer how it is now (staff's status line, ``kiosk doctor``)."""
        wire = self._wire
        if wire is None:
            return self._state
        async with self._lock:
            status, detail = await self._bounded(wire.status)
        self._note(status, detail)
        return self._state

    async def print(self, sale_id: str, ticket: Ticket) -> PrintJob:
        """Print ``ticket``; the job says whether it came out. Never raises a printer's fault."""
        job = PrintJob(next(self._numbers), sale_id, ticket)
        self._jobs = [*self._jobs, job][-KEPT_JOBS:]
        wire = self._wire
        if wire is None:
            return self._done(job, PrinterStatus.NOT_CONFIGURED)
        settings = self.settings
        async with self._lock:  # laid out and sent on the worker thread
            status, detail = await self._bounded(lambda: wire.send(job_bytes(ticket, settings)))
        self._note(status, detail)
        return self._done(job, status)

    async def reprint(self, number: int) -> PrintJob | None:
        """Print a kept job's ticket again, marked as a copy; None if it is no longer kept."""
        kept = self.job(number)
        if kept is None:
            return None
        return await self.print(kept.sale_id, replace(kept.ticket, copy=True))

    # ------------------------------------------------------------------ the worker thread

    async def _bounded(self, work: Callable[[], PrinterStatus]) -> tuple[PrinterStatus, str]:
        """Run ``work`` on a worker thread; a printer that hangs past the bound is NOT_RESPONDING,
        and nothing more is sent to it until that thread has given up."""
        if self._stuck is not None and not self._stuck.done():
            return PrinterStatus.NOT_RESPONDING, "still waiting on the last ticket"
        attempt = asyncio.get_running_loop().run_in_executor(None, _run, work)
        try:
            return await asyncio.wait_for(
                asyncio.shield(attempt), self.settings.timeout * ROUND_TRIPS
            )
        except TimeoutError:
            self._stuck = attempt
            return PrinterStatus.NOT_RESPONDING, "no answer in time"

    def _done(self, job: PrintJob, status: PrinterStatus) -> PrintJob:
        done = replace(job, status=status, at=datetime.now(UTC))
        self._jobs = [done if kept.number == job.number else kept for kept in self._jobs]
        if not done.printed:
            log.warning("receipt %s not printed: the printer is %s", job.number, status.value)
        return done

    def _note(self, status: PrinterStatus, detail: str) -> None:
        changed = status is not self._state.status
        self._state = PrinterState(status, datetime.now(UTC), detail)
        if changed:
            log.info("printer: %s", status.value)
            for listener in list(self._listeners):
                try:
                    listener(self._state)
                except Exception:
                    log.exception("a printer listener failed")


def _run(work: Callable[[], PrinterStatus]) -> tuple[PrinterStatus, str]:
    try:
        return work(), ""
    except PrinterProblem as problem:
        return problem.status, problem.detail
    except OSError as error:  # anything the wire did not foresee: the printer is not there
        return PrinterStatus.OFFLINE, type(error).__name__
    except Exception:  # a ticket that cannot be laid out is a receipt not printed, not a crash
        log.exception("the ticket could not be printed")
        return PrinterStatus.NOT_RESPONDING, "the ticket could not be made"

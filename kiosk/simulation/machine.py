"""The machine's own faults for ``kiosk simulate --faults machine``: the disk fills at a step
of the sale (every journal write then fails as ``OSError(ENOSPC)``), the journal file is deleted
mid-sale, the wall clock jumps back an hour. After each, the fault is healed and the kiosk must
write what it held and settle what it set aside before the next guest — the invariants are then
checked as for any run.
"""

from __future__ import annotations

import asyncio
import errno
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from kiosk.checkout import journal_writes
from kiosk.checkout.engine import SaleEngine
from kiosk.checkout.view import SaleView
from kiosk.domain.sale import SaleState

# Steps at which the disk fills: before the money, at the reader, after it.
DISK_FULL_AT: tuple[SaleState, ...] = (
    SaleState.GUEST_IDENTIFIED,
    SaleState.TERMS_ACCEPTED,
    SaleState.INVOICE_READY,
    SaleState.INTENT_CREATED,
    SaleState.SENT,
    SaleState.AWAITING_CARD,
    SaleState.PROCESSING,
    SaleState.APPROVED,
    SaleState.RECORDED,
    SaleState.CLOSED,
)
KINDS = ("disk full", "disk full", "disk full", "journal deleted", "clock back")
HEAL_WITHIN_S = 60.0
WRITES = frozenset(
    {"begin", "update", "record_consent", "append_audit", "mark_checked", "count_wrong_pin",
     "clear_wrong_pins", "probe_write"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class MachineFault:
    """One fault of the machine, at one step of one sale."""

    kind: str
    at: SaleState

    @classmethod
    def draw(cls, rng: random.Random) -> MachineFault:
        return cls(rng.choice(KINDS), rng.choice(DISK_FULL_AT))

    def describe(self) -> str:
        return f"{self.kind} at {self.at.value}"


class Machine:
    """Applies a scenario's machine fault to the engine's journal, and heals it."""

    def __init__(self, journal_path: Path | None) -> None:
        self._journal_path = journal_path
        self._full = False
        self.faults = 0

    def storage(self, operation: str) -> None:
        """Runs on the journal's thread before each operation: a full disk refuses writes."""
        if self._full and operation in WRITES:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def watch(self, fault: MachineFault) -> Callable[[SaleView], None]:
        """A sale listener that strikes when the sale reaches the fault's step."""

        def heard(view: SaleView) -> None:
            if view.state is not fault.at:
                return
            self.faults += 1
            if fault.kind == "disk full":
                self._full = True
            elif fault.kind == "journal deleted" and self._journal_path is not None:
                for suffix in ("", "-wal", "-shm"):
                    self._journal_path.with_name(self._journal_path.name + suffix).unlink(
                        missing_ok=True
                    )
            elif fault.kind == "clock back":
                journal_writes.jump_clock(timedelta(hours=-1))

        return heard

    async def heal(self, engine: SaleEngine) -> None:
        """Space is freed (and the clock set right): wait until the kiosk sells again."""
        self._full = False
        journal_writes.jump_clock(None)
        if engine.journal.writable:
            return
        healed = asyncio.get_running_loop().create_future()

        def heard(state: object) -> None:
            if engine.journal.writable and not healed.done():
                healed.set_result(None)

        stop = engine.subscribe_journal(heard)
        try:
            await asyncio.wait_for(healed, HEAL_WITHIN_S)
        finally:
            stop()

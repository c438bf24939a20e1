"""Whether the journal writes, and what the kiosk holds in memory while it does not.

A journal write that fails (the disk is full, an I/O error, the file made read-only) is a
``JournalUnwritable``. The write that failed is *held*: kept in memory, in order, and written
when the journal writes again. The sale it belonged to is *set aside*: it takes no further step
(each would be refused at once) until the kiosk, writing again, writes what it holds and then
settles the sale from the journal as recovery does. The journal itself already holds the step
written ahead of the side effect, so a restart before the disk is freed still finds the sale.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from kiosk.checkout.errors import SaleError

log = logging.getLogger("kiosk.checkout")


class JournalUnwritable(SaleError):
    """The journal cannot be written (or read) now; the step did not happen."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"the journal cannot be written: {reason}")
        self.reason = reason


class JournalUnusable(Exception):
    """The journal cannot be used at start-up: what is wrong with it, and the installer's fix."""

    def __init__(self, path: Path, what: str, fix: str) -> None:
        super().__init__(f"the journal {path} {what}. Fix: {fix}")
        self.path = path
        self.what = what
        self.fix = fix


class Paid(enum.Enum):
    """What is known of the money of a sale set aside."""

    CHECKING = "checking"  # a card attempt is being taken off the reader and read back
    YES = "yes"  # money was taken: a person finishes the membership
    UNSURE = "unsure"  # it may have been: a person checks before anything else
    NO = "no"  # nothing was charged


@dataclass(frozen=True, slots=True)
class HeldSale:
    """A sale set aside while the journal does not write."""

    sale_id: str
    paid: Paid


@dataclass(frozen=True, slots=True)
class JournalState:
    """What the kiosk shows about its journal: selling, or out of order and why."""

    writable: bool = True
    reason: str | None = None
    held: tuple[HeldSale, ...] = ()
    held_writes: int = 0

    def sale(self, sale_id: str | None) -> HeldSale | None:
        """The held sale with ``sale_id``, if it is one."""
        return next((held for held in self.held if held.sale_id == sale_id), None)


@dataclass(frozen=True, slots=True)
class HeldWrite:
    """One write the journal could not make: run again, in order, when it writes again."""

    sale_id: str | None
    what: str
    replay: Callable[[], Any]  # runs on the journal's thread, like the write it stands for


Listener = Callable[[JournalState], None]


class JournalHealth:
    """The journal's health and what is held while it fails; listeners hear every change."""

    def __init__(self) -> None:
        self._state = JournalState()
        self._writes: list[HeldWrite] = []
        self._listeners: list[Listener] = []

    @property
    def state(self) -> JournalState:
        return self._state

    @property
    def writable(self) -> bool:
        return self._state.writable

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` with every new state; returns the function that stops it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def is_set_aside(self, sale_id: str) -> bool:
        return self._state.sale(sale_id) is not None

    # ------------------------------------------------------------------ failing

    def failed(self, reason: str, write: HeldWrite | None = None, paid: Paid = Paid.NO) -> None:
        """A journal operation failed; ``write`` (if any) is held, and its sale set aside."""
        first = self._state.writable
        held = self._state.held
        if write is not None:
            self._writes.append(write)
            log.error(
                "journal write held in memory: %s",
                write.what,
                extra={"sale_id": write.sale_id, "reason": reason},
            )
            if write.sale_id is not None and self._state.sale(write.sale_id) is None:
                held = (*held, HeldSale(write.sale_id, paid))
        if first:
            log.error("the journal cannot be written: %s; no new sale until it can", reason)
        self._change(writable=False, reason=reason, held=held)

    def set_aside(self, sale_id: str, paid: Paid) -> None:
        """Set a sale aside: it takes no step until the journal writes and it is settled."""
        if self._state.sale(sale_id) is None:
            self._change(held=(*self._state.held, HeldSale(sale_id, paid)))

    def learnt(self, sale_id: str, paid: Paid) -> None:
        """What is now known of the money of a sale still set aside (paid stays paid)."""
        found = self._state.sale(sale_id)
        if found is None or found.paid is paid or found.paid is Paid.YES:
            return
        held = tuple(HeldSale(sale_id, paid) if h is found else h for h in self._state.held)
        self._change(held=held)

    # ------------------------------------------------------------------ writing again

    def take_writes(self) -> list[HeldWrite]:
        """The held writes, oldest first, to replay; put back the ones that fail again."""
        writes, self._writes = self._writes, []
        self._change()
        return writes

    def put_back(self, writes: list[HeldWrite]) -> None:
        """Writes that could not be replayed yet, before any held since."""
        self._writes = [*writes, *self._writes]
        self._change()

    def release(self, sale_id: str) -> None:
        """The sale was settled (or handed to recovery): it takes steps again."""
        self._change(held=tuple(h for h in self._state.held if h.sale_id != sale_id))

    def restored(self) -> None:
        """Everything held is written and settled: the kiosk sells again."""
        if not self._state.writable:
            log.warning("the journal writes again; selling again")
        self._change(writable=True, reason=None)

    def _change(self, **changes: Any) -> None:
        state = replace(self._state, **changes, held_writes=len(self._writes))
        if state == self._state:
            return
        self._state = state
        for listener in list(self._listeners):
            try:
                listener(state)
            except Exception:  # a screen's failure never stops the journal
                log.exception("a journal listener failed")

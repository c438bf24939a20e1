"""What a receipt printer said about itself the last time it was asked (ESC/POS ``DLE EOT``)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class PrinterStatus(enum.Enum):
    """The printer as staff need to know it; anything but READY is someone's job to fix."""

    READY = "ready"
    PAPER_LOW = "paper_low"  # still prints; the roll's near-end sensor is on
    NO_PAPER = "no_paper"
    OFFLINE = "offline"  # unreachable, or it says it is offline (cover open, error)
    NOT_RESPONDING = "not_responding"  # it took the connection but did not answer in time
    NOT_CONFIGURED = "not_configured"

    @property
    def prints(self) -> bool:
        """Whether a ticket sent now would come out."""
        return self in (PrinterStatus.READY, PrinterStatus.PAPER_LOW)


class PrinterProblem(Exception):
    """A ticket did not print; ``status`` says why."""

    def __init__(self, status: PrinterStatus, detail: str) -> None:
        super().__init__(f"{status.value}: {detail}")
        self.status = status
        self.detail = detail


@dataclass(frozen=True, slots=True)
class PrinterState:
    """The printer's last known status, and since when; ``checked_at`` None: never asked."""

    status: PrinterStatus
    checked_at: datetime | None = None
    detail: str = ""

"""What the sale engine knows of the other kiosks of its chain: a port the fleet fills in.

A single kiosk has none (``SaleEngine.fleet`` is None). In a chain, the kiosk's heartbeat says
what its screen shows, and staff mode lists the other kiosks of the center from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class KioskStatus:
    """One kiosk as its last heartbeat described it."""

    name: str
    center_id: str
    state: str  # waiting, selling, paying, staff, out of service
    screen: str  # the kind of screen it shows (attract, payment, staff_home, ...)
    version: str
    last_sale_at: str | None  # ISO 8601, UTC: the last completed sale
    needs_staff: int  # sales waiting for a person
    reader: str  # the card reader: none, ready, or what it last did
    zenoti: str  # ok, unreachable, throttled, or not asked yet
    budget: str  # shared, or local share (Redis unreachable)
    budget_used: int  # Zenoti calls this kiosk made in the last minute
    seen_ago: float  # seconds since the heartbeat, by the fleet's clock


class FleetView(Protocol):
    """The fleet, as the engine and the screens see it."""

    @property
    def kiosk_name(self) -> str:
        """This kiosk's name in the fleet."""
        ...

    @property
    def health(self) -> str:
        """One line: the budget this kiosk spends from (shared; its own share without Redis)."""
        ...

    def showing(self, screen: str) -> None:
        """The screen now shows ``screen`` (a route's name): the next heartbeat says so."""

    async def kiosks_here(self) -> list[KioskStatus]:
        """Every kiosk of this center seen lately (this one too), by name; [] without Redis."""
        ...

"""The staff screens for ``kiosk screenshots``: unlocked with the sandbox's staff PIN, after the
guest's sale the guest shots made, so the receipts and the end-of-day table have a real sale.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from kiosk.config import SANDBOX_STAFF_PIN
from kiosk.sandbox_process import SandboxProcess
from kiosk.ui import routes
from kiosk.ui.window import KioskWindow

Go = Callable[[KioskWindow, SandboxProcess], Awaitable[None]]
JAMES_SEARCH = "Whitaker"


async def _until(check: Callable[[], bool], *, seconds: float = 15.0) -> None:
    """Wait for ``check``; past the deadline the picture shows whatever the screen says."""
    for _ in range(int(seconds / 0.05)):
        if check():
            return
        await asyncio.sleep(0.05)


async def _loaded(window: KioskWindow, route: routes.Route) -> None:
    """Go to the staff screen of ``route`` and wait until its engine call answered (its answer
    may be a line of its own: "Nothing needs staff right now")."""
    window.router.go(route)
    screen = window.router.current
    await asyncio.sleep(0)
    await _until(lambda: not screen.working)  # type: ignore[attr-defined]


async def _pin_pad(window: KioskWindow, sandbox: SandboxProcess) -> None:
    window.overlay.dismiss()
    window.reset()
    window.staff.open_pin()


async def _staff_home(window: KioskWindow, sandbox: SandboxProcess) -> None:
    window.staff.pin.submitted.emit(SANDBOX_STAFF_PIN)
    await _until(lambda: window.router.current.name == routes.StaffHome.name)


async def _guests(window: KioskWindow, sandbox: SandboxProcess) -> None:
    window.router.go(routes.StaffGuests())
    screen = window.router.current
    screen.query.setText(JAMES_SEARCH)  # type: ignore[attr-defined]
    screen.search()  # type: ignore[attr-defined]
    await _until(lambda: bool(screen.results.buttons))  # type: ignore[attr-defined]


async def _memberships(window: KioskWindow, sandbox: SandboxProcess) -> None:
    screen = window.router.current
    next(iter(screen.results.buttons.values())).click()  # type: ignore[attr-defined]
    await _until(lambda: window.router.current.name == routes.StaffMemberships.name)
    await _until(lambda: bool(window.router.current.list.buttons))  # type: ignore[attr-defined]


def _screen(route: routes.Route) -> Go:
    async def go(window: KioskWindow, sandbox: SandboxProcess) -> None:
        await _loaded(window, route)

    return go


async def _locked(window: KioskWindow, sandbox: SandboxProcess) -> None:
    window.staff.lock()


# The staff shots, numbered after the guest's; the last step locks staff mode again.
STAFF_STEPS: tuple[tuple[str, Go], ...] = (
    ("14-staff-pin", _pin_pad),
    ("15-staff-home", _staff_home),
    ("16-staff-guests", _guests),
    ("17-staff-memberships", _memberships),
    ("18-staff-invoices", _screen(routes.StaffInvoices())),
    ("19-staff-queue", _screen(routes.StaffQueue())),
    ("20-staff-receipts", _screen(routes.StaffReceipts())),
    ("21-staff-day", _screen(routes.StaffDay())),
    ("22-attract-after-staff", _locked),
)

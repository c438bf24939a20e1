"""Staff mode's back office: everything a staff member can do once their PIN unlocked it.

The UI reaches it as ``engine.staff``. Every action that changes something is written to the
audit log with the staff member's name; actions that only the UI knows about (entering staff mode,
showing a receipt QR again, the auto-lock) are audited through :meth:`StaffDesk.audit`.
"""

from __future__ import annotations

from typing import Any

from kiosk.checkout.journal import Journal
from kiosk.checkout.journal_staff import AuditEntry
from kiosk.checkout.staff_access import StaffAccess


class StaffDesk:
    """What staff mode does, over the engine's journal, Zenoti client and reader."""

    def __init__(self, journal: Journal, access: StaffAccess) -> None:
        self._journal = journal
        self.access = access

    async def audit(
        self, who: str, action: str, *, sale_id: str | None = None, **detail: Any
    ) -> None:
        """Record an action the UI alone knows about (e.g. "entered staff mode", "auto-locked")."""
        await self._journal.audit(who, action, sale_id=sale_id, detail=detail)

    async def audit_log(self, *, limit: int = 200) -> list[AuditEntry]:
        """The newest staff actions first."""
        return await self._journal.audit_log(limit=limit)

"""Who may enter staff mode: a PIN checked against each staff member's scrypt hash.

Five wrong PINs in a row lock the PIN pad for five minutes. The count and the lock are kept in the
journal's database, so switching the kiosk off and on again does not buy a guesser five more
tries. Every attempt is written to the audit log — whose PIN it was, or that it was wrong — and
never the PIN itself. Checking a PIN costs ~50 ms of scrypt per staff member, so it runs on a
worker thread: the touch screen never freezes while a PIN is checked.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from kiosk.checkout.journal import Journal
from kiosk.checkout.journal_staff import AuditEntry
from kiosk.checkout.settings import StaffMember
from kiosk.checkout.staff.pin import BadPinHash, verify_pin

__all__ = [
    "KIOSK",
    "UNKNOWN",
    "AuditEntry",
    "LockedOut",
    "StaffAccess",
    "UnlockResult",
    "Unlocked",
    "WrongPin",
]

log = logging.getLogger("kiosk.checkout")

MAX_WRONG_PINS = 5
LOCKOUT = timedelta(minutes=5)
KIOSK = "kiosk"  # "who" for what the kiosk does by itself (auto-lock, recovery)
UNKNOWN = "unknown"  # "who" for a PIN that matched nobody


@dataclass(frozen=True, slots=True)
class Unlocked:
    """The PIN was a staff member's: ``member`` is their name, for the audit log."""

    member: str


@dataclass(frozen=True, slots=True)
class WrongPin:
    """No staff member has that PIN; ``tries_left`` before the PIN pad locks."""

    tries_left: int


@dataclass(frozen=True, slots=True)
class LockedOut:
    """Too many wrong PINs: no PIN is checked before ``until`` (timezone-aware UTC)."""

    until: datetime


UnlockResult = Unlocked | WrongPin | LockedOut


def utc_now() -> datetime:
    return datetime.now(UTC)


class StaffAccess:
    """Checks PINs, counts wrong ones, and audits every attempt."""

    def __init__(
        self,
        journal: Journal,
        staff: Sequence[StaffMember],
        *,
        clock: Callable[[], datetime] = utc_now,
        max_wrong: int = MAX_WRONG_PINS,
        lockout: timedelta = LOCKOUT,
    ) -> None:
        self._journal = journal
        self._staff = tuple(staff)
        self._clock = clock
        self._max_wrong = max_wrong
        self._lockout = lockout

    async def unlock(self, pin: str) -> UnlockResult:
        """Whose PIN ``pin`` is — or how many tries are left, or until when it is locked."""
        now = self._clock()
        lock = await self._journal.staff_lock()
        if lock.locked_until is not None and lock.locked_at(now):
            await self._journal.audit(UNKNOWN, "PIN refused: locked out", at=now)
            return LockedOut(lock.locked_until)
        member = await asyncio.to_thread(self._match, pin)
        if member is not None:
            await self._journal.clear_wrong_pins()
            await self._journal.audit(member, "unlocked staff mode", at=now)
            return Unlocked(member)
        lock = await self._journal.count_wrong_pin(
            now, limit=self._max_wrong, lock_for=self._lockout
        )
        if lock.locked_until is not None:
            await self._journal.audit(
                UNKNOWN,
                "wrong PIN: locked out",
                detail={"wrong_in_a_row": lock.failures, "until": lock.locked_until.isoformat()},
                at=now,
            )
            return LockedOut(lock.locked_until)
        tries_left = max(self._max_wrong - lock.failures, 0)
        await self._journal.audit(UNKNOWN, "wrong PIN", detail={"tries_left": tries_left}, at=now)
        return WrongPin(tries_left)

    async def locked_until(self) -> datetime | None:
        """Until when the PIN pad is locked, or None if a PIN may be tried now."""
        lock = await self._journal.staff_lock()
        return lock.locked_until if lock.locked_at(self._clock()) else None

    def _match(self, pin: str) -> str | None:
        """The first staff member whose hash ``pin`` fits. Runs on a worker thread."""
        for member in self._staff:
            try:
                if verify_pin(pin, member.pin_hash):
                    return member.name
            except BadPinHash:
                # The configuration check names the bad hash; here it simply matches nobody.
                log.error("staff member %r has a damaged PIN hash", member.name)
        return None

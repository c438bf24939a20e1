"""Staff PIN unlock: right PINs name the member, wrong ones count, five lock for five minutes —
and the count and the lock survive the journal being closed and opened again (a restart)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.checkout.journal import Journal
from kiosk.checkout.journal_schema import SCHEMA_VERSION
from kiosk.checkout.settings import StaffMember
from kiosk.checkout.staff.access import LockedOut, StaffAccess, Unlocked, WrongPin
from kiosk.checkout.staff.pin import hash_pin

pytestmark = pytest.mark.asyncio

STAFF = (StaffMember("Ana", hash_pin("1357")), StaffMember("Ben", hash_pin("2468")))


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


async def test_each_members_pin_unlocks_as_that_member(journal: Journal) -> None:
    access = StaffAccess(journal, STAFF)
    assert await access.unlock("2468") == Unlocked("Ben")
    assert await access.unlock("1357") == Unlocked("Ana")
    log = await journal.audit_log()
    assert [(e.who, e.action) for e in log] == [
        ("Ana", "unlocked staff mode"),
        ("Ben", "unlocked staff mode"),
    ]


async def test_five_wrong_pins_lock_for_five_minutes_then_a_pin_works_again(
    journal: Journal,
) -> None:
    clock = Clock()
    access = StaffAccess(journal, STAFF, clock=clock)
    results = [await access.unlock("0000") for _ in range(5)]
    assert results[:4] == [WrongPin(4), WrongPin(3), WrongPin(2), WrongPin(1)]
    until = clock.now + timedelta(minutes=5)
    assert results[4] == LockedOut(until)
    # Locked: even the right PIN is refused, and is not checked.
    clock.now += timedelta(minutes=4, seconds=59)
    assert await access.unlock("1357") == LockedOut(until)
    assert await access.locked_until() == until
    clock.now = until
    assert await access.locked_until() is None
    assert await access.unlock("1357") == Unlocked("Ana")


async def test_the_lock_is_over_after_five_minutes_and_a_fresh_run_of_tries_begins(
    journal: Journal,
) -> None:
    clock = Clock()
    access = StaffAccess(journal, STAFF, clock=clock)
    for _ in range(5):
        await access.unlock("9999")
    clock.now += timedelta(minutes=5)
    assert await access.unlock("9999") == WrongPin(4)


async def test_a_right_pin_resets_the_count(journal: Journal) -> None:
    access = StaffAccess(journal, STAFF)
    for _ in range(4):
        await access.unlock("1111")
    assert await access.unlock("2468") == Unlocked("Ben")
    assert await access.unlock("1111") == WrongPin(4)


async def test_the_count_and_the_lock_survive_a_restart(tmp_path: Path) -> None:
    clock = Clock()
    path = tmp_path / "journal.sqlite3"
    journal = await Journal.open(path)
    access = StaffAccess(journal, STAFF, clock=clock)
    for _ in range(3):
        await access.unlock("1111")
    await journal.close()

    journal = await Journal.open(path)
    access = StaffAccess(journal, STAFF, clock=clock)
    assert await access.unlock("1111") == WrongPin(1)
    assert isinstance(await access.unlock("1111"), LockedOut)
    await journal.close()

    journal = await Journal.open(path)
    try:
        access = StaffAccess(journal, STAFF, clock=clock)
        assert await access.locked_until() == clock.now + timedelta(minutes=5)
        assert isinstance(await access.unlock("1357"), LockedOut)
    finally:
        await journal.close()


async def test_every_attempt_is_audited_and_never_with_the_pin(journal: Journal) -> None:
    clock = Clock()
    access = StaffAccess(journal, STAFF, clock=clock)
    for _ in range(5):
        await access.unlock("8642")
    await access.unlock("1357")
    log = await journal.audit_log()
    assert [e.action for e in log] == ["PIN refused: locked out", "wrong PIN: locked out"] + [
        "wrong PIN"
    ] * 4
    assert all(e.who == "unknown" and e.at == clock.now for e in log)
    assert log[-1].detail == {"tries_left": 4}
    text = repr(log)
    assert "8642" not in text
    assert "1357" not in text


async def test_no_staff_configured_means_no_pin_unlocks(journal: Journal) -> None:
    assert await StaffAccess(journal, ()).unlock("1357") == WrongPin(4)


async def test_the_audit_log_refuses_secrets_and_personal_data(journal: Journal) -> None:
    for key in ("pin", "phone", "email"):
        with pytest.raises(ValueError, match=key):
            await journal.audit("Ana", "looked", detail={key: "x"})
    with pytest.raises(ValueError, match="who and what"):
        await journal.audit(" ", "looked")
    assert await journal.audit_log() == []


async def test_the_audit_log_reads_newest_first_with_its_details(journal: Journal) -> None:
    await journal.audit("Ana", "entered staff mode")
    await journal.audit("kiosk", "auto-locked", sale_id="s1", detail={"idle_seconds": 120})
    log = await journal.audit_log(limit=1)
    assert len(log) == 1
    assert (log[0].who, log[0].action, log[0].sale_id) == ("kiosk", "auto-locked", "s1")
    assert log[0].detail == {"idle_seconds": 120}
    assert log[0].at.tzinfo is not None
    assert SCHEMA_VERSION >= 2

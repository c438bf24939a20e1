"""Before a kiosk trusts its journal: a folder, another program's file, a damaged, cut-short,
read-only or newer journal is each refused with what is wrong and the fix — and left untouched.
One kiosk per journal: a second is refused; a crashed one's lock is gone with its process."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.checkout.journal import Journal, JournalUnusable
from kiosk.checkout.journal_file import holder
from kiosk.checkout.journal_schema import SCHEMA_VERSION, JournalTooNew
from tests.support.machine import read_only

pytestmark = pytest.mark.asyncio


async def _journal_with_a_sale(path: Path) -> bytes:
    journal = await Journal.open(path)
    await journal.begin_sale("s1", "c", ["m1"], recurring=False)
    await journal.close()
    return _bytes(path)


def _bytes(path: Path) -> bytes:
    return path.read_bytes()


async def _refused(path: Path) -> JournalUnusable:
    with pytest.raises(JournalUnusable) as refused:
        await Journal.open(path)
    return refused.value


async def test_a_folder_where_the_journal_should_be_is_named_a_folder(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    path.mkdir()
    refused = await _refused(path)
    assert "is a folder" in refused.what
    assert "journal_path" in refused.fix


async def test_a_file_that_is_not_sqlite_is_damaged_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    path.write_bytes(b"this is a spreadsheet, not a journal\n" * 50)
    before = path.read_bytes()
    refused = await _refused(path)
    assert "is damaged" in refused.what
    assert "not an SQLite database" in refused.what
    assert "restore the newest backup" in refused.fix
    assert "kiosk reconcile" in refused.fix
    assert path.read_bytes() == before
    assert not path.with_name(path.name + "-wal").exists()


async def test_a_journal_cut_short_is_damaged_and_names_the_newest_backup(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    whole = await _journal_with_a_sale(path)
    backups = tmp_path / "backups"
    backups.mkdir()
    (backups / "journal-20250101T000000Z-v6.sqlite3").write_bytes(whole)
    (backups / "journal-20250301T000000Z-v6.sqlite3").write_bytes(whole)
    path.write_bytes(whole[: len(whole) // 2])
    refused = await _refused(path)
    assert "cut short" in refused.what
    assert f"cp {backups / 'journal-20250301T000000Z-v6.sqlite3'} {path}" in refused.fix
    assert path.read_bytes() == whole[: len(whole) // 2]


async def test_another_programs_database_is_not_taken_for_a_journal(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE invoices (id TEXT)")
    other.commit()
    other.close()
    before = path.read_bytes()
    refused = await _refused(path)
    assert "not a kiosk journal" in refused.what
    assert path.read_bytes() == before


async def test_a_newer_kiosks_journal_names_the_version_that_wrote_it(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    await _journal_with_a_sale(path)
    db = sqlite3.connect(path)
    db.execute("UPDATE kiosk_meta SET value = '9.4.0' WHERE key = 'written_by'")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 3}")
    db.commit()
    db.close()
    with pytest.raises(JournalTooNew) as refused:
        await Journal.open(path)
    assert "kiosk 9.4.0" in refused.value.what
    assert f"schema {SCHEMA_VERSION + 3}" in refused.value.what
    assert "install kiosk 9.4.0 again" in refused.value.fix


async def test_a_read_only_journal_is_refused_with_the_owner_fix(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    before = await _journal_with_a_sale(path)
    with read_only(path):
        refused = await _refused(path)
    assert "cannot be written" in refused.what
    assert "chown" in refused.fix
    assert path.read_bytes() == before


async def test_a_second_kiosk_on_the_same_journal_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    first = await Journal.open(path, exclusive=True)
    try:
        await first.begin_sale("live", "c", ["m1"], recurring=False)
        with pytest.raises(JournalUnusable) as refused:
            await Journal.open(path, exclusive=True)
        assert "in use by another kiosk" in refused.value.what
        assert f"process {os.getpid()}" in refused.value.what
        assert holder(path) == os.getpid()
        assert (await first.get("live")).state.value == "choosing"
    finally:
        await first.close()
    assert holder(path) is None
    again = await Journal.open(path, exclusive=True)
    await again.close()


async def test_a_crashed_kiosks_lock_is_released_by_the_system(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    pid = _a_kiosk_that_crashes_holding(path)
    assert pid > 0
    assert holder(path) is None
    journal = await Journal.open(path, exclusive=True)
    await journal.close()


def _a_kiosk_that_crashes_holding(path: Path) -> int:
    """Start a process that takes the journal's lock, check it holds it, then kill -9 it."""
    holding = (
        "import asyncio, sys\n"
        "from pathlib import Path\n"
        "from kiosk.checkout.journal import Journal\n"
        "async def hold():\n"
        "    await Journal.open(Path(sys.argv[1]), exclusive=True)\n"
        "    print('held', flush=True)\n"
        "    sys.stdin.readline()\n"
        "asyncio.run(hold())\n"
    )
    with subprocess.Popen(
        [sys.executable, "-c", holding, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as kiosk:
        try:
            assert kiosk.stdout is not None
            assert kiosk.stdout.readline().strip() == "held"
            assert holder(path) == kiosk.pid
        finally:
            kiosk.kill()  # a crash: no close, no clean-up
            kiosk.wait(timeout=30)
        return kiosk.pid

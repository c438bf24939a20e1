"""The journal's file: the checks made before a kiosk trusts it, the lock that keeps it one
kiosk's, and what to do when it disappears while the kiosk runs.

Each check that fails is a :class:`JournalUnusable` naming what is wrong and the installer's fix;
no check ever changes, moves or deletes the file it found.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

from kiosk.checkout.journal_health import JournalUnusable
from kiosk.checkout.journal_schema import APPLICATION_ID, SCHEMA_VERSION, JournalTooNew, migrate
from kiosk.checkout.journal_writes import mark_checked

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100
BACKUPS_FOLDER = "backups"  # beside the journal: where install-kiosk keeps its backups


# ---------------------------------------------------------------------- opening


def open_checked(path: Path) -> sqlite3.Connection:
    """The journal at ``path``, once it is proven a journal this kiosk may use and write."""
    check_file(path)
    try:
        connection = connect(path)
    except JournalUnusable:
        raise
    except (sqlite3.Error, OSError) as error:
        raise unusable(path, error) from error
    try:
        mark_checked(connection)
    except (sqlite3.Error, OSError) as error:
        connection.close()
        raise unusable(path, error) from error
    return connection


def connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, isolation_level=None, timeout=10.0)
    try:
        connection.row_factory = sqlite3.Row
        # Read-only looks first: a file that is not for this kiosk is left exactly as it was.
        check_is_ours(path, connection, APPLICATION_ID)
        found = int(connection.execute("PRAGMA user_version").fetchone()[0])
        if found > SCHEMA_VERSION:
            raise JournalTooNew(found, SCHEMA_VERSION, path, written_by(connection))
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("PRAGMA foreign_keys=ON")
        migrate(connection)
    except BaseException:
        connection.close()
        raise
    return connection


def written_by(db: sqlite3.Connection) -> str | None:
    try:
        row = db.execute("SELECT value FROM kiosk_meta WHERE key = 'written_by'").fetchone()
    except sqlite3.Error:
        return None  # written before the journal said which kiosk wrote it
    return None if row is None else str(row[0])


def close(connection: sqlite3.Connection) -> None:
    """Checkpoint the WAL into the file, and close."""
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


# ---------------------------------------------------------------------- before opening


def check_file(path: Path) -> None:
    """What can be seen of ``path`` without SQLite: a folder, another kind of file, a cut one."""
    if path.is_dir():
        raise JournalUnusable(
            path,
            "is a folder, not a journal file",
            f"set [kiosk] journal_path to a file, e.g. {path / 'journal.sqlite3'}, or move the "
            "folder away",
        )
    try:
        size = path.stat().st_size
        with path.open("rb") as file:
            header = file.read(HEADER_SIZE)
    except FileNotFoundError:
        return  # a new kiosk: the journal is created
    except OSError as error:
        raise unusable(path, error) from error
    if size == 0:
        return  # SQLite's own empty database: created as a new journal
    if not header.startswith(SQLITE_MAGIC):
        raise damaged(path, "it is not an SQLite database")
    expected = _expected_size(header)
    if expected is not None and size < expected:
        raise damaged(path, f"it is cut short: {size} bytes of the {expected} its header names")


def _expected_size(header: bytes) -> int | None:
    """The size SQLite's header promises, when its page count is valid (it may not be)."""
    if len(header) < HEADER_SIZE:
        return None
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    change_counter, valid_for = header[24:28], header[92:96]
    if pages == 0 or change_counter != valid_for:
        return None
    return page_size * pages


def check_is_ours(path: Path, db: sqlite3.Connection, application_id: int) -> None:
    """A database the kiosk did not write (another program's SQLite file) is left alone."""
    found = int(db.execute("PRAGMA application_id").fetchone()[0])
    if found == application_id:
        return
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if found == 0 and (not tables or "sales" in tables):
        return  # new, or written before the journal carried its id
    raise JournalUnusable(
        path,
        "is an SQLite database of another program, not a kiosk journal",
        "set [kiosk] journal_path to the kiosk's own journal (the default needs no setting); "
        "the file is left untouched",
    )


# ---------------------------------------------------------------------- what a failure means


def damaged(path: Path, why: str) -> JournalUnusable:
    """The file is there but cannot be read as a journal: kept as it is, a backup restored."""
    return JournalUnusable(
        path,
        f"is damaged ({why}); the kiosk leaves it untouched",
        f"stop the kiosk, move the file aside (mv {path} {path}.damaged) and restore the newest "
        f"backup: {newest_backup(path)}; then run `kiosk reconcile` for each day since that "
        "backup — those sales are in Zenoti and the reader, not in the restored journal",
    )


def newest_backup(path: Path) -> str:
    """The restore command for the newest backup install-kiosk made, or where they would be."""
    folder = path.parent / BACKUPS_FOLDER
    backups = sorted(folder.glob("journal-*.sqlite3")) if folder.is_dir() else []
    if not backups:
        return f"cp <backup> {path} (install-kiosk keeps them in {folder}; there is none yet)"
    return f"cp {backups[-1]} {path}"


def unusable(path: Path, error: BaseException) -> JournalUnusable:
    """The one message for an error SQLite (or the file system) gave while opening."""
    name = getattr(error, "sqlite_errorname", "") or ""
    reason = str(error) or type(error).__name__
    folder = path.parent
    if name == "SQLITE_NOTADB":
        return damaged(path, "it is not an SQLite database")
    if name.startswith("SQLITE_CORRUPT"):
        return damaged(path, reason)
    if name.startswith("SQLITE_READONLY") or isinstance(error, PermissionError):
        return JournalUnusable(
            path,
            f"cannot be written ({reason})",
            f"let the kiosk's user write the file and its folder (chown kiosk: {path} {folder}; "
            "chmod u+rw on the file, u+rwx on the folder); a disk that turned read-only by "
            "itself is failing: check `dmesg`",
        )
    if name == "SQLITE_FULL" or getattr(error, "errno", None) == 28:
        return JournalUnusable(
            path, "cannot be written: the disk is full", f"free space (df -h {folder})"
        )
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return JournalUnusable(
            path,
            "is locked by another program",
            "close the program that holds it (an sqlite3 shell, a backup in progress)",
        )
    if name.startswith("SQLITE_IOERR"):
        return JournalUnusable(
            path,
            f"cannot be read or written ({reason}); the kiosk leaves it untouched",
            "check the disk (`dmesg`, `smartctl -a`); if the error stays, restore the backup: "
            + newest_backup(path),
        )
    return JournalUnusable(
        path,
        f"cannot be opened ({reason})",
        f"let the kiosk's user create and write {folder}, or set [kiosk] journal_path",
    )


# ---------------------------------------------------------------------- one kiosk per journal


class JournalLock:
    """An exclusive lock on ``<journal>.lock``: one kiosk per journal. The operating system
    releases it when the process ends, however it ends, so a crashed kiosk's journal is free."""

    def __init__(self, path: Path, descriptor: int) -> None:
        self.path = path
        self._descriptor: int | None = descriptor

    @classmethod
    def take(cls, journal: Path) -> JournalLock:
        """Lock the journal for this process, or say which kiosk has it."""
        path = lock_path(journal)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            raise unusable(journal, error) from error
        if not _try_lock(descriptor, exclusive=True):
            holder = _read_pid(descriptor)
            os.close(descriptor)
            raise JournalUnusable(
                journal,
                f"is in use by another kiosk ({_process(holder)}); this one touched nothing",
                "one kiosk per journal: stop the other one first (systemctl stop kiosk), or give "
                "this one its own [kiosk] journal_path",
            )
        os.ftruncate(descriptor, 0)
        os.write(descriptor, f"{os.getpid()}\n".encode())
        return cls(path, descriptor)

    def release(self) -> None:
        if self._descriptor is not None:
            os.close(self._descriptor)  # closing releases the lock
            self._descriptor = None


def holder(journal: Path) -> int | None:
    """The process id of the kiosk that holds the journal (0: unknown), or None when free."""
    path = lock_path(journal)
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        if _try_lock(descriptor, exclusive=False):
            _unlock(descriptor)
            return None
        return _read_pid(descriptor)
    finally:
        os.close(descriptor)


def lock_path(journal: Path) -> Path:
    return journal.with_name(journal.name + ".lock")


def _process(pid: int) -> str:
    return f"process {pid}" if pid else "another process"


def _read_pid(descriptor: int) -> int:
    try:
        text = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return 0
    return int(text) if text.isdigit() else 0


if sys.platform == "win32":  # pragma: no cover - the Windows kiosk
    import msvcrt

    def _try_lock(descriptor: int, *, exclusive: bool) -> bool:
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        if not exclusive:
            _unlock(descriptor)
        return True

    def _unlock(descriptor: int) -> None:
        os.lseek(descriptor, 0, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(descriptor: int, *, exclusive: bool) -> bool:
        kind = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        try:
            fcntl.flock(descriptor, kind | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_UN)


# ---------------------------------------------------------------------- while running


@dataclass(frozen=True, slots=True)
class FileIdentity:
    """Which file the journal's connection has open (device and inode)."""

    device: int
    inode: int

    @classmethod
    def of(cls, path: Path) -> FileIdentity | None:
        try:
            found = path.stat()
        except OSError:
            return None
        return cls(found.st_dev, found.st_ino)


def write_open_copy(db: sqlite3.Connection, path: Path) -> Path:
    """The journal's file was deleted (or replaced) while the kiosk had it open: copy what the
    connection holds — everything, the WAL included — beside ``path``; returns the copy."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rescue = path.with_name(path.name + ".restoring")
    rescue.unlink(missing_ok=True)
    db.execute("VACUUM INTO ?", (str(rescue),))
    return rescue


def put_in_place(rescue: Path, path: Path) -> None:
    """The copy becomes the journal; a file someone put there meanwhile is kept beside it."""
    if path.exists():
        path.rename(path.with_name(path.name + ".found"))
    os.replace(rescue, path)

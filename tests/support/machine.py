"""A hostile machine for the fault tests: a disk that fills up, a file made read-only, a small
real file system — each the way the kiosk meets it, at the journal's boundary or for real."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

# What the journal's thread runs that writes (journal.py names them to a fault).
WRITES = frozenset(
    {"begin", "update", "record_consent", "append_audit", "mark_checked", "count_wrong_pin",
     "clear_wrong_pins", "probe_write", "close"}
)  # fmt: skip


class FullDisk:
    """A disk with no space left: every journal write raises ``OSError(ENOSPC)``, reads work.
    Install with ``journal.inject(disk)``; ``disk.full = False`` frees the space."""

    def __init__(self, *, full: bool = False) -> None:
        self.full = full
        self.refused: list[str] = []

    def __call__(self, operation: str) -> None:
        if self.full and operation in WRITES:
            self.refused.append(operation)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """``path`` cannot be written by this process, even as root (the immutable attribute)."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(0o644)
        return
    if shutil.which("chattr") is None:
        pytest.skip("root, and no chattr to make a file read-only")
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"this file system refuses chattr +i: {done.stderr.decode().strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


@contextlib.contextmanager
def small_disk(folder: Path, size: str = "2m") -> Iterator[Path]:
    """A real, tiny tmpfs mounted on ``folder`` (root only; skipped where it cannot be had)."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a real small disk needs root to mount a tmpfs")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path) -> Path:
    """Fill the disk under ``folder`` to the last byte; returns the file to delete to free it."""
    ballast = folder / "ballast"
    descriptor = os.open(ballast, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        for size in (65536, 4096, 1):
            with contextlib.suppress(OSError):
                while True:
                    os.write(descriptor, b"\0" * size)
    finally:
        os.close(descriptor)
    return ballast

"""Test-wide set-up: Qt offscreen, and a real sandbox process the tests talk to over loopback."""

from __future__ import annotations

import os

# Qt must learn its platform before anything imports PySide6.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.sandbox_process import SandboxProcess, start_sandbox


@pytest.fixture(scope="session")
def sandbox_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxProcess]:
    """One sandbox process for the whole run; each test gets it freshly reset."""
    db = Path(tmp_path_factory.mktemp("sandbox")) / "sandbox.sqlite3"
    server = start_sandbox(db)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def sandbox(sandbox_server: SandboxProcess) -> SandboxProcess:
    """The shared sandbox, reseeded, with no faults, an empty request log and no rate limit.

    Tests about the rate limit switch it back on with ``sandbox.settings(rate_limit=...)``.
    """
    sandbox_server.reset()
    sandbox_server.settings(rate_limit={"enabled": False})
    return sandbox_server


@pytest.fixture(autouse=True)
def fail_on_unexpected_log_warnings(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Any WARNING or worse logged during a test fails it, unless the test asserted and cleared it.

    A test that expects a warning checks ``caplog.records`` and then calls ``caplog.clear()``.
    """
    yield
    unexpected = [r for r in caplog.get_records("call") if r.levelno >= logging.WARNING]
    if unexpected:
        lines = "\n".join(f"{r.levelname} {r.name}: {r.getMessage()}" for r in unexpected)
        pytest.fail(f"unexpected log records at WARNING or above:\n{lines}", pytrace=False)

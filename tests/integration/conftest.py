"""Fixtures shared by the integration tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.sandbox_client import zenoti_client
from tests.support.sandbox_process import SandboxProcess


@pytest.fixture
def zenoti(sandbox: SandboxProcess) -> Iterator[httpx.Client]:
    """A plain HTTP client on the sandbox's Zenoti routes, with the API key."""
    with zenoti_client(sandbox) as client:
        yield client


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Platform folders of a fresh user, for this process and its children."""
    environ = {}
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        folder = tmp_path / name.lower()
        folder.mkdir()
        monkeypatch.setenv(name, str(folder))
        environ[name] = str(folder)
    for name in [n for n in os.environ if n.startswith("KIOSK_")]:
        monkeypatch.delenv(name)
    return environ

"""Fixtures shared by the integration tests."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.support.sandbox_client import zenoti_client
from tests.support.sandbox_process import SandboxProcess


@pytest.fixture
def zenoti(sandbox: SandboxProcess) -> Iterator[httpx.Client]:
    """A plain HTTP client on the sandbox's Zenoti routes, with the API key."""
    with zenoti_client(sandbox) as client:
        yield client

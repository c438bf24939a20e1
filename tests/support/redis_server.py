"""A real ``redis-server`` of the test's own, on a free loopback port in a temporary folder.

Debian's ``redis-server`` is installed by ``scripts/setup``. Where it is missing a test that
needs it is skipped on a developer's machine, and fails under CI (``CI=true``): a fleet test
that never ran is no proof.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.simulation.redis_process import BINARY, RedisProcess
from kiosk.simulation.redis_process import redis_binary as installed_redis

RedisServer = RedisProcess  # the name the tests know it by


def redis_binary() -> str:
    """The redis-server to run; skips the test (fails it under CI) when there is none."""
    found = installed_redis()
    if found is None:
        message = f"{BINARY} is not installed (scripts/setup installs Debian's redis-server)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return found


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A fresh, empty redis-server for one test, stopped after it."""
    folder = tmp_path / "redis"
    folder.mkdir()
    server = RedisServer(redis_binary(), folder)
    server.start()
    try:
        yield server
    finally:
        server.stop()

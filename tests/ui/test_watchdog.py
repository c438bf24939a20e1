"""The systemd notifications, received on a real AF_UNIX datagram socket."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from kiosk.ui.watchdog import announce_ready
from tests.ui.conftest import until


@pytest.fixture
def notify_socket(tmp_path: Path) -> Iterator[tuple[str, socket.socket]]:
    """A socket standing where systemd's NOTIFY_SOCKET would be."""
    path = str(tmp_path / "notify")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(path)
    server.setblocking(False)
    yield path, server
    server.close()


def received(server: socket.socket) -> list[str]:
    messages = []
    while True:
        try:
            messages.append(server.recv(4096).decode())
        except BlockingIOError:
            return messages


@pytest.mark.asyncio
async def test_ready_then_watchdog_pings_while_the_qt_loop_runs(
    notify_socket: tuple[str, socket.socket],
) -> None:
    path, server = notify_socket
    window = QWidget()
    notifier = announce_ready(window, {"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "100000"})
    assert notifier is not None
    seen: list[str] = []

    def pinged_twice() -> bool:
        seen.extend(received(server))
        return seen.count("WATCHDOG=1") >= 2

    await until(pinged_twice, what="two watchdog pings")
    assert seen[0] == "READY=1"
    notifier.stopping()
    assert not notifier.pinging
    assert received(server)[-1:] == ["STOPPING=1"]
    window.deleteLater()


def test_without_a_watchdog_it_says_ready_and_does_not_ping(
    notify_socket: tuple[str, socket.socket],
) -> None:
    path, server = notify_socket
    window = QWidget()
    notifier = announce_ready(window, {"NOTIFY_SOCKET": path})
    assert notifier is not None
    assert received(server) == ["READY=1"]
    assert not notifier.pinging
    window.deleteLater()


def test_an_abstract_socket_address_is_understood() -> None:
    name = f"kiosk-notify-test-{os.getpid()}"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind("\0" + name)
    server.setblocking(False)
    window = QWidget()
    try:
        assert announce_ready(window, {"NOTIFY_SOCKET": "@" + name}) is not None
        assert received(server) == ["READY=1"]
    finally:
        server.close()
        window.deleteLater()


def test_outside_systemd_nothing_is_sent() -> None:
    window = QWidget()
    assert announce_ready(window, {}) is None
    window.deleteLater()

"""A ``redis-server`` of one's own on a free loopback port, in a folder of its own: what
``kiosk simulate --kiosks N`` runs its fleet on (and kills and restarts in its chaos), and what
the fleet's tests start for each test. Nothing is saved to disk.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

BINARY = "redis-server"


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def redis_binary() -> str | None:
    """Debian's redis-server on this machine's PATH, if installed."""
    return shutil.which(BINARY)


class RedisProcess:
    """One ``redis-server`` that may be killed and started again on the same port."""

    def __init__(self, binary: str, folder: Path, port: int | None = None) -> None:
        self.binary = binary
        self.folder = folder
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Start it and wait until it answers PING (10 s at most)."""
        if self.process is not None:
            raise RuntimeError("redis-server is already running")
        self.process = subprocess.Popen(  # noqa: S603 - Debian's redis-server, fixed arguments
            [
                self.binary,
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--dir", str(self.folder),
                "--save", "",
                "--appendonly", "no",
                "--daemonize", "no",
                "--loglevel", "warning",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10.0
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                code = self.process.returncode
                self.process = None
                raise RuntimeError(f"redis-server exited with {code}")
            if self.answers():
                return
            time.sleep(0.02)
        self.stop()
        raise RuntimeError("redis-server did not answer within 10 s")

    def answers(self) -> bool:
        """Whether something on the port answers PING with PONG."""
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        """Kill it outright (SIGKILL: a Redis that just disappears)."""
        if self.process is None:
            return
        self.process.kill()
        self.process.wait(timeout=10)
        self.process = None

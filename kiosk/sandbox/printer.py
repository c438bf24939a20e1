"""The sandbox's receipt printer: a loopback TCP listener that speaks ESC/POS like a network
thermal printer on port 9100. It answers ``DLE EOT`` status queries, keeps every job it prints,
and can be told (through ``/_sandbox/printer``) to run out of paper, go offline or be slow.

It runs on its own thread inside the sandbox process; one connection is one job, as the kiosk
sends them.
"""

from __future__ import annotations

import socket
import socketserver
import struct
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from kiosk.sandbox.printer_stream import parse

if TYPE_CHECKING:
    from kiosk.sandbox.printer_render import Rendered

PAPER_WIDTH_DOTS = 576  # an 80 mm roll
KEPT_JOBS = 50
READ_TIMEOUT_S = 30.0

# DLE EOT answers (Epson): n=1 printer status, n=2 offline cause, n=3 error cause, n=4 paper.
_ONLINE, _OFFLINE = 0x12, 0x1A
_PAPER = {"ok": 0x12, "low": 0x1E, "out": 0x72}
PAPER_STATES = tuple(_PAPER)


@dataclass
class PrintedJob:
    """One job the printer printed: its bytes, and when they came."""

    id: int
    received_at: str
    data: bytes
    _rendered: Rendered | None = field(default=None, repr=False)

    def rendered(self, dots: int) -> Rendered:
        # Pillow loads when a job is first looked at, not when the sandbox starts.
        from kiosk.sandbox.printer_render import render

        if self._rendered is None:
            self._rendered = render(self.data, dots)
        return self._rendered


@dataclass
class Faults:
    """What is wrong with the printer now."""

    paper: str = "ok"  # "ok", "low" or "out"
    online: bool = True  # False: connections are reset at once, as by a printer switched off
    delay_s: float = 0.0  # every answer this late (a printer that hangs)


class SandboxPrinter:
    """A listening printer on ``127.0.0.1:<port>``."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.faults = Faults()
        self.dots = PAPER_WIDTH_DOTS
        self._jobs: list[PrintedJob] = []
        self._next_id = 1
        self._lock = threading.Lock()
        printer = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                printer._serve(self.request)

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self._server = Server((host, port), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="sandbox-printer", daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def start(self) -> SandboxPrinter:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reset(self) -> None:
        """No jobs, no faults."""
        with self._lock:
            self._jobs.clear()
            self.faults = Faults()

    def set_faults(self, changes: dict[str, Any]) -> None:
        """Change ``paper``, ``online`` and ``delay_s`` (the others stay)."""
        paper = changes.get("paper", self.faults.paper)
        if paper not in _PAPER:
            raise ValueError(f"paper must be one of {', '.join(PAPER_STATES)}")
        online = changes.get("online", self.faults.online)
        delay = changes.get("delay_s", self.faults.delay_s)
        if not isinstance(online, bool):
            raise ValueError("online must be true or false")
        if isinstance(delay, bool) or not isinstance(delay, int | float | Decimal):
            raise ValueError("delay_s must be a number of seconds from 0 to 120")
        if not 0 <= delay <= 120:
            raise ValueError("delay_s must be a number of seconds from 0 to 120")
        with self._lock:
            self.faults = Faults(paper=paper, online=online, delay_s=float(delay))

    def jobs(self) -> list[PrintedJob]:
        with self._lock:
            return list(self._jobs)

    def job(self, job_id: int) -> PrintedJob | None:
        return next((job for job in self.jobs() if job.id == job_id), None)

    def clear_jobs(self) -> None:
        with self._lock:
            self._jobs.clear()

    # ------------------------------------------------------------------ one connection

    def _serve(self, connection: socket.socket) -> None:
        faults = self.faults
        if not faults.online:
            # Reset, not a polite close: what a switched-off printer's address answers.
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return
        connection.settimeout(READ_TIMEOUT_S)
        received = b""
        read_to = 0
        printed = False
        while True:
            try:
                chunk = connection.recv(65536)
            except OSError:
                break
            if not chunk:
                break
            received += chunk
            commands, read_to = parse(received, read_to)
            for command in commands:
                if command.name == "DLE EOT":
                    if not self._answer(connection, command.params):
                        return
                elif command.name != "unknown":
                    printed = True
        if printed and self.faults.paper != "out" and self.faults.online:
            self._keep(received)

    def _answer(self, connection: socket.socket, params: bytes) -> bool:
        faults = self.faults
        if faults.delay_s:
            time.sleep(faults.delay_s)
        if params == b"\x04":
            answer = _PAPER[faults.paper]
        else:
            answer = _OFFLINE if faults.paper == "out" and params == b"\x01" else _ONLINE
        try:
            connection.sendall(bytes([answer]))
        except OSError:
            return False
        return True

    def _keep(self, data: bytes) -> None:
        with self._lock:
            job = PrintedJob(self._next_id, datetime.now(UTC).isoformat(), data)
            self._next_id += 1
            self._jobs = [*self._jobs, job][-KEPT_JOBS:]

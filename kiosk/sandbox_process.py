"""Start, drive and stop a sandbox process (``python -m kiosk sandbox --port 0``).

The sandbox is told the kiosk's pid and stops by itself when the kiosk is gone, so a kiosk that is
killed outright leaves no sandbox behind.

The kiosk starts one when no Zenoti key is configured, and a ``SandboxKeeper`` starts it again if
its process dies (same address, same data: the kiosk keeps its URL). ``kiosk simulate`` and the
tests start one too. Its control routes (``/_sandbox/*``) script faults and the simulated reader,
and show the sandbox's own state for invariant checks. This module talks to the sandbox only over
HTTP: the product never imports the sandbox's code.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from kiosk.tls import context_for

log = logging.getLogger("kiosk.init")

READY_LINE = re.compile(r"(http://127\.0\.0\.1:\d+)")
START_TIMEOUT_S = 30.0


@dataclass
class SandboxProcess:
    """A running sandbox: its base URL, API key and the control routes under ``/_sandbox/``."""

    base_url: str
    db_path: Path
    process: subprocess.Popen[str] | None
    _info: dict[str, Any] | None = field(default=None, repr=False)
    _reader: threading.Thread | None = field(default=None, repr=False)
    extra_args: tuple[str, ...] = ()  # how it was started, to start it again the same way

    @property
    def port(self) -> int:
        return int(self.base_url.rsplit(":", 1)[1])

    @property
    def alive(self) -> bool:
        """Its process runs (a sandbox someone else started counts as alive)."""
        return self.process is None or self.process.poll() is None

    def restart(self) -> None:
        """Start the sandbox again on the same address and data, after its process died."""
        if self.process is None:
            raise RuntimeError("this sandbox was started by someone else")
        self._close_output()
        fresh = start_sandbox(self.db_path, *self.extra_args, port=self.port)
        self.process, self._reader, self._info = fresh.process, fresh._reader, None

    def _control(self, method: str, path: str, json: Any = None) -> Any:
        verify = context_for(self.base_url)
        with httpx.Client(base_url=self.base_url, timeout=10.0, verify=verify) as http:
            response = http.request(method, f"/_sandbox/{path}", json=json)
            response.raise_for_status()
            return response.json() if response.content else None

    def info(self) -> dict[str, Any]:
        """What a client needs to configure itself (centers, kiosk employee, payment types, key)."""
        if self._info is None:
            self._info = self._control("GET", "info")
        return self._info

    @property
    def api_key(self) -> str:
        return str(self.info()["api_key"])

    @property
    def center_id(self) -> str:
        return str(self.info()["centers"][0]["id"])

    def reset(self) -> None:
        """Back to the seed: state, faults, request log, outbox and settings."""
        self._control("POST", "reset")
        self._info = None

    def settings(self, **changes: Any) -> dict[str, Any]:
        """Change sandbox settings (rate_limit, auto_close, latency_ms, mandatory fields...)."""
        result: dict[str, Any] = self._control("PUT", "settings", json=changes)
        return result

    def inject(self, **fault: Any) -> str:
        """Inject a fault: method, path (glob), kind, count, and the kind's own fields."""
        return str(self._control("POST", "faults", json=fault)["id"])

    def clear_faults(self) -> None:
        """Remove every fault still waiting to strike."""
        self._control("DELETE", "faults")

    def requests(self) -> list[dict[str, Any]]:
        """The request log of the product's routes (control routes are not logged)."""
        rows: list[dict[str, Any]] = self._control("GET", "requests")["requests"]
        return rows

    def clear_requests(self) -> None:
        self._control("DELETE", "requests")

    def outbox(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = self._control("GET", "outbox")["emails"]
        return rows

    def invoices(self) -> list[dict[str, Any]]:
        """Every invoice the sandbox holds, with items and transactions (for invariants)."""
        rows: list[dict[str, Any]] = self._control("GET", "invoices")["invoices"]
        return rows

    def payment_intents(self) -> list[dict[str, Any]]:
        """Every payment intent the simulated processor holds."""
        rows: list[dict[str, Any]] = self._control("GET", "payment_intents")["payment_intents"]
        return rows

    def reader(self, **script: Any) -> dict[str, Any]:
        """Script the simulated reader (next_process, online, processing_ms)."""
        result: dict[str, Any] = self._control("POST", "reader", json=script)
        return result

    def reader_state(self) -> dict[str, Any]:
        """The simulated reader as Stripe would show it (its current ``action``)."""
        reader = self.info()["reader"]
        verify = context_for(self.base_url)
        with httpx.Client(base_url=self.base_url, timeout=10.0, verify=verify) as http:
            response = http.get(
                f"{reader['base_path']}/v1/terminal/readers/{reader['readers'][0]['id']}",
                headers={"Authorization": f"Bearer {reader['secret_key']}"},
            )
            response.raise_for_status()
            state: dict[str, Any] = response.json()
            return state

    def stop(self) -> None:
        """Stop the process if this object started it."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._close_output()

    def _close_output(self) -> None:
        # The reader drains stdout until the process's end; close the pipe only after it is done.
        if self._reader is not None:
            self._reader.join(timeout=10)
        if self.process is not None and self.process.stdout is not None:
            self.process.stdout.close()


def attach_sandbox(base_url: str) -> SandboxProcess:
    """Drive a sandbox that is already running (started by someone else)."""
    return SandboxProcess(base_url=base_url.rstrip("/"), db_path=Path(), process=None)


def kiosk_command() -> list[str]:
    """How to run this very ``kiosk`` program again, from a checkout, a venv or a frozen build.

    A standalone build has no Python interpreter to pass ``-m kiosk`` to: its ``sys.executable``
    is the kiosk binary itself, which takes the subcommand directly.
    """
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "kiosk"]


def start_sandbox(db_path: Path, *extra_args: str, port: int = 0) -> SandboxProcess:
    """Start ``kiosk sandbox --port <port>`` (0: any free one) and wait for the line that names
    its URL."""
    process = subprocess.Popen(  # noqa: S603 - our own program, fixed arguments
        [
            *kiosk_command(),
            "sandbox",
            "--port",
            str(port),
            "--db",
            str(db_path),
            "--parent-pid",
            str(os.getpid()),
            *extra_args,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    found: list[str] = []
    seen: list[str] = []
    ready = threading.Event()

    def read_until_ready() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            seen.append(line)
            match = READY_LINE.search(line)
            if match:
                found.append(match.group(1))
                break
        ready.set()  # announced, or the output ended without the line
        # Keep draining so the child never blocks on a full pipe.
        for _line in process.stdout:
            pass

    reader = threading.Thread(target=read_until_ready, daemon=True)
    reader.start()
    ready.wait(START_TIMEOUT_S)
    if not found:
        process.kill()
        process.wait(timeout=10)
        reader.join(timeout=10)
        assert process.stdout is not None
        process.stdout.close()
        raise RuntimeError("the sandbox did not start:\n" + "".join(seen))
    return SandboxProcess(
        base_url=found[0],
        db_path=db_path,
        process=process,
        _reader=reader,
        extra_args=tuple(extra_args),
    )


class SandboxKeeper:
    """Keeps the kiosk's own sandbox running: when its process dies it is started again on the
    same address and data. A sandbox that dies again at once is retried less and less often."""

    def __init__(
        self, sandbox: SandboxProcess, *, retry_s: float = 1.0, max_retry_s: float = 30.0
    ) -> None:
        self.sandbox = sandbox
        self.restarts = 0
        self._retry_s = retry_s
        self._max_retry_s = max_retry_s
        self._stopping = threading.Event()
        self._lock = threading.Lock()  # a restart and a stop never overlap
        self._thread = threading.Thread(target=self._keep, name="sandbox-keeper", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop keeping it, then stop it."""
        self._stopping.set()
        with self._lock:
            self.sandbox.stop()
        self._thread.join(timeout=START_TIMEOUT_S)

    def _keep(self) -> None:
        wait_s = self._retry_s
        started = time.monotonic()
        while not self._stopping.is_set():
            process = self.sandbox.process
            if process is None:
                return
            code = process.wait()
            if self._stopping.is_set():
                return
            if time.monotonic() - started < 10 * self._retry_s:
                # It died soon after starting: wait before the next try, longer each time.
                if self._stopping.wait(wait_s):
                    return
                wait_s = min(self._max_retry_s, wait_s * 2)
            else:
                wait_s = self._retry_s
            log.warning("the sandbox stopped (exit code %s): starting it again", code)
            with self._lock:
                if self._stopping.is_set():
                    return
                try:
                    self.sandbox.restart()
                except RuntimeError as error:
                    log.warning("the sandbox did not start again: %s", error)
                    started = time.monotonic()  # the next try waits, longer each time
                    continue
            started = time.monotonic()
            self.restarts += 1

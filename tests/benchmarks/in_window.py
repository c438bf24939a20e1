"""Figures measured inside one kiosk process: event-loop lateness during scripted UI sales, the
kiosk's own time beyond the network, Zenoti calls per sale, the catalogue at scale, and memory."""

from __future__ import annotations

import asyncio
import gc
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QAbstractScrollArea, QApplication

from kiosk.app import AppOptions, open_window
from kiosk.autopilot import AutopilotOptions, drive
from kiosk.config import config_from_sandbox
from kiosk.sandbox_process import SandboxProcess, start_sandbox
from kiosk.simulation.runner import UNTHROTTLED_PER_MINUTE
from kiosk.ui.first_paint import on_next_paint, ready_for_guests
from kiosk.ui.scripted_guest import (
    accept_terms,
    card_titles,
    choose,
    identify_returning_guest,
    on_screen,
    pay_by_card,
    tap,
    tap_digits,
    touch,
    type_on_keyboard,
    until,
)
from kiosk.ui.window import KioskWindow
from tests.benchmarks.harness import open_sockets, percentile, rss_kb


class LatenessMonitor(QObject):
    """A 1 ms timer on the Qt thread: how late each tick fires is how long the loop was blocked."""

    INTERVAL_MS = 1

    WORST = 5  # how many of the longest stalls keep where they happened

    def __init__(self) -> None:
        super().__init__()
        self.stalls_ms: list[float] = []
        # The longest stalls: (ms, the screen last navigated to, ms after that navigation).
        self.worst: list[tuple[float, str, float]] = []
        self._screen = ("start", 0.0)
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(self.INTERVAL_MS)
        self._timer.timeout.connect(self._tick)
        self._last = 0.0

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def navigated(self, name: str) -> None:
        """Where the kiosk went (connect to the router), to say where the worst stalls were."""
        self._screen = (name, time.perf_counter())

    def _tick(self) -> None:
        now = time.perf_counter()
        stall = max(0.0, (now - self._last) * 1000 - self.INTERVAL_MS)
        self.stalls_ms.append(stall)
        if len(self.worst) < self.WORST or stall > self.worst[-1][0]:
            name, since = self._screen
            self.worst.append((stall, name, max(0.0, (self._last - since) * 1000)))
            self.worst = sorted(self.worst, reverse=True)[: self.WORST]
        self._last = now


@asynccontextmanager
async def kiosk_on(sandbox: SandboxProcess, profile: str = "kiosk") -> AsyncIterator[KioskWindow]:
    """The kiosk's window (as ``kiosk`` builds it) on ``sandbox``, shown and ready for a guest."""
    sandbox.settings(rate_limit={"enabled": False})
    with tempfile.TemporaryDirectory() as scratch:
        config = config_from_sandbox(
            sandbox.base_url,
            sandbox.info(),
            journal_path=Path(scratch) / "journal.sqlite3",
            rate_per_minute=UNTHROTTLED_PER_MINUTE,
        )
        async with open_window(config, AppOptions(profile=profile)) as window:
            window.show()
            await ready_for_guests(window)
            try:
                yield window
            finally:
                window.flow.end()
                window.shutdown()
                window.deleteLater()
                await asyncio.sleep(0)


def sandbox_with(*args: str) -> SandboxProcess:
    folder = Path(tempfile.mkdtemp(prefix="kiosk-bench-"))
    return start_sandbox(folder / "sandbox.sqlite3", *args)


def _product_calls(sandbox: SandboxProcess) -> tuple[int, int]:
    """(Zenoti calls, all product calls) in the sandbox's request log."""
    rows = sandbox.requests()
    return sum(1 for r in rows if str(r.get("path", "")).startswith("/v1/")), len(rows)


async def responsiveness_and_overhead(latency_ms: int, sales: int) -> dict[str, Any]:
    """Scripted UI sales on a sandbox answering every call ``latency_ms`` late."""
    sandbox = sandbox_with("--latency-ms", str(latency_ms), "--no-rate-limit")
    try:
        sandbox.reader(processing_ms=0)
        async with kiosk_on(sandbox) as window:
            sandbox.clear_requests()
            monitor = LatenessMonitor()
            window.router.navigated.connect(monitor.navigated)
            monitor.start()
            summary = await drive(window, AutopilotOptions(sales=sales))
            monitor.stop()
            zenoti, calls = _product_calls(sandbox)
    finally:
        sandbox.stop()
    return {
        "summary": summary,
        "stalls_ms": monitor.stalls_ms,
        "max_ms": max(monitor.stalls_ms),
        "worst": monitor.worst,
        "p99_ms": percentile(monitor.stalls_ms, 99),
        "calls": calls,
        "zenoti_calls": zenoti,
        "overhead_ms_per_sale": (summary["seconds"] - calls * latency_ms / 1000) * 1000 / sales,
    }


async def calls_per_sale() -> dict[str, int]:
    """Zenoti calls for one sale of each kind, from the sandbox's request log."""
    sandbox = sandbox_with("--no-rate-limit")
    counts: dict[str, int] = {}
    try:
        sandbox.reader(processing_ms=0)
        async with kiosk_on(sandbox) as window:
            for kind in ("returning guest", "new guest", "recurring"):
                sandbox.clear_requests()
                await _sell(window, kind)
                counts[kind] = _product_calls(sandbox)[0]
    finally:
        sandbox.stop()
    return counts


async def _sell(window: KioskWindow, kind: str) -> None:
    if kind == "recurring":
        await choose(window, "Glow Monthly")
    else:
        await choose(window, "Serenity 3-Month Pass")
    if kind == "new guest":
        await tap_digits(window, "3475550177")
        await tap(window, "Find me")
        await tap(window, "Sign up")
        register = await on_screen(window, "register")
        for editor, value in (
            (register.first_name, "Zoe"),  # type: ignore[attr-defined]
            (register.last_name, "Quill"),  # type: ignore[attr-defined]
            (register.email, "zoe.quill@example.com"),  # type: ignore[attr-defined]
        ):
            touch(editor)
            await type_on_keyboard(window, value)
        await tap(window, "Continue")
        await on_screen(window, "terms", timeout=15)
    else:
        await identify_returning_guest(window, "9175550199")
    await accept_terms(window)
    await pay_by_card(window, "Approve")
    await on_screen(window, "receipt", timeout=30)
    await tap(window, "Done")
    await on_screen(window, "attract")


async def catalogue_scale(size: int, rounds: int = 3) -> dict[str, Any]:
    """Seconds from the tap on attract to the catalogue painted with its cards; scroll frames."""
    sandbox = sandbox_with("--catalogue-size", str(size), "--no-rate-limit")
    paints: list[float] = []
    frames: list[float] = []
    try:
        async with kiosk_on(sandbox) as window:
            for _ in range(rounds):
                painted = asyncio.get_running_loop().create_future()
                started = time.perf_counter()
                await tap(window, "Tap to start")
                catalog = await on_screen(window, "catalog")
                await until(lambda c=catalog: bool(card_titles(c)), 30, "the cards")
                on_next_paint(catalog, lambda p=painted: p.done() or p.set_result(None))
                await painted
                paints.append(time.perf_counter() - started)
                shown = len(card_titles(catalog))
                frames += _scroll_frames(catalog)
                window.reset()
                await on_screen(window, "attract")
    finally:
        sandbox.stop()
    return {"first_paint_s": paints, "frames_ms": frames, "cards": shown}


def _scroll_frames(screen: Any) -> list[float]:
    """Scroll the catalogue top to bottom in finger-flick steps, timing each repaint."""
    areas = [a for a in screen.findChildren(QAbstractScrollArea) if a.isVisibleTo(screen)]
    area = max(areas, key=lambda a: a.verticalScrollBar().maximum())
    bar = area.verticalScrollBar()
    frames = []
    for value in range(0, bar.maximum() + 1, 40):
        bar.setValue(value)
        started = time.perf_counter()
        area.viewport().repaint()
        frames.append((time.perf_counter() - started) * 1000)
    bar.setValue(0)
    return frames


def _census() -> dict[str, int]:
    gc.collect()
    return {
        "rss_kb": rss_kb(),
        "widgets": len(QApplication.allWidgets()),
        "tasks": len(asyncio.all_tasks()),
        "sockets": open_sockets(),
    }


async def ui_memory(warmup: int, sales: int) -> dict[str, Any]:
    """Resident memory after start, after ``warmup`` UI sales and after ``sales`` more."""
    sandbox = sandbox_with("--no-rate-limit")
    try:
        sandbox.reader(processing_ms=0)
        async with kiosk_on(sandbox) as window:
            started = _census()
            await drive(window, AutopilotOptions(sales=warmup))
            before = _census()
            summary = await drive(window, AutopilotOptions(sales=sales))
            after = _census()
    finally:
        sandbox.stop()
    return {"start": started, "before": before, "after": after, "summary": summary}

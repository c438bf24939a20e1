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

from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QScrollArea, QWidget

from kiosk.app import AppOptions, open_window
from kiosk.commands.autopilot import AutopilotOptions, drive
from kiosk.commands.scripted_guest import (
    accept_terms,
    card_titles,
    choose,
    find_button,
    identify_returning_guest,
    on_screen,
    pay_by_card,
    save_card_on_phone,
    tap,
    tap_digits,
    touch,
    type_on_keyboard,
)
from kiosk.config import UNTHROTTLED_PER_MINUTE, config_from_sandbox
from kiosk.sandbox_process import SandboxProcess, start_sandbox
from kiosk.ui import allocator
from kiosk.ui.first_paint import on_next_paint, ready_for_guests
from kiosk.ui.window import KioskWindow
from tests.benchmarks.engine_alone import engine_overhead, sell_without_screens
from tests.benchmarks.harness import median, open_sockets, percentile, rss_kb
from tests.benchmarks.stalls import StallMonitor


@asynccontextmanager
async def kiosk_on(sandbox: SandboxProcess, profile: str = "kiosk") -> AsyncIterator[KioskWindow]:
    """The kiosk's window (as ``kiosk`` builds it) on ``sandbox``, shown and ready for a guest,
    its idle work after start (making the guest's screens) done: a guest arrives at a kiosk that
    has been standing there, not within a fraction of a second of its start."""
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
            if window.warming_up is not None:
                await window.warming_up
            try:
                yield window
            finally:
                window.flow.end()
                window.shutdown()
        # Its tasks are stopped now (``open_window``): none takes a step on deleted widgets.
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
            # The guest's first recurring membership saves their card on Zenoti's page (a sale
            # of its own shape, waiting on a phone): done once here, through the engine, so that
            # every timed sale, UI or engine, is the same sale. The screens' first showings
            # stay in the timed UI sales.
            await sell_without_screens(window.flow, AutopilotOptions().phone)
            sandbox.clear_requests()
            monitor = StallMonitor()
            window.router.navigated.connect(monitor.navigated)
            window.touches.add(monitor.observe)
            monitor.start()
            summary = await drive(window, AutopilotOptions(sales=sales))
            monitor.stop()
            paintings = one_painting_ms(window, monitor.screens)
            zenoti, calls = _product_calls(sandbox)
            engine = await engine_overhead(
                window.flow, sandbox, AutopilotOptions().phone, sales, latency_ms
            )
            # The autopilot starts each sale by asking for the kiosk's health (the scripted
            # guest's own wait, its calls beside the sale): timed alone, to take it out.
            health_s = []
            for _ in range(3):
                started = time.perf_counter()
                await window.flow.health()
                health_s.append(time.perf_counter() - started)
    finally:
        sandbox.stop()
    return {
        "engine": engine,
        "summary": summary,
        "stalls_ms": monitor.stalls_ms,
        "max_ms": max(monitor.stalls_ms),
        "worst": monitor.worst,
        "p99_ms": percentile(monitor.stalls_ms, 99),
        "paintings_ms": paintings,
        "calls": calls,
        "zenoti_calls": zenoti,
        # How long the Qt thread was busy (every tick's lateness, summed): the kiosk's own work
        # on it (events, layout, painting; the scripted guest's few lines too), whatever the pace.
        "busy_ms_per_sale": sum(monitor.stalls_ms) / sales,
        "busy_by_module": monitor.busy_by_module(),
        "presses_per_sale": monitor.presses / sales,
        "screens_per_sale": monitor.screen_changes / sales,
        # The sale's own calls are the engine's (the screens add calls of their own beside the
        # sale, attract's health looks, which run while the guest is elsewhere).
        "health_look_s": median(health_s),
        "overhead_ms_per_sale": (
            summary["seconds_per_sale"]
            - median(health_s)
            - engine["calls"] / sales * latency_ms / 1000
        )
        * 1000,
    }


def one_painting_ms(window: KioskWindow, names: list[str], times: int = 5) -> dict[str, float]:
    """How long one painting of each of these screens takes, as the fade paints its picture (the
    median of ``times``, each screen as the sales left it): the least the frame that first shows
    a screen can cost, before Qt's showing of its widgets, their layout and the press that
    asked for it."""
    canvas: QPixmap | None = None
    painted: dict[str, float] = {}
    for name in names:
        holder = window.router.screen(name).parentWidget()
        while holder is not None and not isinstance(holder, QScrollArea):
            holder = holder.parentWidget()  # the screen's viewport, then the holder it sits in
        if holder is None:
            continue
        if canvas is None or canvas.size() != holder.size():
            canvas = QPixmap(holder.size())
        spent = []
        for _ in range(times):
            started = time.perf_counter()
            canvas.fill()
            holder.render(canvas, QPoint(), holder.rect())
            spent.append((time.perf_counter() - started) * 1000)
        painted[name] = median(spent)
    return painted


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
    if kind == "recurring":
        await save_card_on_phone(window)  # a card for the later payments, on Zenoti's page
    await on_screen(window, "receipt", timeout=30)
    await tap(window, "Done")
    await on_screen(window, "attract")


async def catalogue_scale(size: int, profile: str, rounds: int = 3) -> dict[str, Any]:
    """The catalogue of ``size`` memberships on the ``profile`` window: first paint and scroll.

    Each round opens a new window, so its first visit builds the catalogue's cards as a guest's
    first tap would; the visit after a reset (the next guest) is timed too. A visit is timed from
    the tap on "Tap to start" to the end of the first paint that shows cards.
    """
    sandbox = sandbox_with("--catalogue-size", str(size), "--no-rate-limit")
    first: list[float] = []
    again: list[float] = []
    frames: list[float] = []
    try:
        for _ in range(rounds):
            async with kiosk_on(sandbox, profile) as window:
                first.append(await _visit(window))
                catalog = window.router.current
                shown = len(card_titles(catalog))
                await asyncio.sleep(0.3)  # the screen's fade-in is over: time the scroll alone
                frames += _scroll_frames(catalog)
                window.reset()
                await on_screen(window, "attract")
                again.append(await _visit(window))
    finally:
        sandbox.stop()
    return {"first_paint_s": first, "again_paint_s": again, "frames_ms": frames, "cards": shown}


async def _visit(window: KioskWindow) -> float:
    """Seconds from the tap on attract to the catalogue painted with its cards."""
    start = find_button(window, "Tap to start")
    assert start is not None
    started = time.perf_counter()
    touch(start)
    catalog = window.router.screen("catalog")
    shown = False
    while not shown:  # paint after paint, until one showed the cards
        shown = window.router.current is catalog and bool(card_titles(catalog))
        await _next_paint(catalog)
    return time.perf_counter() - started


async def _next_paint(widget: QWidget) -> None:
    painted: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    on_next_paint(widget, lambda: None if painted.done() else painted.set_result(None))
    await painted


class _Paints(QObject):
    """Counts the paints of a scroll area's view and content (to be sure a timed scroll step
    painted something: content that moves what it painted repaints only itself, in a strip)."""

    def __init__(self, area: QAbstractScrollArea) -> None:
        super().__init__(area)
        self.count = 0
        area.viewport().installEventFilter(self)
        content = area.widget() if isinstance(area, QScrollArea) else None
        if content is not None:
            content.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() is QEvent.Type.Paint:
            self.count += 1
        return False


def _scroll_frames(screen: Any) -> list[float]:
    """Scroll the catalogue top to bottom in finger-flick steps of 40 px, timing each step as a
    frame of a kinetic scroll costs: moving the scroll bar (the kiosk brings in the cards of the
    rows coming into view) and then the repaint Qt does for that move."""
    areas = [a for a in screen.findChildren(QAbstractScrollArea) if a.isVisibleTo(screen)]
    area = max(areas, key=lambda a: a.verticalScrollBar().maximum())
    bar = area.verticalScrollBar()
    paints = _Paints(area)
    frames = []
    value = 0
    while value < bar.maximum():  # the end moves as rows are measured on the way down
        value = min(value + 40, bar.maximum())
        before = paints.count
        started = time.perf_counter()
        bar.setValue(value)
        QApplication.sendPostedEvents()  # the update the move asked for, done now
        elapsed = (time.perf_counter() - started) * 1000
        assert paints.count > before, "a scroll step that painted nothing measures nothing"
        frames.append(elapsed)
    bar.setValue(0)
    paints.deleteLater()
    return frames


def _census() -> dict[str, int]:
    gc.collect()
    heap = allocator.heap_usage()
    return {
        "rss_kb": rss_kb(),
        "heap_in_use_kb": -1 if heap is None else heap.in_use_kb,
        "heap_kept_free_kb": -1 if heap is None else heap.kept_free_kb,
        "widgets": len(QApplication.allWidgets()),
        "tasks": len(asyncio.all_tasks()),
        "sockets": open_sockets(),
    }


async def ui_memory(warmup: int, sales: int, longer: int) -> dict[str, Any]:
    """Resident memory after start, after ``warmup`` UI sales, after ``sales`` more, and after
    ``longer`` in all (does what grew level off?)."""
    sandbox = sandbox_with("--no-rate-limit")
    try:
        sandbox.reader(processing_ms=0)
        async with kiosk_on(sandbox) as window:
            started = _census()
            await drive(window, AutopilotOptions(sales=warmup))
            before = _census()
            path: list[tuple[int, int]] = []  # (sales, resident kB), every 50 sales

            def every_fifty(number: int, done: int = 0) -> None:
                if (done + number) % 50 == 0:
                    gc.collect()
                    path.append((done + number, rss_kb()))

            summary = await drive(window, AutopilotOptions(sales=sales), after_sale=every_fifty)
            after = _census()
            rest = await drive(
                window,
                AutopilotOptions(sales=longer - sales),
                after_sale=lambda number: every_fifty(number, done=sales),
            )
            last = _census()
    finally:
        sandbox.stop()
    return {
        "start": started,
        "before": before,
        "after": after,
        "last": last,
        "summary": summary,
        "rest": rest,
        "path": path,
    }

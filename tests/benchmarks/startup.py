"""Cold start (process spawn → first paint, ready for a guest) and a browser kiosk's start-up and
memory, against a bare PySide6 window in the same run."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.harness import median, process_tree, pss_kb
from tests.benchmarks.start_phases import durations

READY_TIMEOUT_S = 60.0
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)  # fmt: skip


def _time_to_ready(command: list[str], scratch: Path) -> float:
    """Seconds from spawning ``command`` to the time it wrote in its ready file."""
    ready = scratch / "ready"
    ready.unlink(missing_ok=True)
    env = {**os.environ, "KIOSK_READY_FILE": str(ready), "QT_QPA_PLATFORM": "offscreen"}
    started = time.time()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        process.wait(timeout=READY_TIMEOUT_S)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return float(ready.read_text().split()[0]) - started


def cold_starts(sandbox_url: str, runs: int) -> tuple[list[float], list[float], list[float]]:
    """Alternating runs of the kiosk (to ready, on a running sandbox), the bare window, and the
    bare window importing the kiosk's libraries first."""
    kiosk = [
        sys.executable,
        "-m",
        "kiosk",
        "autopilot",
        "--sales",
        "0",
        "--sandbox-url",
        sandbox_url,
    ]
    bare = [sys.executable, "-m", "tests.benchmarks.bare_window"]
    kiosk_times: list[float] = []
    bare_times: list[float] = []
    libraries_times: list[float] = []
    with tempfile.TemporaryDirectory() as scratch:
        for _ in range(runs):
            bare_times.append(_time_to_ready(bare, Path(scratch)))
            kiosk_times.append(_time_to_ready(kiosk, Path(scratch)))
            libraries_times.append(_time_to_ready([*bare, "--libraries"], Path(scratch)))
    return kiosk_times, bare_times, libraries_times


def start_phases(sandbox_url: str, runs: int) -> dict[str, float]:
    """The median seconds of each step of the kiosk's start (``start_phases.STEPS``), over
    ``runs`` starts marked from outside (tests.benchmarks.start_phases); and, as ``qt_enums``
    and ``qt_enums_s``, how many Python enums PySide built for Qt's classes, in how long (and
    likewise ``data_classes``: the data classes the standard library made)."""
    taken: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        marks_file = Path(scratch) / "marks.json"
        for _ in range(runs):
            marks_file.unlink(missing_ok=True)
            env = {
                **os.environ, "QT_QPA_PLATFORM": "offscreen",
                "KIOSK_READY_FILE": str(Path(scratch) / "ready"),
                "KIOSK_SPAWNED_AT": f"{time.time():.6f}",
            }  # fmt: skip
            command = [sys.executable, "-m", "tests.benchmarks.start_phases"]
            subprocess.run(
                [*command, sandbox_url, str(marks_file)], env=env, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, timeout=READY_TIMEOUT_S, check=True,
            )  # fmt: skip
            marks = json.loads(marks_file.read_text(encoding="utf-8"))
            for step, seconds in durations(marks).items():
                taken.setdefault(step, []).append(seconds)
            for counted in ("qt_enums", "qt_enums_s", "data_classes", "data_classes_s"):
                taken.setdefault(counted, []).append(marks[counted])
    return {step: median(values) for step, values in taken.items()}


CATALOGUE_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Memberships</title>
<style>body{font-family:sans-serif;margin:0;background:#f6f3ee}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:24px;padding:48px}
.card{background:#fff;border-radius:16px;padding:32px;box-shadow:0 2px 8px #0002}
button{font-size:28px;padding:16px 32px;border-radius:12px}</style></head><body>
<h1>Choose your membership</h1><div class="grid">%s</div></body></html>"""


def _page(scratch: Path) -> Path:
    cards = "".join(
        f'<div class="card"><h2>Membership {n}</h2><p>A monthly facial and member pricing.</p>'
        f"<p><b>$89.00</b> a month</p><button>See details</button></div>"
        for n in range(1, 11)
    )
    page = scratch / "catalogue.html"
    page.write_text(CATALOGUE_PAGE % cards, encoding="utf-8")
    return page


def chromium_available() -> bool:
    return shutil.which(CHROMIUM) is not None


def browser_start(runs: int) -> list[float]:
    """Seconds for headless Chromium to load and render a local ten-card catalogue page."""
    times = []
    with tempfile.TemporaryDirectory() as scratch:
        page = _page(Path(scratch))
        for run in range(runs):
            profile = Path(scratch) / f"profile{run}"
            started = time.monotonic()
            subprocess.run(
                [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                 "--window-size=1080,1920", "--dump-dom", page.as_uri()],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120, check=True,
            )  # fmt: skip
            times.append(time.monotonic() - started)
    return times


def browser_memory_kb(settle_s: float = 5.0) -> int:
    """Proportional memory of the whole Chromium process tree showing the catalogue page."""
    # Chromium's helpers may still write its profile as the folder goes: that is no failure.
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as scratch:
        page = _page(Path(scratch))
        process = subprocess.Popen(
            [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={scratch}/profile",
             "--window-size=1080,1920", "--remote-debugging-port=0", page.as_uri()],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        tree: list[int] = []
        try:
            time.sleep(settle_s)  # the page is loaded and idle; not a timing figure
            tree = process_tree(process.pid)
            total = 0
            for pid in tree:
                try:
                    total += pss_kb(pid)
                except OSError:
                    continue
            return total
        finally:
            process.terminate()
            process.wait(timeout=30)
            _end_all(tree)


def _end_all(pids: list[int], grace_s: float = 10.0) -> None:
    """Stop what is left of a process tree (Chromium's renderer and helpers), waiting a while."""
    for pid in pids:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace_s
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in pids):
        time.sleep(0.1)


def bare_window_memory_kb() -> int:
    """Proportional memory of the bare label window once painted."""
    with tempfile.TemporaryDirectory() as scratch:
        ready = Path(scratch) / "ready"
        code = (
            "import sys,os;from PySide6.QtWidgets import QApplication,QLabel;"
            "from PySide6.QtCore import QTimer;from pathlib import Path;"
            "app=QApplication([]);l=QLabel('Hello');l.resize(1080,1920);l.show();"
            f"QTimer.singleShot(500,lambda:(Path({str(ready)!r}).write_text('x'),None));"
            "QTimer.singleShot(30000,app.quit);app.exec()"
        )
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        process = subprocess.Popen([sys.executable, "-c", code], env=env)
        try:
            deadline = time.monotonic() + READY_TIMEOUT_S
            while not ready.exists() and time.monotonic() < deadline:
                time.sleep(0.05)
            return pss_kb(process.pid)
        finally:
            process.kill()
            process.wait()


__all__ = [
    "browser_memory_kb", "browser_start", "chromium_available", "cold_starts", "median",
    "start_phases",
]  # fmt: skip

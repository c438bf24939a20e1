"""How long the Qt thread was blocked, and by what.

A 1 ms timer on the Qt thread: how late each tick fires is how long the loop was blocked. Each of
the longest stalls is named three ways: the screen last navigated to, the last thing the guest
pressed, and what the Qt thread was running meanwhile, from a sampler thread that reads the Qt
thread's Python stack every millisecond. A sample inside the kiosk's code names its innermost
function; a sample with none (the Qt thread in Qt's own C++: painting, layout, style) says
"Qt"; the sampler cannot read the stack while C++ holds the interpreter, so a long C++ call
shows as its Python caller, sampled as it returns.
"""

from __future__ import annotations

import bisect
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from types import FrameType

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QInputEvent, QWindow
from PySide6.QtWidgets import QAbstractButton

import kiosk

KIOSK_DIR = str(Path(kiosk.__file__).resolve().parent)
PLUMBING = ("asyncbridge.py", "touch_watch.py")  # dispatch, not the work itself
PRESSES = (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress)


def _kiosk_function(frame: FrameType | None) -> str:
    """The innermost frame of the kiosk's own code on a stack, as ``module.function``; "Qt"
    when the innermost frame is the Qt event loop itself (Qt's C++ at work, or idle)."""
    if frame is not None and frame.f_code.co_name == "run_forever":
        return "Qt"
    while frame is not None:
        path = frame.f_code.co_filename
        if path.startswith(KIOSK_DIR) and not path.endswith(PLUMBING):
            module = path[len(KIOSK_DIR) + 1 :].removesuffix(".py").replace("/", ".")
            return f"{module}.{frame.f_code.co_name}"
        frame = frame.f_back
    return "Qt"


class _Sampler(threading.Thread):
    """Reads one thread's stack every millisecond; keeps every sample of the run (a few tens
    of thousands), in time order."""

    def __init__(self, thread_id: int) -> None:
        super().__init__(name="stall-sampler", daemon=True)
        self._thread_id = thread_id
        self._running = threading.Event()
        self.times: list[float] = []
        self.labels: list[str] = []

    def run(self) -> None:
        self._running.set()
        while self._running.is_set():
            frame = sys._current_frames().get(self._thread_id)
            label = _kiosk_function(frame)
            self.labels.append(label)  # the label first: a time is never without its label
            self.times.append(time.perf_counter())
            time.sleep(0.001)

    def stop(self) -> None:
        self._running.clear()

    def between(self, start: float, end: float) -> Counter[str]:
        times = self.times[:]  # as far as the sampler has got
        low, high = bisect.bisect_left(times, start), bisect.bisect_right(times, end)
        return Counter(self.labels[low:high])


class StallMonitor(QObject):
    """Ticks on the Qt thread; ``stalls_ms`` is every tick's lateness, ``worst`` the longest
    ones with what they happened during."""

    INTERVAL_MS = 1
    WORST = 5

    def __init__(self) -> None:
        super().__init__()
        self.stalls_ms: list[float] = []
        self.worst: list[tuple[float, str]] = []
        self._screen = "start"
        self._pressed = "nothing yet"
        self.presses = 0  # the guest's presses, for the Qt thread's work per press
        self.screen_changes = 0
        self.screens: list[str] = []  # every screen shown, in the order first shown
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(self.INTERVAL_MS)
        self._timer.timeout.connect(self._tick)
        self._sampler = _Sampler(threading.get_ident())
        self._last = 0.0
        self._busy: list[tuple[float, float]] = []  # every stall of a millisecond or more

    def start(self) -> None:
        self._sampler.start()
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._sampler.stop()
        self._sampler.join()

    def navigated(self, name: str) -> None:
        """Where the kiosk went (connect to the router's ``navigated``)."""
        self._screen = name
        self.screen_changes += 1
        if name not in self.screens:
            self.screens.append(name)

    def observe(self, watched: QObject, event: QInputEvent) -> None:
        """What the guest pressed (add to the window's touch watch)."""
        if event.type() in PRESSES:
            text = watched.text() if isinstance(watched, QAbstractButton) else ""
            if text or not isinstance(watched, QWindow):  # a press seen at its window too
                self._pressed = f"{text!r}" if text else type(watched).__name__
                self.presses += 1

    def _tick(self) -> None:
        now = time.perf_counter()
        stall = max(0.0, (now - self._last) * 1000 - self.INTERVAL_MS)
        self.stalls_ms.append(stall)
        if stall >= self.INTERVAL_MS:
            self._busy.append((self._last, now))
        if len(self.worst) < self.WORST or stall > self.worst[-1][0]:
            self.worst.append((stall, self._describe(self._last, now)))
            self.worst = sorted(self.worst, reverse=True)[: self.WORST]
        self._last = now

    def busy_by_module(self) -> Counter[str]:
        """What the Qt thread was running during its stalls, sample by sample, by the kiosk's
        module ("Qt": Qt's own C++): where its busy time goes (after ``stop``)."""
        times, labels = self._sampler.times, self._sampler.labels  # the sampler has stopped
        by_module: Counter[str] = Counter()
        for start, end in self._busy:
            low, high = bisect.bisect_left(times, start), bisect.bisect_right(times, end)
            for label in labels[low:high]:
                by_module[label if label == "Qt" else label.rsplit(".", 1)[0]] += 1
        return by_module

    def _describe(self, start: float, end: float) -> str:
        busy = self._sampler.between(start, end).most_common(2)
        doing = ", ".join(f"{label} ×{count}" for label, count in busy) or "no sample"
        return f"on {self._screen} after pressing {self._pressed}: {doing}"

"""The Qt binding keeps Python's reference counts: a kiosk runs for weeks on millions of calls.

PySide6 6.12.0 under Python 3.11 dropped a reference to ``None`` (and the booleans) on every Qt
call that returns nothing, until the interpreter aborted; this pins that it does not happen.
And the kiosk loads Qt with Python's own ``import`` kept (``kiosk.ui.qt_loading``).
"""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtWidgets import QApplication, QLabel, QPushButton


def test_void_qt_calls_keep_the_reference_counts_of_none_and_the_booleans() -> None:
    app = QApplication.instance() or QApplication([])
    assert app is not None
    text, button = QLabel(), QPushButton()
    before = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    for _ in range(500):
        text.setText("x")
        text.update()
        button.setEnabled(True)
        button.setEnabled(False)
        button.isEnabled()
    after = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    # Small drift comes from other objects; a leak of one per call would be hundreds.
    assert all(abs(a - b) < 50 for a, b in zip(after, before, strict=True)), (before, after)


# A fresh interpreter, as a kiosk starts: the UI, then Qt's other modules, then a module nothing
# has imported yet. PySide's ``__feature__`` hook would read that module's source into linecache.
AFTER_THE_UI_IS_IMPORTED = """
import builtins, linecache
import kiosk.ui
import PySide6.QtGui, PySide6.QtWidgets, PySide6.QtSvg
import colorsys
print(builtins.__import__ is builtins.__orig_import__, colorsys.__file__ in linecache.cache)
"""


def test_modules_imported_after_qt_are_not_read_for_pyside_features() -> None:
    answer = subprocess.run(
        [sys.executable, "-c", AFTER_THE_UI_IS_IMPORTED],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    assert answer.stdout.split() == ["True", "False"], answer.stderr

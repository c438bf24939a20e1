"""The cold-start baselines: a bare PySide6 window showing one label, announcing its first paint
the same way the kiosk does (``KIOSK_READY_FILE``); with ``--libraries`` it first imports the
third-party libraries the kiosk cannot start without (asyncio with qasync, httpx with the anyio
backend it sends through, sqlite3), a lower bound for any kiosk written on them."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel

from kiosk.ui.first_paint import READY_FILE_ENV, on_next_paint, write_ready_file


def import_libraries() -> None:
    os.environ.setdefault("QT_API", "pyside6")
    import importlib

    for name in ("asyncio", "qasync", "httpx", "anyio._backends._asyncio", "sqlite3"):
        importlib.import_module(name)


def main() -> int:
    if "--libraries" in sys.argv:
        import_libraries()
    app = QApplication(sys.argv[:1])
    label = QLabel("Hello")
    label.resize(1080, 1920)
    label.show()
    on_next_paint(label, lambda: (write_ready_file(Path(os.environ[READY_FILE_ENV])), app.quit()))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())

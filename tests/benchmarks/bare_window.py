"""The cold-start baseline: a bare PySide6 window showing one label, announcing its first paint
the same way the kiosk does (``KIOSK_READY_FILE``)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel

from kiosk.ui.first_paint import READY_FILE_ENV, on_next_paint, write_ready_file


def main() -> int:
    app = QApplication(sys.argv[:1])
    label = QLabel("Hello")
    label.resize(1080, 1920)
    label.show()
    on_next_paint(label, lambda: (write_ready_file(Path(os.environ[READY_FILE_ENV])), app.quit()))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())

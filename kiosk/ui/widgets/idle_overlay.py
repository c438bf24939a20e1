"""The "Are you still there?" overlay with its countdown."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QPushButton, QVBoxLayout, QWidget

from kiosk.ui.i18n import tr
from kiosk.ui.theme import set_role
from kiosk.ui.widgets.parts import label


class IdleOverlay(QFrame):
    """Covers the window; a tap anywhere on it keeps the session, the countdown ends it."""

    def __init__(self, parent: QWidget, on_timeout: Callable[[], None]) -> None:
        super().__init__(parent)
        set_role(self, "overlay")
        self._on_timeout = on_timeout
        self._left = 0
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)

        box = QFrame(self)
        set_role(box, "dialog")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(48, 48, 48, 48)
        layout.setSpacing(24)
        self._title = label("title")
        self._title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._count = label("body")
        self._count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._stay = QPushButton()
        set_role(self._stay, "primary")
        self._stay.clicked.connect(self.dismiss)
        layout.addWidget(self._title)
        layout.addWidget(self._count)
        layout.addWidget(self._stay)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)
        self.hide()

    def ask(self, seconds: int) -> None:
        """Show the question and count down from ``seconds``."""
        self._left = seconds
        self._render()
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()
        self._stay.setFocus()
        self._timer.start()

    def dismiss(self) -> None:
        self._timer.stop()
        self.hide()

    @property
    def asking(self) -> bool:
        return self.isVisible()

    def _tick(self) -> None:
        self._left -= 1
        if self._left <= 0:
            self.dismiss()
            self._on_timeout()
            return
        self._render()

    def _render(self) -> None:
        self._title.setText(tr("Are you still there?"))
        self._count.setText(tr("Starting over in {seconds} seconds", seconds=self._left))
        self._stay.setText(tr("I'm still here"))
        self._stay.setAccessibleName(tr("I'm still here"))

    def mousePressEvent(self, event: object) -> None:
        self.dismiss()

"""A QR code, painted module by module with its quiet zone, as large as its space allows.

No image library: ``qrcode`` makes the matrix (in a worker thread) and Qt paints it. Modules are
whole pixels so the code stays crisp (and scannable) at any size; the code is always square and
centred in the widget. The colours come from the stylesheet (``qproperty-ink`` /
``qproperty-paper`` in ``pay.qss``): dark on light, as every phone camera expects.
"""

from __future__ import annotations

import asyncio

import shiboken6
from PySide6.QtCore import Property, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.ui.asyncbridge import spawn

# The quiet zone the QR standard asks for, in modules, on every side.
QUIET_ZONE = 4


def qr_matrix(data: str) -> list[list[bool]]:
    """The modules of ``data``'s QR code, quiet zone included (True is dark).

    Error correction M: a screen's glare or a fingerprint on the glass still scans. ``qrcode`` is
    imported here, on first use: the attract screen, which the kiosk starts on, shows no code.
    """
    import qrcode

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QUIET_ZONE)
    code.add_data(data)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


class QRView(QWidget):
    """Shows one QR code (or nothing); square, centred, scaled to its size."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._payload = ""
        self._matrix: list[list[bool]] = []
        # Defaults only until the stylesheet fills them in.
        self._ink = QColor(Qt.GlobalColor.black)
        self._paper = QColor(Qt.GlobalColor.white)
        # No height-for-width: it would travel up the layouts and make a whole screen as tall
        # as its widest QR code is wide. The code is painted as the largest square that fits.
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    # ------------------------------------------------------------------ content

    def set_payload(self, payload: str | None) -> None:
        """Encode ``payload`` (None or empty: show nothing)."""
        payload = payload or ""
        if payload == self._payload:
            return
        self._payload = payload
        self._matrix = []
        self.update()
        if payload:
            # Choosing the best of eight masks in pure Python takes 7-15 ms for our short URLs,
            # and the receipt shows two codes: a stall the guest would see as the screen changes.
            spawn(self._encode(payload), "encode-qr")

    async def _encode(self, payload: str) -> None:
        matrix = await asyncio.to_thread(qr_matrix, payload)
        if payload == self._payload and shiboken6.isValid(self):  # still wanted, still shown
            self._matrix = matrix
            self.update()

    def clear(self) -> None:
        """Forget the code (a guest's receipt or payment page must not outlive them)."""
        self.set_payload(None)

    @property
    def payload(self) -> str:
        """What the code says ("" when empty)."""
        return self._payload

    @property
    def modules(self) -> int:
        """Modules per side, quiet zone included (0 when empty)."""
        return len(self._matrix)

    # ------------------------------------------------------------------ colours (from QSS)

    def _get_ink(self) -> QColor:
        return self._ink

    def _set_ink(self, colour: QColor) -> None:
        self._ink = QColor(colour)
        self.update()

    def _get_paper(self) -> QColor:
        return self._paper

    def _set_paper(self, colour: QColor) -> None:
        self._paper = QColor(colour)
        self.update()

    ink = Property(QColor, _get_ink, _set_ink)
    paper = Property(QColor, _get_paper, _set_paper)

    # ------------------------------------------------------------------ geometry and painting

    def hasHeightForWidth(self) -> bool:
        return True

    def sizeHint(self) -> QSize:
        side = max(self.minimumWidth(), self.minimumHeight())
        return QSize(side, side) if side > 0 else super().sizeHint()

    def code_rect(self) -> QRect:
        """Where the code is painted: the largest whole-pixel square that fits, centred."""
        count = len(self._matrix)
        if count == 0:
            return QRect()
        module = min(self.width(), self.height()) // count
        side = module * count
        return QRect((self.width() - side) // 2, (self.height() - side) // 2, side, side)

    def paintEvent(self, event: QPaintEvent) -> None:
        area = self.code_rect()
        if area.isEmpty():
            return
        module = area.width() // len(self._matrix)
        painter = QPainter(self)
        painter.fillRect(area, self._paper)
        for y, row in enumerate(self._matrix):
            x = 0
            # One rectangle per run of dark modules: far fewer calls than one per module.
            while x < len(row):
                if not row[x]:
                    x += 1
                    continue
                start = x
                while x < len(row) and row[x]:
                    x += 1
                painter.fillRect(
                    area.x() + start * module,
                    area.y() + y * module,
                    (x - start) * module,
                    module,
                    self._ink,
                )
        painter.end()

"""Membership pictures decoded and scaled off the Qt thread, and the pictures kept to show again.

``decode_scaled`` runs on a worker thread (``QImage`` is safe there; nothing here touches a
QWidget or a QPixmap); ``pictures`` is the small LRU every ``MembershipImage`` shares, so a card
scrolled back into view shows its picture at once.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QImage,
    QImageIOHandler,
    QImageReader,
    QLinearGradient,
    QPainter,
    QPixmap,
)

# The largest picture decoded at all (a hostile or mistaken 20000×20000 JPEG is refused).
MAX_PIXELS = 40_000_000
# A picture is cropped to fill its space when at least this much of it stays in each direction;
# else it is shown whole, over a blur of itself.
MOST_CROPPED = 0.8
# Decoded, scaled pictures kept for widgets to show again at once, by their bytes.
CACHE_BYTES = 96 * 1024 * 1024


def decode_scaled(data: bytes, width: int, height: int, radius: float = 0) -> QImage | None:
    """``data`` decoded and scaled to cover ``width`` × ``height`` (cropped to it, centred, its
    corners rounded by ``radius``), in a format the screen takes without converting; None when
    it is not a picture Qt can read.

    Runs on a worker thread: nothing here touches a QWidget or a QPixmap."""
    if width <= 0 or height <= 0 or not data:
        return None
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    if not buffer.open(QIODevice.OpenModeFlag.ReadOnly):
        return None
    reader = QImageReader(buffer)
    reader.setDecideFormatFromContent(True)
    natural = reader.size()
    if natural.isValid():
        if natural.width() * natural.height() > MAX_PIXELS or natural.isEmpty():
            return None
        # Decode straight at the covering size: SVG renders crisp at it; JPEG decodes faster.
        scale = max(width / natural.width(), height / natural.height())
        if reader.supportsOption(QImageIOHandler.ImageOption.ScaledSize) and (
            scale < 1 or reader.format() in (b"svg", b"svgz")
        ):
            reader.setScaledSize(
                QSize(
                    max(1, round(natural.width() * scale)), max(1, round(natural.height() * scale))
                )
            )
    image = reader.read()
    if image.isNull():
        return None
    smooth = Qt.TransformationMode.SmoothTransformation
    covered = image.scaled(width, height, Qt.AspectRatioMode.KeepAspectRatioByExpanding, smooth)
    x = max(0, (covered.width() - width) // 2)
    y = max(0, (covered.height() - height) // 2)
    cropped = covered.copy(x, y, width, height)
    kept = min(width / covered.width(), height / covered.height())
    if kept >= MOST_CROPPED:
        return rounded(cropped, radius)
    # Cropping would cut away too much (a wide band over a square picture, words at its edge):
    # the whole picture, over a soft blur of itself.
    small = cropped.scaled(max(1, width // 24), max(1, height // 24), mode=smooth)
    backdrop = small.scaled(width, height, mode=smooth).convertToFormat(
        QImage.Format.Format_ARGB32_Premultiplied
    )
    whole = feathered(image.scaled(width, height, Qt.AspectRatioMode.KeepAspectRatio, smooth))
    painter = QPainter(backdrop)
    painter.fillRect(backdrop.rect(), QColor(255, 255, 255, 110))
    painter.drawImage((width - whole.width()) // 2, (height - whole.height()) // 2, whole)
    painter.end()
    return rounded(backdrop, radius)


def feathered(image: QImage, share: float = 0.12) -> QImage:
    """``image`` fading out over ``share`` of its width at each side (and of its height at top
    and bottom), so it melts into the blur behind it instead of ending at a seam."""
    out = image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(out)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_DestinationIn)
    for horizontal in (True, False):
        end = QPointF(out.width(), 0) if horizontal else QPointF(0, out.height())
        fade = QLinearGradient(QPointF(0, 0), end)
        fade.setColorAt(0.0, QColor(0, 0, 0, 0))
        fade.setColorAt(share, QColor(0, 0, 0, 255))
        fade.setColorAt(1.0 - share, QColor(0, 0, 0, 255))
        fade.setColorAt(1.0, QColor(0, 0, 0, 0))
        painter.fillRect(out.rect(), QBrush(fade))
    painter.end()
    return out


def rounded(image: QImage, radius: float) -> QImage:
    """``image`` with its corners cut round (transparent), ready to paint as it is."""
    out = QImage(image.size(), QImage.Format.Format_ARGB32_Premultiplied)
    out.fill(Qt.GlobalColor.transparent)
    painter = QPainter(out)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(image))
    painter.drawRoundedRect(QRectF(out.rect()), radius, radius)
    painter.end()
    return out


@dataclass(frozen=True, slots=True)
class PictureKey:
    membership_id: str
    images: tuple[tuple[str, str], ...]
    width: int
    height: int
    radius: int


class Pictures:
    """Pictures shown lately, within a budget of bytes, least recently used first out (the
    decoded, scaled membership pictures; the placeholders' initials)."""

    def __init__(self, budget: int = CACHE_BYTES) -> None:
        self._budget = budget
        self._used = 0
        self._kept: OrderedDict[Hashable, QPixmap] = OrderedDict()

    def get(self, key: Hashable) -> QPixmap | None:
        pixmap = self._kept.get(key)
        if pixmap is not None:
            self._kept.move_to_end(key)
        return pixmap

    def kept(self) -> dict[Hashable, QPixmap]:
        """What is kept now, by key (a copy)."""
        return dict(self._kept)

    def put(self, key: Hashable, pixmap: QPixmap) -> None:
        old = self._kept.pop(key, None)
        if old is not None:
            self._used -= pixmap_bytes(old)
        self._kept[key] = pixmap
        self._used += pixmap_bytes(pixmap)
        while self._used > self._budget and len(self._kept) > 1:
            _, dropped = self._kept.popitem(last=False)
            self._used -= pixmap_bytes(dropped)

    def clear(self) -> None:
        self._kept.clear()
        self._used = 0


def pixmap_bytes(pixmap: QPixmap) -> int:
    """What a picture holds in memory (four bytes a pixel)."""
    return pixmap.width() * pixmap.height() * 4


pictures = Pictures()

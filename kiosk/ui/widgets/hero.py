"""The attract screen's backdrop: the business's picture cropped to cover the area, with a scrim
under the text, or without one a composition in the brand colour.

The picture is decoded off the Qt thread, once, at the size it is shown (``decode_cover``), and
kept (``HeroCache``): a guest coming back to attract costs no decoding, nor does a second window.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QImage,
    QImageIOHandler,
    QImageReader,
    QLinearGradient,
    QPainter,
    QPaintEvent,
    QPixmap,
    QRadialGradient,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QWidget

log = logging.getLogger("kiosk.ui")


def cover(source: QSize, target: QSize) -> QRect:
    """The part of ``source`` that covers ``target`` when scaled (cropped, never stretched):
    centred, with ``target``'s proportions."""
    if source.isEmpty() or target.isEmpty():
        return QRect()
    scale = max(target.width() / source.width(), target.height() / source.height())
    width = min(source.width(), round(target.width() / scale))
    height = min(source.height(), round(target.height() / scale))
    return QRect((source.width() - width) // 2, (source.height() - height) // 2, width, height)


def decode_cover(path: Path, size: QSize) -> QImage:
    """``path`` (JPEG, PNG or SVG) decoded to exactly ``size``, cropped to cover it; a null
    image when it cannot be read. Runs on a worker thread (QImage, unlike QPixmap, may)."""
    if path.suffix.lower() == ".svg":
        return _render_svg(path, size)
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)  # a phone's photo stands the way it was taken
    natural = reader.size()
    if reader.transformation() & QImageIOHandler.Transformation.TransformationRotate90:
        natural = natural.transposed()
    if natural.isEmpty():
        return QImage()
    # Decoded just big enough (a JPEG decodes faster scaled down), then cropped.
    scale = max(size.width() / natural.width(), size.height() / natural.height())
    scaled = QSize(
        max(size.width(), round(natural.width() * scale)),
        max(size.height(), round(natural.height() * scale)),
    )
    if reader.transformation() & QImageIOHandler.Transformation.TransformationRotate90:
        reader.setScaledSize(scaled.transposed())
    else:
        reader.setScaledSize(scaled)
    image = reader.read()
    if image.isNull():
        return QImage()
    if image.size() != scaled:
        image = image.scaled(
            scaled, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
    crop = QRect(
        (image.width() - size.width()) // 2,
        (image.height() - size.height()) // 2,
        size.width(),
        size.height(),
    )
    return image.copy(crop).convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)


def _render_svg(path: Path, size: QSize) -> QImage:
    renderer = QSvgRenderer(str(path))
    if not renderer.isValid():
        return QImage()
    box = renderer.viewBoxF()
    natural = QSize(round(box.width()), round(box.height())) if not box.isEmpty() else QSize()
    if natural.isEmpty():
        natural = renderer.defaultSize()
    if natural.isEmpty():
        return QImage()
    part = cover(natural, size)
    renderer.setViewBox(
        QRectF(
            box.x() + part.x() * box.width() / natural.width(),
            box.y() + part.y() * box.height() / natural.height(),
            part.width() * box.width() / natural.width(),
            part.height() * box.height() / natural.height(),
        )
    )
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


@dataclass(frozen=True, slots=True)
class _Key:
    path: str
    modified_ns: int
    width: int
    height: int


class HeroCache:
    """Decoded pictures by file (and its modification) and size: each decoded once."""

    def __init__(self) -> None:
        self._images: dict[_Key, QImage] = {}
        self._decoding: dict[_Key, asyncio.Task[QImage]] = {}
        self.decoded = 0  # how many decodings ran (for tests)

    @staticmethod
    def _key(path: Path, size: QSize) -> _Key | None:
        try:
            modified = path.stat().st_mtime_ns
        except OSError:
            return None
        return _Key(str(path), modified, size.width(), size.height())

    def cached(self, path: Path, size: QSize) -> QImage | None:
        """The decoded picture, if it has been decoded at this size."""
        key = self._key(path, size)
        return None if key is None else self._images.get(key)

    async def get(self, path: Path, size: QSize) -> QImage:
        """The picture at ``size``, decoded on a worker thread the first time (one decoding
        shared by every caller); a null image when the file cannot be read."""
        key = self._key(path, size)
        if key is None:
            log.warning("the brand's hero picture cannot be read: %s", path.name)
            return QImage()
        found = self._images.get(key)
        if found is not None:
            return found
        task = self._decoding.get(key)
        if task is None:
            self.decoded += 1
            task = asyncio.ensure_future(asyncio.to_thread(decode_cover, path, size))
            self._decoding[key] = task
        try:
            image = await asyncio.shield(task)
        finally:
            if task.done():
                self._decoding.pop(key, None)
        if image.isNull():
            log.warning("the brand's hero picture could not be decoded: %s", path.name)
        # Only the latest size of a picture is kept: a resize must not pile up copies.
        for other in [k for k in self._images if k.path == key.path]:
            del self._images[other]
        self._images[key] = image
        return image


hero_cache = HeroCache()


class HeroBackdrop(QWidget):
    """Paints the picture (covering the widget) with a scrim rising under the text at the
    bottom; without a picture, soft shapes in the brand colour. Its layout holds the text."""

    def __init__(self, colour: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attractHero")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._colour = colour  # the brand colour of the look now (high contrast darkens it)
        self._image: QImage | None = None
        self._shown: QPixmap | None = None  # the image at the widget's size, made once

    @property
    def has_image(self) -> bool:
        return self._image is not None

    def set_image(self, image: QImage | None) -> None:
        self._image = image if image is not None and not image.isNull() else None
        self._shown = None
        self.update()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.LayoutDirectionChange):
            self.update()  # another look (its brand colour), or mirrored

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.rect()
        if self._image is not None:
            if self._shown is None or self._shown.size() != rect.size():
                part = cover(self._image.size(), rect.size())
                fitted = self._image.copy(part)
                if fitted.size() != rect.size():
                    fitted = fitted.scaled(
                        rect.size(),
                        Qt.AspectRatioMode.IgnoreAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                self._shown = QPixmap.fromImage(fitted)
            painter.drawPixmap(rect.topLeft(), self._shown)
            self._scrim(painter, strength=0.72)
        else:
            self._composition(painter)
            self._scrim(painter, strength=0.28)
        painter.end()

    def _scrim(self, painter: QPainter, *, strength: float) -> None:
        """Dark under the name and headline (wherever the layout put them: large text raises
        them), clear above them, so white text reads on any picture."""
        rect = self.rect()
        texts = [
            child.geometry().top()
            for child in self.findChildren(
                QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
            )
            if child.isVisible()
        ]
        top = min(texts, default=round(rect.height() * 0.6))
        start = max(rect.top(), top - rect.height() // 4)
        shade = QLinearGradient(QPointF(0, start), QPointF(0, rect.bottom()))
        ink = QColor(10, 24, 22)
        under = (top - start) / max(1, rect.bottom() - start)  # where the text begins
        shade.setColorAt(0.0, _alpha(ink, 0.0))
        shade.setColorAt(under, _alpha(ink, strength * 0.6))
        shade.setColorAt(1.0, _alpha(ink, strength))
        painter.fillRect(rect, shade)

    def _composition(self, painter: QPainter) -> None:
        """The brand colour as light falling across it: a gradient and soft circles (mirrored in
        right-to-left languages, so the light comes from where reading starts)."""
        rect = self.rect()
        w, h = float(rect.width()), float(rect.height())
        mirrored = self.layoutDirection() is Qt.LayoutDirection.RightToLeft

        def x(at: float) -> float:
            return w * (1.0 - at if mirrored else at)

        base = QColor(self._colour())
        light = base.lighter(135)
        deep = base.darker(150)
        ground = QLinearGradient(QPointF(x(0.0), 0), QPointF(x(1.0), h))
        ground.setColorAt(0.0, light)
        ground.setColorAt(0.55, base)
        ground.setColorAt(1.0, deep)
        painter.fillRect(rect, ground)
        painter.setPen(Qt.PenStyle.NoPen)
        glow = QRadialGradient(QPointF(x(0.82), h * 0.18), max(w, h) * 0.55)
        glow.setColorAt(0.0, _alpha(QColor("#fff4ea"), 0.35))
        glow.setColorAt(1.0, _alpha(QColor("#fff4ea"), 0.0))
        painter.fillRect(rect, glow)
        for cx, cy, r, alpha, colour in (
            (0.88, 0.10, 0.42, 0.10, QColor("#ffffff")),
            (0.10, 0.95, 0.32, 0.14, deep),
            (0.62, 0.55, 0.16, 0.10, QColor("#ffffff")),
            (0.30, 0.22, 0.08, 0.12, QColor("#ffffff")),
        ):
            painter.setBrush(_alpha(colour, alpha))
            radius = r * max(w, h)
            painter.drawEllipse(QPointF(x(cx), cy * h), radius, radius)


def _alpha(colour: QColor, alpha: float) -> QColor:
    shaded = QColor(colour)
    shaded.setAlphaF(max(0.0, min(1.0, alpha)))
    return shaded

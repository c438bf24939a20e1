"""A membership's picture: a soft placeholder at once, the business's image when it has come.

The widget paints a placeholder straight away (the brand colour, softly, with the membership's
initial), then asks the flow for the image's bytes (``SaleFlow.membership_image``: the engine's
disk cache, else the image host). The bytes are decoded and scaled to the widget's size on a
worker thread (``QImage`` is safe there; SVG goes through Qt's svg image plugin), and only the
``QPixmap`` is made on the Qt thread. Decoded, scaled images are kept in a small LRU shared by
every widget, so a card scrolled back into view shows its image at once.

A widget re-bound to another membership while a decode runs drops the late result (it checks the
membership and the size it asked for); a widget deleted meanwhile is never touched again.

Its size is its parent's to say: a fixed height, or ``aspect`` (height for width) bounded by the
stylesheet's ``min-height`` / ``max-height``. The colours come from the stylesheet
(``qproperty-accent``, ``qproperty-wash``, ``qproperty-radius``: ``images.qss``).
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor

import shiboken6
from PySide6.QtCore import (
    Property,
    QMargins,
    QPointF,
    QRectF,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QImage,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.domain.catalog import Membership
from kiosk.ui import content
from kiosk.ui.asyncbridge import loop_running, spawn
from kiosk.ui.i18n import translator
from kiosk.ui.widgets.decoded_pictures import PictureKey, Pictures, decode_scaled, pictures

log = logging.getLogger("kiosk.ui")

# What the widget asks for a membership's image: its bytes, or None (no image, not now).
ImageSource = Callable[[Membership], Awaitable[bytes | None]]

_source: ImageSource | None = None


def use(source: ImageSource | None) -> None:
    """Where every MembershipImage gets its bytes (the sale flow sets it; None: nowhere)."""
    global _source
    _source = source


# How long a widget waits, after being given a membership, before asking for its picture.
LOAD_AFTER_MS = 40
_decoder = ThreadPoolExecutor(max_workers=2, thread_name_prefix="image-decode")

# Placeholder backdrops by size and colours (a card, a page, a tile: a few sizes in all).
KEPT_PLACEHOLDERS = 8
_placeholders: OrderedDict[tuple[object, ...], QPixmap] = OrderedDict()
# Initials by letter, size and ink: only the glyph, on a transparent picture (a page's is about
# 300 px tall, and drawing text that large is a path filled anew each time: 5-10 ms).
KEPT_INITIALS_BYTES = 8 * 1024 * 1024
_initials = Pictures(budget=KEPT_INITIALS_BYTES)


class MembershipImage(QWidget):
    """A membership's picture, or its placeholder; ``show_membership(None)`` shows neither."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        aspect: float | None = None,
        source: ImageSource | None = None,
    ) -> None:
        super().__init__(parent)
        self._source = source  # None: the one the flow set (``use``)
        self._membership: Membership | None = None
        self._pixmap: QPixmap | None = None
        self._wanted: PictureKey | None = None  # what the decode in flight is for
        self._task: asyncio.Task[None] | None = None
        self._aspect = aspect
        # Defaults only until the stylesheet fills them in.
        self._accent = QColor("#2f6f62")
        self._wash = QColor("#e3ece9")
        self._radius = 16
        self._initial = ""  # the membership's initial, in the language it was read for
        self._initial_for: tuple[object, ...] = ()
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(LOAD_AFTER_MS)
        self._later.timeout.connect(self._start)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)

    # ------------------------------------------------------------------ content

    @property
    def membership(self) -> Membership | None:
        return self._membership

    @property
    def has_image(self) -> bool:
        """It shows the membership's decoded image (not the placeholder)."""
        return self._pixmap is not None

    def show_membership(self, membership: Membership | None) -> None:
        """Show ``membership``'s image (its placeholder until the image is decoded)."""
        same = (
            membership is not None
            and self._membership is not None
            and membership.id == self._membership.id
            and dict(membership.images) == dict(self._membership.images)
        )
        self._membership = membership
        if same and (self._pixmap is not None or self._loading):
            return
        self._pixmap = None
        self._cancel()
        self.update()
        self._load()

    def _key(self) -> PictureKey | None:
        membership = self._membership
        if membership is None or not membership.images:
            return None
        ratio = self.devicePixelRatioF()
        width, height = round(self.width() * ratio), round(self.height() * ratio)
        if width <= 0 or height <= 0:
            return None
        images = tuple(sorted(membership.images.items()))
        return PictureKey(membership.id, images, width, height, round(self._radius * ratio))

    def _load(self) -> None:
        # Hidden, a widget has no size of its own yet (its layout sizes it when shown).
        key = self._key() if self.isVisible() else None
        if key is None or self._membership is None:
            return
        if self._pixmap is not None and self._wanted == key:
            return
        found = pictures.get(key)
        if found is not None:
            self._cancel()
            self._wanted = key
            self._pixmap = found
            self.update()
            return
        if (self._loading or self._later.isActive()) and self._wanted == key:
            return  # already on its way
        self._cancel()
        self._wanted = key
        # Asked a moment later, not now: a card re-bound many times in one fling asks once,
        # for the membership it stops at, and a scroll step starts no task at all.
        self._later.start()

    def _start(self) -> None:
        self._later.stop()
        key, membership = self._wanted, self._membership
        if key is None or membership is None or self._loading or not self.isVisible():
            return
        source = self._source or _source
        if source is not None and loop_running():  # a Qt event after the loop stopped: none
            self._task = spawn(self._fetch(membership, key, source), "membership-image")

    async def _fetch(self, membership: Membership, key: PictureKey, source: ImageSource) -> None:
        try:
            data = await source(membership)
            if data is None or not loop_running():
                return
            image = await asyncio.get_running_loop().run_in_executor(
                _decoder, decode_scaled, data, key.width, key.height, key.radius
            )
        except asyncio.CancelledError:
            raise
        except Exception:  # a picture is never worth a failure the guest sees
            log.exception("the image of membership %s could not be shown", membership.id)
            return
        if image is None:
            log.info("the image of membership %s is not a picture", membership.id)
            return
        if not shiboken6.isValid(self) or self._wanted != key:
            return  # deleted meanwhile, or shows something else now
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        pictures.put(key, pixmap)
        self._pixmap = pixmap
        self.update()

    @property
    def _loading(self) -> bool:
        return self._task is not None and not self._task.done()

    def _cancel(self) -> None:
        self._later.stop()
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._task = None
        self._wanted = None

    def wait_loaded(self) -> asyncio.Task[None] | None:
        """The fetch and decode in flight (started now if it was about to), or None: for tests
        and screenshots to await."""
        if self._later.isActive():
            self._start()
        return self._task

    # ------------------------------------------------------------------ colours (from QSS)

    def _get_accent(self) -> QColor:
        return self._accent

    def _set_accent(self, colour: QColor) -> None:
        self._accent = QColor(colour)
        self.update()

    def _get_wash(self) -> QColor:
        return self._wash

    def _set_wash(self, colour: QColor) -> None:
        self._wash = QColor(colour)
        self.update()

    def _get_radius(self) -> int:
        return self._radius

    def _set_radius(self, radius: int) -> None:
        self._radius = max(0, int(radius))
        self.update()

    accent = Property(QColor, _get_accent, _set_accent)
    wash = Property(QColor, _get_wash, _set_wash)
    radius = Property(int, _get_radius, _set_radius)

    # ------------------------------------------------------------------ geometry and painting

    def hasHeightForWidth(self) -> bool:
        return self._aspect is not None

    def heightForWidth(self, width: int) -> int:
        if self._aspect is None:
            return super().heightForWidth(width)
        height = round(width * self._aspect)
        return max(self.minimumHeight(), min(self.maximumHeight(), height))

    def sizeHint(self) -> QSize:
        width = 400
        return QSize(width, self.heightForWidth(width) if self._aspect else 200)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._membership is not None and event.size() != event.oldSize():
            if self._pixmap is not None:
                self._pixmap = None  # the old size's picture would be stretched
            self._load()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._load()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._membership is None:
            return
        painter = QPainter(self)
        if self._pixmap is not None:
            painter.drawPixmap(self.rect(), self._pixmap)
        else:
            painter.drawPixmap(self.rect(), self._wash_and_circles())
            self._paint_initial(painter, QRectF(self.rect()), self.height())
        painter.end()

    def placeholder(self) -> QPixmap:
        """What shows until (or instead of) the picture, at the widget's size."""
        backdrop = self._wash_and_circles()
        image = backdrop.toImage()
        painter = QPainter(image)
        self._paint_initial(painter, QRectF(image.rect()), image.height())
        painter.end()
        made = QPixmap.fromImage(image)
        made.setDevicePixelRatio(backdrop.devicePixelRatio())
        return made

    def _paint_initial(self, painter: QPainter, area: QRectF, height: int) -> None:
        """The membership's initial, softly, over the wash: its glyph is kept by letter, size
        and ink (the wash is kept apart: a whole placeholder kept for every initial and size
        cost a megabyte each)."""
        shown_for = (self._membership, translator.language)
        if self._initial_for != shown_for:
            self._initial_for, self._initial = shown_for, _initial(self._membership)
        if not self._initial:
            return
        glyph = self._glyph(max(12, round(height * 0.5)), painter.device().devicePixelRatioF())
        size = glyph.deviceIndependentSize()
        painter.drawPixmap(
            QPointF(area.center().x() - size.width() / 2, area.center().y() - size.height() / 2),
            glyph,
        )

    def _glyph(self, pixel_size: int, ratio: float) -> QPixmap:
        """The initial alone at ``pixel_size``, centred on a transparent picture with room
        around it for a glyph's ink beyond its advance."""
        font = QFont(self.font())
        font.setPixelSize(pixel_size)
        font.setWeight(QFont.Weight.DemiBold)
        ink = QColor(self._accent)
        ink.setAlphaF(0.45)
        made_for = (self._initial, font.key(), ink.rgba(), ratio)
        kept = _initials.get(made_for)
        if kept is not None:
            return kept
        room = pixel_size // 2
        box = QFontMetrics(font).size(0, self._initial).grownBy(QMargins(room, room, room, room))
        image = QImage(
            QSize(round(box.width() * ratio), round(box.height() * ratio)),
            QImage.Format.Format_ARGB32_Premultiplied,
        )
        image.setDevicePixelRatio(ratio)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(font)
        painter.setPen(QPen(ink))
        painter.drawText(
            QRectF(0, 0, box.width(), box.height()), Qt.AlignmentFlag.AlignCenter, self._initial
        )
        painter.end()
        glyph = QPixmap.fromImage(_trimmed_evenly(image))
        _initials.put(made_for, glyph)
        return glyph

    def _wash_and_circles(self) -> QPixmap:
        """The placeholder's backdrop: the brand's colour, softly, a wash and two quiet circles;
        made once for a size and colours, shared by every widget of that size (a scroll step
        only paints it)."""
        ratio = self.devicePixelRatioF()
        size = QSize(max(1, round(self.width() * ratio)), max(1, round(self.height() * ratio)))
        made_for = (
            size.width(),
            size.height(),
            self._accent.rgba(),
            self._wash.rgba(),
            self._radius,
        )
        kept = _placeholders.get(made_for)
        if kept is not None:
            _placeholders.move_to_end(made_for)
            return kept
        pixmap = QPixmap.fromImage(self._backdrop(size, ratio))
        pixmap.setDevicePixelRatio(ratio)
        _placeholders[made_for] = pixmap
        while len(_placeholders) > KEPT_PLACEHOLDERS:
            _placeholders.popitem(last=False)
        return pixmap

    def _backdrop(self, size: QSize, ratio: float) -> QImage:
        """The placeholder without its initial: the wash and two quiet circles, corners round."""
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(image.rect())
        shape = QPainterPath()
        radius = self._radius * ratio
        shape.addRoundedRect(area, radius, radius)
        painter.setClipPath(shape)
        painter.fillRect(area, self._wash)
        painter.setPen(Qt.PenStyle.NoPen)
        side = max(area.height(), 1.0)
        right, bottom = area.right(), area.bottom()
        circles = (
            (0.10, QRectF(right - side * 0.9, area.top() - side * 0.35, side * 1.2, side * 1.2)),
            (0.06, QRectF(area.left() - side * 0.3, bottom - side * 0.55, side * 0.9, side * 0.9)),
        )
        for alpha, circle in circles:
            soft = QColor(self._accent)
            soft.setAlphaF(alpha)
            painter.setBrush(soft)
            painter.drawEllipse(circle)
        painter.end()
        return image


def _trimmed_evenly(image: QImage) -> QImage:
    """``image`` without the empty margin it has on both sides of each axis: as much is cut
    from the right as from the left, and from the bottom as from the top, so its centre stays
    where it was (the room a glyph's ink may need is mostly empty: about four fifths of the
    picture of a page-sized initial)."""
    width, height = image.width(), image.height()
    stride, pixel = image.bytesPerLine(), image.depth() // 8
    pixels = bytes(image.constBits())
    lines = [pixels[row * stride : row * stride + width * pixel] for row in range(height)]
    inked = [row for row, line in enumerate(lines) if line.strip(b"\0")]
    if not inked:
        return image
    # Each inked line's empty bytes on its nearer side; the least of them is cut from both.
    margins = [
        min(len(line) - len(line.lstrip(b"\0")), len(line) - len(line.rstrip(b"\0")))
        for line in (lines[row] for row in inked)
    ]
    across = min(margins) // pixel
    down = min(inked[0], height - 1 - inked[-1])
    return image.copy(across, down, width - 2 * across, height - 2 * down)  # keeps the ratio


def _initial(membership: Membership | None) -> str:
    if membership is None:
        return ""
    # The name the guest reads (the business's translation of it, where it wrote one).
    for character in content.shown(membership).title.strip():
        if character.isalnum():
            return character.upper()
    return ""

"""The attract screen's featured memberships: a few tappable tiles, each with the membership's
name and its per-month price in the same words as everywhere else (``kiosk.ui.prices``).

Which ones: the business's choice (``[brand] featured``), else the first few of the catalogue,
recurring ones first (``choose``). A tile made before the catalogue is at hand is a placeholder
of the same size, filled in when it comes.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.domain.catalog import Membership
from kiosk.ui import content, prices
from kiosk.ui.i18n import tr
from kiosk.ui.theme import set_role
from kiosk.ui.widgets.membership_card import reading_label, reading_side
from kiosk.ui.widgets.membership_image import MembershipImage

log = logging.getLogger("kiosk.ui")

MOST_TILES = 3


def choose(
    memberships: Iterable[Membership],
    featured: Sequence[str],
    most: int = MOST_TILES,
    warned: set[str] | None = None,
) -> list[Membership]:
    """The memberships to feature: those configured that are on sale (in the order given; an
    id not on sale is left out, with a warning, once for each id in ``warned``), else the first
    of the catalogue, recurring ones first."""
    on_sale = list(memberships)
    if featured:
        by_id = {m.id.lower(): m for m in on_sale}
        chosen = []
        for wanted in featured:
            found = by_id.get(wanted.lower())
            if found is None and (warned is None or wanted not in warned):
                if warned is not None:
                    warned.add(wanted)
                log.warning("brand.featured: membership %s is not on sale here; left out", wanted)
            elif found is not None:
                chosen.append(found)
        if chosen:
            return chosen[:most]
    recurring = [m for m in on_sale if m.is_recurring]
    others = [m for m in on_sale if not m.is_recurring]
    return (recurring + others)[:most]


def price_line(membership: Membership) -> str:
    """What it costs, as the guest compares: per month for a recurring membership (the figure
    ``prices`` makes, with its "+ tax" and "about"), else what it costs once."""
    if prices.today(membership) is None:
        return tr("Price shown before you pay")
    if membership.is_recurring:
        return prices.monthly_text(membership)
    return prices.billing(membership)


def fee_line(membership: Membership) -> tuple[str, str] | None:
    """The joining fee said on the tile (short), and in full for assistive technology."""
    today = prices.today(membership)
    note = prices.fee_note(today) if today is not None else None
    if note is None:
        return None
    return tr("+ a joining fee, charged once"), note


class FeaturedTile(QFrame):
    """One featured membership, its picture on top (``image_height`` 0: none); a tap opens it
    (the screen decides where)."""

    opened = Signal(object)  # Membership

    def __init__(self, image_height: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.membership: Membership | None = None
        self.setObjectName("featuredTile")
        set_role(self, "card")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 16, 16, 16)
        column.setSpacing(6)
        self.image: MembershipImage | None = None
        if image_height > 0:
            self.image = MembershipImage()
            self.image.setObjectName("featuredImage")
            self.image.setFixedHeight(image_height)
            # The tile takes the tap, not its picture.
            self.image.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            self.image.hide()  # until the screen shows pictures (``FeaturedRow.show_images``)
            column.addWidget(self.image)
            column.addSpacing(6)
        self.name = reading_label("subtitle")
        self.price = reading_label("body")
        self.fee = reading_label("muted")
        self.fee.hide()
        column.addWidget(self.name)
        column.addWidget(self.price)
        column.addWidget(self.fee)
        column.addStretch(1)
        self.show_membership(None)

    def show_membership(self, membership: Membership | None) -> None:
        """Show ``membership`` (None: a placeholder, the size of a tile, that opens nothing)."""
        self.membership = membership
        if self.image is not None:
            self.image.show_membership(membership)
        self.retranslate()

    def retranslate(self) -> None:
        membership = self.membership
        if membership is None:
            # Two blank lines hold the tile's height until the catalogue fills it.
            self.name.setText(" ")
            self.price.setText(" ")
            self.fee.hide()
            self.setAccessibleName(tr("Loading memberships…"))
            self.setEnabled(False)
            return
        shown = content.shown(membership)
        self.name.setText(shown.title)
        self.price.setText(price_line(shown))
        fee = fee_line(shown)
        self.fee.setVisible(fee is not None)
        self.fee.setText(fee[0] if fee is not None else "")
        self.fee.setAccessibleName(fee[1] if fee is not None else "")
        for line in (self.name, self.price, self.fee):
            line.setAlignment(reading_side())
        self.setAccessibleName(shown.title)
        self.setAccessibleDescription(
            " ".join(t for t in (self.price.text(), fee[1] if fee else "") if t)
        )
        self.setEnabled(True)

    def texts(self) -> list[str]:
        """What the tile says (for tests and accessibility checks)."""
        return [w.text() for w in (self.name, self.price, self.fee) if not w.isHidden()]

    def tap(self) -> None:
        if self.membership is not None and self.isEnabled():
            self.opened.emit(self.membership)

    # A tap on the tile opens it; it is not the screen's "tap anywhere to start".
    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        event.accept()
        if self.rect().contains(event.position().toPoint()):
            self.tap()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.tap()
            return
        super().keyPressEvent(event)


class FeaturedRow(QWidget):
    """The tiles side by side (mirrored in right-to-left languages by the layout)."""

    opened = Signal(object)  # Membership

    def __init__(
        self, count: int = MOST_TILES, image_height: int = 0, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("featuredRow")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(16)
        self.tiles = [FeaturedTile(image_height) for _ in range(count)]
        for tile in self.tiles:
            tile.opened.connect(self.opened.emit)
            row.addWidget(tile, 1)

    def show_memberships(self, memberships: Sequence[Membership]) -> None:
        """Fill the tiles (those left over hide)."""
        for index, tile in enumerate(self.tiles):
            if index < len(memberships):
                tile.show_membership(memberships[index])
                tile.show()
            else:
                tile.show_membership(None)
                tile.hide()

    def show_images(self, on: bool) -> None:
        """Show the tiles' pictures, or not (large text needs their room)."""
        for tile in self.tiles:
            if tile.image is not None:
                tile.image.setVisible(on)

    @property
    def shown(self) -> list[FeaturedTile]:
        return [t for t in self.tiles if not t.isHidden() and t.membership is not None]

    def retranslate(self) -> None:
        for tile in self.tiles:
            tile.retranslate()

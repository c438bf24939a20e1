"""A membership on the catalogue: its picture, name, price, how it is paid, its best benefits,
and a Compare toggle. Tapping anywhere on the card (or its "See details" button) opens the
membership.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.domain.catalog import Membership
from kiosk.ui import benefits, content, prices
from kiosk.ui.i18n import tr, translator
from kiosk.ui.theme import set_role
from kiosk.ui.widgets.membership_image import MembershipImage
from kiosk.ui.widgets.parts import label

TOP_BENEFITS = 3
IMAGE_ASPECT = 0.42  # the picture band's height for its width (bounded in images.qss)


def reading_side() -> Qt.AlignmentFlag:
    """The side the guest reads from, whatever language a text itself is in."""
    rtl = translator.direction is Qt.LayoutDirection.RightToLeft
    side = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
    return side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter


def reading_label(role: str, text: str = "") -> QLabel:
    """A label for text that may be in another language than the guest's (a membership's
    English name in the Arabic kiosk): Qt would align a Latin paragraph to the left; it belongs
    on the guest's reading side. Set the alignment again after a language switch."""
    widget = label(role, text)
    widget.setAlignment(reading_side())
    return widget


class Bullet(QWidget):
    """A list item: a bullet, and beside it text that wraps under itself (not under the bullet),
    with an optional smaller note below it. The row mirrors in right-to-left languages."""

    def __init__(self, text: str = "", role: str = "body", note: str | None = None) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        self.mark = label(role, "•", wrap=False)
        lines = QVBoxLayout()
        lines.setSpacing(2)
        self.label = reading_label(role)
        # Qt lays out a wrapped plain-text line of a right-to-left paragraph with its trailing
        # space on the wrong side, so the line overflows the label; rich text wraps it right.
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self._text = ""
        self.setText(text)
        lines.addWidget(self.label)
        self.note = reading_label("muted", note) if note else None
        if self.note is not None:
            lines.addWidget(self.note)
        row.addWidget(self.mark, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(lines, 1)

    def setText(self, text: str) -> None:
        self._text = text
        self.label.setText(html.escape(text))  # data, never markup
        self.label.setAccessibleName(text)
        self.label.setAlignment(reading_side())

    def text(self) -> str:
        return self._text


class MembershipCard(QFrame):
    """One membership as a tappable card; the screen owns what happens on a tap.

    A card can be given another membership (``bind``): the catalogue keeps a few cards for the
    rows in view and re-uses them as the guest scrolls, instead of one widget tree per membership.
    """

    opened = Signal(object)  # Membership
    compare_toggled = Signal(object, bool)  # Membership, wanted in the comparison

    def __init__(self, membership: Membership, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.membership = membership
        self.setObjectName("membershipCard")  # browse.qss styles its buttons
        set_role(self, "card")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        column = QVBoxLayout(self)
        column.setContentsMargins(28, 28, 28, 28)
        column.setSpacing(12)

        # The membership's picture: a band across the top (its placeholder until it loads).
        self.image = MembershipImage(aspect=IMAGE_ASPECT)
        self.image.setObjectName("cardImage")
        self.image.setAttribute(
            Qt.WidgetAttribute.WA_TransparentForMouseEvents
        )  # a tap: the card's
        self.image.show_membership(membership)
        self.name = reading_label("subtitle", membership.title)
        self.price = label("price", wrap=False)
        self.due = label("muted")
        price_row = QHBoxLayout()
        price_row.setSpacing(12)
        price_row.addWidget(self.price, 0, Qt.AlignmentFlag.AlignBaseline)
        price_row.addWidget(self.due, 1, Qt.AlignmentFlag.AlignBaseline)
        self.billing = reading_label("body")
        # As many bullets as any membership may show; a membership with fewer hides the rest.
        self._bullets = [Bullet() for _ in range(TOP_BENEFITS)]

        column.addWidget(self.image)
        column.addSpacing(4)
        column.addWidget(self.name)
        column.addLayout(price_row)
        column.addWidget(self.billing)
        column.addSpacing(8)
        for bullet in self._bullets:
            column.addWidget(bullet)
        column.addStretch(1)  # buttons line up at the bottom of every card in a row

        buttons = QHBoxLayout()
        buttons.setSpacing(12)
        self.compare = QPushButton()
        set_role(self.compare, "toggle")
        self.compare.setCheckable(True)
        self.compare.toggled.connect(lambda on: self.compare_toggled.emit(self.membership, on))
        self.details = QPushButton()
        set_role(self.details, "secondary")
        self.details.clicked.connect(lambda: self.opened.emit(self.membership))
        buttons.addWidget(self.compare)
        buttons.addWidget(self.details, 1)
        column.addLayout(buttons)
        self.retranslate()

    @property
    def highlights(self) -> list[Bullet]:
        """The bullets this membership's best benefits are written in."""
        return [bullet for bullet in self._bullets if not bullet.isHidden()]

    def bind(self, membership: Membership, compared: bool) -> None:
        """Show another membership on this card (the catalogue re-using it)."""
        self.membership = membership
        self.image.show_membership(membership)
        self.retranslate()
        self.set_compared(compared)

    def retranslate(self) -> None:
        """Every text of the card in the current language (amounts too)."""
        membership = content.shown(self.membership)
        self.name.setText(membership.title)
        today = prices.today(membership)
        # The due-today words say what the figure leaves out ("+ joining fee", "+ tax").
        if today is not None:
            self.price.setText(prices.amount(today))
            self.price.setAccessibleName(prices.due_sentence(today))
            self.due.setText(prices.due_caption(today))
            self.billing.setText(prices.billing(membership))
        else:
            self.price.setText("")
            self.due.setText(tr("Price shown before you pay"))
            self.billing.setText("")
        self.price.setVisible(today is not None)
        self.billing.setVisible(today is not None)
        top = benefits.most_valuable(membership, TOP_BENEFITS)
        for index, bullet in enumerate(self._bullets):
            if index < len(top):
                bullet.setText(benefits.describe(top[index]))
            bullet.setHidden(index >= len(top))
        for text in (self.name, self.billing):
            text.setAlignment(reading_side())
        self.compare.setText(tr("Compare"))
        self.details.setText(tr("See details"))
        self.details.setAccessibleName(tr("See details of {name}", name=membership.title))
        self.setAccessibleName(membership.title)
        self._describe_compare()

    def set_compared(self, on: bool) -> None:
        """Check or uncheck the Compare toggle without telling the screen (it decided)."""
        self.compare.blockSignals(True)
        self.compare.setChecked(on)
        self.compare.blockSignals(False)
        selected = "true" if on else "false"
        if self.property("selected") != selected:  # re-polishing a card costs: only on a change
            self.setProperty("selected", selected)
            set_role(self, "card")  # re-polish for the selected border
        self._describe_compare()

    def _describe_compare(self) -> None:
        on = self.compare.isChecked()
        name = content.shown(self.membership).title
        self.compare.setAccessibleName(tr("Compare {name}", name=name))
        self.compare.setAccessibleDescription(
            tr("Chosen for comparison") if on else tr("Not chosen for comparison")
        )

    def texts(self) -> list[str]:
        """What the card says (for tests and accessibility checks)."""
        labels = (self.name, self.price, self.due, self.billing)
        shown = [w.text() for w in labels if not w.isHidden()]
        return [
            *shown,
            *(h.text() for h in self.highlights),
            self.compare.text(),
            self.details.text(),
        ]

    # A tap on the card itself opens it; a drag is the scroller's (it never releases here).
    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() is Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.opened.emit(self.membership)
        super().mouseReleaseEvent(event)

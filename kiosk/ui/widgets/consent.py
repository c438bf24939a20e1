"""The consent to a recurring charge: how the amount, period and start are worded for the guest,
and the box they tick to authorise it ("I agree to pay $96.90 today, and authorise $96.90 every
month from … until I cancel").
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QHBoxLayout,
    QSizePolicy,
    QStyle,
    QStyleOption,
)

from kiosk.domain.catalog import Membership
from kiosk.ui import prices
from kiosk.ui.formatting import format_date
from kiosk.ui.i18n import tr, translator
from kiosk.ui.widgets.parts import label


def first_collection(membership: Membership, today: date | None = None) -> date:
    """The day the repeating charge starts: today plus Zenoti's first-collection delay."""
    return (today or date.today()) + timedelta(days=membership.first_collection_after_days or 0)


def recurring_parts(membership: Membership) -> dict[str, str]:
    """What a recurring membership charges today and then every period from its start date,
    formatted for the guest (the same figures and tax wording as every other screen)."""
    today, every = prices.today(membership), prices.every_period(membership)
    return {
        "today": prices.figure(today) if today is not None else "",
        "amount": prices.figure(every) if every is not None else "",
        "period": prices.period(membership.billing_frequency),
        "date": format_date(first_collection(membership), translator.locale),
    }


def consent_sentence(membership: Membership) -> str:
    """The sentence the guest ticks: both today's amount and the recurring one, named."""
    parts = recurring_parts(membership)
    if prices.today(membership) is None:
        return tr("I authorise the amount shown every {period} from {date} until I cancel", **parts)
    return tr(
        "I agree to pay {today} today, and authorise {amount} every {period} from {date} "
        "until I cancel",
        **parts,
    )


class ConsentCheck(QAbstractButton):
    """The consent as one big checkable button: a box and the whole sentence beside it, wrapped.

    A QCheckBox's own text would not wrap at large text sizes, so the box and the sentence are
    children that let every tap through to this button; ``text()`` is the sentence.
    """

    def __init__(self, membership: Membership) -> None:
        super().__init__()
        self.membership = membership
        self.setCheckable(True)
        # A button's default policy takes its one-line width as the least it can have: this one
        # wraps instead, as narrow as the screen needs.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        row = QHBoxLayout(self)
        row.setSpacing(16)
        self.box = QCheckBox()
        self.box.setProperty("target", "touch")  # guest.qss: the box is a full touch target
        self.sentence = label("body")
        for part in (self.box, self.sentence):
            part.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            part.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.toggled.connect(self.box.setChecked)
        row.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.sentence, 1)
        translator.changed.connect(self._translate)
        self._translate()

    @property
    def given(self) -> bool:
        return self.isChecked()

    def _translate(self, _language: str = "") -> None:
        sentence = consent_sentence(self.membership)
        self.setText(sentence)
        self.sentence.setText(sentence)
        self.setAccessibleName(sentence)
        self.box.setAccessibleName(sentence)  # the box is part of this button, never reached alone

    def paintEvent(self, event: QPaintEvent) -> None:
        # The children draw the box and the words; the stylesheet draws the panel behind them.
        option = QStyleOption()
        option.initFrom(self)
        painter = QPainter(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_Widget, option, painter, self)
        painter.end()

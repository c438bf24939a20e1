"""The consent to a recurring charge: how the amount, period and start are worded for the guest,
and the box they tick to authorise it ("I authorise $96.90 every month from … until I cancel").
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

from kiosk.domain.catalog import BillingFrequency, FrequencyUnit, Membership
from kiosk.ui.formatting import format_date, format_money
from kiosk.ui.i18n import tr, translator
from kiosk.ui.widgets.parts import label


def period_text(frequency: BillingFrequency | None) -> str:
    """``month`` / ``3 months``: the billing period, in the guest's language."""
    if frequency is None:
        return tr("billing period")
    if frequency.count == 1:
        return {
            FrequencyUnit.DAY: tr("day"),
            FrequencyUnit.WEEK: tr("week"),
            FrequencyUnit.MONTH: tr("month"),
            FrequencyUnit.YEAR: tr("year"),
        }[frequency.unit]
    count = translator.locale.toString(frequency.count)
    return {
        FrequencyUnit.DAY: tr("{count} days", count=count),
        FrequencyUnit.WEEK: tr("{count} weeks", count=count),
        FrequencyUnit.MONTH: tr("{count} months", count=count),
        FrequencyUnit.YEAR: tr("{count} years", count=count),
    }[frequency.unit]


def first_collection(membership: Membership, today: date | None = None) -> date:
    """The day the repeating charge starts: today plus Zenoti's first-collection delay."""
    return (today or date.today()) + timedelta(days=membership.first_collection_after_days or 0)


def recurring_parts(membership: Membership) -> dict[str, str]:
    """The amount, period and start date of a recurring membership, formatted for the guest."""
    amount = membership.recurring_amount or membership.price.final
    locale = translator.locale
    return {
        "amount": format_money(amount, locale),
        "period": period_text(membership.billing_frequency),
        "date": format_date(first_collection(membership), locale),
    }


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
        sentence = tr(
            "I authorise {amount} every {period} from {date} until I cancel",
            **recurring_parts(self.membership),
        )
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

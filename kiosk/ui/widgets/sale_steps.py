"""Where the guest is in the sale, and what they are buying: Choose · You · Terms · Pay · Done,
the current step marked by a filled, numbered marker and bold words (never by colour alone), the
earlier ones ticked; beside (or, when there is no room, under) the steps, the chosen membership
("2 memberships" for several) and what is due today.

The figure is the one the guest will be charged: before the invoice, what the catalogue says is
due today (``kiosk.ui.prices``: "+ tax" when it cannot know the tax); once Zenoti's invoice exists,
its balance; once paid, what was paid. Which screen is which step is ``STEP_OF``, here alone.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QWidget

from kiosk.checkout.view import SaleView
from kiosk.domain.catalog import Membership
from kiosk.domain.money import Money
from kiosk.domain.receipt import Receipt
from kiosk.domain.sale import MONEY_TAKEN
from kiosk.ui import content, prices, routes
from kiosk.ui.formatting import format_money
from kiosk.ui.i18n import tr, translator, trn
from kiosk.ui.theme import set_role
from kiosk.ui.widgets.parts import label, set_shown


class Step(enum.IntEnum):
    """The guest's steps through a sale, in order (the number is the one shown)."""

    CHOOSE = 1
    YOU = 2
    TERMS = 3
    PAY = 4
    DONE = 5


# The English words of each step (translated when shown).
STEP_WORDS: dict[Step, str] = {
    Step.CHOOSE: "Choose",
    Step.YOU: "You",
    Step.TERMS: "Terms",
    Step.PAY: "Pay",
    Step.DONE: "Done",
}

# Which step each guest screen is: the one place that says so.
STEP_OF: dict[str, Step] = {
    routes.Catalog.name: Step.CHOOSE,
    routes.Membership.name: Step.CHOOSE,
    routes.Compare.name: Step.CHOOSE,
    routes.Identify.name: Step.YOU,
    routes.Register.name: Step.YOU,
    routes.Terms.name: Step.TERMS,
    routes.Review.name: Step.PAY,
    routes.Payment.name: Step.PAY,
    routes.SaveCard.name: Step.PAY,  # paid already; the card is for the payments that follow
    routes.Receipt.name: Step.DONE,
}


def step_of(route_name: str) -> Step | None:
    """The step the screen called ``route_name`` is (None: not a step of the sale)."""
    return STEP_OF.get(route_name)


def step_name(step: Step) -> str:
    """The step's word in the guest's language."""
    return tr(STEP_WORDS[step])


def memberships_text(names: Sequence[str]) -> str:
    """The one membership's name, or "2 memberships"."""
    if len(names) == 1:
        return names[0]
    if not names:
        return ""
    return trn("{count} membership", "{count} memberships", len(names))


def greeting(view: SaleView | None) -> str:
    """ "Welcome back, Maya" for a guest Zenoti already knew; nothing for a new one (they have
    just typed their name: greeting them with it adds nothing). The first name only: others in
    the lobby can see the screen."""
    if view is None or not view.returning_guest or not view.guest_first_name:
        return ""
    return tr("Welcome back, {name}", name=view.guest_first_name)


def _restyle(widget: QWidget, state: str) -> None:
    if widget.property("state") == state:
        return
    widget.setProperty("state", state)
    if widget.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
        style = widget.style()
        style.unpolish(widget)
        style.polish(widget)


class _Due:
    """What the summary says, kept without anything of the guest (to retranslate it)."""

    def __init__(
        self,
        names: tuple[str, ...] = (),
        memberships: tuple[Membership, ...] = (),
        amount: Money | None = None,
        paid: bool = False,
    ) -> None:
        self.names = names
        self.memberships = memberships  # the catalogue's, for its names and its due-today quote
        self.amount = amount  # the invoice's figure once it exists
        self.paid = paid

    def words(self) -> tuple[str, str]:
        """(what is bought, what it costs today)."""
        names = [content.shown(m).title for m in self.memberships] or list(self.names)
        what = memberships_text(names)
        if self.amount is not None:
            shown = format_money(self.amount, translator.locale)
            cost = (
                tr("{amount} paid", amount=shown)
                if self.paid
                else tr("{amount} due today", amount=shown)
            )
            return what, cost
        quote = prices.today_of(self.memberships) if self.memberships else None
        if quote is None:
            return what, ""
        return what, tr("{amount} due today", amount=prices.figure(quote))


class SaleSteps(QFrame):
    """The steps, the current one marked, and the sale's summary line.

    ``room`` is an empty box at the trailing end of the first row: a screen without the top bar
    gives it to the window, which floats the language bar there (so nothing sits under it).
    """

    def __init__(self, inset: int = 48) -> None:
        super().__init__()
        set_role(self, "salesteps")
        self.setObjectName("saleSteps")
        # Never wider than the screen: a row that does not fit becomes two (``_fit``).
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._step: Step | None = None
        self._due = _Due()
        self._compact = False  # only the current step's words (a narrow screen, large text)
        self._one_row: bool | None = None
        self._stale = False  # hidden when last asked to show something: rendered when shown
        self._marked: tuple[Step | None, str] | None = None  # (step, language) the marks show
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(inset, 4, inset, 4)
        self.grid.setHorizontalSpacing(24)
        self.grid.setVerticalSpacing(4)
        self.steps = QWidget()
        self.steps.setObjectName("saleStepsRow")
        row = QHBoxLayout(self.steps)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        self.marks: dict[Step, QLabel] = {}
        self.names: dict[Step, QLabel] = {}
        for step in Step:
            if step is not Step.CHOOSE:
                rule = QFrame()
                set_role(rule, "steprule")
                rule.setFixedSize(16, 2)
                row.addWidget(rule, 0, Qt.AlignmentFlag.AlignVCenter)
            mark = label("stepmark", wrap=False)
            mark.setAlignment(Qt.AlignmentFlag.AlignCenter)
            name = label("stepname", wrap=False)
            self.marks[step], self.names[step] = mark, name
            row.addWidget(mark, 0, Qt.AlignmentFlag.AlignVCenter)
            row.addWidget(name, 0, Qt.AlignmentFlag.AlignVCenter)
        self.summary = QWidget()
        self.summary.setObjectName("saleSummary")
        line = QHBoxLayout(self.summary)
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(12)
        self.bought = label("stepsummary", wrap=False)
        self.bought.setObjectName("saleSummaryWhat")
        self.cost = label("stepsummary", wrap=False)
        self.cost.setObjectName("saleSummaryDue")
        self.between = label("stepsummary", "·", wrap=False)
        line.addWidget(self.bought)
        line.addWidget(self.between)
        line.addWidget(self.cost)
        self.room = QWidget()
        self.room.setObjectName("languageRoom")
        self.room.setFixedSize(0, 0)
        translator.changed.connect(self._on_language)
        self._arrange(one_row=True)
        self._render()

    # ------------------------------------------------------------------ what it shows

    @property
    def step(self) -> Step | None:
        return self._step

    def show_step(self, step: Step | None) -> None:
        """Mark ``step`` (and the ones before it as done); None hides the indicator."""
        self._step = step
        self.setVisible(step is not None)
        self._render()

    def show_sale(self, view: SaleView | None) -> None:
        """The summary from the sale's view: its memberships, and the invoice's figure once it
        exists (its balance; once paid, what was paid)."""
        if view is None:
            self._due = _Due()
        else:
            amount: Money | None = None
            paid = view.state in MONEY_TAKEN  # the figure: what was paid, not a balance
            if paid and view.amount_due is not None:
                amount = view.amount_due
            elif view.invoice is not None:
                amount = view.invoice.dues.balance
            self._due = _Due(memberships=view.memberships, amount=amount, paid=paid)
        self._render()

    def show_receipt(self, receipt: Receipt) -> None:
        """The summary of a paid sale: what was bought, and what was paid."""
        self._due = _Due(
            names=tuple(receipt.membership_names), amount=receipt.amount_paid, paid=True
        )
        self._render()

    def clear(self) -> None:
        """Nothing of the sale (after each guest)."""
        self._due = _Due()
        self._render()

    def reserve(self, size: QSize) -> bool:
        """Keep ``size`` free at the trailing end of the first row; True if that changed."""
        if self.room.size() == size:
            return False
        self.room.setFixedSize(size)
        return True

    # ------------------------------------------------------------------ rendering

    def _render(self) -> None:
        # The summary is the guest's: it changes (and is wiped) at once, shown or not. The rest
        # waits until the indicator shows: every screen keeps one, and a sale's end (or a new
        # language) would otherwise lay out a dozen hidden ones in the same event-loop turn.
        what, cost = self._due.words()
        summary_changed = (what, cost) != (self.bought.text(), self.cost.text())
        self.bought.setText(what)
        self.cost.setText(cost)
        set_shown(self.between, bool(what and cost))
        set_shown(self.summary, bool(what or cost))
        if not self.isVisible():
            self._stale = True
            return
        was_stale, self._stale = self._stale, False
        marked = (self._step, translator.language)
        if marked != self._marked:
            self._marked = marked
            self._mark(self._step)
        elif not (was_stale or summary_changed):
            return  # shows this step in these words already: a screen's every visit asks again
        self._fit()

    def _mark(self, current: Step | None) -> None:
        """The markers and words of every step, ``current`` the one the guest is at."""
        for step in Step:
            mark, name = self.marks[step], self.names[step]
            words = step_name(step)
            name.setText(words)
            if current is not None and step < current:
                state, mark_text, heard = "done", "✓", tr("{step}, done", step=words)
            elif step == current:
                state, mark_text, heard = "current", str(int(step)), tr("{step}, now", step=words)
            else:
                state, mark_text, heard = "next", str(int(step)), words
            mark.setText(mark_text)
            mark.setAccessibleName(heard)
            name.setAccessibleName(heard)
            _restyle(mark, state)
            _restyle(name, state)
            name.setVisible(not self._compact or step == current)
        if current is not None:
            self.setAccessibleName(
                tr(
                    "Step {number} of {count}: {step}",
                    number=int(current),
                    count=len(Step),
                    step=step_name(current),
                )
            )

    def _on_language(self, _language: str) -> None:
        self._render()

    # ------------------------------------------------------------------ fitting one line

    def _needed(self, compact: bool) -> int:
        """The width the steps take, with only the current step's words when ``compact``."""
        row = self.steps.layout()
        assert row is not None
        words = set(self.names.values())
        current = self.names.get(self._step) if self._step is not None else None
        width = 0
        for index in range(row.count()):
            item = row.itemAt(index)
            widget = item.widget() if item is not None else None
            if widget is None or (compact and widget in words and widget is not current):
                continue
            width += widget.sizeHint().width() + row.spacing()
        return width

    def _fit(self) -> None:
        """One row when the steps and the summary fit side by side; else one row with only the
        current step's words; else the summary under the steps (a short tablet keeps one row
        for as long as it can)."""
        if not self.isVisible():
            self._stale = True  # measured when shown
            return
        margins = self.grid.contentsMargins()
        free = self.width() - margins.left() - margins.right() - self.room.width()
        if free <= 0:
            return
        spacing = self.grid.horizontalSpacing()
        summary = self.summary.sizeHint().width() + spacing if self.summary.isVisibleTo(self) else 0
        # With some slack: a word's bold or larger face may arrive after this is measured.
        full = round(self._needed(compact=False) * 1.08) + 16
        short = round(self._needed(compact=True) * 1.08) + 16
        if full + summary <= free - spacing:
            compact, one_row = False, True
        elif short + summary <= free - spacing:
            compact, one_row = True, True
        else:
            compact, one_row = full > free - spacing, False
        if compact != self._compact:
            self._compact = compact
            for step, name in self.names.items():
                name.setVisible(not compact or step == self._step)
        self._arrange(one_row=one_row)

    def _arrange(self, *, one_row: bool) -> None:
        if one_row == self._one_row:
            return
        self._one_row = one_row
        for widget in (self.steps, self.summary, self.room):
            self.grid.removeWidget(widget)
        leading = Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter
        self.grid.addWidget(self.steps, 0, 0, leading)
        if one_row:
            trailing = Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter
            self.grid.addWidget(self.summary, 0, 1, trailing)
            self.grid.setColumnStretch(0, 0)
            self.grid.setColumnStretch(1, 1)
        else:
            self.grid.addWidget(self.summary, 1, 0, 1, 2, leading)
            self.grid.setColumnStretch(0, 1)
            self.grid.setColumnStretch(1, 0)
        self.grid.addWidget(self.room, 0, 2, Qt.AlignmentFlag.AlignTop)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() is QEvent.Type.LayoutRequest:
            self._fit()  # a word changed size (a language, the stylesheet's text size)
        return handled

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._render()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._fit()  # large text: the words take more room

"""A touch list of big rows (a title and a detail line each), single or multiple choice.

The staff screens list guests, memberships, open invoices, sales and reconciliation rows with it.
Rows are buttons: at least a touch target tall, and they scroll with a finger.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QPushButton, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from kiosk.ui.theme import set_role
from kiosk.ui.widgets.parts import kinetic


@dataclass(frozen=True, slots=True)
class Row:
    """One row: ``key`` says which it is; ``title`` and ``detail`` are shown."""

    key: str
    title: str
    detail: str = ""
    enabled: bool = True


class ChoiceList(QScrollArea):
    """Rows to tap; ``chosen`` says which (with ``multiple``, taps toggle and ``toggled`` fires)."""

    chosen = Signal(str)
    toggled = Signal()

    def __init__(self, *, multiple: bool = False) -> None:
        super().__init__()
        kinetic(self)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self._multiple = multiple
        self._content = QWidget()
        self._column = QVBoxLayout(self._content)
        self._column.setContentsMargins(0, 0, 8, 0)
        self._column.setSpacing(8)
        self._column.addStretch(1)
        self.setWidget(self._content)
        self.buttons: dict[str, QPushButton] = {}

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Show ``rows`` instead of what was there (choices are cleared)."""
        for button in self.buttons.values():
            button.setParent(None)
            button.deleteLater()
        self.buttons = {}
        for row in rows:
            button = QPushButton(f"{row.title}\n{row.detail}" if row.detail else row.title)
            button.setAccessibleName(f"{row.title}, {row.detail}" if row.detail else row.title)
            button.setCheckable(self._multiple)
            button.setEnabled(row.enabled)
            self._align(button)
            button.clicked.connect(lambda _=False, key=row.key: self._tapped(key))
            self._column.insertWidget(self._column.count() - 1, button)
            self.buttons[row.key] = button
        self.verticalScrollBar().setValue(0)

    def changeEvent(self, event: QEvent) -> None:
        # Stylesheets do not mirror text-align: rows start on the right in a right-to-left language.
        if event.type() == QEvent.Type.LayoutDirectionChange:
            for button in self.buttons.values():
                self._align(button)
        super().changeEvent(event)

    def _align(self, button: QPushButton) -> None:
        button.setProperty("rtl", self.layoutDirection() == Qt.LayoutDirection.RightToLeft)
        set_role(button, "row")

    def clear(self) -> None:
        self.set_rows(())

    @property
    def checked(self) -> list[str]:
        """The keys of the rows ticked, in list order (multiple choice)."""
        return [key for key, button in self.buttons.items() if button.isChecked()]

    def _tapped(self, key: str) -> None:
        if self._multiple:
            self.toggled.emit()
        else:
            self.chosen.emit(key)

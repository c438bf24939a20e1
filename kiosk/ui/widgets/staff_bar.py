"""The bar that says staff mode is on, and for whom: "Staff mode — Dana", the staff menu (with how
many sales wait for a person), Lock.

It sits under the window's banner while a staff member is unlocked, on every screen, so nobody
mistakes an unlocked kiosk for a guest's.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton

from kiosk.ui.i18n import tr, translator
from kiosk.ui.theme import set_role
from kiosk.ui.widgets.parts import label


class StaffBar(QFrame):
    """Who is unlocked, the way to the staff menu, and the Lock button."""

    def __init__(self) -> None:
        super().__init__()
        set_role(self, "staffbar")
        self.setObjectName("staffBar")
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 6, 16, 6)
        row.setSpacing(12)
        # The name wraps rather than pushing Lock off the bar (long names, large text).
        self.who = label("onbrand")
        self.menu_button = QPushButton()
        set_role(self.menu_button, "staffbutton")
        self.lock_button = QPushButton()
        set_role(self.lock_button, "staffbutton")
        row.addWidget(self.who, 1)
        row.addWidget(self.menu_button)
        row.addWidget(self.lock_button)
        self._member: str | None = None
        self._waiting = 0  # sales waiting for a person (the needs-staff queue's count)
        translator.changed.connect(self._on_language)
        self.show_member(None)

    def show_member(self, member: str | None) -> None:
        self._member = member
        self._render()
        self.setVisible(member is not None)

    def show_waiting(self, count: int) -> None:
        """How many sales wait for a person: the menu button says so, as a badge."""
        self._waiting = count
        self._render()

    def _on_language(self, _language: str) -> None:
        self._render()

    def _render(self) -> None:
        self.who.setText(tr("Staff mode — {name}", name=self._member or ""))
        menu = tr("Staff menu")
        if self._waiting:
            menu = tr("Staff menu · {count} waiting", count=self._waiting)
        for button, text in ((self.menu_button, menu), (self.lock_button, tr("Lock"))):
            button.setText(text)
            button.setAccessibleName(text)

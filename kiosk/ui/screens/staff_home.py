"""The staff menu: big tiles for each staff task, the needs-staff count, and the way out to the
desktop (asked twice: it closes the kiosk)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QPushButton, QSizePolicy

from kiosk.ui import routes
from kiosk.ui.asyncbridge import async_slot
from kiosk.ui.screens.staff_fleet import FleetPanel
from kiosk.ui.screens.staff_page import StaffScreen
from kiosk.ui.theme import set_role
from kiosk.ui.widgets.parts import button, label
from kiosk.ui.widgets.printer_line import PrinterLine
from kiosk.ui.widgets.wrapping_button import WrappingButton

# (where it goes, English caption) per tile, in reading order.
TILES: tuple[tuple[routes.Route, str], ...] = (
    (routes.StaffGuests(), "New sale"),
    (routes.StaffInvoices(), "Add to an open invoice"),
    (routes.StaffQueue(), "Needs staff"),
    (routes.StaffLookup(), "Find a reference"),
    (routes.StaffReceipts(), "Receipts"),
    (routes.StaffDay(), "End of day"),
)


class StaffHomeScreen(StaffScreen):
    """Tiles: new sale, open invoice, needs staff (with its count), receipts, end of day, exit."""

    route = routes.StaffHome
    title_text = "Staff menu"

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.text(self.way_out, "Back to the kiosk")
        self.way_out.clicked.disconnect()
        self.way_out.clicked.connect(self.to_kiosk)
        grid = QGridLayout()
        grid.setSpacing(16)
        self.tiles: dict[str, QPushButton] = {}
        for index, (route, caption) in enumerate(TILES):
            tile = WrappingButton()
            set_role(tile, "tile")
            tile.setObjectName(route.name)
            tile.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            self.text(tile, caption)
            tile.clicked.connect(lambda _=False, r=route: self.router.go(r))
            self.tiles[route.name] = tile
            grid.addWidget(tile, index // 2, index % 2)
        self.exit_button = WrappingButton()
        set_role(self.exit_button, "danger")
        self.text(self.exit_button, "Exit to desktop")
        self.exit_button.clicked.connect(self.ask_exit)
        self.exit_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        grid.addWidget(self.exit_button, len(TILES) // 2, len(TILES) % 2)
        self.grid = grid
        self.body.addLayout(grid, 1)
        self.fleet = FleetPanel(self.text)  # a kiosk of a chain: the others of this center
        self.body.addWidget(self.fleet)
        self.printer = PrinterLine()  # the receipt printer, asked each time the menu opens
        self.printer.hide()
        self.body.addWidget(self.printer)
        self.confirm = self._confirm()
        self.body.addWidget(self.confirm)

    def _confirm(self) -> QFrame:
        box = QFrame()
        set_role(box, "card")
        column = QHBoxLayout(box)
        column.setContentsMargins(24, 16, 24, 16)
        column.setSpacing(16)
        question = label("subtitle")
        self.text(question, "Close the kiosk and go to the desktop?")
        self.confirm_exit = button("danger")
        self.text(self.confirm_exit, "Exit")
        self.confirm_exit.clicked.connect(self.exit)
        self.keep_open = button("secondary")
        self.text(self.keep_open, "Keep it open")
        self.keep_open.clicked.connect(lambda _=False: box.hide())
        column.addWidget(question, 1)
        column.addWidget(self.keep_open)
        column.addWidget(self.confirm_exit)
        box.hide()
        return box

    def ask_exit(self) -> None:
        self.confirm.show()

    @async_slot
    async def exit(self) -> None:
        """Exit to the desktop: the window knows how (audited, then closed)."""
        shell = self.router.shell
        if shell is not None:
            await shell.exit_to_desktop()

    def to_kiosk(self) -> None:
        """Back to the guest's screens; staff mode stays on (the bar says so) until locked."""
        self.router.go(routes.Attract())

    def entered(self, *, route: routes.StaffHome) -> None:
        self.confirm.hide()
        self._count(None)
        self.start("staff-needs-count", self._load_count())
        if self.flow.fleet is not None:
            self.start("staff-fleet", self._load_fleet())
        receipts = self.flow.receipts
        self.printer.setVisible(receipts.guest_chooses)
        if receipts.guest_chooses:
            self.printer.show_state(receipts.printer_state, len(receipts.unprinted()))
            self.start("staff-printer", self._load_printer())

    async def _load_printer(self) -> None:
        receipts = self.flow.receipts
        state = await receipts.check_printer()
        self.printer.show_state(state, len(receipts.unprinted()))

    async def _load_fleet(self) -> None:
        fleet = self.flow.fleet
        if fleet is not None:
            kiosks = await fleet.kiosks_here()
            self.fleet.show_kiosks(fleet.kiosk_name, fleet.health, kiosks)

    async def _load_count(self) -> None:
        cases = await self.flow.back_office.needs_staff()
        self._count(len(cases))

    def _count(self, count: int | None) -> None:
        tile = self.tiles[routes.StaffQueue.name]
        if count is None:
            self.text(tile, "Needs staff")
        else:
            self.text(tile, "Needs staff ({count})", count=count)

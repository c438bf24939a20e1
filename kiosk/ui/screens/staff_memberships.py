"""Assisted checkout, step two: the memberships for the chosen guest, one or more, with prices.

Zenoti bills a recurring membership on an invoice of its own, so the screen says so before
anything is asked of Zenoti: choosing a recurring one greys out the others (and the other way
round), and on an open invoice that already has lines, recurring memberships cannot be chosen at
all. Then the sale starts: a new one (the guest reads and accepts the terms next), or on the open
invoice (straight to the review of the whole invoice).
"""

from __future__ import annotations

from typing import Any

from kiosk.checkout.sale import Sale
from kiosk.domain.catalog import Catalog, Membership
from kiosk.domain.invoice import InvoiceSummary
from kiosk.domain.sale import SaleState
from kiosk.ui import prices, routes
from kiosk.ui.i18n import tr
from kiosk.ui.screens.staff_page import StaffScreen
from kiosk.ui.widgets.choice_list import ChoiceList, Row
from kiosk.ui.widgets.parts import button, label

ALONE = "A recurring membership can only be sold alone, on an invoice of its own"
NOT_ON_THIS_INVOICE = (
    "This invoice already has items, so a recurring membership cannot be added to it"
)


class StaffMembershipsScreen(StaffScreen):
    """The catalogue as a multiple-choice list; Continue starts the sale."""

    route = routes.StaffMemberships
    title_text = "Choose memberships"

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._catalog: Catalog | None = None
        self._guest_id = ""
        self._guest_name = ""
        self._invoice: InvoiceSummary | None = None
        self.who_for = label("subtitle")
        self.rule = label("muted")
        self.rule.setObjectName("recurringRule")
        self.list = ChoiceList(multiple=True)
        self.list.toggled.connect(self._apply_rule)
        self.continue_button = button("primary")
        self.text(self.continue_button, "Continue")
        self.continue_button.clicked.connect(self.start_sale)
        for widget in (self.who_for, self.rule):
            self.body.addWidget(widget)
        self.body.addWidget(self.list, 1)
        self.body.addWidget(self.continue_button)

    # ------------------------------------------------------------------ the list and its rule

    @property
    def _has_items(self) -> bool:
        total = self._invoice.total if self._invoice is not None else None
        return total is not None and not total.is_zero

    def _memberships(self) -> dict[str, Membership]:
        return {m.id: m for m in self._catalog} if self._catalog is not None else {}

    def _render(self) -> None:
        memberships = self._memberships()
        self.list.set_rows([self._row(m) for m in memberships.values()])
        if self._invoice is not None:
            number = self._invoice.number or ""
            self.who_for.setText(
                tr("For {name}, on invoice {number}", name=self._guest_name, number=number)
            )
        else:
            self.who_for.setText(tr("For {name}", name=self._guest_name))
        self._apply_rule()

    def _row(self, membership: Membership) -> Row:
        quote = prices.today(membership)
        price = prices.figure(quote) if quote is not None else "—"
        kind = tr("recurring") if membership.is_recurring else tr("paid once")
        blocked = membership.is_recurring and self._has_items
        return Row(membership.id, membership.title, f"{price} · {kind}", enabled=not blocked)

    def _apply_rule(self) -> None:
        """Say the recurring rule, and grey out what it forbids next to what is ticked."""
        memberships = self._memberships()
        chosen = [memberships[key] for key in self.list.checked if key in memberships]
        recurring_chosen = any(m.is_recurring for m in chosen)
        for key, row_button in self.list.buttons.items():
            membership = memberships[key]
            beside_chosen = recurring_chosen or (membership.is_recurring and bool(chosen))
            blocked = membership.is_recurring and self._has_items
            blocked = blocked or (beside_chosen and not row_button.isChecked())
            row_button.setEnabled(not blocked)
        if self._has_items and any(m.is_recurring for m in memberships.values()):
            self.rule.setText(tr(NOT_ON_THIS_INVOICE))
        else:
            self.rule.setText(tr(ALONE))
        self.continue_button.setEnabled(bool(chosen))

    # ------------------------------------------------------------------ starting the sale

    def start_sale(self) -> None:
        ids = self.list.checked
        if not ids:
            return
        invoice = self._invoice
        if invoice is None:
            self.run("staff-start-sale", lambda: self._new_sale(ids), self._started)
        else:
            self.run(
                "staff-start-sale",
                lambda: self.flow.back_office.start_sale_on_invoice(
                    self.who, invoice.id, self._guest_id, ids
                ),
                self._adopt,
            )

    async def _new_sale(self, ids: list[str]) -> Sale:
        sale = await self.flow.begin(ids)
        await sale.choose_guest(self._guest_id)
        return sale

    def _adopt(self, sale: Sale) -> None:
        self.flow.adopt(sale)
        self._started(sale)

    def _started(self, sale: Sale) -> None:
        """Terms for a new sale (the guest reads them); the invoice's review otherwise."""
        if sale.state is SaleState.GUEST_IDENTIFIED:
            self.router.go(routes.Terms())
        else:
            self.router.go(routes.Review())

    # ------------------------------------------------------------------ life cycle

    def entered(self, *, route: routes.StaffMemberships) -> None:
        self._guest_id = route.guest_id
        self._guest_name = route.guest_name
        self._invoice = route.invoice
        self._catalog = None
        self.list.clear()
        self.continue_button.setEnabled(False)
        self.run("staff-catalogue", self.flow.catalogue, self._loaded, busy="Loading…")

    def _loaded(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self._render()

    def retranslate(self) -> None:
        if self._catalog is not None:
            checked = set(self.list.checked)
            self._render()
            for key in checked:
                self.list.buttons[key].setChecked(True)
            self._apply_rule()

    def forget_guest(self) -> None:
        super().forget_guest()
        self._guest_id = self._guest_name = ""
        self._invoice = None
        self.list.clear()

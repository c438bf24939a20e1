"""The kiosk's screens, in the order a guest meets them.

A screen may import ``kiosk.ui`` (the sale flow, the navigator, the route table), the widgets and
the domain; it reaches the sale engine only through ``SaleFlow``, never Zenoti or the reader.

``PLACES`` names each screen's module without importing it: the window imports a screen's module
when it first makes that screen, so staff mode, the reader's panel and the receipt's QR codes
cost nothing before attract is painted. ``SCREENS`` (every screen class, all imported) is for
tools and tests that want them all at once.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.ui.screens.base import Screen


@dataclass(frozen=True, slots=True)
class ScreenPlace:
    """Where the screen of route ``name`` is written: ``module``'s class ``cls``."""

    name: str
    module: str
    cls: str

    def load(self) -> type[Screen]:
        screen: type[Screen] = getattr(importlib.import_module(self.module), self.cls)
        return screen


def _place(name: str, module: str, cls: str) -> ScreenPlace:
    return ScreenPlace(name, f"kiosk.ui.screens.{module}", cls)


PLACES: tuple[ScreenPlace, ...] = (
    _place("attract", "attract", "AttractScreen"),
    _place("catalog", "catalog", "CatalogScreen"),
    _place("membership", "membership", "MembershipScreen"),
    _place("compare", "compare", "CompareScreen"),
    _place("identify", "identify", "IdentifyScreen"),
    _place("register", "register", "RegisterScreen"),
    _place("terms", "terms", "TermsScreen"),
    _place("review", "review", "ReviewScreen"),
    _place("payment", "payment", "PaymentScreen"),
    _place("save_card", "save_card", "SaveCardScreen"),
    _place("receipt", "receipt", "ReceiptScreen"),
    _place("unavailable", "unavailable", "UnavailableScreen"),
    _place("out_of_order", "out_of_order", "OutOfOrderScreen"),
    _place("staff_home", "staff_home", "StaffHomeScreen"),
    _place("staff_guests", "staff_guests", "StaffGuestsScreen"),
    _place("staff_memberships", "staff_memberships", "StaffMembershipsScreen"),
    _place("staff_invoices", "staff_invoices", "StaffInvoicesScreen"),
    _place("staff_queue", "staff_queue", "StaffQueueScreen"),
    _place("staff_receipts", "staff_receipts", "StaffReceiptsScreen"),
    _place("staff_lookup", "staff_lookup", "StaffLookupScreen"),
    _place("staff_day", "staff_day", "StaffDayScreen"),
)


def __getattr__(name: str) -> list[type[Screen]]:
    if name == "SCREENS":  # every screen class, imported now
        return [place.load() for place in PLACES]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["PLACES", "SCREENS", "ScreenPlace"]

"""Every way through the kiosk, declared once: one frozen route per screen, with what it needs.

A screen is shown by handing the navigator a route, ``router.go(Membership(membership))``; the
route's fields are the screen's parameters, so a missing or mistyped one is a type error, not a
``KeyError`` on a guest's screen. Going back re-shows the earlier route as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, get_args

from kiosk.domain.catalog import Membership as MembershipOnSale
from kiosk.domain.guest import Phone
from kiosk.domain.invoice import InvoiceSummary
from kiosk.domain.receipt import Receipt as PaidReceipt

# ---------------------------------------------------------------- the guest's way


@dataclass(frozen=True)
class Attract:
    """The attract loop; a tap starts browsing."""

    name: ClassVar[str] = "attract"


@dataclass(frozen=True)
class Catalog:
    """Every membership on sale, as cards."""

    name: ClassVar[str] = "catalog"


@dataclass(frozen=True)
class Membership:
    """One membership in full: its benefits, price and terms."""

    name: ClassVar[str] = "membership"
    membership: MembershipOnSale


@dataclass(frozen=True)
class Compare:
    """Two or three memberships side by side."""

    name: ClassVar[str] = "compare"
    memberships: tuple[MembershipOnSale, ...]


@dataclass(frozen=True)
class Identify:
    """The guest gives a phone number or an email; a returning guest is found."""

    name: ClassVar[str] = "identify"


@dataclass(frozen=True)
class Register:
    """A new guest's details, starting from what identify was given."""

    name: ClassVar[str] = "register"
    phone: Phone | None = None
    email: str | None = None


@dataclass(frozen=True)
class Terms:
    """The memberships' terms, consents and (for a recurring one) a signature."""

    name: ClassVar[str] = "terms"


@dataclass(frozen=True)
class Review:
    """Zenoti's invoice with its real totals, before paying."""

    name: ClassVar[str] = "review"


@dataclass(frozen=True)
class Payment:
    """The ways to pay and the payment's live state."""

    name: ClassVar[str] = "payment"


@dataclass(frozen=True)
class SaveCard:
    """Paid: a recurring membership's card for its later payments, saved on Zenoti's page."""

    name: ClassVar[str] = "save_card"


@dataclass(frozen=True)
class Receipt:
    """The paid sale's receipt as a QR code, then back to attract."""

    name: ClassVar[str] = "receipt"
    receipt: PaidReceipt


@dataclass(frozen=True)
class Unavailable:
    """No catalogue at all: selling is impossible until Zenoti answers."""

    name: ClassVar[str] = "unavailable"


@dataclass(frozen=True)
class OutOfOrder:
    """The journal does not write: no sale starts; the sale in hand (if any) was set aside."""

    name: ClassVar[str] = "out_of_order"
    sale_id: str | None = None


# ---------------------------------------------------------------- staff mode


@dataclass(frozen=True)
class StaffHome:
    """The staff menu."""

    name: ClassVar[str] = "staff_home"


@dataclass(frozen=True)
class StaffGuests:
    """Find the guest of an assisted sale (for an open invoice that has none, its invoice)."""

    name: ClassVar[str] = "staff_guests"
    invoice: InvoiceSummary | None = None


@dataclass(frozen=True)
class StaffMemberships:
    """Choose memberships for a guest: a new sale, or onto an open invoice."""

    name: ClassVar[str] = "staff_memberships"
    guest_id: str
    guest_name: str
    invoice: InvoiceSummary | None = None


@dataclass(frozen=True)
class StaffInvoices:
    """The center's open invoices."""

    name: ClassVar[str] = "staff_invoices"


@dataclass(frozen=True)
class StaffQueue:
    """Sales waiting for a person."""

    name: ClassVar[str] = "staff_queue"


@dataclass(frozen=True)
class StaffReceipts:
    """Finished sales, to resend or show a receipt."""

    name: ClassVar[str] = "staff_receipts"


@dataclass(frozen=True)
class StaffLookup:
    """Find a sale by the reference a guest was given (scanned, typed, or from today's list)."""

    name: ClassVar[str] = "staff_lookup"


@dataclass(frozen=True)
class StaffDay:
    """End of day: one day's reconciliation."""

    name: ClassVar[str] = "staff_day"


Route = (
    Attract | Catalog | Membership | Compare | Identify | Register | Terms | Review | Payment
    | SaveCard | Receipt | Unavailable | OutOfOrder
    | StaffHome | StaffGuests | StaffMemberships | StaffInvoices | StaffQueue | StaffReceipts
    | StaffLookup | StaffDay
)  # fmt: skip

ROUTES: tuple[type[Route], ...] = get_args(Route)

_BY_NAME: dict[str, type[Route]] = {route.name: route for route in ROUTES}


def route_type(name: str) -> type[Route]:
    """The route of the screen called ``name``."""
    return _BY_NAME[name]


def is_staff(name: str) -> bool:
    """Staff screens are named ``staff_*``; nothing else of the kiosk is."""
    return name.startswith("staff_")

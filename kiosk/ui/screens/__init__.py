"""The kiosk's screens, in the order a guest meets them."""

from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.catalog import CatalogScreen
from kiosk.ui.screens.compare import CompareScreen
from kiosk.ui.screens.identify import IdentifyScreen
from kiosk.ui.screens.membership import MembershipScreen
from kiosk.ui.screens.payment import PaymentScreen
from kiosk.ui.screens.receipt import ReceiptScreen
from kiosk.ui.screens.register import RegisterScreen
from kiosk.ui.screens.review import ReviewScreen
from kiosk.ui.screens.staff_day import StaffDayScreen
from kiosk.ui.screens.staff_guests import StaffGuestsScreen
from kiosk.ui.screens.staff_home import StaffHomeScreen
from kiosk.ui.screens.staff_invoices import StaffInvoicesScreen
from kiosk.ui.screens.staff_memberships import StaffMembershipsScreen
from kiosk.ui.screens.staff_queue import StaffQueueScreen
from kiosk.ui.screens.staff_receipts import StaffReceiptsScreen
from kiosk.ui.screens.terms import TermsScreen
from kiosk.ui.screens.unavailable import UnavailableScreen

SCREENS: list[type[Screen]] = [
    AttractScreen,
    CatalogScreen,
    MembershipScreen,
    CompareScreen,
    IdentifyScreen,
    RegisterScreen,
    TermsScreen,
    ReviewScreen,
    PaymentScreen,
    ReceiptScreen,
    UnavailableScreen,
    StaffHomeScreen,
    StaffGuestsScreen,
    StaffMembershipsScreen,
    StaffInvoicesScreen,
    StaffQueueScreen,
    StaffReceiptsScreen,
    StaffDayScreen,
]

__all__ = ["SCREENS", "Screen"]

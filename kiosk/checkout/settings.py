"""What the sale engine needs to know about the business it sells for."""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.domain.content import ContentTranslations
from kiosk.domain.pricing import TaxDisplay


@dataclass(frozen=True, slots=True)
class PaymentTypes:
    """Zenoti custom payment types (configuration: no API lists them) the kiosk records with."""

    card_terminal: str
    cash: str | None = None
    others: tuple[tuple[str, str], ...] = ()  # (id, name) pairs staff may choose from


@dataclass(frozen=True, slots=True)
class StaffMember:
    """Someone who may unlock staff mode: their name (for the audit log) and PIN hash."""

    name: str
    pin_hash: str = field(repr=False)  # see kiosk.checkout.staff.pin


@dataclass(frozen=True, slots=True)
class Deadlines:
    """How long each wait may last, in seconds. Every wait in a sale has one."""

    awaiting_card: float = 120.0  # the payment's own deadline: then cancel, verify, reset
    reconcile: float = 180.0  # settling an unknown outcome, then a person takes over
    phone_payment: float = 300.0
    saving_card: float = 300.0  # the add-card page of a recurring sale, then "card needed"
    guest_waits: float = 40.0  # an unknown outcome, before the guest is sent to the desk
    poll_initial: float = 1.0
    poll_max: float = 8.0
    record_attempts: int = 3  # re-posts of a payment proven absent, before staff take over


@dataclass(frozen=True, slots=True)
class SaleSettings:
    """The center the kiosk sells for, and how sales there are paid and recorded."""

    center_id: str
    currency: str
    kiosk_employee_id: str
    payment_types: PaymentTypes
    receipt_url_template: str | None = None  # "{invoice_id}" is replaced
    redirect_uri: str = "https://kiosk.invalid/done"
    # The business closes paid invoices itself: the kiosk then only verifies.
    zenoti_auto_closes: bool = False
    deadlines: Deadlines = field(default_factory=Deadlines)
    dialling_code: str = "1"  # the center's country, for phone searches with a prefix
    staff: tuple[StaffMember, ...] = ()  # who may unlock staff mode
    tax_display: TaxDisplay = TaxDisplay.INCLUDED  # how catalogue prices are shown
    # The business's translations of its memberships' texts, and the language Zenoti's are in.
    content: ContentTranslations = field(default_factory=ContentTranslations)
    content_language: str = "en"

    def receipt_url(self, invoice_id: str) -> str | None:
        """Where the guest's receipt for ``invoice_id`` can be read (shown as a QR code)."""
        template = self.receipt_url_template
        return template.replace("{invoice_id}", invoice_id) if template else None

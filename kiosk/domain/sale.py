"""A sale's states and the transitions allowed between them — the whole table on one screen.

The card-payment part follows the payment state machine of the kiosk's payment rules:

    INVOICE_READY → INTENT_CREATED → SENT → AWAITING_CARD → PROCESSING → APPROVED → RECORDED
        → CLOSED → COMPLETED, with DECLINED, CANCELLED, and UNKNOWN → RECONCILING → (APPROVED |
        DECLINED | CANCELLED | NEEDS_STAFF).

Before it come the guest's steps, each of which may be walked back while nothing is owed.
"""

from __future__ import annotations

import enum


class SaleState(enum.Enum):
    """Where one guest's sale stands."""

    CHOOSING = "choosing"  # memberships picked, nobody identified yet
    GUEST_IDENTIFIED = "guest_identified"
    TERMS_ACCEPTED = "terms_accepted"
    INVOICE_REQUESTED = "invoice_requested"  # written ahead of POST /invoices/memberships
    INVOICE_READY = "invoice_ready"  # Zenoti's invoice exists and its totals were read back
    INTENT_CREATED = "intent_created"  # the processor's intent (or hosted page) exists
    SENT = "sent"  # written ahead of arming the reader
    AWAITING_CARD = "awaiting_card"
    PROCESSING = "processing"
    DECLINED = "declined"  # the intent stays; another card or method may follow
    UNKNOWN = "unknown"  # a request's outcome is not known: never a decline
    RECONCILING = "reconciling"  # reading the originals back to settle UNKNOWN
    APPROVED = "approved"  # money taken, not yet recorded in Zenoti
    RECORDED = "recorded"  # Zenoti holds the payment
    CLOSED = "closed"  # Zenoti's invoice is closed
    COMPLETED = "completed"  # receipt shown (the email is apart: it never fails a sale)
    CANCELLED = "cancelled"  # nothing was taken; the invoice items were removed
    ABANDONED = "abandoned"  # walked away before any invoice existed
    NEEDS_STAFF = "needs_staff"  # a person must finish it; the reason is journalled
    RESOLVED = "resolved"  # staff closed it by hand with a note; the kiosk never touched money

    @property
    def is_final(self) -> bool:
        """A final sale is never touched by recovery again."""
        return self in _FINAL

    @property
    def money_may_be_taken(self) -> bool:
        """From here on the guest may have paid: the sale must never be reset silently."""
        return self in _MONEY_MAY_BE_TAKEN

    @property
    def payment_in_flight(self) -> bool:
        """A card may be on the reader: the idle reset must wait for the payment's own deadline."""
        return self in _PAYMENT_IN_FLIGHT


_FINAL = frozenset(
    {SaleState.COMPLETED, SaleState.CANCELLED, SaleState.ABANDONED, SaleState.RESOLVED}
)
_PAYMENT_IN_FLIGHT = frozenset(
    {
        SaleState.SENT,
        SaleState.AWAITING_CARD,
        SaleState.PROCESSING,
        SaleState.UNKNOWN,
        SaleState.RECONCILING,
    }
)
_MONEY_MAY_BE_TAKEN = _PAYMENT_IN_FLIGHT | {
    SaleState.APPROVED,
    SaleState.RECORDED,
    SaleState.CLOSED,
    SaleState.COMPLETED,
    SaleState.NEEDS_STAFF,
    SaleState.RESOLVED,
}

S = SaleState
TRANSITIONS: dict[SaleState, frozenset[SaleState]] = {
    # The guest's steps: walked back freely, abandoned freely — nothing exists in Zenoti yet.
    S.CHOOSING: frozenset({S.GUEST_IDENTIFIED, S.ABANDONED}),
    S.GUEST_IDENTIFIED: frozenset({S.CHOOSING, S.TERMS_ACCEPTED, S.ABANDONED}),
    S.TERMS_ACCEPTED: frozenset({S.GUEST_IDENTIFIED, S.INVOICE_REQUESTED, S.ABANDONED}),
    # Zenoti refused the invoice (back), made it (ready), or nobody can tell (staff).
    S.INVOICE_REQUESTED: frozenset({S.TERMS_ACCEPTED, S.INVOICE_READY, S.ABANDONED, S.NEEDS_STAFF}),
    # Choose a method: card or phone (an intent), cash (staff hands it over: approved), or leave.
    S.INVOICE_READY: frozenset({S.INTENT_CREATED, S.APPROVED, S.RECORDED, S.CANCELLED}),
    # An intent that is not on a reader can be armed, shown (phone), or given up.
    S.INTENT_CREATED: frozenset({S.SENT, S.AWAITING_CARD, S.INVOICE_READY, S.UNKNOWN, S.CANCELLED}),
    # Written ahead of arming the reader; an offline or busy reader leaves the intent unarmed.
    S.SENT: frozenset({S.AWAITING_CARD, S.INTENT_CREATED, S.UNKNOWN}),
    # A cancelled attempt leaves a reusable intent (INTENT_CREATED) or none (INVOICE_READY).
    S.AWAITING_CARD: frozenset(
        {
            S.PROCESSING,
            S.APPROVED,
            S.RECORDED,
            S.DECLINED,
            S.INTENT_CREATED,
            S.INVOICE_READY,
            S.UNKNOWN,
        }
    ),
    S.PROCESSING: frozenset({S.APPROVED, S.DECLINED, S.INTENT_CREATED, S.INVOICE_READY, S.UNKNOWN}),
    # A decline keeps the invoice and the intent: another card, another method, or leave.
    S.DECLINED: frozenset({S.SENT, S.INVOICE_READY, S.UNKNOWN, S.CANCELLED}),
    # UNKNOWN is never a decline: it is settled only by reading the original back.
    S.UNKNOWN: frozenset({S.RECONCILING}),
    S.RECONCILING: frozenset(
        {
            S.INTENT_CREATED,
            S.AWAITING_CARD,
            S.PROCESSING,
            S.APPROVED,
            S.RECORDED,
            S.DECLINED,
            S.INVOICE_READY,
            S.NEEDS_STAFF,
        }
    ),
    # Money taken is never cancelled or abandoned: it is recorded, or a person finishes it.
    S.APPROVED: frozenset({S.RECORDED, S.NEEDS_STAFF}),
    S.RECORDED: frozenset({S.CLOSED, S.NEEDS_STAFF}),
    S.CLOSED: frozenset({S.COMPLETED}),
    # A person finishes it: recovery again, a payment they took by hand, or a note (RESOLVED).
    S.NEEDS_STAFF: frozenset(
        {S.RECONCILING, S.RECORDED, S.CLOSED, S.COMPLETED, S.CANCELLED, S.RESOLVED}
    ),
    S.COMPLETED: frozenset(),
    S.RESOLVED: frozenset(),
    S.CANCELLED: frozenset(),
    S.ABANDONED: frozenset(),
}
del S


class IllegalTransition(Exception):
    """A bug: the engine tried to move a sale along an edge the table does not have."""

    def __init__(self, current: SaleState, target: SaleState) -> None:
        super().__init__(f"a sale cannot go from {current.value} to {target.value}")
        self.current = current
        self.target = target


def check_transition(current: SaleState, target: SaleState) -> None:
    """Raise ``IllegalTransition`` unless the table allows ``current → target``."""
    if target not in TRANSITIONS[current]:
        raise IllegalTransition(current, target)

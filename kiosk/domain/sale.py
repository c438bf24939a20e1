"""A sale's states and the transitions allowed between them — the whole table on one screen.

The card-payment part follows the payment state machine of the kiosk's payment rules:

    INVOICE_READY → INTENT_CREATED → SENT → AWAITING_CARD → PROCESSING → APPROVED → RECORDED
        → CLOSED → COMPLETED, with DECLINED, CANCELLED, and UNKNOWN → RECONCILING → (APPROVED |
        DECLINED | CANCELLED | NEEDS_STAFF).

Paying on the phone has its own state: INVOICE_READY → AWAITING_PHONE → RECORDED (Zenoti's own
processor took the card) | INVOICE_READY (stopped) | CANCELLED (given up).

After it, a recurring membership needs a card saved with Zenoti's processor for its later cycles:
CLOSED → COMPLETED (a card is on file) | CARD_NEEDED → SAVING_CARD (the add-card page is shown)
→ COMPLETED (the card appeared in the guest's saved cards) | CARD_NEEDED (skipped: staff see it).

Before it come the guest's steps. What each step *does* in each state is the other table,
``kiosk.checkout.behaviour``; every edge here is one the engine takes, and only those.
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
    INTENT_CREATED = "intent_created"  # the card processor's intent exists
    SENT = "sent"  # written ahead of arming the reader
    AWAITING_CARD = "awaiting_card"
    AWAITING_PHONE = "awaiting_phone"  # Zenoti's hosted page is shown; the invoice is watched
    PROCESSING = "processing"
    DECLINED = "declined"  # the intent stays; another card or method may follow
    UNKNOWN = "unknown"  # a request's outcome is not known: never a decline
    RECONCILING = "reconciling"  # reading the originals back to settle UNKNOWN
    APPROVED = "approved"  # money taken, not yet recorded in Zenoti
    RECORDED = "recorded"  # Zenoti holds the payment
    CLOSED = "closed"  # Zenoti's invoice is closed
    CARD_NEEDED = "card_needed"  # paid; a recurring membership has no card saved for later cycles
    SAVING_CARD = "saving_card"  # Zenoti's add-card page is shown; the guest's saved cards watched
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
        SaleState.AWAITING_PHONE,
        SaleState.PROCESSING,
        SaleState.UNKNOWN,
        SaleState.RECONCILING,
    }
)
# The guest's money has been taken: a sale set aside here is a paid one.
MONEY_TAKEN = frozenset(
    {
        SaleState.APPROVED,
        SaleState.RECORDED,
        SaleState.CLOSED,
        SaleState.CARD_NEEDED,
        SaleState.SAVING_CARD,
        SaleState.COMPLETED,
    }
)
_MONEY_MAY_BE_TAKEN = _PAYMENT_IN_FLIGHT | MONEY_TAKEN | {SaleState.NEEDS_STAFF, SaleState.RESOLVED}

S = SaleState
TRANSITIONS: dict[SaleState, frozenset[SaleState]] = {
    # The guest's steps: abandoned freely — nothing exists in Zenoti yet. The front desk starts
    # a sale on its own open invoice: guest and terms are the desk's, so CHOOSING → REQUESTED.
    S.CHOOSING: frozenset({S.GUEST_IDENTIFIED, S.INVOICE_REQUESTED, S.ABANDONED}),
    S.GUEST_IDENTIFIED: frozenset({S.TERMS_ACCEPTED, S.ABANDONED}),
    S.TERMS_ACCEPTED: frozenset({S.INVOICE_REQUESTED, S.ABANDONED}),
    # Zenoti refused the invoice (back to the terms), made it (ready), or made none (abandoned).
    S.INVOICE_REQUESTED: frozenset({S.TERMS_ACCEPTED, S.INVOICE_READY, S.ABANDONED}),
    # Choose a method: card (an intent), phone (a hosted page), cash (staff: approved), or leave.
    S.INVOICE_READY: frozenset({S.INTENT_CREATED, S.AWAITING_PHONE, S.APPROVED, S.CANCELLED}),
    # An intent that is not on a reader can be armed, or given up; taking it back may find it
    # paid after all (APPROVED), paid in a way that is not this attempt's (NEEDS_STAFF), or a
    # card still authorising on it, or no answer (UNKNOWN).
    S.INTENT_CREATED: frozenset({S.SENT, S.APPROVED, S.NEEDS_STAFF, S.UNKNOWN, S.CANCELLED}),
    # Written ahead of arming the reader; an offline or busy reader leaves the intent unarmed. An
    # intent the reader refuses is read back and believed: paid already, or cancelled meanwhile.
    S.SENT: frozenset(
        {S.AWAITING_CARD, S.INTENT_CREATED, S.APPROVED, S.INVOICE_READY, S.UNKNOWN, S.NEEDS_STAFF}
    ),
    # A cancelled attempt leaves a reusable intent (INTENT_CREATED) or none (INVOICE_READY); a
    # success that is not this attempt's exactly goes to a person (NEEDS_STAFF).
    S.AWAITING_CARD: frozenset(
        {
            S.PROCESSING,
            S.APPROVED,
            S.DECLINED,
            S.INTENT_CREATED,
            S.INVOICE_READY,
            S.UNKNOWN,
            S.NEEDS_STAFF,
        }
    ),
    S.PROCESSING: frozenset(
        {S.APPROVED, S.DECLINED, S.INTENT_CREATED, S.INVOICE_READY, S.UNKNOWN, S.NEEDS_STAFF}
    ),
    # Zenoti's processor takes the card on the guest's phone: paid is recorded already.
    S.AWAITING_PHONE: frozenset({S.RECORDED, S.INVOICE_READY, S.CANCELLED}),
    # A decline keeps the invoice and the intent: another card, another method (the phone; cash
    # taken by staff is APPROVED at once), or leave — taking the intent back as INTENT_CREATED.
    S.DECLINED: frozenset(
        {S.SENT, S.INVOICE_READY, S.APPROVED, S.NEEDS_STAFF, S.UNKNOWN, S.CANCELLED}
    ),
    # UNKNOWN is never a decline: it is settled only by reading the original back.
    S.UNKNOWN: frozenset({S.RECONCILING}),
    S.RECONCILING: frozenset(
        {
            S.INTENT_CREATED,
            S.AWAITING_CARD,
            S.APPROVED,
            S.DECLINED,
            S.INVOICE_READY,
            S.NEEDS_STAFF,
        }
    ),
    # Money taken is never cancelled or abandoned: it is recorded, or a person finishes it.
    S.APPROVED: frozenset({S.RECORDED, S.NEEDS_STAFF}),
    S.RECORDED: frozenset({S.CLOSED, S.NEEDS_STAFF}),
    # A recurring membership bills later cycles to a card saved with Zenoti's processor: paid
    # without one, the sale waits for it (CARD_NEEDED) — the guest saves it now (SAVING_CARD), or
    # staff find it saved later, or close the sale with a note.
    S.CLOSED: frozenset({S.COMPLETED, S.CARD_NEEDED}),
    S.CARD_NEEDED: frozenset({S.SAVING_CARD, S.COMPLETED, S.RESOLVED}),
    S.SAVING_CARD: frozenset({S.COMPLETED, S.CARD_NEEDED}),
    # A person finishes it: recovery again, a payment recorded (by hand or the reader's), or a
    # note (RESOLVED).
    S.NEEDS_STAFF: frozenset({S.RECONCILING, S.RECORDED, S.RESOLVED}),
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

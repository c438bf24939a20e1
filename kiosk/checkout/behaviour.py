"""What each step of a sale does, in each state and for each kind of payment — the table that
stands beside ``TRANSITIONS`` (kiosk/domain/sale.py).

``TRANSITIONS`` says where a sale may go; this says what the engine does when a step meets the
sale where it stands. ``Sale`` looks the action up here and runs it; no other code branches on the
state to decide what a step does. A (state, payment) pair that is not listed rests: nothing to do.

The steps:
- SETTLE: a payment on the kiosk came to rest (the guest is there);
- ABANDON: the guest walked away, or tapped "start over" (refused while a payment is in flight);
- RECOVER: the sale was found unfinished in the journal (start-up, or a staff re-check);
- RECONCILED: a card attempt was read back with nobody at the reader (in recovery, or while
  taking it back from a guest who left), and came to rest here;
- CANCEL: nothing more will be paid — first take back what the payment left out (``RELEASE``),
  then empty the invoice. An approval found while taking it back wins: the sale is finished.
"""

from __future__ import annotations

import enum

from kiosk.checkout.view import Method
from kiosk.domain.sale import SaleState


class Step(enum.Enum):
    """A moment at which the engine decides what to do with a sale."""

    SETTLE = "settle"
    ABANDON = "abandon"
    RECOVER = "recover"
    RECONCILED = "reconciled"


class Do(enum.Enum):
    """What the engine does."""

    REST = "rest"  # nothing to do: publish where the sale stands
    ABANDON = "abandon"  # nothing exists in Zenoti: ABANDONED
    FIND_INVOICE = "find_invoice"  # the invoice POST may have landed: find it, then CANCEL
    CANCEL = "cancel"  # RELEASE by the payment, then empty the invoice: CANCELLED
    FINISH = "finish"  # money taken: Settlement.finish (record → close → email), receipt
    RECHECK = "recheck"  # a person asked: money taken → FINISH; a card attempt → RECONCILE_CARD
    RECONCILE_CARD = "reconcile_card"  # read the card attempt back, then the RECONCILED row
    RELEASE_CARD = "release_card"  # take the attempt off the reader; an approval wins
    CHECK_PHONE = "check_phone"  # read the invoice once more: paid on the phone wins
    CHECK_CARD_ON_FILE = "check_card_on_file"  # read the guest's saved cards: one → COMPLETED
    NOTHING = "nothing"  # nothing of the payment is left out


class Payment(enum.Enum):
    """What the journal holds of the sale's payment, as far as a step cares."""

    CARD = "card"  # a card attempt (an intent) on a configured reader
    PHONE = "phone"  # Zenoti's hosted page
    OTHER = "other"  # cash, staff's types, no attempt yet — or an attempt with no reader here


def payment_of(method: str | None, intent_id: str | None, *, has_reader: bool) -> Payment:
    """The payment kind a sale's journalled method and attempt amount to."""
    if method == Method.PHONE.value:
        return Payment.PHONE
    if method == Method.CARD.value and intent_id is not None and has_reader:
        return Payment.CARD
    return Payment.OTHER


ANY = None  # a row that holds for every payment kind of that state

S, P = SaleState, Payment
_GUEST = (S.CHOOSING, S.GUEST_IDENTIFIED, S.TERMS_ACCEPTED)
_CARD_AT_REST = (S.INTENT_CREATED, S.DECLINED, S.INVOICE_READY)
_CARD_IN_FLIGHT = (S.SENT, S.AWAITING_CARD, S.PROCESSING, S.UNKNOWN, S.RECONCILING)
_MONEY_TAKEN = (S.APPROVED, S.RECORDED, S.CLOSED)

BEHAVIOUR: dict[Step, dict[tuple[SaleState, Payment | None], Do]] = {
    Step.SETTLE: {
        (S.APPROVED, ANY): Do.FINISH,
        (S.RECORDED, ANY): Do.FINISH,
    },
    Step.ABANDON: {
        **{(state, ANY): Do.ABANDON for state in _GUEST},
        **{(state, ANY): Do.CANCEL for state in _CARD_AT_REST},
        **{(state, ANY): Do.FINISH for state in _MONEY_TAKEN},
        # Left while the add-card page showed: the card may have been saved on the phone.
        (S.SAVING_CARD, ANY): Do.CHECK_CARD_ON_FILE,
    },
    Step.RECOVER: {
        **{(state, ANY): Do.ABANDON for state in _GUEST},
        (S.INVOICE_REQUESTED, ANY): Do.FIND_INVOICE,
        (S.INVOICE_READY, ANY): Do.CANCEL,
        **{(state, ANY): Do.FINISH for state in _MONEY_TAKEN},
        (S.NEEDS_STAFF, ANY): Do.RECHECK,
        (S.SAVING_CARD, ANY): Do.CHECK_CARD_ON_FILE,
        (S.CARD_NEEDED, ANY): Do.CHECK_CARD_ON_FILE,
        (S.AWAITING_PHONE, P.PHONE): Do.CANCEL,
        (S.INTENT_CREATED, P.CARD): Do.CANCEL,
        (S.DECLINED, P.CARD): Do.CANCEL,
        **{(state, P.CARD): Do.RECONCILE_CARD for state in _CARD_IN_FLIGHT},
    },
    Step.RECONCILED: {
        (S.APPROVED, ANY): Do.FINISH,
        **{(state, ANY): Do.CANCEL for state in _CARD_AT_REST},
        # Armed on the reader with nobody there: CANCEL takes it off first.
        (S.AWAITING_CARD, ANY): Do.CANCEL,
    },
}

# What CANCEL takes back first, by payment.
RELEASE: dict[Payment, Do] = {
    P.CARD: Do.RELEASE_CARD,
    P.PHONE: Do.CHECK_PHONE,
    P.OTHER: Do.NOTHING,
}
del S, P


def behaviour(step: Step, state: SaleState, payment: Payment) -> Do:
    """What ``step`` does to a sale in ``state`` paid by ``payment`` (REST when not listed)."""
    rows = BEHAVIOUR[step]
    return rows.get((state, payment), rows.get((state, ANY), Do.REST))

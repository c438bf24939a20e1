"""The reader's side of the day for a processor that lists no payments by date (Adyen's Terminal
API): each card attempt the journal holds, read back from the processor's own records.

What this cannot see, and a listing could: a payment taken on the reader that no journalled sale
names. For those the processor's own reports (Adyen's Customer Area) are the place to look.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from kiosk.checkout.card import attempt_of
from kiosk.checkout.journal import SaleRecord
from kiosk.domain.money import Money
from kiosk.payments.terminal import (
    PaymentTerminal,
    ReaderPayment,
    TerminalMismatch,
    TerminalStatus,
)

log = logging.getLogger("kiosk.checkout")


async def read_attempts_back(
    terminal: PaymentTerminal, sales: Sequence[SaleRecord]
) -> list[ReaderPayment]:
    """One ReaderPayment per journalled card attempt; ``succeeded`` only for a matching approval.

    Raises ``TerminalUnknownOutcome`` / ``TerminalError`` when an attempt cannot be read.
    """
    payments = []
    for sale in sales:
        if sale.intent_id is None or sale.attempt_key is None or sale.amount is None:
            continue
        attempt = attempt_of(sale)
        received = Money.zero(attempt.amount.currency)
        try:
            reading = await terminal.read_back(attempt)
        except TerminalMismatch as mismatch:
            # Rule 5: a success that is not this attempt's is never counted as paid here; the
            # sale itself went to staff when the engine saw it.
            log.info("attempt %s read back as a mismatch: %s", attempt.intent_id, mismatch.code)
            status = "mismatch"
        else:
            approved = reading.status is TerminalStatus.APPROVED and reading.amount is not None
            status = "succeeded" if approved else reading.status.value
            if approved and reading.amount is not None:
                received = reading.amount
        payments.append(
            ReaderPayment(
                intent_id=attempt.intent_id,
                status=status,
                amount=attempt.amount,
                received=received,
                created=sale.created_at,
                sale_id=sale.id,
            )
        )
    return payments

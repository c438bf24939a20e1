"""The simulated Adyen terminal: payments it takes, cards tapped on it, aborts, statuses, scripts.

Like the Stripe reader, time moves lazily: a card being authorised carries ``settle_at`` and every
call first runs :func:`advance`. A payment waits for a card until one is presented (the sandbox's
test helper, as the guest's tap), the kiosk aborts it, or the terminal's own 120 s prompt time-out
passes. How a tapped card ends: Adyen's test convention first — an amount whose last three minor
digits are 124, 125, 126, 127, 128 or 134 declines as Adyen's test environment does — then the
card's number (the Stripe test numbers the sandbox's tester panel and the simulation tap).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl

from kiosk.sandbox import adyen_wire as wire
from kiosk.sandbox.adyen_store import (
    AUTHORISING,
    AWAITING_CARD,
    DONE,
    AdyenStore,
    JsonObject,
    Payment,
    Terminal,
)
from kiosk.sandbox.reader_cards import brand_of, outcome_of

SCRIPTS = frozenset({"timeout", "busy", "offline"})
PROMPT_TIMEOUT_S = 120.0  # "Insert, swipe, or tap card" times out after 120 s (Adyen's time-outs)

# Adyen's test amounts (last three minor digits) and how they decline, as Adyen's mock terminal
# recorded them from a V400m: (ErrorCondition, message, refusalReason).
TEST_AMOUNTS: Mapping[int, tuple[str, str, str]] = {
    124: ("Refusal", "NOT_ENOUGH_BALANCE", "210 Not enough balance"),
    125: ("Refusal", "BLOCK_CARD", "199 Card blocked"),
    126: ("Refusal", "CARD_EXPIRED", "228 Card expired"),
    127: ("Refusal", "INVALID_AMOUNT", "214 Declined online"),
    128: ("InvalidCard", "INVALID_CARD", "214 Declined online"),
    134: ("WrongPIN", "INVALID_PIN", "129 Invalid online PIN"),
}
# The Stripe test cards' declines, said the Adyen way.
_CARD_DECLINES: Mapping[str, tuple[str, str, str]] = {
    "insufficient_funds": TEST_AMOUNTS[124],
    "lost_card": TEST_AMOUNTS[125],
    "stolen_card": TEST_AMOUNTS[125],
    "expired_card": TEST_AMOUNTS[126],
    "processing_error": TEST_AMOUNTS[128],
    "incorrect_pin": TEST_AMOUNTS[134],
}
_GENERIC_DECLINE = ("Refusal", "REFUSED", "214 Declined online")
_ADYEN_BRANDS = {"mastercard": "mc", "unionpay": "cup"}
_ABORTED = ("Aborted", "104 Merchant cancelled tx", "104 Merchant cancelled tx")
_NOT_PRESENTED = ("Cancel", "126 Shopper did not present card", "126 Shopper did not present card")


class AdyenSimError(Exception):
    """A tester's request the simulated terminal cannot do (no such terminal, nothing to tap)."""


@dataclass(frozen=True)
class Taken:
    """What a PaymentRequest led to: an answer now, a payment to wait on, or no answer at all."""

    answer: JsonObject | None = None  # answered at once (busy, offline, invalid)
    payment: Payment | None = None  # on the terminal: the /sync request waits for its end
    drop: bool = False  # the timeout script: the terminal has it, the answer is lost


def take_payment(
    st: AdyenStore, header: JsonObject, request: JsonObject, raw: bytes, now: float
) -> Taken:
    """A PaymentRequest arriving for ``header['POIID']``."""
    terminal = st.terminal(str(header.get("POIID")))
    if terminal is None:
        return Taken(answer=wire.reject(header, raw, wire.UNREACHABLE))
    script, terminal.next_process = terminal.next_process, None
    st.save_terminal(terminal)  # a script is spent whatever happens next
    if script == "offline" or not terminal.online:
        return Taken(answer=wire.reject(header, raw, wire.UNREACHABLE))
    current = st.in_progress(terminal.poi_id)
    if script == "busy" or current is not None:
        return Taken(answer=wire.busy(header, request, current.service_id if current else None))
    sale = _object(request.get("SaleData"))
    sale_tx = _object(sale.get("SaleTransactionID"))
    amounts = _amounts(request)
    if amounts is None or not sale_tx.get("TransactionID") or not sale_tx.get("TimeStamp"):
        problem = "PaymentRequest needs SaleData.SaleTransactionID and AmountsReq"
        return Taken(answer=wire.message_format(header, "Payment", problem))
    key = (terminal.poi_id, str(header["SaleID"]), str(header["ServiceID"]))
    if st.payment(*key) is not None:
        problem = "ServiceID already used for this SaleID and POIID"
        return Taken(answer=wire.message_format(header, "Payment", problem))
    amount, currency = amounts
    payment = st.add_payment(
        Payment(
            seq=0,
            poi_id=key[0],
            sale_id=key[1],
            service_id=key[2],
            transaction_id=str(sale_tx["TransactionID"]),
            sale_timestamp=str(sale_tx["TimeStamp"]),
            acquirer_data=str(sale.get("SaleToAcquirerData") or "") or None,
            amount=amount,
            currency=currency,
            state=AWAITING_CARD,
            started=now,
            settle_at=None,
            pending_card=None,
            response=None,
        )
    )
    return Taken(payment=payment, drop=script == "timeout")


def _object(value: Any) -> JsonObject:
    return value if isinstance(value, dict) else {}


def _amounts(request: JsonObject) -> tuple[Decimal, str] | None:
    transaction = request.get("PaymentTransaction")
    amounts = transaction.get("AmountsReq") if isinstance(transaction, dict) else None
    if not isinstance(amounts, dict):
        return None
    value, currency = amounts.get("RequestedAmount"), amounts.get("Currency")
    if isinstance(value, bool) or not isinstance(value, int | Decimal) or value <= 0:
        return None
    if not isinstance(currency, str) or len(currency) != 3:
        return None
    return Decimal(value), currency.upper()


def reachable(st: AdyenStore, poi_id: str) -> bool:
    """Whether the cloud can deliver to the terminal (it is known and online)."""
    terminal = st.terminal(poi_id)
    return terminal is not None and terminal.online


def present_card(st: AdyenStore, poi_id: str, number: str, now: float) -> Payment:
    """A guest taps ``number`` on the terminal: authorised now, or after its processing time."""
    terminal = _terminal(st, poi_id)
    payment = st.in_progress(poi_id)
    if payment is None or payment.state != AWAITING_CARD:
        raise AdyenSimError(f"terminal {poi_id} is not waiting for a card")
    payment.state, payment.pending_card = AUTHORISING, number
    payment.settle_at = now + terminal.processing_ms / 1000
    st.save_payment(payment)
    advance(st, now)
    found = st.payment(*payment.key)
    assert found is not None
    return found


def abort(st: AdyenStore, poi_id: str, sale_id: str, service_id: str, now: float) -> None:
    """An AbortRequest: a payment still waiting for a card is aborted; one being authorised goes
    on (too late), and one that ended stays as it ended."""
    advance(st, now)
    payment = st.payment(poi_id, sale_id, service_id)
    if payment is not None and payment.state == AWAITING_CARD:
        _end(st, payment, wire.failed(payment, *_ABORTED))


def advance(st: AdyenStore, now: float) -> None:
    """Settle the cards whose authorisation is due; time out prompts nobody answered."""
    for payment in st.payments(AUTHORISING):
        if payment.settle_at is not None and payment.settle_at <= now:
            _settle(st, payment)
    for payment in st.payments(AWAITING_CARD):
        if now - payment.started >= PROMPT_TIMEOUT_S:
            _end(st, payment, wire.failed(payment, *_NOT_PRESENTED))


def status(st: AdyenStore, header: JsonObject, request: JsonObject, now: float) -> JsonObject:
    """A TransactionStatusRequest: the named payment (or the terminal's latest) as it stands."""
    advance(st, now)
    poi_id = str(header.get("POIID"))
    reference = request.get("MessageReference")
    if isinstance(reference, dict) and reference.get("ServiceID"):
        sale_id = str(reference.get("SaleID") or header.get("SaleID"))
        service_id = str(reference["ServiceID"])
        payment = st.payment(poi_id, sale_id, service_id)
    else:
        payment = st.latest_payment(poi_id)
        sale_id, service_id = str(header.get("SaleID")), ""
    if payment is None:
        return wire.status_not_found(header, sale_id, service_id)
    if payment.state != DONE:
        return wire.status_in_progress(header)
    return wire.status_processed(header, payment)


def set_script(st: AdyenStore, poi_id: str, changes: Mapping[str, Any]) -> Terminal:
    """The tester's controls (values checked by the caller); only the keys given change."""
    terminal = _terminal(st, poi_id)
    if "next_process" in changes:
        terminal.next_process = changes["next_process"]
    if "online" in changes:
        terminal.online = bool(changes["online"])
    if "processing_ms" in changes:
        terminal.processing_ms = int(changes["processing_ms"])
    st.save_terminal(terminal)
    return terminal


def payment_view(payment: Payment) -> JsonObject:
    """A payment as the control route lists it, in the shape of the Stripe intents' list."""
    response = ((payment.response or {}).get("SaleToPOIResponse") or {}).get("PaymentResponse")
    outcome = (response or {}).get("Response") or {}
    if payment.state != DONE:
        state = "in_progress"
    elif outcome.get("Result") == "Success":
        state = "succeeded"
    else:
        state = str(outcome.get("ErrorCondition") or "failure").lower()
    minor = wire.minor(payment.amount, payment.currency)
    metadata = {
        key.removeprefix("metadata."): value
        for key, value in _pairs(payment.acquirer_data).items()
        if key.startswith("metadata.")
    }
    return {
        "id": payment.transaction_id,
        "service_id": payment.service_id,
        "sale_id": payment.sale_id,
        "poi_id": payment.poi_id,
        "status": state,
        "amount": minor,
        "amount_received": minor if state == "succeeded" else 0,
        "currency": payment.currency.lower(),
        "metadata": metadata,
    }


def _pairs(text: str | None) -> dict[str, str]:
    return dict(parse_qsl(text or "", keep_blank_values=True))


def _settle(st: AdyenStore, payment: Payment) -> None:
    number = payment.pending_card or ""
    brand = _ADYEN_BRANDS.get(brand_of(number), brand_of(number))
    expired = outcome_of(number).code == "expired_card"
    card = {
        "brand": brand,
        "last_four": number[-4:],
        "bin": number[:6],
        "expiry": "0320" if expired else "1230",
    }
    test_decline = TEST_AMOUNTS.get(wire.minor(payment.amount, payment.currency) % 1000)
    outcome = outcome_of(number)
    if test_decline is None and outcome.approved:
        answer = wire.approved(payment, card)
    else:
        condition, message, refusal = test_decline or _CARD_DECLINES.get(
            str(outcome.decline_code or outcome.code), _GENERIC_DECLINE
        )
        answer = wire.failed(payment, condition, refusal, message, card)
    _end(st, payment, answer)


def _end(st: AdyenStore, payment: Payment, answer: JsonObject) -> None:
    payment.state, payment.response = DONE, answer
    payment.pending_card, payment.settle_at = None, None
    st.save_payment(payment)


def _terminal(st: AdyenStore, poi_id: str) -> Terminal:
    terminal = st.terminal(poi_id)
    if terminal is None:
        raise AdyenSimError(f"no such terminal: {poi_id}")
    return terminal

"""The Adyen driver reads Adyen's published samples as the kiosk's states and money rules say,
and writes its requests in the samples' shapes (tests/fixtures/adyen/, each with its page)."""

from __future__ import annotations

import base64
import json
from decimal import Decimal

import pytest

from kiosk.domain.money import Money
from kiosk.payments import adyen_nexo as nexo
from kiosk.payments.adyen_http import AdyenRejected
from kiosk.payments.adyen_readings import reading_of
from kiosk.payments.adyen_tries import reference_of, service_id_of
from kiosk.payments.terminal import (
    DeclineReason,
    TerminalAttempt,
    TerminalMismatch,
    TerminalStatus,
)
from tests.support.adyen_terminal import SAMPLES, adyen_sample, missing_keys


def _attempt(transaction_id: str, amount: str, currency: str) -> TerminalAttempt:
    return TerminalAttempt("key", transaction_id, "V400m-324688179", Money.of(amount, currency))


def _payment(name: str) -> nexo.PaymentAnswer:
    body = nexo.decode((SAMPLES / f"{name}.json").read_bytes())
    return nexo.payment_answer(nexo.response_body(body, "PaymentResponse"))


def test_every_sample_has_its_source_note() -> None:
    for sample in SAMPLES.glob("*.json"):
        note = sample.with_suffix(".source.md")
        assert note.is_file(), f"{sample.name} has no .source.md"
        assert "https://docs.adyen.com/" in note.read_text(encoding="utf-8"), note.name


def test_the_approved_sample_is_approved_for_its_own_reference_and_amount() -> None:
    answer = _payment("payment-response-success")
    attempt = _attempt("TxId-2018-06-20T09:51:35+00:00", "15.25", "EUR")
    reading = reading_of(attempt, answer)
    assert reading.status is TerminalStatus.APPROVED
    assert reading.amount == Money.of("15.25", "EUR")
    assert reading.reference == attempt.intent_id
    assert (reading.card_brand, reading.card_last_four) == ("visa", "0010")
    assert answer.psp_reference == "8815294810981090"


def test_a_success_for_another_amount_or_reference_is_never_paid() -> None:
    """Rule 5: paid means a final success for this attempt and this amount."""
    answer = _payment("payment-response-success")
    with pytest.raises(TerminalMismatch):
        reading_of(_attempt("TxId-2018-06-20T09:51:35+00:00", "15.26", "EUR"), answer)
    with pytest.raises(TerminalMismatch):
        reading_of(_attempt("another-reference", "15.25", "EUR"), answer)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("payment-response-refusal-not-enough-balance", DeclineReason.INSUFFICIENT_FUNDS),
        ("payment-response-refusal-card-expired", DeclineReason.EXPIRED_CARD),
        ("payment-response-wrong-pin", DeclineReason.INCORRECT_PIN),
    ],
)
def test_refusals_are_declines_a_guest_can_act_on(name: str, reason: DeclineReason) -> None:
    answer = _payment(name)
    reading = reading_of(_attempt("21f1268f-9126-4bce-b127-9c2d5ffa024e", "1.24", "EUR"), answer)
    assert reading.status is TerminalStatus.DECLINED
    assert reading.decline_reason is reason


def test_cancelled_on_the_terminal_leaves_the_attempt_ready_and_busy_takes_nothing() -> None:
    attempt = _attempt("27040", "10.00", "EUR")
    assert reading_of(attempt, _payment("payment-response-cancel")).status is TerminalStatus.READY
    busy = _payment("payment-response-busy")
    assert busy.outcome.condition == "Busy"
    assert reading_of(attempt, busy).status is TerminalStatus.READY


def test_transaction_status_answers_in_progress_not_found_and_the_original() -> None:
    in_progress = nexo.status_answer(adyen_sample("transaction-status-in-progress"))
    not_found = nexo.status_answer(adyen_sample("transaction-status-not-found"))
    assert in_progress.in_progress
    assert in_progress.payment is None
    assert not_found.not_found
    assert not_found.payment is None

    aborted = nexo.status_answer(adyen_sample("transaction-status-aborted"))
    assert aborted.payment is not None
    assert aborted.payment.service_id == "172218"
    reading = reading_of(_attempt("569", "15.53", "EUR"), aborted.payment)
    assert reading.status is TerminalStatus.CANCELLED

    processed = nexo.status_answer(adyen_sample("transaction-status-success"))
    assert processed.payment is not None
    assert processed.payment.service_id == "05140342"
    approved = reading_of(_attempt("0000060001078117", "79", "EUR"), processed.payment)
    assert approved.status is TerminalStatus.APPROVED
    assert approved.card_last_four == "9990"


def test_the_clouds_reject_is_an_unreachable_terminal_and_names_the_rejected_request() -> None:
    sample = adyen_sample("event-notification-terminal-unreachable")
    details = nexo.rejection(sample)
    assert details is not None
    assert AdyenRejected(details).unreachable
    rejected = json.loads(
        base64.b64decode(sample["SaleToPOIRequest"]["EventNotification"]["RejectedMessage"])
    )
    assert "PaymentRequest" in rejected["SaleToPOIRequest"]
    invalid = nexo.rejection(adyen_sample("event-notification-invalid-json"))
    assert invalid is not None
    assert not AdyenRejected(invalid).unreachable


def test_the_drivers_requests_have_the_samples_shapes() -> None:
    key = "sale-1-card-abc"
    amount = Money.of("10.99", "EUR")
    payment = nexo.payment_request(
        sale_id="POSSystemID12346",
        poi_id="e280-346403161",
        service_id=service_id_of(key, 1),
        transaction_id=reference_of(key),
        amount=amount,
        metadata={"employeeNumber": "1"},
    )
    assert missing_keys(adyen_sample("payment-request"), payment) == []
    assert payment["SaleToPOIRequest"]["PaymentRequest"]["PaymentTransaction"]["AmountsReq"] == {
        "Currency": "EUR",
        "RequestedAmount": Decimal("10.99"),
    }
    assert b'"RequestedAmount":10.99' in nexo.encode(payment)
    status = nexo.status_request(
        sale_id="POSSystemID12345",
        poi_id="V400m-324688179",
        service_id="29245",
        payment_service_id="29235",
    )
    sample = adyen_sample("transaction-status-request")
    # The kiosk asks for no receipt reprint: those two fields of the sample are optional.
    del sample["SaleToPOIRequest"]["TransactionStatusRequest"]["ReceiptReprintFlag"]
    del sample["SaleToPOIRequest"]["TransactionStatusRequest"]["DocumentQualifier"]
    assert missing_keys(sample, status) == []
    assert (
        status["SaleToPOIRequest"]["TransactionStatusRequest"]["MessageReference"]
        == (sample["SaleToPOIRequest"]["TransactionStatusRequest"]["MessageReference"])
    )
    abort = nexo.abort_request(
        sale_id="POSSystemID12345",
        poi_id="V400m-324688179",
        service_id="29239",
        payment_service_id="21796",
    )
    assert abort == adyen_sample("abort-request")


def test_service_ids_are_adyens_ten_alphanumerics_unique_per_try_and_the_same_per_key() -> None:
    ids = {service_id_of("key-a", n) for n in range(1, 200)}
    assert len(ids) == 199
    assert all(len(i) == 10 and i.isalnum() for i in ids)
    assert service_id_of("key-a", 7) == service_id_of("key-a", 7) != service_id_of("key-b", 7)
    assert reference_of("key-a") == reference_of("key-a") != reference_of("key-b")

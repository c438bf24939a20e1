"""The sandbox's simulated Adyen terminal on its own clock: the prompt's 120 s time-out, an abort
that comes too late, Adyen's test amounts, and the Busy answer — each at a given ``now``."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kiosk.sandbox import adyen_sim as sim
from kiosk.sandbox.adyen_store import DONE, SCHEMA, AdyenStore, Payment
from kiosk.sandbox.store import Store

POI = "V400m-324688179"
T0 = 1_800_000_000.0


@pytest.fixture
def terminals(tmp_path: Path) -> AdyenStore:
    store = Store(tmp_path / "sandbox.sqlite3", [SCHEMA])
    found = AdyenStore(store)
    found.seed_terminals([("center-1", "c1")])
    sim.set_script(found, POI, {"processing_ms": 0})  # a tapped card is authorised at once
    return found


def _request(service_id: str, amount: str = "45.00") -> tuple[dict[str, Any], dict[str, Any]]:
    header = {
        "ProtocolVersion": "3.0",
        "MessageClass": "Service",
        "MessageCategory": "Payment",
        "MessageType": "Request",
        "ServiceID": service_id,
        "SaleID": "kiosk",
        "POIID": POI,
    }
    body = {
        "SaleData": {"SaleTransactionID": {"TransactionID": "ref-1", "TimeStamp": "2027-01-15"}},
        "PaymentTransaction": {
            "AmountsReq": {"Currency": "USD", "RequestedAmount": Decimal(amount)}
        },
    }
    return header, body


def _take(terminals: AdyenStore, service_id: str, amount: str = "45.00") -> Payment:
    header, body = _request(service_id, amount)
    taken = sim.take_payment(terminals, header, body, b"{}", T0)
    assert taken.payment is not None
    return taken.payment


def _response(terminals: AdyenStore, payment: Payment) -> dict[str, Any]:
    found = terminals.payment(*payment.key)
    assert found is not None
    assert found.state == DONE
    assert found.response is not None
    result: dict[str, Any] = found.response["SaleToPOIResponse"]["PaymentResponse"]["Response"]
    return result


def test_a_prompt_nobody_answers_ends_cancelled_after_120_seconds(terminals: AdyenStore) -> None:
    payment = _take(terminals, "A01")
    sim.advance(terminals, T0 + 119)
    assert terminals.in_progress(POI) is not None
    sim.advance(terminals, T0 + 120)
    response = _response(terminals, payment)
    assert (response["Result"], response["ErrorCondition"]) == ("Failure", "Cancel")
    assert terminals.in_progress(POI) is None


def test_an_abort_while_the_card_is_authorised_changes_nothing(terminals: AdyenStore) -> None:
    sim.set_script(terminals, POI, {"processing_ms": 2000})
    payment = _take(terminals, "A02")
    sim.present_card(terminals, POI, "4242424242424242", T0 + 1)
    sim.abort(terminals, POI, "kiosk", "A02", T0 + 2)
    sim.advance(terminals, T0 + 3)
    assert _response(terminals, payment)["Result"] == "Success"


def test_an_abort_before_the_card_aborts(terminals: AdyenStore) -> None:
    payment = _take(terminals, "A03")
    sim.abort(terminals, POI, "kiosk", "A03", T0 + 1)
    response = _response(terminals, payment)
    assert response["ErrorCondition"] == "Aborted"
    assert "104%20Merchant%20cancelled%20tx" in response["AdditionalResponse"]


@pytest.mark.parametrize(
    ("amount", "condition", "message"),
    [
        ("1.24", "Refusal", "NOT_ENOUGH_BALANCE"),
        ("11.25", "Refusal", "BLOCK_CARD"),
        ("1.26", "Refusal", "CARD_EXPIRED"),
        ("1.28", "InvalidCard", "INVALID_CARD"),
        ("1.34", "WrongPIN", "INVALID_PIN"),
    ],
)
def test_adyens_test_amounts_decline_whatever_card_is_tapped(
    terminals: AdyenStore, amount: str, condition: str, message: str
) -> None:
    payment = _take(terminals, "A04", amount)
    sim.present_card(terminals, POI, "4242424242424242", T0 + 1)
    response = _response(terminals, payment)
    assert response["ErrorCondition"] == condition
    assert f"message={message}" in response["AdditionalResponse"]


def test_a_second_payment_while_one_is_on_the_terminal_is_busy(terminals: AdyenStore) -> None:
    _take(terminals, "A05")
    header, body = _request("A06")
    taken = sim.take_payment(terminals, header, body, b"{}", T0 + 1)
    assert taken.payment is None
    assert taken.answer is not None
    response = taken.answer["SaleToPOIResponse"]["PaymentResponse"]["Response"]
    assert response["ErrorCondition"] == "Busy"
    assert response["AdditionalResponse"].startswith("serviceId=A05&")

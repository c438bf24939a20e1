"""The sandbox's Adyen cloud answers in the shapes of Adyen's published samples, over real HTTP.

Each test sends what Adyen's pages send (the sample request itself, re-addressed to the sandbox's
terminal) and holds the answer to the matching sample: every key the sample has, of its kind.
"""

from __future__ import annotations

import asyncio
import copy
from typing import Any

import httpx
import pytest

from tests.support.adyen_terminal import (
    adyen_info,
    adyen_sample,
    missing_keys,
    poi_id,
    present_card,
    script_terminal,
    terminal_api,
)
from tests.support.sandbox_process import SandboxProcess

pytestmark = [pytest.mark.sandbox]

APPROVE = "4242424242424242"


def _payment_request(sandbox: SandboxProcess, service_id: str, amount: str = "10.99") -> Any:
    """Adyen's sample PaymentRequest, sent to the sandbox's first terminal."""
    request = copy.deepcopy(adyen_sample("payment-request"))
    header = request["SaleToPOIRequest"]["MessageHeader"]
    header["POIID"], header["ServiceID"] = poi_id(sandbox), service_id
    amounts = request["SaleToPOIRequest"]["PaymentRequest"]["PaymentTransaction"]["AmountsReq"]
    amounts["RequestedAmount"] = float(amount)
    return request


def _status_request(sandbox: SandboxProcess, payment_service_id: str) -> Any:
    request = copy.deepcopy(adyen_sample("transaction-status-request"))
    request["SaleToPOIRequest"]["MessageHeader"]["POIID"] = poi_id(sandbox)
    reference = request["SaleToPOIRequest"]["TransactionStatusRequest"]["MessageReference"]
    reference["ServiceID"] = payment_service_id
    reference["SaleID"] = "POSSystemID12346"
    return request


def _cloud(sandbox: SandboxProcess) -> httpx.AsyncClient:
    """An async client on the sandbox's Adyen mount, with the API key (payments wait open)."""
    info = adyen_info(sandbox)
    return httpx.AsyncClient(
        base_url=sandbox.base_url + info["base_path"],
        headers={"X-API-Key": info["api_key"]},
        timeout=30.0,
    )


async def _pay_and_tap(sandbox: SandboxProcess, request: Any, card: str) -> Any:
    async with _cloud(sandbox) as http:
        waiting = asyncio.ensure_future(http.post("/sync", json=request))
        for _ in range(100):  # until the terminal shows the payment (no sleep-based timing)
            tapped = await asyncio.to_thread(present_card, sandbox, card)
            if tapped.status_code == 200:
                break
            await asyncio.sleep(0.02)
        response = await waiting
    assert response.status_code == 200
    return response.json()


@pytest.mark.asyncio
async def test_an_approved_payment_answers_like_adyens_sample(sandbox: SandboxProcess) -> None:
    answer = await _pay_and_tap(sandbox, _payment_request(sandbox, "811"), APPROVE)
    sample = adyen_sample("payment-response-success")
    # That sample's request asked for a token (TokenRequestedType); the kiosk asks for none.
    card = sample["SaleToPOIResponse"]["PaymentResponse"]["PaymentResult"]["PaymentInstrumentData"]
    del card["CardData"]["PaymentToken"]
    assert missing_keys(sample, answer) == []
    body = answer["SaleToPOIResponse"]
    assert body["MessageHeader"]["MessageType"] == "Response"
    assert body["MessageHeader"]["ServiceID"] == "811"
    assert body["PaymentResponse"]["Response"]["Result"] == "Success"
    assert body["PaymentResponse"]["PaymentResult"]["AmountsResp"] == {
        "AuthorizedAmount": 10.99,
        "Currency": "EUR",
    }


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("amount", "sample"),
    [
        ("1.24", "payment-response-refusal-not-enough-balance"),
        ("1.26", "payment-response-refusal-card-expired"),
        ("1.34", "payment-response-wrong-pin"),
    ],
)
async def test_adyens_test_amounts_decline_as_adyens_samples(
    sandbox: SandboxProcess, amount: str, sample: str
) -> None:
    answer = await _pay_and_tap(sandbox, _payment_request(sandbox, "812", amount), APPROVE)
    published = adyen_sample(sample)
    assert missing_keys(published, answer) == []
    got = answer["SaleToPOIResponse"]["PaymentResponse"]["Response"]
    want = published["SaleToPOIResponse"]["PaymentResponse"]["Response"]
    assert got["ErrorCondition"] == want["ErrorCondition"]
    assert want["AdditionalResponse"] in got["AdditionalResponse"]


@pytest.mark.asyncio
async def test_transaction_status_in_progress_then_the_original_answer(
    sandbox: SandboxProcess,
) -> None:
    async with _cloud(sandbox) as http:
        waiting = asyncio.ensure_future(http.post("/sync", json=_payment_request(sandbox, "900")))
        status = None
        for _ in range(100):
            status = (await http.post("/sync", json=_status_request(sandbox, "900"))).json()
            if (
                status["SaleToPOIResponse"]["TransactionStatusResponse"]["Response"].get(
                    "ErrorCondition"
                )
                == "InProgress"
            ):
                break
            await asyncio.sleep(0.02)
        assert missing_keys(adyen_sample("transaction-status-in-progress"), status) == []
        sample = adyen_sample("transaction-status-in-progress")["SaleToPOIResponse"]
        assert status is not None
        body = status["SaleToPOIResponse"]["TransactionStatusResponse"]
        assert body == sample["TransactionStatusResponse"]
        assert (await asyncio.to_thread(present_card, sandbox, APPROVE)).status_code == 200
        paid = (await waiting).json()
        processed = (await http.post("/sync", json=_status_request(sandbox, "900"))).json()
    assert missing_keys(adyen_sample("transaction-status-success"), processed) == []
    repeated = processed["SaleToPOIResponse"]["TransactionStatusResponse"][
        "RepeatedMessageResponse"
    ]
    assert (
        repeated["RepeatedResponseMessageBody"]["PaymentResponse"]
        == (paid["SaleToPOIResponse"]["PaymentResponse"])
    )


def test_transaction_status_of_a_payment_that_never_came_is_not_found(
    sandbox: SandboxProcess,
) -> None:
    with terminal_api(sandbox) as http:
        answer = http.post("/sync", json=_status_request(sandbox, "29235")).json()
    sample = adyen_sample("transaction-status-not-found")
    assert missing_keys(sample, answer) == []
    response = answer["SaleToPOIResponse"]["TransactionStatusResponse"]["Response"]
    assert (response["Result"], response["ErrorCondition"]) == ("Failure", "NotFound")
    assert "Message%20not%20found" in response["AdditionalResponse"]


@pytest.mark.asyncio
async def test_an_abort_answers_ok_and_the_payment_ends_aborted(sandbox: SandboxProcess) -> None:
    abort = copy.deepcopy(adyen_sample("abort-request"))
    abort["SaleToPOIRequest"]["MessageHeader"]["POIID"] = poi_id(sandbox)
    abort["SaleToPOIRequest"]["AbortRequest"]["MessageReference"]["SaleID"] = "POSSystemID12346"
    async with _cloud(sandbox) as http:
        waiting = asyncio.ensure_future(http.post("/sync", json=_payment_request(sandbox, "21796")))
        for _ in range(100):
            if script_terminal(sandbox)["payment"] is not None:
                break
            await asyncio.sleep(0.02)
        aborted = await http.post("/sync", json=abort)
        paid = (await waiting).json()
    assert (aborted.status_code, aborted.text) == (200, "ok")
    response = paid["SaleToPOIResponse"]["PaymentResponse"]["Response"]
    assert (response["Result"], response["ErrorCondition"]) == ("Failure", "Aborted")
    assert "104%20Merchant%20cancelled%20tx" in response["AdditionalResponse"]


def test_busy_offline_and_invalid_answer_as_adyen_does(sandbox: SandboxProcess) -> None:
    with terminal_api(sandbox) as http:
        script_terminal(sandbox, next_process="busy")
        busy = http.post("/sync", json=_payment_request(sandbox, "701")).json()
        script_terminal(sandbox, online=False)
        offline = http.post("/sync", json=_payment_request(sandbox, "702")).json()
        garbage = http.post("/sync", content=b"not json").json()
        unauthorised = httpx.post(
            f"{sandbox.base_url}/adyen/sync", headers={"X-API-Key": "wrong"}, content=b"{}"
        )
    assert missing_keys(adyen_sample("payment-response-busy"), busy) == []
    assert busy["SaleToPOIResponse"]["PaymentResponse"]["Response"]["ErrorCondition"] == "Busy"
    assert missing_keys(adyen_sample("event-notification-terminal-unreachable"), offline) == []
    sample_details = adyen_sample("event-notification-terminal-unreachable")["SaleToPOIRequest"][
        "EventNotification"
    ]["EventDetails"]
    assert offline["SaleToPOIRequest"]["EventNotification"]["EventDetails"] == sample_details
    assert missing_keys(adyen_sample("event-notification-invalid-json"), garbage) == []
    assert unauthorised.status_code == 401
    assert unauthorised.json()["errorType"] == "security"

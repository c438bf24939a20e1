"""Offer codes read Zenoti's documented answers (tests/fixtures/zenoti/apply-offer-code.*).

Zenoti publishes no response sample for apply-a-media-campaign-offer-code-on-an-invoice: the
answer is held to a fixture assembled from its field table, the errors to its error table, and
what the client sends to the page's request example.
"""

from __future__ import annotations

import json

import pytest

from kiosk.domain.offer import OfferApplied
from kiosk.zenoti import ZenotiError, ZenotiNotFound
from kiosk.zenoti.errors import ZenotiRateLimited
from tests.support.zenoti_samples import client_serving, sample, sample_bytes

INVOICE_ID = "34ca4f0f-c11c-434f-9a36-cba6df701397"
CENTER_ID = "4a537340-9825-5091-ab85-8930a34fe639"


@pytest.mark.asyncio
async def test_an_applied_code_reads_as_applied_with_its_campaign() -> None:
    client, seen = client_serving(sample_bytes("apply-offer-code.documented.json"))
    async with client:
        applied = await client.apply_offer_code(INVOICE_ID, CENTER_ID, "WELCOME10")
    assert applied == OfferApplied(True, "9d3c6a52-0f4e-4b7a-8e21-5c7b1d2e3f40")
    [request] = seen
    assert request.method == "POST"
    assert request.url.path == f"/v1/invoices/{INVOICE_ID}/campaign_discount/apply"


@pytest.mark.asyncio
async def test_the_request_has_the_keys_of_the_pages_example() -> None:
    client, seen = client_serving(sample_bytes("apply-offer-code.documented.json"))
    async with client:
        await client.apply_offer_code(INVOICE_ID, CENTER_ID, "WELCOME10")
    sent = json.loads(seen[0].content)
    assert list(sent) == list(sample("apply-offer-code.request.json"))
    assert sent == {"offer_code": "WELCOME10", "center_id": CENTER_ID}


@pytest.mark.parametrize(
    ("fixture", "code"),
    [
        ("apply-offer-code.error-campaign-not-found.json", 4017),
        ("apply-offer-code.error-prerequisites-missing.json", 4025),
        ("apply-offer-code.error-another-campaign.json", 4024),
        ("apply-offer-code.error-code-required.json", 503),
    ],
)
@pytest.mark.asyncio
async def test_each_documented_refusal_is_a_zenoti_error_with_its_code(
    fixture: str, code: int
) -> None:
    client, _ = client_serving(sample_bytes(fixture))
    async with client:
        with pytest.raises(ZenotiError) as raised:
            await client.apply_offer_code(INVOICE_ID, CENTER_ID, "NOPE")
    assert raised.value.code == code
    assert raised.value.message == sample(fixture)["error"]["message"]


@pytest.mark.asyncio
async def test_a_429_in_the_body_of_this_route_is_a_missing_line_not_throttling() -> None:
    # The page lists 429 "Invoice item not found."
    missing = json.dumps({"error": {"code": 429, "message": "Invoice item not found."}}).encode()
    client, seen = client_serving(missing)
    async with client:
        with pytest.raises(ZenotiError) as raised:
            await client.apply_offer_code(INVOICE_ID, CENTER_ID, "WELCOME10")
    assert isinstance(raised.value, ZenotiNotFound)
    assert not isinstance(raised.value, ZenotiRateLimited)
    assert len(seen) == 1  # not retried as if throttled

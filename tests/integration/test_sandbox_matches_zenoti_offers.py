"""The sandbox's campaign route answers in the shapes of Zenoti's documented answers, with
Zenoti's documented codes and messages (tests/fixtures/zenoti/apply-offer-code.*), and takes the
discount off the invoice it then serves."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx
import pytest

from kiosk.sandbox.reference import load_reference
from tests.support.sandbox_client import body, catalogue, new_invoice, read_invoice
from tests.support.sandbox_process import SandboxProcess
from tests.support.zenoti_samples import sample, shape_differences

pytestmark = pytest.mark.sandbox


def membership_id(zenoti: httpx.Client, sandbox: SandboxProcess, code: str) -> str:
    """The id of the seed's membership ``code`` (the catalogue answer names no code)."""
    wanted = next(m.id for m in load_reference().memberships if m.code == code)
    assert any(m["id"] == wanted for m in catalogue(zenoti, sandbox.center_id))
    return wanted


def apply(
    zenoti: httpx.Client, invoice_id: str, code: str | None, center_id: str | None
) -> tuple[int, dict[str, Any]]:
    fields = {k: v for k, v in (("offer_code", code), ("center_id", center_id)) if v is not None}
    response = zenoti.post(f"/v1/invoices/{invoice_id}/campaign_discount/apply", json=fields)
    return response.status_code, body(response)


def test_an_applied_code_answers_the_documented_shape_and_lowers_the_invoice(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    invoice_id = new_invoice(zenoti, sandbox, [membership_id(zenoti, sandbox, "SERENITY3")])
    before = read_invoice(zenoti, invoice_id)
    status, answer = apply(zenoti, invoice_id, " welcome10 ", sandbox.center_id)
    assert status == 200
    assert shape_differences(answer, sample("apply-offer-code.documented.json")) == []
    assert answer["discount_applied"] is True
    after = read_invoice(zenoti, invoice_id)
    [line] = after["invoice_items"]
    assert line["price"]["discount"] == Decimal("24.90")  # 10 % of 249.00, before tax
    assert line["price"]["sales"] == before["invoice_items"][0]["price"]["sales"]
    assert after["total_price"]["net_price"] == Decimal("224.10")
    assert after["invoice_dues"]["balance"] < before["invoice_dues"]["balance"]
    assert after["invoice_dues"]["balance"] == line["price"]["final"]


@pytest.mark.parametrize(
    ("code", "fixture"),
    [
        ("NOSUCHCODE", "apply-offer-code.error-campaign-not-found.json"),
        ("SUMMER24", "apply-offer-code.error-campaign-not-found.json"),  # ended in 2024
        ("SERENITY50", "apply-offer-code.error-prerequisites-missing.json"),  # another membership
        ("", "apply-offer-code.error-code-required.json"),
    ],
)
def test_a_refused_code_answers_zenotis_documented_error_and_changes_nothing(
    sandbox: SandboxProcess, zenoti: httpx.Client, code: str, fixture: str
) -> None:
    invoice_id = new_invoice(zenoti, sandbox, [membership_id(zenoti, sandbox, "GLOWMONTHL")])
    before = read_invoice(zenoti, invoice_id)
    _, answer = apply(zenoti, invoice_id, code, sandbox.center_id)
    expected = sample(fixture)
    assert shape_differences(answer, expected) == []
    assert answer["error"] == expected["error"]
    assert read_invoice(zenoti, invoice_id) == before


def test_a_second_code_on_the_same_invoice_is_refused_as_zenoti_documents(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    invoice_id = new_invoice(zenoti, sandbox, [membership_id(zenoti, sandbox, "SERENITY6")])
    assert apply(zenoti, invoice_id, "SERENITY50", sandbox.center_id)[1]["discount_applied"]
    discounted = read_invoice(zenoti, invoice_id)
    _, answer = apply(zenoti, invoice_id, "WELCOME10", sandbox.center_id)
    assert answer["error"] == sample("apply-offer-code.error-another-campaign.json")["error"]
    assert read_invoice(zenoti, invoice_id) == discounted
    assert discounted["invoice_items"][0]["price"]["discount"] == Decimal("50.00")


def test_a_missing_center_and_a_missing_invoice_are_zenotis_codes(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    invoice_id = new_invoice(zenoti, sandbox, [membership_id(zenoti, sandbox, "GLOWMONTHL")])
    assert apply(zenoti, invoice_id, "WELCOME10", None)[1]["error"] == {
        "code": 4045,
        "message": "Center ID cannot be empty.",
    }
    missing = "00000000-0000-4000-8000-000000000000"
    assert apply(zenoti, missing, "WELCOME10", sandbox.center_id)[1]["error"]["code"] == 418

"""The sandbox's guests: search as a kiosk needs it, registration rules, cards, memberships."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.support.sandbox_client import (
    guest_id,
    new_invoice,
    pay_custom,
    pick,
    prepaid,
    read_invoice,
)
from tests.support.sandbox_process import SandboxProcess

pytestmark = pytest.mark.sandbox


def search(client: httpx.Client, sandbox: SandboxProcess, **criteria: str) -> list[dict[str, Any]]:
    response = client.get("/v1/guests/search", params={"center_id": sandbox.center_id, **criteria})
    assert response.status_code == 200, response.text
    guests: list[dict[str, Any]] = response.json()["guests"]
    return guests


def names(guests: list[dict[str, Any]]) -> set[str]:
    return {g["personal_info"]["first_name"] for g in guests}


@pytest.mark.parametrize(
    "phone", ["7185550142", "+1 718 555 0142", "17185550142", "(718) 555-0142", "+1-718-555-0142"]
)
def test_a_family_phone_finds_both_guests_whatever_its_format(
    sandbox: SandboxProcess, zenoti: httpx.Client, phone: str
) -> None:
    assert names(search(zenoti, sandbox, phone=phone)) == {"Maya", "Daniel"}


def test_a_national_number_with_a_trunk_zero_finds_the_guest(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    assert names(search(zenoti, sandbox, phone="+44 7700 900123")) == {"Oliver"}
    assert names(search(zenoti, sandbox, phone="917185550142")) == set()


def test_email_matches_case_insensitively(sandbox: SandboxProcess, zenoti: httpx.Client) -> None:
    assert names(search(zenoti, sandbox, email="priya.raman@example.com")) == {"Priya"}
    assert names(search(zenoti, sandbox, email="PRIYA.RAMAN@EXAMPLE.COM")) == {"Priya"}


def test_names_match_by_prefix_and_criteria_combine(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    assert names(search(zenoti, sandbox, last_name="okaf")) == {"Maya", "Daniel"}
    assert names(search(zenoti, sandbox, last_name="Okafor", first_name="dan")) == {"Daniel"}
    assert names(search(zenoti, sandbox, phone="7185550142", email="nobody@example.com")) == set()


def test_search_without_criteria_is_refused(sandbox: SandboxProcess, zenoti: httpx.Client) -> None:
    response = zenoti.get("/v1/guests/search", params={"center_id": sandbox.center_id})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == 503


def test_search_results_are_paginated(sandbox: SandboxProcess, zenoti: httpx.Client) -> None:
    response = zenoti.get(
        "/v1/guests/search",
        params={"center_id": sandbox.center_id, "last_name": "Okafor", "size": 1, "page": 2},
    ).json()
    assert response["page_info"] == {"total": 2, "page": 2, "size": 1}
    assert names(response["guests"]) == {"Maya"}


def new_guest_body(sandbox: SandboxProcess, **changes: Any) -> dict[str, Any]:
    personal = {
        "first_name": "Ines",
        "last_name": "Duval",
        "email": "ines.duval@example.com",
        "mobile_phone": {"country_code": 225, "number": "6465550100"},
        "gender": 0,
        "date_of_birth": "1991-06-30",
        **changes,
    }
    return {
        "center_id": sandbox.center_id,
        "personal_info": {k: v for k, v in personal.items() if v is not None},
        "preferences": {"receive_transactional_email": True},
    }


def test_a_registered_guest_can_be_read_and_found(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    created = zenoti.post("/v1/guests", json=new_guest_body(sandbox)).json()
    assert created["code"] == "LW1011"
    assert created["personal_info"]["mobile_phone"] == {"country_code": 225, "number": "6465550100"}
    assert zenoti.get(f"/v1/guests/{created['id']}").json() == created
    assert [g["id"] for g in search(zenoti, sandbox, phone="+1 646 555 0100")] == [created["id"]]


@pytest.mark.parametrize("missing", ["first_name", "last_name", "email", "mobile_phone"])
def test_a_missing_mandatory_field_is_named_in_the_error(
    sandbox: SandboxProcess, zenoti: httpx.Client, missing: str
) -> None:
    response = zenoti.post("/v1/guests", json=new_guest_body(sandbox, **{missing: None}))
    assert response.status_code == 400
    assert response.json()["error"] == {"code": 503, "message": f"{missing} is mandatory"}


def test_mandatory_fields_follow_the_business_setting(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    sandbox.settings(mandatory_guest_fields=["first_name", "date_of_birth"])
    response = zenoti.post("/v1/guests", json=new_guest_body(sandbox, date_of_birth=None))
    assert response.json()["error"]["message"] == "date_of_birth is mandatory"
    no_email = zenoti.post("/v1/guests", json=new_guest_body(sandbox, email=None))
    assert no_email.status_code == 200
    assert no_email.json()["personal_info"]["email"] == ""  # as in Zenoti's create-guest sample


@pytest.mark.parametrize("birth", ["30/06/1991", "1991-02-30", "2999-01-01"])
def test_a_bad_date_of_birth_is_refused(
    sandbox: SandboxProcess, zenoti: httpx.Client, birth: str
) -> None:
    response = zenoti.post("/v1/guests", json=new_guest_body(sandbox, date_of_birth=birth))
    assert response.status_code == 400
    assert response.json()["error"]["code"] == 502
    assert "yyyy-mm-dd" in response.json()["error"]["message"]


def test_country_code_is_zenotis_country_id_not_the_dialling_code(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    india = zenoti.post(
        "/v1/guests",
        json=new_guest_body(sandbox, mobile_phone={"country_code": 95, "number": "9876501234"}),
    )
    assert india.json()["personal_info"]["mobile_phone"] == {
        "country_code": 95,
        "number": "9876501234",
    }
    dialling = zenoti.post(
        "/v1/guests",
        json=new_guest_body(sandbox, mobile_phone={"country_code": 91, "number": "9876501234"}),
    )
    assert dialling.json()["error"]["code"] == 502


def test_an_unknown_guest_is_code_405(zenoti: httpx.Client) -> None:
    response = zenoti.get("/v1/guests/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == 405


def test_saved_cards_are_listed_and_a_new_one_is_added_on_the_hosted_page(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    maya = guest_id(zenoti, sandbox.center_id, "Maya")
    before = zenoti.get(f"/v1/guests/{maya}/accounts", params={"center_id": sandbox.center_id})
    assert [a["last_four"] for a in before.json()] == ["4242"]

    opened = zenoti.post(
        f"/v1/guests/{maya}/accounts",
        json={"center_id": sandbox.center_id, "redirect_uri": "https://kiosk.invalid/done"},
    ).json()
    assert opened["success"] is True
    assert opened["hosted_payment_uri"] == f"{sandbox.base_url}/add-card/{opened['token_id']}"
    page = zenoti.get(opened["hosted_payment_uri"])
    assert page.status_code == 200
    assert "Card number" in page.text
    declined = zenoti.post(
        opened["hosted_payment_uri"],
        data={"number": "4000 0000 0000 0002", "expiry": "12/39", "cvc": "123"},
    )
    assert "declined" in declined.text
    saved = zenoti.post(
        opened["hosted_payment_uri"],
        data={"number": "5555 5555 5555 4444", "expiry": "11/39", "cvc": "123"},
    )
    assert saved.status_code == 200
    after = zenoti.get(f"/v1/guests/{maya}/accounts").json()
    assert [(a["card_logo"], a["last_four"], a["expiry_on"]) for a in after][1:] == [
        ("mastercard", "4444", "11/39")
    ]


def test_a_membership_becomes_the_guests_once_its_invoice_is_closed_paid(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    membership = pick(zenoti, sandbox.center_id, prepaid)
    invoice_id = new_invoice(zenoti, sandbox, [membership["id"]], guest="Daniel")
    daniel = guest_id(zenoti, sandbox.center_id, "Daniel")
    url = f"/v1/guests/{daniel}/memberships"
    assert zenoti.get(url).json()["guest_memberships"] == []

    balance = read_invoice(zenoti, invoice_id)["invoice_dues"]["balance"]
    assert pay_custom(zenoti, sandbox, invoice_id, balance).json()["error"] is None
    assert zenoti.get(url).json()["guest_memberships"] == []  # paid but still open
    zenoti.post(f"/v1/invoices/{invoice_id}/close", json={}).raise_for_status()

    owned = zenoti.get(url, params={"center_id": sandbox.center_id}).json()["guest_memberships"]
    assert [m["membership"]["id"] for m in owned] == [membership["id"]]
    assert owned[0]["status"] == 1
    assert owned[0]["invoice"]["id"] == invoice_id
    assert owned[0]["invoice"]["receipt_no"]
    closed_on = read_invoice(zenoti, invoice_id)["invoice_date"][:10]
    assert owned[0]["expiry_date"] > f"{closed_on}T00:00:00"

"""The sandbox's catalogue routes: centers, staff, countries, memberships and their benefits."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import httpx
import pytest

from tests.support.sandbox_client import body, catalogue
from tests.support.sandbox_process import SandboxProcess

pytestmark = pytest.mark.sandbox

PHONE, EMAIL = "+1 718 555 0100", "spa@lumenwellness.example"


def benefit_entries(benefits: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every entry of Zenoti's page-wide ``benefits`` object, with its kind."""
    found = [(k, e) for k in ("services", "classes", "workshops", "products") for e in benefits[k]]
    discounts = benefits["discounts"]
    return found + [(f"discounts.{k}", e) for k in ("services", "classes") for e in discounts[k]]


def test_a_center_has_its_details(sandbox: SandboxProcess, zenoti: httpx.Client) -> None:
    center = zenoti.get(f"/v1/centers/{sandbox.center_id}").json()["center"]
    assert center["name"] == "Lumen Spa Brooklyn Heights"
    assert center["currency_id"] == 148
    # Zenoti's "Retrieve a center" sample has no address; it has the phone and the email.
    assert center["phone"] == PHONE
    assert center["email"] == EMAIL


def test_an_unknown_center_is_code_502(zenoti: httpx.Client) -> None:
    response = zenoti.get("/v1/centers/not-a-center/memberships")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == 502


def test_employees_are_paginated_and_include_the_kiosk(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    url = f"/v1/centers/{sandbox.center_id}/employees"
    pages = [zenoti.get(url, params={"page": n, "size": 2}).json() for n in (1, 2, 3, 4)]
    # No page_info (Zenoti's sample has none): six employees, two a page, then an empty page.
    assert [len(p["employees"]) for p in pages] == [2, 2, 2, 0]
    assert all("page_info" not in p for p in pages)
    names = [e["personal_info"]["name"] for p in pages for e in p["employees"]]
    assert len(names) == 6
    assert len(set(names)) == 6
    assert pages[3]["employees"] == []
    kiosk = sandbox.info()["employees"]["kiosk"]
    assert any(e["id"] == kiosk for p in pages for e in p["employees"])


@pytest.mark.parametrize("size", ["101", "1000"])
def test_a_page_size_above_100_is_422(
    sandbox: SandboxProcess, zenoti: httpx.Client, size: str
) -> None:
    response = zenoti.get(f"/v1/centers/{sandbox.center_id}/employees", params={"size": size})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == 422


@pytest.mark.parametrize("params", [{"page": "two"}, {"page": "0"}, {"size": "-5"}])
def test_a_bad_page_or_size_is_code_502(
    sandbox: SandboxProcess, zenoti: httpx.Client, params: dict[str, str]
) -> None:
    response = zenoti.get(f"/v1/centers/{sandbox.center_id}/memberships", params=params)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == 502


def test_countries_map_zenoti_ids_to_dialling_codes(zenoti: httpx.Client) -> None:
    countries = {c["id"]: c for c in zenoti.get("/v1/countries").json()["countries"]}
    assert countries[225]["phone_code"] == "1"
    assert countries[95]["phone_code"] == "91"
    assert {"GB", "ES", "MX"} <= {c["code"] for c in countries.values()}
    assert set(countries[225]) == {"id", "code", "name", "phone_code"}


def test_each_center_lists_the_kinds_of_membership_a_kiosk_sells(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    centers = sandbox.info()["centers"]
    assert len(centers) == 2  # the seed's two centers
    for center in centers:
        listed = catalogue(zenoti, center["id"])
        frequencies = {m["payment_frequency"] for m in listed}
        assert len(listed) >= 8
        assert "1 Months" in frequencies
        assert frequencies & {"1 Years", "12 Months"}
        assert sum(1 for m in listed if m["membership_type"] == 0) >= 3
        assert any(m["membership_type"] == 2 for m in listed)
        assert all(m["terms_and_conditions"].count("\n\n") >= 2 for m in listed)


def test_memberships_outside_their_sale_period_are_not_listed(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    names = {m["name"] for c in sandbox.info()["centers"] for m in catalogue(zenoti, c["id"])}
    assert "Summer Solstice Pass 2023" not in names
    assert "Autumn Equinox Pass" not in names
    assert "Glow Monthly" in names


def test_catalogue_pagination_counts_every_listed_membership(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    url = f"/v1/centers/{sandbox.center_id}/memberships"
    first = zenoti.get(url, params={"show_in_catalog": "true", "page": 1, "size": 4}).json()
    every = catalogue(zenoti, sandbox.center_id)
    assert first["total_no_of_memberships"] == len(every)
    assert first["page_info"] == {"total": len(every), "page": 1, "size": 4}
    assert [m["id"] for m in first["memberships"]] == [m["id"] for m in every[:4]]
    listed = {e["membership_id"] for _, e in benefit_entries(first["benefits"])}
    assert listed == {m["id"] for m in every[:4]}


def test_prices_carry_the_centers_tax_rounded_half_up(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    for center in sandbox.info()["centers"]:
        rate = Decimal(str(center["tax_rate"]))
        response = zenoti.get(f"/v1/centers/{center['id']}/memberships", params={"size": 100})
        for membership in body(response)["memberships"]:
            price = membership["price"]
            expected = (price["sales"] * rate / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
            assert price["tax"] == expected
            assert price["final"] == price["sales"] + expected
    glow = next(m for m in catalogue(zenoti, sandbox.center_id) if m["name"] == "Glow Monthly")
    assert glow["price"] == {
        "currency_id": 148,
        "sales": Decimal("89.00"),
        "tax": Decimal("7.90"),
        "final": Decimal("96.90"),
    }


def test_amounts_are_written_with_two_decimals(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    text = zenoti.get(f"/v1/centers/{sandbox.center_id}/memberships").text
    assert '"sales":89.00,"tax":7.90,"final":96.90' in text


def test_the_benefits_cover_every_kind(sandbox: SandboxProcess, zenoti: httpx.Client) -> None:
    kinds: set[str] = set()
    for center in sandbox.info()["centers"]:
        response = zenoti.get(f"/v1/centers/{center['id']}/memberships", params={"size": 100})
        benefits = response.json()["benefits"]
        kinds |= {kind for kind, _ in benefit_entries(benefits)}
        for entry in benefits["services"] + benefits["classes"]:
            assert entry["category"]["name"]
            assert entry["quantity"] >= 1
            assert entry["expiration_days"] > 0
    expected = {"services", "classes", "workshops", "products"}
    assert kinds == expected | {"discounts.services", "discounts.classes"}


def test_discounts_distinguish_peak_and_off_peak(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    studio = sandbox.info()["centers"][1]["id"]
    response = zenoti.get(f"/v1/centers/{studio}/memberships", params={"size": 100}).json()
    off_peak = next(m for m in response["memberships"] if m["name"] == "Off-Peak Flow Monthly")
    discount = next(
        e
        for e in response["benefits"]["discounts"]["classes"]
        if e["membership_id"] == off_peak["id"]
    )
    assert (discount["peak_discount"], discount["off_peak_discount"]) == (0, 25)


def test_membership_images_are_served_as_svg(sandbox: SandboxProcess, zenoti: httpx.Client) -> None:
    for membership in catalogue(zenoti, sandbox.center_id):
        url = membership["image_paths"]["large"]
        assert url.startswith(f"{sandbox.base_url}/media/")
        image = zenoti.get(url)
        assert image.status_code == 200
        assert image.headers["content-type"].startswith("image/svg+xml")
        assert image.text.startswith("<svg")
    assert zenoti.get("/media/..%2Forganisation.json").status_code == 404

"""The sandbox answers the token, center, employee and catalogue routes in the shapes of Zenoti's
own published samples (tests/fixtures/zenoti/), not in shapes of our own.

Zenoti publishes no sample for ``GET /v1/centers`` or the refresh grant: the sandbox is held to the
``.documented.json`` fixtures assembled from their reference tables. ``GET /v1/countries`` is not
compared: its page has neither a sample nor a table (see list-countries.source.md).
"""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest

from kiosk.sandbox.reference import benefit_entries, load_reference
from tests.support.sandbox_client import body
from tests.support.sandbox_process import SandboxProcess
from tests.support.zenoti_samples import sample, shape_differences

pytestmark = pytest.mark.sandbox

CATALOGUE = "list-memberships-in-a-center.json"


def every_kind_as_sampled() -> dict[str, Any]:
    """Zenoti's catalogue sample, its benefit entries held up for every kind.

    The sample shows credit entries only under ``classes`` and discount entries only under
    ``discounts.classes`` (its other lists are empty or null, which admit anything). Entries of
    every kind share one shape in Zenoti's answer, so the sandbox's services, workshops, products
    and service discounts are held to those same entries rather than left unchecked.
    """
    published = sample(CATALOGUE)
    benefits = published["benefits"]
    for kind in ("services", "workshops", "products"):
        benefits[kind] = copy.deepcopy(benefits["classes"])
    benefits["discounts"]["services"] = copy.deepcopy(benefits["discounts"]["classes"])
    return published


def catalogue_page(zenoti: httpx.Client, center_id: str) -> dict[str, Any]:
    response = zenoti.get(
        f"/v1/centers/{center_id}/memberships",
        params={"show_in_catalog": "true", "page": 1, "size": 100},
    )
    assert response.status_code == 200
    found: dict[str, Any] = body(response)
    return found


def test_the_catalogue_has_the_shape_of_zenotis_sample(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    centers = sandbox.info()["centers"]
    assert len(centers) == 2  # the seed's two centers
    for center in centers:
        page = catalogue_page(zenoti, center["id"])
        assert page["memberships"]
        assert page["benefits"]["classes"] or page["benefits"]["services"]
        assert shape_differences(page, sample(CATALOGUE)) == []
        assert shape_differences(page, every_kind_as_sampled()) == []


def test_every_benefit_entry_names_a_membership_of_its_page(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    page = catalogue_page(zenoti, sandbox.center_id)
    listed = {m["id"] for m in page["memberships"]}
    benefits = page["benefits"]
    lists = [benefits[k] for k in ("services", "classes", "workshops", "products")]
    lists += [benefits["discounts"][k] for k in ("services", "classes")]
    entries = [entry for entries in lists for entry in entries]
    assert entries
    assert {entry["membership_id"] for entry in entries} <= listed
    # As in Zenoti's sample: credits set no per-period frequency, discounts none either.
    credits = [e for k in ("services", "classes", "workshops", "products") for e in benefits[k]]
    assert {(e["frequency_mode"], e["frequency"]) for e in credits} == {(-1, None)}


def test_a_center_has_the_shape_of_zenotis_sample(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    response = zenoti.get(f"/v1/centers/{sandbox.center_id}")
    assert response.status_code == 200
    assert shape_differences(body(response), sample("get-center.json")) == []


def test_the_center_list_has_the_shape_of_the_reference_table(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    response = zenoti.get("/v1/centers")
    assert response.status_code == 200
    answer = body(response)
    assert [c["id"] for c in answer["centers"]] == [c["id"] for c in sandbox.info()["centers"]]
    assert shape_differences(answer, sample("list-centers.documented.json")) == []


def test_the_employees_have_the_shape_of_zenotis_sample(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    response = zenoti.get(
        f"/v1/centers/{sandbox.center_id}/employees", params={"page": 1, "size": 100}
    )
    assert response.status_code == 200
    assert response.json()["employees"]
    assert shape_differences(body(response), sample("list-center-employees.json")) == []


def test_an_unknown_center_is_zenotis_documented_error(zenoti: httpx.Client) -> None:
    documented = sample("list-center-employees.error-invalid-center.json")
    for route in ("", "/employees", "/memberships"):
        response = zenoti.get(f"/v1/centers/not-a-center{route}")
        # The HTTP status is the sandbox's pick (400); the reference documents only the body.
        assert response.status_code == 400
        assert response.json() == documented


def password_grant(sandbox: SandboxProcess) -> dict[str, Any]:
    login = sandbox.info()["employee_login"]
    return {**login, "grant_type": "password", "device_id": "kiosk-test"}


def test_the_password_grant_has_the_shape_of_zenotis_sample(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    request = sample("create-token-password.request.json")
    grant = password_grant(sandbox)
    assert set(grant) == set(request)  # the sandbox is called with Zenoti's body keys
    response = zenoti.post("/v1/tokens", json=grant)
    assert response.status_code == 200
    assert shape_differences(body(response), sample("create-token-password.json")) == []


def test_the_refresh_grant_answers_the_reference_tables_credentials(
    sandbox: SandboxProcess, zenoti: httpx.Client
) -> None:
    login = zenoti.post("/v1/tokens", json=password_grant(sandbox)).json()
    refresh = {
        "refresh_token": login["credentials"]["refresh_token"],
        "grant_type": "refresh_token",
    }
    response = zenoti.post("/v1/tokens", json=refresh)
    assert response.status_code == 200
    answer = body(response)
    # The refresh page's table covers only what is under credentials; the same route's password
    # sample also has these two blocks, and the sandbox answers both grants alike.
    around = ("login_policy_evaluation", "error")
    assert shape_differences(answer, sample("refresh-token.documented.json"), extra=around) == []
    assert shape_differences(answer, sample("create-token-password.json")) == []


def test_a_large_synthetic_catalogue_keeps_each_benefit_on_its_own_membership() -> None:
    ref = load_reference(catalogue_size=40)
    on_sale = [m for m in ref.memberships if ref.centers[0].id in m.center_ids]
    assert len(on_sale) >= 40
    for membership in on_sale:
        entries = benefit_entries(membership.benefits)
        assert entries
        assert {e["membership_id"] for e in entries} == {membership.id}

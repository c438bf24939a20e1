"""Zenoti's read-only routes: centers, employees, countries and the membership catalogue.

Each answer has the shape of Zenoti's published sample for its route (tests/fixtures/zenoti/), or,
where Zenoti publishes none (the center list), of its reference's field table, and only that
shape: no field the sample or table does not have, none of its fields left out.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.routing import BaseRoute, Route

from kiosk.sandbox.clock import center_today
from kiosk.sandbox.errors import ZenotiError
from kiosk.sandbox.reference import Center, Employee, Membership
from kiosk.sandbox.wire import endpoint, page_params, paginate

if TYPE_CHECKING:
    from kiosk.sandbox.state import SandboxState

COUNTRY_FIELDS = ("id", "code", "name", "phone_code")
CENTER_INFO_MODELS = (
    "zone",
    "country",
    "state",
    "location",
    "currency",
    "address_info",
    "settings",
    "contact_info",
)
BENEFIT_KINDS = ("services", "classes", "workshops", "products")
DISCOUNT_KINDS = ("classes", "services")
TERMS_ACCEPTANCE = "I have read and accept the terms and conditions."


def require_center(state: SandboxState, center_id: object) -> Center:
    center = state.ref.center(center_id)
    if center is None:
        # The code and message Zenoti documents for a bad center_id (HTTP status not documented).
        raise ZenotiError(400, 502, "Invalid center_id.")
    return center


def media_url(request: Request, file_name: str) -> str:
    return f"{str(request.base_url).rstrip('/')}/media/{file_name}"


def center_info(center: Center) -> dict[str, Any]:
    """A center in ``GET /v1/centers``: the fields of the reference's ``CenterInfo`` table
    (list-all-centers), no others. The nested models it names (zone, country, state, location,
    currency, address_info, settings, contact_info) are described nowhere readable, so the sandbox
    answers them ``null`` rather than invent their fields; the single-center route carries the
    contact details, time zone and currency ids."""
    return {
        "id": center.id,
        "code": center.code,
        "name": center.name,
        "display_name": center.display_name,
        "description": "",
        "online_booking_start_date": None,
        "enable_parallel_services_at_center": False,
        "culture_code_at_center": "en-US",
        **dict.fromkeys(CENTER_INFO_MODELS),
    }


def employee_json(employee: Employee) -> dict[str, Any]:
    return {
        "id": employee.id,
        "code": employee.code,
        "personal_info": {
            "first_name": employee.first_name,
            "last_name": employee.last_name,
            "name": f"{employee.first_name} {employee.last_name}",
            "gender": employee.gender,
        },
        "job_info": dict(employee.job),
    }


def membership_json(request: Request, membership: Membership, center: Center) -> dict[str, Any]:
    image = media_url(request, membership.image)
    return {
        "id": membership.id,
        "version_id": membership.version_id,
        "name": membership.name,
        "price": membership.price_at(center),
        "can_book": True,
        "show_price": True,
        "display_name": membership.display_name,
        "display_price": None,
        "image_paths": {"small": image, "large": image},
        "is_recurring_membership": membership.is_recurring,
        "membership_type": membership.membership_type,
        "first_collection_after": membership.first_collection_after,
        "description": membership.description,
        "html_description": f"<p>{html.escape(membership.description)}</p>",
        "terms_and_conditions": membership.terms,
        # Zenoti's field table: "string | Acceptance text of the terms and conditions".
        "terms_and_conditions_acceptance": TERMS_ACCEPTANCE,
        "enforce_mandatory_fields": False,
        "payment_frequency": membership.payment_frequency,
    }


def benefits_json(memberships: list[Membership]) -> dict[str, Any]:
    """Zenoti's top-level ``benefits``: one object for the page, each kind's entries of every
    listed membership together, each entry naming its ``membership_id`` (the seed's entries do)."""
    merged: dict[str, Any] = {kind: [] for kind in BENEFIT_KINDS}
    merged["discounts"] = {kind: [] for kind in DISCOUNT_KINDS}
    for membership in memberships:
        for kind in BENEFIT_KINDS:
            merged[kind] += membership.benefits.get(kind) or []
        discounts = membership.benefits.get("discounts") or {}
        for kind in DISCOUNT_KINDS:
            merged["discounts"][kind] += discounts.get(kind) or []
    return merged


def routes(state: SandboxState) -> list[BaseRoute]:
    """The catalogue routes, read from the seed."""
    ref = state.ref

    async def centers(request: Request) -> dict[str, Any]:
        _, page_info = paginate(list(ref.centers), 1, max(len(ref.centers), 1))
        return {
            "centers": [center_info(c) for c in ref.centers],
            "requested_centers": [],
            "page_info": page_info,
            "error": None,
        }

    async def center(request: Request) -> dict[str, Any]:
        found = require_center(state, request.path_params["center_id"])
        keys = ("id", "name", "code", "phone", "time_zone_id", "currency_id", "email")
        return {"center": {k: getattr(found, k) for k in keys}, "error": None}

    async def employees(request: Request) -> dict[str, Any]:
        found = require_center(state, request.path_params["center_id"])
        page, size = page_params(request)
        staff = sorted((e for e in ref.employees if found.id in e.center_ids), key=lambda e: e.code)
        rows, _ = paginate([employee_json(e) for e in staff], page, size)
        # Zenoti's sample and field table carry no page_info here: a short page is the last.
        return {"employees": rows}

    async def countries(request: Request) -> dict[str, Any]:
        return {"countries": [{k: c[k] for k in COUNTRY_FIELDS} for c in ref.countries]}

    async def memberships(request: Request) -> dict[str, Any]:
        found = require_center(state, request.path_params["center_id"])
        page, size = page_params(request)
        today = center_today(found.time_zone)
        listed = [m for m in ref.memberships if m.on_sale(found.id, today)]
        rows, page_info = paginate(listed, page, size)
        return {
            "memberships": [membership_json(request, m, found) for m in rows],
            "total_no_of_memberships": len(listed),
            "benefits": benefits_json(rows),
            "page_info": page_info,
            "error": None,
        }

    return [
        Route("/v1/centers", endpoint(centers), methods=["GET"]),
        Route("/v1/centers/{center_id}", endpoint(center), methods=["GET"]),
        Route("/v1/centers/{center_id}/employees", endpoint(employees), methods=["GET"]),
        Route("/v1/centers/{center_id}/memberships", endpoint(memberships), methods=["GET"]),
        Route("/v1/countries", endpoint(countries), methods=["GET"]),
    ]

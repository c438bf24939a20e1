"""Zenoti's read-only routes: centers, employees, countries and the membership catalogue."""

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


def require_center(state: SandboxState, center_id: object) -> Center:
    center = state.ref.center(center_id)
    if center is None:
        raise ZenotiError(400, 502, "Invalid center id")
    return center


def media_url(request: Request, file_name: str) -> str:
    return f"{str(request.base_url).rstrip('/')}/media/{file_name}"


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
        "display_name": membership.display_name,
        "code": membership.code,
        "description": membership.description,
        "html_description": f"<p>{html.escape(membership.description)}</p>",
        "price": membership.price_at(center),
        "show_price": True,
        "can_book": True,
        "image_paths": {"small": image, "large": image},
        "is_recurring_membership": membership.is_recurring,
        "membership_type": membership.membership_type,
        "payment_frequency": membership.payment_frequency,
        "first_collection_after": membership.first_collection_after,
        "terms_and_conditions": membership.terms,
        "terms_and_conditions_acceptance": True,
        "enforce_mandatory_fields": False,
    }


def benefits_json(membership: Membership) -> dict[str, Any]:
    return {"membership_id": membership.id, **membership.benefits}


def routes(state: SandboxState) -> list[BaseRoute]:
    """The catalogue routes, read from the seed."""
    ref = state.ref

    async def centers(request: Request) -> dict[str, Any]:
        keys = ("id", "code", "name", "display_name", "time_zone_id", "currency_id")
        return {"centers": [{k: getattr(c, k) for k in keys} for c in ref.centers]}

    async def center(request: Request) -> dict[str, Any]:
        found = require_center(state, request.path_params["center_id"])
        keys = ("id", "code", "name", "phone", "email", "time_zone_id", "currency_id")
        return {
            "center": {**{k: getattr(found, k) for k in keys}, "address_info": found.address_info}
        }

    async def employees(request: Request) -> dict[str, Any]:
        found = require_center(state, request.path_params["center_id"])
        page, size = page_params(request)
        staff = sorted((e for e in ref.employees if found.id in e.center_ids), key=lambda e: e.code)
        rows, page_info = paginate([employee_json(e) for e in staff], page, size)
        return {"employees": rows, "page_info": page_info}

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
            "benefits": [benefits_json(m) for m in rows],
            "page_info": page_info,
        }

    return [
        Route("/v1/centers", endpoint(centers), methods=["GET"]),
        Route("/v1/centers/{center_id}", endpoint(center), methods=["GET"]),
        Route("/v1/centers/{center_id}/employees", endpoint(employees), methods=["GET"]),
        Route("/v1/centers/{center_id}/memberships", endpoint(memberships), methods=["GET"]),
        Route("/v1/countries", endpoint(countries), methods=["GET"]),
    ]

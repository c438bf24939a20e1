"""Zenoti's guest routes: search, read, register, their memberships and saved cards."""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.routing import BaseRoute, Route

from kiosk.sandbox import guestbook
from kiosk.sandbox.errors import ZenotiError
from kiosk.sandbox.hosted import ADD_CARD, open_hosted_page
from kiosk.sandbox.invoice_views import guest_memberships
from kiosk.sandbox.money import ZERO
from kiosk.sandbox.wire import endpoint, json_body, page_params, paginate, text_field
from kiosk.sandbox.zenoti_catalog import require_center

if TYPE_CHECKING:
    from kiosk.sandbox.state import SandboxState

SEARCH_FIELDS = ("phone", "email", "first_name", "last_name")
# Zenoti documents the add-card ``source`` 1 (WebStore, the default) and 5 (Mobile).
ADD_CARD_SOURCES = (1, 5)
# The invoice ``status`` Zenoti's samples show on a sold guest membership (meaning undocumented).
SOLD_INVOICE_STATUS = 4
GUEST_MEMBERSHIP_ACTIVE = 1  # the table's status enum: Active = 1
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def require_guest(state: SandboxState, guest_id: str) -> dict[str, Any]:
    guest = guestbook.get_guest(state.store, guest_id)
    if guest is None:
        raise ZenotiError(404, 405, "User not found")
    return guest


def _personal_info(state: SandboxState, raw: Any, default_country: int) -> dict[str, Any]:
    """Validate a posted ``personal_info`` against the organisation's mandatory fields."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ZenotiError(400, 400, "personal_info must be an object")
    info: dict[str, Any] = {}
    for name in ("first_name", "last_name", "middle_name", "email", "date_of_birth"):
        value = text_field(raw, name)
        info[name] = value.strip() if value else None
    phone = raw.get("mobile_phone")
    if phone is not None and not isinstance(phone, dict):
        raise ZenotiError(400, 400, "mobile_phone must be an object")
    number = str((phone or {}).get("number") or "").strip()
    country_code = (phone or {}).get("country_code") or default_country
    gender = raw.get("gender")
    present = {**info, "mobile_phone": number or None, "gender": gender}
    for name in state.settings.mandatory_guest_fields:
        if present.get(name) in (None, ""):
            raise ZenotiError(400, 503, f"{name} is mandatory")
    if info["email"] and not EMAIL.match(info["email"]):
        raise ZenotiError(400, 502, "email is not a valid email address")
    if info["date_of_birth"]:
        _check_birth_date(info["date_of_birth"])
    if gender is None:
        gender = -1
    if isinstance(gender, bool) or gender not in (-1, 0, 1):
        raise ZenotiError(400, 502, "gender must be -1, 0 or 1")
    if number:
        if isinstance(country_code, str) and country_code.isdigit():
            country_code = int(country_code)
        if state.ref.country(country_code) is None:
            raise ZenotiError(400, 502, "country_code is not a known country id")
        if not 6 <= len(guestbook.digits(number)) <= 15:
            raise ZenotiError(400, 502, "mobile_phone number is not valid")
    mobile = {"country_code": country_code, "number": number} if number else None
    return {**info, "gender": gender, "mobile_phone": mobile}


def _check_birth_date(text: str) -> None:
    try:
        born = date.fromisoformat(text) if DATE.match(text) else None
    except ValueError:
        born = None
    if born is None or born > date.today():
        raise ZenotiError(400, 502, "date_of_birth must be a past date in yyyy-mm-dd format")


def _add_card_source(body: dict[str, Any]) -> int:
    """The ``source`` of an add-card request: 1 when left out; 1 or 5, as a number or a numeric
    string (Zenoti's own example sends ``"1"``); anything else is refused."""
    raw = body.get("source")
    if raw is None:
        return 1
    if isinstance(raw, str) and raw.strip().isdigit():
        raw = int(raw.strip())
    if isinstance(raw, bool) or raw not in ADD_CARD_SOURCES:
        raise ZenotiError(400, 400, "Bad request.")
    return int(raw)


def _wire_date(day: str | None) -> str | None:
    """Zenoti writes a guest membership's dates as date-times (``2024-12-20T00:00:00``)."""
    return f"{day}T00:00:00" if day else None


def zenoti_guest_membership(entry: dict[str, Any]) -> dict[str, Any]:
    """A guest membership as Zenoti documents it (list-all-memberships-of-a-guest) and its samples
    show it (Guest.Membership.Created): ``credit_balance`` is an object, dates are date-times.

    Beyond the table: ``membership`` also carries the ``id``, ``code`` and ``name`` the Created
    sample shows (the kiosk reads the id), and ``credit_balance`` the sample's ``total``. The
    table's ``services`` and ``products`` objects are described nowhere readable: ``null``.
    """
    recurring = entry["membership"]["type"] in (1, 2)
    return {
        "user_membership_id": entry["user_membership_id"],
        "status": entry["status"],
        "is_refunded": False,
        "recurrence_status": entry["status"] if recurring else -1,
        "redeemable": entry["status"] == GUEST_MEMBERSHIP_ACTIVE,
        "membership": entry["membership"],
        "invoice": {**entry["invoice"], "status": SOLD_INVOICE_STATUS},
        "expiry_date": _wire_date(entry["expiry_date"]),
        "next_collection_date": _wire_date(entry["next_collection_date"]),
        "credit_balance": {
            "total": entry["credit_balance"],
            "service": entry["credit_balance"],
            "product": ZERO,
            "other": ZERO,
            "comments": None,
        },
        "credit_amount": int(entry["credit_balance"]),  # the table types it int
        "services": None,
        "products": None,
    }


def routes(state: SandboxState) -> list[BaseRoute]:
    """The guest routes."""
    store, ref = state.store, state.ref

    async def search(request: Request) -> dict[str, Any]:
        query = request.query_params
        center_id = query.get("center_id")
        if not center_id:
            raise ZenotiError(400, 503, "center_id is mandatory")
        require_center(state, center_id)
        criteria = {name: query.get(name) or None for name in SEARCH_FIELDS}
        if not any(criteria.values()):
            raise ZenotiError(400, 503, "phone, email, first_name or last_name is mandatory")
        page, size = page_params(request)
        found = [g for g in guestbook.all_guests(store) if guestbook.matches(g, ref, **criteria)]
        found.sort(
            key=lambda g: (g["personal_info"]["last_name"], g["personal_info"]["first_name"])
        )
        rows, page_info = paginate(found, page, size)
        return {"guests": rows, "page_info": page_info}

    async def get(request: Request) -> dict[str, Any]:
        return require_guest(state, request.path_params["guest_id"])

    async def create(request: Request) -> dict[str, Any]:
        body = await json_body(request)
        center = require_center(state, text_field(body, "center_id", required=True))
        personal = _personal_info(
            state, body.get("personal_info"), int(center.address_info["country_id"])
        )
        preferences = body.get("preferences")
        if preferences is not None and not isinstance(preferences, dict):
            raise ZenotiError(400, 400, "preferences must be an object")
        with store.transaction():
            guest = guestbook.new_guest(
                ref,
                guest_id=str(uuid.uuid4()),
                code=guestbook.next_guest_code(store),
                center_id=center.id,
                personal=personal,
                preferences=preferences,
            )
            guestbook.insert_guest(store, guest)
        return guest

    async def memberships(request: Request) -> dict[str, Any]:
        guest = require_guest(state, request.path_params["guest_id"])
        center_id = request.query_params.get("center_id") or None
        if center_id:
            require_center(state, center_id)
        owned = guest_memberships(store, ref, guest["id"], center_id)
        return {
            "guest_memberships": [zenoti_guest_membership(m) for m in owned],
            # Named by the reference's table, described nowhere readable: the sandbox has none.
            "UserMemberships": None,
            "freeze_reasons": None,
            "cancel_reasons": None,
        }

    async def accounts(request: Request) -> list[dict[str, Any]]:
        guest = require_guest(state, request.path_params["guest_id"])
        center_id = request.query_params.get("center_id")
        if center_id:
            require_center(state, center_id)
        return guestbook.list_accounts(store, guest["id"])  # a bare list, as Zenoti's sample

    async def add_account(request: Request) -> dict[str, Any]:
        guest = guestbook.get_guest(store, request.path_params["guest_id"])
        if guest is None:
            # This route's own published Error Response, not the 405 of the other guest routes.
            raise ZenotiError(400, 400, "Guest not found")
        body = await json_body(request, required=False)
        center = require_center(state, text_field(body, "center_id", required=True))
        _add_card_source(body)
        with store.transaction():
            page = open_hosted_page(
                store,
                request,
                purpose=ADD_CARD,
                guest_id=guest["id"],
                center_id=center.id,
                redirect_uri=text_field(body, "redirect_uri"),
            )
        return {**page, "success": True, "error": None}

    return [
        Route("/v1/guests/search", endpoint(search), methods=["GET"]),
        Route("/v1/guests", endpoint(create), methods=["POST"]),
        Route("/v1/guests/{guest_id}", endpoint(get), methods=["GET"]),
        Route("/v1/guests/{guest_id}/memberships", endpoint(memberships), methods=["GET"]),
        Route("/v1/guests/{guest_id}/accounts", endpoint(accounts), methods=["GET"]),
        Route(
            "/v1/guests/{guest_id}/accounts",
            endpoint(add_account, carries_success=True),
            methods=["POST"],
        ),
    ]

"""Guests, their saved cards and their memberships."""

from __future__ import annotations

from typing import Any

from kiosk.domain.guest import Gender, Guest, GuestMembership, NewGuest, Phone, SavedCard
from kiosk.zenoti.schema.reader import Node


def _gender(node: Node) -> Gender:
    raw = node.raw("gender")
    if isinstance(raw, str) and raw.strip().lower() in ("female", "male"):
        return Gender.FEMALE if raw.strip().lower() == "female" else Gender.MALE
    code = node.opt_integer("gender") if not isinstance(raw, str) or raw.strip() else None
    # Zenoti has more codes than the kiosk offers; anything else is "not specified".
    return Gender(code) if code in (0, 1) else Gender.UNSPECIFIED


def _phone(personal: Node) -> Phone | None:
    mobile = personal.opt_child("mobile_phone")
    if mobile is None:
        return None
    number = mobile.opt_text("number") or ""
    return Phone.from_text(mobile.opt_integer("country_code"), number)


def parse_guest(node: Node) -> Guest:
    """A ``<guest>``: bare, or wrapped as ``{"guest": <guest>}``."""
    if node.has("guest") and not node.has("id"):
        node = node.child("guest")
    personal = node.opt_child("personal_info") or Node({}, node.route, "personal_info")
    preferences = node.opt_child("preferences")
    return Guest(
        id=node.text("id"),
        code=node.opt_text("code") or "",
        center_id=node.opt_text("center_id"),
        first_name=personal.opt_text("first_name") or "",
        last_name=personal.opt_text("last_name") or "",
        email=personal.opt_text("email") or None,
        phone=_phone(personal),
        gender=_gender(personal),
        date_of_birth=personal.opt_date("date_of_birth"),
        receive_transactional_email=(
            preferences.flag("receive_transactional_email", default=False) if preferences else False
        ),
    )


def parse_guest_list(body: Node) -> list[Guest]:
    return [parse_guest(g) for g in body.items("guests")]


def new_guest_body(center_id: str, guest: NewGuest) -> dict[str, Any]:
    """The body of ``POST /v1/guests``; empty optional fields are left out, not sent as null."""
    personal: dict[str, Any] = {
        "first_name": guest.first_name,
        "last_name": guest.last_name,
        "gender": int(guest.gender),
    }
    if guest.email:
        personal["email"] = guest.email
    if guest.phone is not None:
        phone: dict[str, Any] = {"number": guest.phone.number}
        if guest.phone.country_id is not None:
            phone["country_code"] = guest.phone.country_id
        personal["mobile_phone"] = phone
    if guest.date_of_birth is not None:
        personal["date_of_birth"] = guest.date_of_birth.isoformat()
    return {
        "center_id": center_id,
        "personal_info": personal,
        "preferences": {"receive_transactional_email": guest.receive_transactional_email},
    }


def parse_saved_cards(body: Node) -> list[SavedCard]:
    """``{"accounts": [...]}`` or a bare list."""
    entries = body.elements() if isinstance(body.value, list) else body.items("accounts")
    return [
        SavedCard(
            account_id=card.text("account_id"),
            brand=card.opt_text("card_logo"),
            last_four=card.opt_text("last_four"),
            expiry=card.opt_text("expiry_on"),
        )
        for card in entries
    ]


def parse_guest_memberships(body: Node, currency: str) -> list[GuestMembership]:
    found = []
    for entry in body.items("guest_memberships"):
        membership = entry.opt_child("membership")
        invoice = entry.opt_child("invoice")
        found.append(
            GuestMembership(
                id=entry.text("user_membership_id"),
                status=entry.integer("status"),
                membership_id=membership.opt_text("id") if membership else None,
                name=(membership.opt_text("name") if membership else None) or "",
                invoice_id=invoice.opt_text("id") if invoice else None,
                receipt_number=invoice.opt_text("receipt_no") if invoice else None,
                expiry_date=entry.opt_date("expiry_date"),
                next_collection_date=entry.opt_date("next_collection_date"),
                credit_balance=entry.opt_money("credit_balance", currency),
            )
        )
    return found

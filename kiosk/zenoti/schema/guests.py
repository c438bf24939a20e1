"""Guests, their saved cards and their memberships."""

from __future__ import annotations

from datetime import date
from typing import Any

from kiosk.domain.guest import Gender, Guest, GuestMembership, NewGuest, Phone, SavedCard
from kiosk.domain.money import Money
from kiosk.zenoti.schema.reader import Node

# Zenoti writes an unknown date as .NET's smallest one: "0001-01-01T00:00:00".
_NO_DATE = date(1, 1, 1)


def _date(node: Node, key: str) -> date | None:
    """A date or date-time read as a date; Zenoti's "no date" (year 1) is None."""
    found = node.opt_date(key)
    return None if found is None or found == _NO_DATE else found


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
    """A ``<guest>``: bare (as Zenoti's samples are), or wrapped as ``{"guest": <guest>}``.

    Zenoti sends ``""`` for no email and ``"0001-01-01T00:00:00"`` for no date of birth.
    """
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
        date_of_birth=_date(personal, "date_of_birth"),
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
    """A bare list, as Zenoti's sample is; ``{"accounts": [...]}`` is accepted too.

    ``expiry_on`` is kept as Zenoti writes it (its sample: ``"12/25"``, MM/YY).
    """
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


def _credit_balance(entry: Node, currency: str) -> Money | None:
    """``credit_balance`` is an object: the reference's table names its service, product and
    other balances and comments; Zenoti's webhook samples of the same object add ``total``, which
    is read here when present (no balance otherwise). A bare amount is accepted too."""
    if isinstance(entry.raw("credit_balance"), dict):
        return entry.child("credit_balance").opt_money("total", currency)
    return entry.opt_money("credit_balance", currency)


def parse_guest_memberships(body: Node, currency: str) -> list[GuestMembership]:
    """``{"guest_memberships": [...]}``; dates are date-times, year 1 or null for none.

    The reference's table gives ``membership`` only its ``type``: the membership's ``id`` and
    ``name`` (in Zenoti's webhook samples of the same object) are read when present.
    """
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
                expiry_date=_date(entry, "expiry_date"),
                next_collection_date=_date(entry, "next_collection_date"),
                credit_balance=_credit_balance(entry, currency),
            )
        )
    return found

"""Guests and their saved cards in the store: building, finding and matching guest records."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from kiosk.sandbox.clock import utc_now_iso
from kiosk.sandbox.reference import Reference
from kiosk.sandbox.store import Store

FIRST_GUEST_CODE = 1001


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def national_number(number: str, country: dict[str, Any] | None) -> str:
    """The number without its country's dialling prefix or trunk zero, digits only.

    Guests' numbers are stored however the front desk typed them: ``+1 (718) 555-0142``,
    ``17185550142`` and ``7185550142`` are the same phone.
    """
    found = digits(number)
    if country is None:
        return found
    prefix, length = str(country["phone_code"]), int(country["national_digits"])
    if found.startswith(prefix) and len(found) == len(prefix) + length:
        return found[len(prefix) :]
    if found.startswith("0") and len(found) == length + 1:
        return found[1:]
    return found


def display_number(number: str, country: dict[str, Any] | None) -> str:
    national = national_number(number, country)
    return f"+{country['phone_code']} {national}" if country else national


def new_guest(
    ref: Reference,
    *,
    guest_id: str,
    code: str,
    center_id: str,
    personal: dict[str, Any],
    preferences: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A ``<guest>`` object as the API serves it, from already validated personal info."""
    phone = personal.get("mobile_phone") or {}
    country_id = phone.get("country_code")
    number = phone.get("number") or ""
    country = ref.country(country_id)
    prefs = {
        "receive_transactional_email": True,
        "receive_transactional_sms": True,
        "receive_marketing_email": False,
        "receive_marketing_sms": False,
    }
    prefs.update({k: bool(v) for k, v in (preferences or {}).items() if k in prefs})
    return {
        "id": guest_id,
        "code": code,
        "center_id": center_id,
        "personal_info": {
            "user_name": personal.get("email") or code,
            "first_name": personal.get("first_name") or "",
            "last_name": personal.get("last_name") or "",
            "middle_name": personal.get("middle_name") or "",
            "email": personal.get("email") or None,
            "mobile_phone": {
                "country_code": country_id if number else None,
                "number": number or None,
                "display_number": display_number(number, country) if number else None,
            },
            "gender": personal.get("gender", -1),
            "date_of_birth": personal.get("date_of_birth") or None,
        },
        "address_info": {
            "address_1": "",
            "address_2": "",
            "city": "",
            "state": "",
            "zip_code": "",
            "country_id": country_id,
        },
        "preferences": prefs,
        "tags": [],
    }


def insert_guest(store: Store, guest: dict[str, Any]) -> None:
    store.execute(
        "INSERT INTO guests (id, code, center_id, body, created_at) VALUES (?, ?, ?, ?, ?)",
        (guest["id"], guest["code"], guest["center_id"], json.dumps(guest), utc_now_iso()),
    )


def next_guest_code(store: Store) -> str:
    return f"LW{store.next_number('guest_code', FIRST_GUEST_CODE)}"


def get_guest(store: Store, guest_id: str) -> dict[str, Any] | None:
    row = store.one("SELECT body FROM guests WHERE id = ?", (guest_id,))
    return None if row is None else dict(json.loads(row["body"]))


def all_guests(store: Store) -> list[dict[str, Any]]:
    return [json.loads(row["body"]) for row in store.query("SELECT body FROM guests")]


def matches(
    guest: dict[str, Any],
    ref: Reference,
    *,
    phone: str | None,
    email: str | None,
    first_name: str | None,
    last_name: str | None,
) -> bool:
    """Every given criterion matches: phone by its national digits, email case-insensitively,
    names case-insensitively by prefix."""
    info = guest["personal_info"]
    if phone:
        stored = info["mobile_phone"]
        country = ref.country(stored.get("country_code"))
        number = stored.get("number") or ""
        if not number or national_number(number, country) != national_number(phone, country):
            return False
    if email and (info.get("email") or "").casefold() != email.strip().casefold():
        return False
    if first_name and not info["first_name"].casefold().startswith(first_name.strip().casefold()):
        return False
    return not (
        last_name and not info["last_name"].casefold().startswith(last_name.strip().casefold())
    )


def list_accounts(store: Store, guest_id: str) -> list[dict[str, Any]]:
    """The guest's cards saved with the business's card processor, oldest first."""
    rows = store.query(
        "SELECT account_id, card_logo, last_four, expiry_on FROM card_accounts"
        " WHERE guest_id = ? ORDER BY rowid",
        (guest_id,),
    )
    return [dict(row) for row in rows]


def add_account(
    store: Store,
    *,
    guest_id: str,
    center_id: str | None,
    card_logo: str,
    last_four: str,
    expiry_on: str,
    account_id: str | None = None,
) -> str:
    """Save a card for the guest; returns its account id."""
    account_id = account_id or str(uuid.uuid4())
    store.execute(
        "INSERT INTO card_accounts (account_id, guest_id, center_id, card_logo, last_four,"
        " expiry_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (account_id, guest_id, center_id, card_logo, last_four, expiry_on, utc_now_iso()),
    )
    return account_id

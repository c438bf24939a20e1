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


# Zenoti's "no date", .NET's smallest date-time (create-guest sample: date_of_birth and
# anniversary_date).
NO_DATE = "0001-01-01T00:00:00"
RECEIVE_PREFERENCES = (
    "receive_transactional_email",
    "receive_transactional_sms",
    "receive_marketing_email",
    "receive_marketing_sms",
)


def date_time(day: str | None) -> str:
    """A ``yyyy-mm-dd`` date as Zenoti writes dates in a guest (midnight), or its "no date"."""
    return f"{day}T00:00:00" if day else NO_DATE


def new_guest(
    ref: Reference,
    *,
    guest_id: str,
    code: str,
    center_id: str,
    personal: dict[str, Any],
    preferences: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A ``<guest>`` object shaped like Zenoti's samples, from already validated personal info.

    Zenoti's create-guest sample shows what an unknown value looks like: ``""`` for text,
    ``-1`` for ids, ``null`` for objects, ``"0001-01-01T00:00:00"`` for dates.
    """
    phone = personal.get("mobile_phone") or {}
    number = phone.get("number") or ""
    country_id = phone.get("country_code") if number else None
    prefs: dict[str, Any] = {
        "receive_transactional_email": True,
        "receive_transactional_sms": True,
        "receive_marketing_email": False,
        "receive_marketing_sms": False,
    }
    prefs.update({k: bool(v) for k, v in (preferences or {}).items() if k in RECEIVE_PREFERENCES})
    prefs.update({"recieve_lp_stmt": True, "preferred_therapist": None})  # Zenoti's spelling
    return {
        "id": guest_id,
        "code": code,
        "center_id": center_id,
        "personal_info": {
            "user_name": personal.get("email") or "",
            "first_name": personal.get("first_name") or "",
            "last_name": personal.get("last_name") or "",
            "middle_name": personal.get("middle_name") or "",
            "email": personal.get("email") or "",
            "mobile_phone": {"country_code": country_id, "number": number} if number else None,
            "work_phone": None,
            "home_phone": None,
            "gender": personal.get("gender", -1),
            "date_of_birth": date_time(personal.get("date_of_birth")),
            "is_minor": False,
            "nationality_id": -1,
            "anniversary_date": NO_DATE,
            "lock_guest_custom_data": False,
            "pan": "",
        },
        "address_info": {
            "address_1": "",
            "address_2": "",
            "city": "",
            "country_id": country_id if country_id is not None else -1,
            "state_id": -1,
            "state_other": "",
            "zip_code": "",
        },
        "preferences": prefs,
        "tags": [],
        "referral": None,
        "primary_employee": None,
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
        stored = info["mobile_phone"] or {}
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
    """The guest's cards saved with the business's card processor, oldest first, as Zenoti lists
    them: ``{account_id, card_logo, last_four, expiry_on}`` with ``expiry_on`` as ``MM/YY``."""
    rows = store.query(
        "SELECT account_id, card_logo, last_four, expiry_on FROM card_accounts"
        " WHERE guest_id = ? ORDER BY rowid",
        (guest_id,),
    )
    return [{**dict(row), "expiry_on": month_year(row["expiry_on"])} for row in rows]


def month_year(expiry: str) -> str:
    """``MM/YY`` (Zenoti's sample writes ``"12/25"``), from ``MM/YY`` or ``MM/YYYY``."""
    month, _, year = expiry.partition("/")
    return f"{month}/{year[-2:]}" if year else expiry


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

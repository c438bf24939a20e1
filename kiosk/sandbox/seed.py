"""Loading the seed's guests and saved cards into a fresh (or just wiped) store."""

from __future__ import annotations

from kiosk.sandbox import guestbook
from kiosk.sandbox.reference import Reference
from kiosk.sandbox.store import Store


def seed_zenoti(store: Store, ref: Reference) -> None:
    """The seed's guests, their saved cards, and the guest-code counter past them."""
    with store.transaction():
        for row in ref.seed_guests:
            guest = guestbook.new_guest(
                ref,
                guest_id=row["id"],
                code=row["code"],
                center_id=row["center_id"],
                personal={
                    "first_name": row["first_name"],
                    "last_name": row["last_name"],
                    "email": row["email"],
                    "mobile_phone": row["mobile_phone"],
                    "gender": row["gender"],
                    "date_of_birth": row["date_of_birth"],
                },
            )
            guestbook.insert_guest(store, guest)
            for card in row["cards"]:
                guestbook.add_account(store, guest_id=row["id"], center_id=row["center_id"], **card)
        last_code = max(int(row["code"].removeprefix("LW")) for row in ref.seed_guests)
        store.execute(
            "INSERT OR REPLACE INTO counters (name, value) VALUES ('guest_code', ?)", (last_code,)
        )


# The business's media campaigns and their offer codes (kiosk.sandbox.zenoti_campaigns applies
# them). A percentage or an amount off each line of the memberships named (every membership line
# when none is named; a joining fee never), between two dates of the center (None: open-ended).
CAMPAIGNS: tuple[dict[str, object], ...] = (
    {
        "id": "0b6c1a4e-8f1d-4c55-9a0e-6f2d8b1c3a01",
        "code": "WELCOME10",
        "name": "Welcome: 10% off your first membership",
        "percent": "10",
        "memberships": None,
        "valid_from": None,
        "valid_until": None,
    },
    {
        "id": "0b6c1a4e-8f1d-4c55-9a0e-6f2d8b1c3a02",
        "code": "SERENITY50",
        "name": "$50 off a Serenity pass",
        "amount": "50.00",
        "memberships": ("SERENITY3", "SERENITY6"),
        "valid_from": None,
        "valid_until": None,
    },
    {
        "id": "0b6c1a4e-8f1d-4c55-9a0e-6f2d8b1c3a03",
        "code": "SUMMER24",
        "name": "Summer 2024: 25% off",
        "percent": "25",
        "memberships": None,
        "valid_from": "2024-06-01",
        "valid_until": "2024-08-31",
    },
)

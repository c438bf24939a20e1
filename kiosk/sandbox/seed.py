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

"""Guests on a public screen: masked, never exposed."""

from __future__ import annotations

import pytest

from kiosk.domain.guest import (
    Gender,
    Guest,
    GuestMembership,
    NewGuest,
    Phone,
    mask_email,
    mask_name,
)


def _guest(**changes: object) -> Guest:
    values: dict[str, object] = {
        "id": "g1",
        "code": "G001",
        "center_id": "c1",
        "first_name": "Jane",
        "last_name": "Doe",
        "email": "jane@example.com",
        "phone": Phone(225, "5551234567"),
        "gender": Gender.FEMALE,
        "date_of_birth": None,
        "receive_transactional_email": True,
    }
    values.update(changes)
    return Guest(**values)  # type: ignore[arg-type]


def test_masked_helpers_show_just_enough() -> None:
    guest = _guest()
    assert guest.masked_name == "Ja** D."
    assert guest.masked_phone == "•••• 4567"
    assert guest.masked_email == "j•••@e•••.com"


def test_masking_of_short_and_missing_parts() -> None:
    assert mask_name("Al", "") == "A*"
    assert mask_name("J", "Smith") == "J S."
    assert mask_name("", "Smith") == " S."
    assert mask_email("x@localhost") == "x•••@l•••"
    assert mask_email("broken") == "b•••"
    assert mask_email("a@b.co.uk") == "a•••@b•••.uk"
    guest = _guest(email=None, phone=None)
    assert guest.masked_email is None
    assert guest.masked_phone is None


def test_the_repr_of_a_guest_carries_no_pii() -> None:
    text = repr(_guest()) + repr(NewGuest("Jane", "Doe", email="jane@example.com"))
    assert "jane@example.com" not in text
    assert "Jane" not in text
    assert "5551234567" not in text


def test_phone_keeps_digits_only() -> None:
    phone = Phone.from_text(225, "+1 (555) 123-4567")
    assert phone == Phone(225, "15551234567")
    assert phone.last_four == "4567"
    assert Phone.from_text(225, "n/a") is None
    with pytest.raises(ValueError, match="digits"):
        Phone(225, "555-1234")


def test_guest_membership_status() -> None:
    active = GuestMembership("um", 1, "m", "Gold", "i", "R1", None, None, None)
    assert active.is_active
    assert not GuestMembership("um", 7, "m", "Gold", None, None, None, None, None).is_active

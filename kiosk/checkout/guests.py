"""Finding and registering the guest: phone numbers in every stored form, masked candidates,
and Zenoti's per-organisation mandatory fields reported field by field.
"""

from __future__ import annotations

import logging
from typing import Any

from kiosk.checkout.errors import GuestFieldInvalid, SaleError, ServiceUnavailable, zenoti_errors
from kiosk.domain.guest import Guest, NewGuest, Phone
from kiosk.zenoti.client import ZenotiClient
from kiosk.zenoti.errors import (
    ZenotiError,
    ZenotiNotFound,
    ZenotiUnknownOutcome,
)

log = logging.getLogger("kiosk.checkout")


class GuestDirectory:
    """Looks guests up and registers them in one center."""

    def __init__(self, zenoti: ZenotiClient, center_id: str, dialling_code: str) -> None:
        self._zenoti = zenoti
        self._center_id = center_id
        self._dialling_code = dialling_code

    async def find(self, *, phone: Phone | None = None, email: str | None = None) -> list[Guest]:
        """Guests matching a phone number or an email; several when a family shares a number."""
        if phone is None and not (email and email.strip()):
            return []
        if email and email.strip():
            return await self._search(email=email.strip())
        assert phone is not None
        found = await self._search(phone=phone.number)
        if found:
            return found
        # Numbers are stored with and without the country prefix: try the other form once.
        other = self._other_form(phone.number)
        return await self._search(phone=other) if other else []

    async def search(self, query: str) -> list[Guest]:
        """Staff's search box: an email, a phone number (any punctuation) or a name."""
        text = " ".join(query.split())
        if "@" in text:
            return await self.find(email=text)
        phone = Phone.from_text(None, text)
        if phone is not None and len(phone.number) >= 4 and not text.strip("+-(). 0123456789"):
            return await self.find(phone=phone)
        words = text.split(" ")
        if len(words) >= 2:
            return await self._by_name(first_name=words[0], last_name=" ".join(words[1:]))
        if not words[0]:
            return []
        # One word may be either name: ask both ways, each guest once.
        found = await self._by_name(first_name=words[0])
        found += await self._by_name(last_name=words[0])
        return list({guest.id: guest for guest in found}.values())

    async def _by_name(self, **name: str) -> list[Guest]:
        return await self._search(size=25, **name)

    async def _search(self, **criteria: Any) -> list[Guest]:
        """One Zenoti guest search, its failures said as the sale engine says them."""
        with zenoti_errors(
            "the guest search could not reach Zenoti", "guest search refused ({code})"
        ):
            return await self._zenoti.search_guests(self._center_id, **criteria)

    async def by_id(self, guest_id: str) -> Guest | None:
        """One guest by Zenoti id (staff chose them from their own search); None if unknown."""
        with zenoti_errors(
            "the guest could not be read from Zenoti", "guest lookup refused ({code})"
        ):
            try:
                return await self._zenoti.guest(guest_id)
            except ZenotiNotFound:
                return None

    async def register(self, new_guest: NewGuest) -> Guest:
        """Create the guest; a missing mandatory field comes back naming the field."""
        with zenoti_errors("registration could not reach Zenoti", _field_refused):
            try:
                return await self._zenoti.create_guest(self._center_id, new_guest)
            except ZenotiUnknownOutcome:
                # The guest may exist now: find them rather than creating a second one.
                found = await self._find_registered(new_guest)
                if found is not None:
                    return found
                raise ServiceUnavailable("registration could not be confirmed") from None

    async def _find_registered(self, new_guest: NewGuest) -> Guest | None:
        try:
            candidates = await self.find(phone=new_guest.phone, email=new_guest.email)
        except SaleError:
            return None
        same = [
            guest
            for guest in candidates
            if guest.first_name.strip().casefold() == new_guest.first_name.strip().casefold()
            and guest.last_name.strip().casefold() == new_guest.last_name.strip().casefold()
        ]
        return same[-1] if same else None

    def _other_form(self, number: str) -> str | None:
        code = self._dialling_code
        if number.startswith(code) and len(number) > 10:
            return number[len(code) :]
        if len(number) <= 10:
            return code + number
        return None


def _field_refused(error: ZenotiError) -> SaleError:
    """Zenoti refused the registration: the field it names (or none) for the form."""
    return GuestFieldInvalid(error.mandatory_field or "", error.message)

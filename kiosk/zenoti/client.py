"""``ZenotiClient``: every Zenoti route the kiosk uses, as coroutines that return domain objects."""

from __future__ import annotations

from kiosk.domain.catalog import Catalog
from kiosk.domain.center import Center, Country, Employee
from kiosk.domain.guest import Guest, GuestMembership, NewGuest, SavedCard
from kiosk.domain.invoice import HostedPaymentPage
from kiosk.zenoti.calls import MAX_PAGES, PAGE_SIZE
from kiosk.zenoti.invoice_calls import InvoiceCalls, required_hosted_page
from kiosk.zenoti.schema import catalog, centers, guests
from kiosk.zenoti.schema.paging import is_last_page


class ZenotiClient(InvoiceCalls):
    """An async Zenoti client for one organisation: ``async with`` it, or ``aclose()`` it.

    The centers, catalogue and guest routes are here; the invoice and payment routes are
    ``InvoiceCalls``; how each is called, ``ZenotiCalls``.
    """

    # -- centers ---------------------------------------------------------------------------------
    async def centers(self) -> list[Center]:
        """Every center of the organisation."""
        return await self._get("/v1/centers", centers.parse_centers)

    async def center(self, center_id: str) -> Center:
        """One center with its contact details."""
        return await self._get(
            "/v1/centers/{center_id}", centers.parse_center, path={"center_id": center_id}
        )

    async def employees(self, center_id: str) -> list[Employee]:
        """Every employee of a center (all pages)."""
        return await self._all_pages(
            "/v1/centers/{center_id}/employees",
            centers.parse_employees,
            path={"center_id": center_id},
        )

    async def countries(self) -> list[Country]:
        """Zenoti's countries: the id goes in a phone's ``country_code``."""
        return await self._get("/v1/countries", centers.parse_countries)

    # -- catalogue -------------------------------------------------------------------------------
    async def memberships(self, center_id: str) -> Catalog:
        """The memberships on sale now at a center, every page, benefits merged onto each."""
        template = "/v1/centers/{center_id}/memberships"
        pages: list[catalog.MembershipPage] = []
        collected = 0
        for number in range(1, MAX_PAGES + 1):
            page = await self._get(
                template,
                lambda n: catalog.parse_membership_page(n, self.currency),
                path={"center_id": center_id},
                params={"show_in_catalog": "true", "page": str(number), "size": str(PAGE_SIZE)},
            )
            pages.append(page)
            collected += len(page.memberships)
            if is_last_page(page.page, PAGE_SIZE, len(page.memberships), collected):
                break
        return catalog.assemble_catalog(pages)

    # -- guests ----------------------------------------------------------------------------------
    async def search_guests(
        self,
        center_id: str,
        *,
        phone: str | None = None,
        email: str | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
        size: int = 10,
    ) -> list[Guest]:
        """Guests matching every criterion given (first page: a kiosk shows a few candidates)."""
        # Zenoti stores numbers inconsistently: send digits only, whatever the guest typed.
        digits = "".join(c for c in phone or "" if c.isascii() and c.isdigit())
        criteria = {
            "phone": digits,
            "email": email,
            "first_name": first_name,
            "last_name": last_name,
        }
        params = {k: v for k, v in criteria.items() if v}
        if not params:
            raise ValueError("search_guests needs at least one criterion")
        query = {"center_id": center_id, **params, "page": "1", "size": str(min(max(size, 1), 100))}
        return await self._get("/v1/guests/search", guests.parse_guest_list, params=query)

    async def guest(self, guest_id: str) -> Guest:
        """One guest by id (``ZenotiNotFound`` when there is none)."""
        return await self._get(
            "/v1/guests/{guest_id}", guests.parse_guest, path={"guest_id": guest_id}
        )

    async def create_guest(self, center_id: str, guest: NewGuest) -> Guest:
        """Register a guest; a missing required field comes back as ``error.mandatory_field``."""
        body = guests.new_guest_body(center_id, guest)
        return await self._write("POST", "/v1/guests", guests.parse_guest, body=body)

    async def saved_cards(self, guest_id: str, center_id: str) -> list[SavedCard]:
        """Cards the guest saved with Zenoti's processor."""
        return await self._get(
            "/v1/guests/{guest_id}/accounts",
            guests.parse_saved_cards,
            path={"guest_id": guest_id},
            params={"center_id": center_id},
        )

    async def start_add_card(
        self, guest_id: str, center_id: str, redirect_uri: str, source: int = 1
    ) -> HostedPaymentPage:
        """Zenoti's hosted page where the guest saves a card (for later recurring charges).

        Zenoti documents ``source`` 1 (WebStore, its default) and 5 (Mobile), nothing else.
        """
        body = {"center_id": center_id, "redirect_uri": redirect_uri, "source": source}
        return await self._write(
            "POST",
            "/v1/guests/{guest_id}/accounts",
            required_hosted_page,
            path={"guest_id": guest_id},
            body=body,
        )

    async def guest_memberships(self, guest_id: str, center_id: str) -> list[GuestMembership]:
        """The memberships a guest owns."""
        return await self._get(
            "/v1/guests/{guest_id}/memberships",
            lambda n: guests.parse_guest_memberships(n, self.currency),
            path={"guest_id": guest_id},
            params={"center_id": center_id},
        )

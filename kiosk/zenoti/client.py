"""``ZenotiClient``: every Zenoti route the kiosk uses, as coroutines that return domain objects."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from types import TracebackType
from typing import Any, Self, TypeVar

import httpx

from kiosk import APP_NAME, __version__
from kiosk.domain.catalog import Catalog
from kiosk.domain.center import Center, Country, Employee
from kiosk.domain.guest import Guest, GuestMembership, NewGuest, SavedCard
from kiosk.domain.invoice import HostedPaymentPage, Invoice, InvoiceSummary, PaymentRecorded
from kiosk.domain.money import Money
from kiosk.domain.offer import OfferApplied
from kiosk.zenoti.auth import Auth
from kiosk.zenoti.errors import ZenotiProtocolError, ZenotiUnknownOutcome
from kiosk.zenoti.ratelimit import CallBudget, RateBudget
from kiosk.zenoti.schema import catalog, centers, guests, invoices, offers
from kiosk.zenoti.schema.paging import is_last_page, page_info
from kiosk.zenoti.schema.reader import Node
from kiosk.zenoti.session import AnswerListener, Backoff, Params, ZenotiSession

T = TypeVar("T")

PAGE_SIZE = 100  # Zenoti's maximum
MAX_PAGES = 100  # a server that never says "last page" must not keep the kiosk busy forever


class ZenotiClient:
    """An async Zenoti client for one organisation: ``async with`` it, or ``aclose()`` it."""

    def __init__(
        self,
        base_url: str,
        auth: Auth,
        *,
        currency: str,
        rate_budget: CallBudget | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 15.0,
        max_retries: int = 3,
        backoff: Backoff | None = None,
        app_name: str = APP_NAME,
        app_version: str = __version__,
        on_answer: AnswerListener | None = None,
    ) -> None:
        self.currency = Money.zero(currency).currency  # validates the ISO code
        self._session = ZenotiSession(
            base_url,
            auth,
            rate_budget=rate_budget or RateBudget(),
            transport=transport,
            timeout=timeout,
            max_retries=max_retries,
            backoff=backoff or Backoff(),
            app_name=app_name,
            app_version=app_version,
            on_answer=on_answer,
        )

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._session.aclose()

    # -- plumbing --------------------------------------------------------------------------------
    async def _get(
        self,
        template: str,
        parse: Callable[[Node], T],
        *,
        path: Mapping[str, str] | None = None,
        params: Params | None = None,
    ) -> T:
        body = await self._session.call("GET", template, path=path, params=params)
        return parse(Node(body, f"GET {template}"))

    async def _write(
        self,
        method: str,
        template: str,
        parse: Callable[[Node], T],
        *,
        path: Mapping[str, str] | None = None,
        body: Any = None,
    ) -> T:
        route = f"{method} {template}"
        answer = await self._session.call(method, template, path=path, body=body)
        try:
            return parse(Node(answer, route))
        except ZenotiProtocolError as exc:
            # Zenoti acted (2xx, no error) but we cannot tell what it did: read back, don't re-post.
            raise ZenotiUnknownOutcome(route, f"unreadable answer ({exc.message})") from exc

    async def _all_pages(
        self,
        template: str,
        parse: Callable[[Node], list[T]],
        *,
        path: Mapping[str, str],
        params: Mapping[str, str] | None = None,
    ) -> list[T]:
        found: list[T] = []
        for page in range(1, MAX_PAGES + 1):
            query = {**(params or {}), "page": str(page), "size": str(PAGE_SIZE)}
            pair = await self._get(
                template, lambda n: (parse(n), page_info(n)), path=path, params=query
            )
            items, info = pair
            found += items
            if is_last_page(info, PAGE_SIZE, len(items), len(found)):
                break
        return found

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
            _required_page,
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

    # -- invoices --------------------------------------------------------------------------------
    @staticmethod
    def _membership_body(
        center_id: str, guest_id: str, membership_ids: Sequence[str], sale_by_id: str | None
    ) -> dict[str, Any]:
        if not membership_ids:
            raise ValueError("at least one membership id is required")
        body: dict[str, Any] = {
            "center_id": center_id,
            "user_id": guest_id,
            "membership_ids": ",".join(membership_ids),
        }
        if sale_by_id:
            body["sale_by_id"] = sale_by_id
        return body

    async def create_membership_invoice(
        self, center_id: str, guest_id: str, membership_ids: Sequence[str], sale_by_id: str | None
    ) -> str:
        """Open an invoice selling ``membership_ids`` to the guest; its id (save it at once)."""
        body = self._membership_body(center_id, guest_id, membership_ids, sale_by_id)
        return await self._write(
            "POST", "/v1/invoices/memberships", invoices.parse_invoice_id, body=body
        )

    async def add_memberships_to_invoice(
        self,
        invoice_id: str,
        center_id: str,
        guest_id: str,
        membership_ids: Sequence[str],
        sale_by_id: str | None,
    ) -> None:
        """Add memberships to an invoice already open (staff use).

        add-a-membership-to-an-invoice spells the field ``membeship_ids``; the create route spells
        it ``membership_ids``. The ids go under both names, so whichever the server reads, it
        finds them (a server reads one model field: the ids are not added twice).
        """
        body = self._membership_body(center_id, guest_id, membership_ids, sale_by_id)
        body["membeship_ids"] = body["membership_ids"]
        await self._write(
            "PUT",
            "/v1/invoices/{invoice_id}/memberships",
            _nothing,
            path={"invoice_id": invoice_id},
            body=body,
        )

    async def remove_invoice_item(
        self, invoice_id: str, item_id: str, comments: str | None = None
    ) -> None:
        """Take a line off an open invoice (abandoning a sale).

        delete-a-membership-from-an-invoice: comments are mandatory or optional by configuration;
        when optional, pass ``"comments": ""``. So ``comments`` is always sent.
        """
        await self._write(
            "DELETE",
            "/v1/invoices/{invoice_id}/invoiceitems/{item_id}",
            _nothing,
            path={"invoice_id": invoice_id, "item_id": item_id},
            body={"comments": comments or ""},
        )

    async def invoice(self, invoice_id: str) -> Invoice:
        """An invoice with its items and transactions: real totals, dues, recorded payments."""
        return await self._get(
            "/v1/invoices/{invoice_id}",
            lambda n: invoices.parse_invoice(n, self.currency),
            path={"invoice_id": invoice_id},
            params={"expand": ["InvoiceItems", "Transactions"]},
        )

    async def add_custom_payment(
        self,
        invoice_id: str,
        *,
        amount: Money,
        custom_payment_id: str,
        collected_by_id: str,
        additional_data: str,
        tip: Money | None = None,
        cash_register_id: str | None = None,
    ) -> PaymentRecorded:
        """Record a payment taken elsewhere (terminal, cash); ``amount`` includes ``tip``.

        Put the terminal's reference in ``additional_data``: after ``ZenotiUnknownOutcome``,
        ``Invoice.transaction_with_reference`` tells whether it was recorded.
        """
        tip = tip or Money.zero(amount.currency)
        body: dict[str, Any] = {
            "amount": self._wire_amount(amount),
            "tip_amount": self._wire_amount(tip),
            "custom_payment_id": custom_payment_id,
            "collected_by_id": collected_by_id,
            "additional_data": additional_data,
        }
        if cash_register_id:
            body["cash_register_id"] = cash_register_id
        return await self._write(
            "POST",
            "/v1/invoices/{invoice_id}/payment/custom",
            lambda n: invoices.parse_payment(n, self.currency),
            path={"invoice_id": invoice_id},
            body=body,
        )

    def _wire_amount(self, money: Money) -> Decimal:
        if money.currency != self.currency:
            raise ValueError(
                f"this Zenoti organisation bills in {self.currency}, not {money.currency}"
            )
        return money.quantized().amount  # written as a JSON number literal, never via float

    async def start_online_payment(
        self,
        invoice_id: str,
        center_id: str,
        redirect_uri: str,
        *,
        account_id: str | None = None,
        source: int = 1,
    ) -> HostedPaymentPage | None:
        """Pay with Zenoti's processor: a saved card (``account_id``) pays at once and gives None;
        otherwise the hosted page where the guest types a card.

        No ``amount`` is sent: Zenoti then takes the invoice's balance. Zenoti documents ``source``
        1 (WebStore, its default) and 5 (Mobile), nothing else.
        """
        body: dict[str, Any] = {
            "center_id": center_id,
            "redirect_uri": redirect_uri,
            "source": source,
        }
        if account_id:
            body["account_id"] = account_id
        parse = invoices.parse_hosted_page if account_id else _required_page
        return await self._write(
            "POST",
            "/v1/invoices/{invoice_id}/online_payments",
            parse,
            path={"invoice_id": invoice_id},
            body=body,
        )

    async def apply_offer_code(
        self, invoice_id: str, center_id: str, offer_code: str
    ) -> OfferApplied:
        """Apply a media campaign's offer code to an open invoice; read the invoice for its
        new totals (the answer names no amount)."""
        return await self._write(
            "POST",
            "/v1/invoices/{invoice_id}/campaign_discount/apply",
            offers.parse_offer_applied,
            path={"invoice_id": invoice_id},
            body={"offer_code": offer_code, "center_id": center_id},
        )

    async def close_invoice(self, invoice_id: str, closed_by_id: str) -> bool:
        """Close a fully paid invoice; True when Zenoti says it is closed."""
        return await self._write(
            "POST",
            "/v1/invoices/{invoice_id}/close",
            lambda n: n.flag("is_invoice_closed", default=False),
            path={"invoice_id": invoice_id},
            body={"closed_by_id": closed_by_id},
        )

    async def email_invoice(self, invoice_id: str) -> bool:
        """Email the receipt of a closed invoice to the guest's address on file."""
        return await self._write(
            "PUT",
            "/v1/invoices/{invoice_id}/email",
            lambda n: n.flag("mail_sent_success", default=False),
            path={"invoice_id": invoice_id},
        )

    async def open_invoices(self, center_id: str) -> list[InvoiceSummary]:
        """A center's open invoices, every page (to sweep abandoned kiosk sales).

        Zenoti's reference documents no paging for this route: a page that brings no invoice not
        seen before ends the listing, so a server that ignores ``page`` is not asked 100 times.
        """
        template = "/v1/centers/{center_id}/invoices"
        found: dict[str, InvoiceSummary] = {}
        for number in range(1, MAX_PAGES + 1):
            query = {"status": "open", "page": str(number), "size": str(PAGE_SIZE)}
            rows, info = await self._get(
                template,
                lambda n: (invoices.parse_invoice_summaries(n, self.currency), page_info(n)),
                path={"center_id": center_id},
                params=query,
            )
            new = [row for row in rows if row.id not in found]
            found.update((row.id, row) for row in new)
            if not new or is_last_page(info, PAGE_SIZE, len(rows), len(found)):
                break
        return list(found.values())


def _nothing(_: Node) -> None:
    return None


def _required_page(node: Node) -> HostedPaymentPage:
    page = invoices.parse_hosted_page(node)
    if page is None:
        raise node.error("required text is missing", "hosted_payment_uri")
    return page

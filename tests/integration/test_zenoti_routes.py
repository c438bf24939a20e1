"""Contract: every client call against the real sandbox, happy paths and business refusals."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import pytest
import pytest_asyncio

from kiosk.domain.catalog import (
    BenefitKind,
    BillingFrequency,
    FrequencyUnit,
    Membership,
    MembershipType,
)
from kiosk.domain.guest import Gender, NewGuest, Phone
from kiosk.domain.money import Money
from kiosk.zenoti import ApiKeyAuth, Backoff, ErrorCode, ZenotiClient, ZenotiError, ZenotiNotFound
from kiosk.zenoti import client as client_module
from tests.support.sandbox_process import SandboxProcess

pytestmark = pytest.mark.sandbox

MAYA_PHONE = "7185550142"  # Maya and Daniel Okafor share it, stored with and without the prefix


@pytest_asyncio.fixture
async def zenoti(sandbox: SandboxProcess) -> AsyncIterator[ZenotiClient]:
    client = ZenotiClient(
        sandbox.base_url,
        ApiKeyAuth(sandbox.api_key),
        currency=sandbox.info()["currency"],
        backoff=Backoff(base=0.02, cap=0.1),
    )
    async with client:
        yield client


class Sale:
    """The ids a sale needs, read from the sandbox's info and catalogue."""

    def __init__(self, sandbox: SandboxProcess, memberships: list[Membership]) -> None:
        info: dict[str, Any] = sandbox.info()
        self.center_id = sandbox.center_id
        self.kiosk = info["employees"]["kiosk"]
        self.card_terminal = info["custom_payment_types"][0]["id"]
        by_type = {m.type: m for m in reversed(memberships)}
        self.recurring = by_type[MembershipType.RECURRING]
        self.prepaid = by_type[MembershipType.NON_RECURRING]
        self.prepaid_too = [m for m in memberships if m.type is MembershipType.NON_RECURRING][1]


@pytest_asyncio.fixture
async def sale(sandbox: SandboxProcess, zenoti: ZenotiClient) -> Sale:
    return Sale(sandbox, list(await zenoti.memberships(sandbox.center_id)))


async def a_guest_id(zenoti: ZenotiClient, center_id: str, first_name: str = "Maya") -> str:
    (guest,) = [
        g
        for g in await zenoti.search_guests(center_id, phone=MAYA_PHONE)
        if g.first_name == first_name
    ]
    return guest.id


async def open_invoice(zenoti: ZenotiClient, sale: Sale, *memberships: Membership) -> str:
    guest_id = await a_guest_id(zenoti, sale.center_id)
    ids = [m.id for m in memberships or (sale.prepaid,)]
    return await zenoti.create_membership_invoice(sale.center_id, guest_id, ids, sale.kiosk)


async def pay_in_full(
    zenoti: ZenotiClient, sale: Sale, invoice_id: str, reference: str = "pi_1"
) -> None:
    balance = (await zenoti.invoice(invoice_id)).balance
    await zenoti.add_custom_payment(
        invoice_id,
        amount=balance,
        custom_payment_id=sale.card_terminal,
        collected_by_id=sale.kiosk,
        additional_data=reference,
    )


# -- centers, employees, countries -------------------------------------------------------------
@pytest.mark.asyncio
async def test_centers_and_one_center(sandbox: SandboxProcess, zenoti: ZenotiClient) -> None:
    centers = await zenoti.centers()
    assert {c["id"] for c in sandbox.info()["centers"]} == {c.id for c in centers}
    center = await zenoti.center(sandbox.center_id)
    assert center.name == sandbox.info()["centers"][0]["name"]
    assert center.currency_id == sandbox.info()["currency_id"]
    assert center.time_zone_id is not None


@pytest.mark.asyncio
async def test_employees_include_the_kiosk(sandbox: SandboxProcess, zenoti: ZenotiClient) -> None:
    employees = await zenoti.employees(sandbox.center_id)
    kiosk = [e for e in employees if e.id == sandbox.info()["employees"]["kiosk"]]
    assert len(kiosk) == 1
    assert kiosk[0].first_name


@pytest.mark.asyncio
async def test_countries_map_ids_to_dialling_codes(zenoti: ZenotiClient) -> None:
    usa = {c.id: c for c in await zenoti.countries()}[225]
    assert (usa.code, usa.phone_code) == ("US", "1")


# -- catalogue ---------------------------------------------------------------------------------
@pytest.mark.asyncio
async def test_the_catalogue_with_prices_frequencies_and_benefits(
    sandbox: SandboxProcess, zenoti: ZenotiClient
) -> None:
    catalog = await zenoti.memberships(sandbox.center_id)
    assert len(catalog) > 3
    assert "Summer Solstice Pass 2023" not in {m.name for m in catalog}  # outside its sale period
    for image in (url for m in catalog for url in m.images.values()):
        assert image.startswith(sandbox.base_url)
    for membership in catalog:
        assert membership.price.sales + membership.price.tax == membership.price.final
        assert membership.price.final.currency == "USD"
    recurring = [m for m in catalog if m.type is MembershipType.RECURRING]
    assert recurring
    assert all(m.is_recurring and m.billing_frequency is not None for m in recurring)
    assert BillingFrequency(1, FrequencyUnit.MONTH) in {m.billing_frequency for m in recurring}
    assert any(m.type is MembershipType.SETUP_FEE for m in catalog)
    assert all(
        m.billing_frequency is None for m in catalog if m.type is MembershipType.NON_RECURRING
    )
    benefits = [b for m in catalog for b in m.benefits]
    assert {b.kind for b in benefits} >= {BenefitKind.SERVICE, BenefitKind.SERVICE_DISCOUNT}
    assert all(b.name for b in benefits)
    assert any(b.peak_discount_percent for b in benefits if b.kind.is_discount)


@pytest.mark.asyncio
async def test_every_page_of_the_catalogue_is_read(
    sandbox: SandboxProcess, zenoti: ZenotiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = await zenoti.memberships(sandbox.center_id)
    sandbox.clear_requests()
    monkeypatch.setattr(client_module, "PAGE_SIZE", 3)
    paged = await zenoti.memberships(sandbox.center_id)
    assert paged == whole
    pages = [r for r in sandbox.requests() if r["path"].endswith("/memberships")]
    assert len(pages) == -(-len(whole) // 3)
    assert all("size=3" in r["query"] for r in pages)


@pytest.mark.asyncio
async def test_a_page_size_above_100_is_refused(
    sandbox: SandboxProcess, zenoti: ZenotiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(client_module, "PAGE_SIZE", 101)
    with pytest.raises(ZenotiError) as caught:
        await zenoti.memberships(sandbox.center_id)
    assert (caught.value.code, caught.value.http_status) == (422, 422)


@pytest.mark.asyncio
async def test_a_bad_center_id_is_code_502(zenoti: ZenotiClient) -> None:
    with pytest.raises(ZenotiError) as caught:
        await zenoti.memberships("not-a-center")
    assert caught.value.code == ErrorCode.INVALID_INPUT
    assert caught.value.http_status == 400
    assert caught.value.route == "GET /v1/centers/{center_id}/memberships"


# -- guests ------------------------------------------------------------------------------------
@pytest.mark.asyncio
async def test_a_shared_phone_finds_the_whole_family(
    sandbox: SandboxProcess, zenoti: ZenotiClient
) -> None:
    found = await zenoti.search_guests(sandbox.center_id, phone=MAYA_PHONE)
    assert {g.masked_name for g in found} >= {"Ma** O.", "Da**** O."}
    assert all(g.masked_phone == "•••• 0142" for g in found)
    with_prefix = await zenoti.search_guests(sandbox.center_id, phone="1" + MAYA_PHONE)
    assert {g.id for g in with_prefix} == {g.id for g in found}


@pytest.mark.asyncio
async def test_guest_by_email_and_by_id(sandbox: SandboxProcess, zenoti: ZenotiClient) -> None:
    (maya,) = await zenoti.search_guests(sandbox.center_id, email="maya.okafor@example.com")
    again = await zenoti.guest(maya.id)
    assert again == maya
    assert maya.masked_email == "m•••@e•••.com"
    assert maya.gender is Gender.FEMALE
    assert maya.date_of_birth == date(1988, 4, 12)


@pytest.mark.asyncio
async def test_an_unknown_guest_is_not_found(zenoti: ZenotiClient) -> None:
    with pytest.raises(ZenotiNotFound) as caught:
        await zenoti.guest("00000000-0000-0000-0000-000000000000")
    assert caught.value.code == ErrorCode.USER_NOT_FOUND


@pytest.mark.asyncio
async def test_register_a_guest_and_find_them(
    sandbox: SandboxProcess, zenoti: ZenotiClient
) -> None:
    new = NewGuest(
        "Ines",
        "Berg",
        "ines.berg@example.com",
        Phone(225, "2125550199"),
        Gender.FEMALE,
        date(1990, 2, 3),
    )
    created = await zenoti.create_guest(sandbox.center_id, new)
    assert created.id
    assert (created.first_name, created.last_name, created.phone) == (
        "Ines",
        "Berg",
        Phone(225, "2125550199"),
    )
    assert created.receive_transactional_email
    (found,) = await zenoti.search_guests(sandbox.center_id, phone="2125550199")
    assert found.id == created.id


@pytest.mark.asyncio
async def test_a_missing_mandatory_field_is_named(
    sandbox: SandboxProcess, zenoti: ZenotiClient
) -> None:
    sandbox.settings(mandatory_guest_fields=["first_name", "last_name", "date_of_birth"])
    with pytest.raises(ZenotiError) as caught:
        await zenoti.create_guest(sandbox.center_id, NewGuest("Ines", "Berg"))
    assert caught.value.code == ErrorCode.MISSING_INPUT
    assert caught.value.mandatory_field == "date_of_birth"


@pytest.mark.asyncio
async def test_saved_cards_and_the_add_card_page(
    sandbox: SandboxProcess, zenoti: ZenotiClient
) -> None:
    guest_id = await a_guest_id(zenoti, sandbox.center_id)
    (card,) = await zenoti.saved_cards(guest_id, sandbox.center_id)
    assert (card.brand, card.last_four) == ("visa", "4242")
    page = await zenoti.start_add_card(guest_id, sandbox.center_id, "https://kiosk.local/back", 5)
    assert page.uri.startswith("http")
    assert page.token_id


# -- invoices ----------------------------------------------------------------------------------
@pytest.mark.asyncio
async def test_a_membership_invoice_carries_the_real_totals(
    zenoti: ZenotiClient, sale: Sale
) -> None:
    invoice_id = await open_invoice(zenoti, sale, sale.recurring)
    invoice = await zenoti.invoice(invoice_id)
    assert invoice.id == invoice_id
    assert not invoice.is_closed
    (item,) = invoice.items
    assert (item.item_id, item.type) == (sale.recurring.id, 4)
    assert item.final == sale.recurring.price.final
    assert invoice.totals.sum_total == sale.recurring.price.final
    assert invoice.dues.balance == invoice.totals.sum_total
    assert invoice.transactions == ()
    assert not invoice.is_fully_paid


@pytest.mark.asyncio
async def test_a_recurring_membership_must_be_alone(zenoti: ZenotiClient, sale: Sale) -> None:
    with pytest.raises(ZenotiError) as caught:
        await open_invoice(zenoti, sale, sale.recurring, sale.prepaid)
    assert caught.value.code == ErrorCode.INVALID_INPUT


@pytest.mark.asyncio
async def test_add_to_and_remove_from_an_open_invoice(zenoti: ZenotiClient, sale: Sale) -> None:
    invoice_id = await open_invoice(zenoti, sale, sale.prepaid)
    guest_id = await a_guest_id(zenoti, sale.center_id)
    await zenoti.add_memberships_to_invoice(
        invoice_id, sale.center_id, guest_id, [sale.prepaid_too.id], sale.kiosk
    )
    items = (await zenoti.invoice(invoice_id)).items
    assert sorted(i.item_id or "" for i in items) == sorted([sale.prepaid.id, sale.prepaid_too.id])
    await zenoti.remove_invoice_item(invoice_id, items[0].id, "guest changed their mind")
    (left,) = (await zenoti.invoice(invoice_id)).items
    assert left.id == items[1].id


@pytest.mark.asyncio
async def test_an_unknown_invoice_is_not_found(zenoti: ZenotiClient) -> None:
    with pytest.raises(ZenotiNotFound) as caught:
        await zenoti.invoice("00000000-0000-0000-0000-000000000000")
    assert (caught.value.code, caught.value.http_status) == (418, 404)


@pytest.mark.asyncio
async def test_pay_close_and_email_a_sale(
    sandbox: SandboxProcess, zenoti: ZenotiClient, sale: Sale
) -> None:
    invoice_id = await open_invoice(zenoti, sale)
    with pytest.raises(ZenotiError) as below:
        await zenoti.close_invoice(invoice_id, sale.kiosk)
    assert below.value.code == ErrorCode.FULL_PAYMENT_NOT_MADE
    with pytest.raises(ZenotiError) as not_closed:
        await zenoti.email_invoice(invoice_id)
    assert not_closed.value.code == ErrorCode.FULL_PAYMENT_NOT_MADE

    balance = (await zenoti.invoice(invoice_id)).balance
    with pytest.raises(ZenotiError) as excess:
        await zenoti.add_custom_payment(
            invoice_id,
            amount=balance + Money.of("1", "USD"),
            custom_payment_id=sale.card_terminal,
            collected_by_id=sale.kiosk,
            additional_data="pi_too_much",
        )
    assert excess.value.code == ErrorCode.PAYMENT_IN_EXCESS
    paid = await zenoti.add_custom_payment(
        invoice_id,
        amount=balance,
        custom_payment_id=sale.card_terminal,
        collected_by_id=sale.kiosk,
        additional_data="pi_42",
    )
    assert paid.total_amount_paid == balance
    assert paid.additional_data == "pi_42"
    invoice = await zenoti.invoice(invoice_id)
    assert invoice.is_fully_paid
    recorded = invoice.transaction_with_reference("pi_42")
    assert recorded is not None
    assert recorded.amount_paid == balance
    assert invoice.transaction_with_reference("pi_too_much") is None
    with pytest.raises(ZenotiError) as again:
        await zenoti.add_custom_payment(
            invoice_id,
            amount=Money.of("1", "USD"),
            custom_payment_id=sale.card_terminal,
            collected_by_id=sale.kiosk,
            additional_data="pi_again",
        )
    assert again.value.code == ErrorCode.ALREADY_PAID_IN_FULL

    assert await zenoti.close_invoice(invoice_id, sale.kiosk) is True
    assert (await zenoti.invoice(invoice_id)).is_closed
    with pytest.raises(ZenotiError) as closed:
        await zenoti.add_custom_payment(
            invoice_id,
            amount=Money.of("1", "USD"),
            custom_payment_id=sale.card_terminal,
            collected_by_id=sale.kiosk,
            additional_data="late",
        )
    assert closed.value.code == ErrorCode.INVOICE_CLOSED
    assert await zenoti.email_invoice(invoice_id) is True
    assert [e["invoice_id"] for e in sandbox.outbox()] == [invoice_id]

    guest_id = await a_guest_id(zenoti, sale.center_id)
    owned = await zenoti.guest_memberships(guest_id, sale.center_id)
    assert sale.prepaid.id in {m.membership_id for m in owned if m.invoice_id == invoice_id}


@pytest.mark.asyncio
async def test_an_unknown_payment_type_is_refused(zenoti: ZenotiClient, sale: Sale) -> None:
    invoice_id = await open_invoice(zenoti, sale)
    with pytest.raises(ZenotiError) as caught:
        await zenoti.add_custom_payment(
            invoice_id,
            amount=Money.of("1", "USD"),
            custom_payment_id="no-such-type",
            collected_by_id=sale.kiosk,
            additional_data="x",
        )
    assert caught.value.code == ErrorCode.INVALID_INPUT


@pytest.mark.asyncio
async def test_auto_close_closes_a_paid_invoice(
    sandbox: SandboxProcess, zenoti: ZenotiClient, sale: Sale
) -> None:
    sandbox.settings(auto_close=True)
    invoice_id = await open_invoice(zenoti, sale)
    await pay_in_full(zenoti, sale, invoice_id)
    assert (await zenoti.invoice(invoice_id)).is_closed


@pytest.mark.asyncio
async def test_online_payment_new_card_page_or_saved_card(zenoti: ZenotiClient, sale: Sale) -> None:
    invoice_id = await open_invoice(zenoti, sale)
    page = await zenoti.start_online_payment(invoice_id, sale.center_id, "https://kiosk.local/back")
    assert page is not None
    assert page.uri.startswith("http")
    guest_id = await a_guest_id(zenoti, sale.center_id)
    (card,) = await zenoti.saved_cards(guest_id, sale.center_id)
    paid = await zenoti.start_online_payment(
        invoice_id, sale.center_id, "https://kiosk.local/back", account_id=card.account_id
    )
    assert paid is None
    invoice = await zenoti.invoice(invoice_id)
    assert invoice.is_fully_paid
    (transaction,) = invoice.transactions
    assert transaction.amount_paid == sale.prepaid.price.final
    assert card.account_id in (transaction.additional_data or "")  # an object, kept as JSON text


@pytest.mark.asyncio
async def test_open_invoices_lists_ours_until_closed(zenoti: ZenotiClient, sale: Sale) -> None:
    first = await open_invoice(zenoti, sale)
    second = await open_invoice(zenoti, sale)
    await pay_in_full(zenoti, sale, second)
    await zenoti.close_invoice(second, sale.kiosk)
    listed = {s.id: s for s in await zenoti.open_invoices(sale.center_id)}
    assert first in listed
    assert second not in listed
    assert listed[first].sale_by_id == sale.kiosk
    assert listed[first].balance == sale.prepaid.price.final


@pytest.mark.asyncio
async def test_a_setup_fee_membership_puts_two_lines_on_its_invoice(
    sandbox: SandboxProcess, zenoti: ZenotiClient, sale: Sale
) -> None:
    catalog = await zenoti.memberships(sandbox.center_id)
    founding = next(m for m in catalog if m.type is MembershipType.SETUP_FEE)
    invoice = await zenoti.invoice(await open_invoice(zenoti, sale, founding))
    assert len(invoice.items) == 2
    assert Money.total((i.final for i in invoice.items), "USD") == invoice.totals.sum_total
    assert founding.has_setup_fee
    assert invoice.totals.sum_total > founding.price.final  # the fee is only known from the invoice
    assert founding.price.final in {i.final for i in invoice.items}

"""One catalogue per center: a versioned key, a refresh lock, pub/sub with polling behind it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from decimal import Decimal

import pytest
import pytest_asyncio

from kiosk.checkout.catalogue import CatalogueCache
from kiosk.domain.catalog import (
    Benefit,
    BenefitKind,
    BillingFrequency,
    Catalog,
    FrequencyUnit,
    Membership,
    MembershipType,
    Price,
)
from kiosk.domain.money import Money
from kiosk.fleet import catalogue_codec
from kiosk.fleet.catalogue import SharedCatalogue
from kiosk.fleet.link import RedisLink
from kiosk.fleet.settings import FleetSettings
from tests.support.redis_server import RedisServer

CENTER = "center-1"


def membership(code: str, price: str) -> Membership:
    usd = "USD"
    return Membership(
        id=f"id-{code}",
        version_id=None,
        code=code,
        name=f"{code} monthly",
        display_name="",
        description="Unlimited calm",
        price=Price(Money.of(price, usd), Money.of("0.83", usd), Money.of(price, usd)),
        show_price=True,
        type=MembershipType.RECURRING,
        is_recurring=True,
        billing_frequency=BillingFrequency(1, FrequencyUnit.MONTH),
        first_collection_after_days=30,
        terms="Cancel any time.",
        terms_acceptance_required=True,
        images={"thumbnail": "https://example.invalid/a.png"},
        benefits=(
            Benefit(BenefitKind.SERVICE, "Massage 60", quantity=2),
            Benefit(
                BenefitKind.SERVICE_DISCOUNT,
                "Facials",
                is_category=True,
                peak_discount_percent=Decimal("12.5"),
            ),
        ),
    )


class Loader:
    """Zenoti's catalogue, as often as asked; ``gate`` holds a load until the test opens it."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.calls = 0
        self.gate = asyncio.Event()
        self.gate.set()
        self.started = asyncio.Event()

    async def __call__(self) -> Catalog:
        self.calls += 1
        self.started.set()
        await self.gate.wait()
        return self.catalog


class Holder:
    """A kiosk's cache, recording the copies handed to it."""

    def __init__(self) -> None:
        self.copies: list[Catalog] = []
        self.arrived = asyncio.Event()

    def replace(self, catalog: Catalog) -> None:
        self.copies.append(catalog)
        self.arrived.set()


@pytest_asyncio.fixture
async def kiosks(
    redis_server: RedisServer,
) -> AsyncIterator[Callable[..., SharedCatalogue]]:
    links: list[RedisLink] = []

    def kiosk(name: str, loader: Loader, **options: float) -> SharedCatalogue:
        links.append(RedisLink(FleetSettings(redis_server.url, name, redis_timeout=0.3)))
        return SharedCatalogue(links[-1], "test", CENTER, loader, **options)

    yield kiosk
    for link in links:
        await link.aclose()


def test_a_catalogue_survives_its_trip_through_json_to_the_last_decimal() -> None:
    catalog = Catalog((membership("SERENITY", "89.00"), membership("GLOW", "129.50")))
    assert catalogue_codec.decode(catalogue_codec.encode(catalog)) == catalog
    with pytest.raises(ValueError, match="format"):
        catalogue_codec.decode('{"format": 99, "memberships": []}')


@pytest.mark.asyncio
async def test_kiosks_loading_at_once_ask_zenoti_once(
    kiosks: Callable[..., SharedCatalogue],
) -> None:
    loader = Loader(Catalog((membership("SERENITY", "89.00"),)))
    loader.gate.clear()
    fleet = [kiosks(f"kiosk-{n}", loader) for n in range(4)]
    loads = [asyncio.ensure_future(k.load()) for k in fleet]
    await loader.started.wait()  # the lock holder has started its load; the others wait for it
    loader.gate.set()
    catalogs = await asyncio.gather(*loads)
    assert loader.calls == 1
    assert all(c == loader.catalog for c in catalogs)
    assert {k.version for k in fleet} == {1}


@pytest.mark.asyncio
async def test_a_new_version_is_announced_to_the_other_kiosks(
    kiosks: Callable[..., SharedCatalogue],
) -> None:
    lobby_zenoti = Loader(Catalog((membership("SERENITY", "89.00"),)))
    lobby = kiosks("lobby", lobby_zenoti, max_age=0.0)  # its copy is always old: it refreshes
    spa = kiosks("spa", Loader(Catalog(())), poll_every=3600.0)  # only announcements reach it
    holder = Holder()
    spa.attach(holder)
    await lobby.load()
    listening = asyncio.ensure_future(spa.follow())
    try:
        await asyncio.wait_for(holder.arrived.wait(), 5.0)  # what was there when it joined
        holder.arrived.clear()
        lobby_zenoti.catalog = Catalog((membership("SERENITY", "79.00"),))  # a price change
        await lobby.load()
        await asyncio.wait_for(holder.arrived.wait(), 5.0)
    finally:
        listening.cancel()
    assert holder.copies[-1] == lobby_zenoti.catalog
    assert spa.version == 2


@pytest.mark.asyncio
async def test_a_missed_announcement_is_caught_by_polling_the_version(
    kiosks: Callable[..., SharedCatalogue], redis_server: RedisServer
) -> None:
    lobby_zenoti = Loader(Catalog((membership("SERENITY", "89.00"),)))
    lobby = kiosks("lobby", lobby_zenoti, max_age=0.0)
    spa = kiosks("spa", Loader(Catalog(())), poll_every=0.2)
    holder = Holder()
    spa.attach(holder)
    await lobby.load()
    listening = asyncio.ensure_future(spa.follow())
    try:
        await asyncio.wait_for(holder.arrived.wait(), 5.0)
        holder.arrived.clear()
        # A version stored as a kiosk would, but its announcement lost on the way.
        newer = Catalog((membership("GLOW", "129.50"),))
        link = RedisLink(FleetSettings(redis_server.url, "writer"))
        await link.redis.hset(
            lobby.key, mapping={"version": 2, "data": catalogue_codec.encode(newer)}
        )
        await link.aclose()
        await asyncio.wait_for(holder.arrived.wait(), 5.0)
    finally:
        listening.cancel()
    assert holder.copies[-1] == newer


@pytest.mark.asyncio
async def test_without_redis_the_kiosk_loads_for_itself_and_keeps_its_copy(
    kiosks: Callable[..., SharedCatalogue],
    redis_server: RedisServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    loader = Loader(Catalog((membership("SERENITY", "89.00"),)))
    shared = kiosks("lobby", loader)
    cache = CatalogueCache(shared.load, max_age=0.0)
    shared.attach(cache)
    assert await cache.get() == loader.catalog
    redis_server.stop()
    loader.catalog = Catalog((membership("SERENITY", "79.00"),))
    assert await cache.get() == loader.catalog  # straight from Zenoti, as a kiosk on its own
    assert loader.calls == 2
    assert any("stopped answering" in r.getMessage() for r in caplog.records)
    caplog.clear()

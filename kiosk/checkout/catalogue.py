"""The center's membership catalogue, cached: one load shared by every caller, refreshed after a
while, and the last good copy kept when Zenoti cannot be reached (a kiosk keeps selling).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence

from kiosk.checkout.errors import SaleError, zenoti_errors
from kiosk.domain.catalog import Catalog, Membership

log = logging.getLogger("kiosk.checkout")


class CatalogueCache:
    """Serves the catalogue from memory; loads it at most once at a time."""

    def __init__(
        self,
        load: Callable[[], Awaitable[Catalog]],
        *,
        max_age: float = 900.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._load = load
        self._max_age = max_age
        self._clock = clock
        self._catalog: Catalog | None = None
        self._loaded_at = 0.0
        self._loading: asyncio.Task[Catalog] | None = None

    @property
    def cached(self) -> Catalog | None:
        """The catalogue in memory, if any, however old."""
        return self._catalog

    async def get(self) -> Catalog:
        """The catalogue, loaded when missing or stale; stale beats nothing when Zenoti is down.

        Raises ``ServiceUnavailable`` or ``SaleError`` (never a Zenoti error) when there is none.
        """
        fresh = self._catalog is not None and self._clock() - self._loaded_at < self._max_age
        if fresh:
            assert self._catalog is not None
            return self._catalog
        try:
            with zenoti_errors(
                "the memberships could not be loaded", "Zenoti refused the memberships ({code})"
            ):
                return await asyncio.shield(self._start_loading())
        except SaleError:
            if self._catalog is None:
                raise
            log.info("catalogue refresh failed; serving the copy from before")
            return self._catalog

    def invalidate(self) -> None:
        """Forget the age of the copy, so the next ``get`` reloads it."""
        self._loaded_at = 0.0

    def replace(self, catalog: Catalog) -> None:
        """Serve a newer copy that came from elsewhere (another kiosk of the fleet loaded it)."""
        self._catalog = catalog
        self._loaded_at = self._clock()

    def _start_loading(self) -> asyncio.Task[Catalog]:
        if self._loading is None or self._loading.done():
            self._loading = asyncio.create_task(self._reload(), name="load-catalogue")
        return self._loading

    async def _reload(self) -> Catalog:
        catalog = await self._load()
        self._catalog = catalog
        self._loaded_at = self._clock()
        return catalog


ALONE_ON_ITS_OWN = "a recurring membership must be bought on its own"


def chosen_memberships(
    catalog: Catalog, membership_ids: Sequence[str], *, alone: str = ALONE_ON_ITS_OWN
) -> tuple[Membership, ...]:
    """The memberships picked, as the catalogue has them; a recurring one must stand alone
    (``alone`` says so in the caller's words)."""
    memberships: list[Membership] = []
    for membership_id in membership_ids:
        membership = catalog.by_id(membership_id)
        if membership is None:
            raise SaleError("that membership is no longer on sale")
        memberships.append(membership)
    if not memberships:
        raise SaleError("choose a membership first")
    if any(m.is_recurring for m in memberships) and len(memberships) > 1:
        raise SaleError(alone)
    return tuple(memberships)

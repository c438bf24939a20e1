"""Builds the sale engine from a configuration: the one place concrete parts meet.

The Qt application, the CLI tools and the tests all get their engine from here, so they sell
exactly the same way.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from kiosk.checkout.engine import SaleEngine
from kiosk.checkout.images import MembershipImages
from kiosk.checkout.journal import Journal
from kiosk.checkout.settings import SaleSettings
from kiosk.config import KioskConfig, ReaderConfig
from kiosk.payments.terminal import PaymentTerminal
from kiosk.printing.printer import ReceiptPrinter
from kiosk.printing.ticket import Business
from kiosk.zenoti.auth import ApiKeyAuth
from kiosk.zenoti.client import ZenotiClient
from kiosk.zenoti.media import MediaFetcher
from kiosk.zenoti.ratelimit import RateBudget

if TYPE_CHECKING:
    from kiosk.fleet.world import Fleet


def sale_settings(config: KioskConfig) -> SaleSettings:
    """The engine's view of the configuration."""
    zenoti = config.zenoti
    return SaleSettings(
        center_id=zenoti.center_id,
        currency=zenoti.currency,
        kiosk_employee_id=zenoti.kiosk_employee_id,
        payment_types=zenoti.payment_types,
        receipt_url_template=config.receipt_url_template,
        zenoti_auto_closes=zenoti.auto_closes_paid_invoices,
        deadlines=config.deadlines,
        dialling_code=zenoti.dialling_code,
        staff=config.staff,
        tax_display=config.tax_display,
        content=config.content.translations,
        content_language=config.content.language,
    )


def reader_driver(reader: ReaderConfig, currency: str) -> PaymentTerminal:
    """The driver of the configured reader kind: Stripe Terminal, or Adyen's cloud Terminal API
    (only the configured kind's driver is imported)."""
    if reader.kind == "adyen":
        from kiosk.payments.adyen_terminal import AdyenTerminal, SimulatedAdyenTerminal

        where = (reader.base_url, reader.secret_key, reader.reader_id, currency)
        if reader.test_helper_url is not None:
            return SimulatedAdyenTerminal(
                *where, sale_id=reader.sale_id, test_helper_url=reader.test_helper_url
            )
        return AdyenTerminal(*where, sale_id=reader.sale_id)
    from kiosk.payments.stripe_terminal import StripeTerminal

    return StripeTerminal(reader.base_url, reader.secret_key, reader.reader_id, currency)


@asynccontextmanager
async def open_engine(config: KioskConfig, fleet: Fleet | None = None) -> AsyncIterator[SaleEngine]:
    """An engine with its Zenoti client, reader driver and journal; all closed on exit.

    With ``[fleet]`` the kiosk joins its chain: the call budget, the catalogue and a heartbeat
    shared through Redis (``kiosk.fleet``); without it, nothing of that is even imported.
    ``fleet`` is one built by the caller (the simulation's kiosks; closed with the engine),
    else the one ``[fleet]`` describes.
    """
    fleet = fleet or _fleet(config)
    zenoti = ZenotiClient(
        config.zenoti.base_url,
        ApiKeyAuth(config.zenoti.api_key),
        currency=config.zenoti.currency,
        rate_budget=fleet.budget if fleet else RateBudget(per_minute=config.zenoti.rate_per_minute),
        on_answer=fleet.metrics.answered if fleet else None,
    )
    terminal: PaymentTerminal | None = None
    if config.reader is not None:
        terminal = reader_driver(config.reader, config.zenoti.currency)
        terminal = fleet.meter(terminal) if fleet else terminal
    # One kiosk per journal: a second one on the same journal is refused before it touches it.
    journal = await Journal.open(config.journal_path, exclusive=True)
    shared = fleet.engine_parts(zenoti, config.zenoti.center_id) if fleet else {}
    # Images come from the catalogue's URLs (a CDN), with a client of their own: no Zenoti key.
    media = MediaFetcher()
    images = MembershipImages(media.fetch, config.image_cache)
    engine = SaleEngine(
        zenoti,
        journal,
        sale_settings(config),
        terminal,
        printer=ReceiptPrinter(config.printer) if config.printer.configured else None,
        business=Business(config.brand.name, config.brand.logo),
        images=images,
        **shared,
    )
    try:
        if fleet is not None:
            await fleet.start(journal)
        yield engine
    finally:
        try:
            await engine.shutdown()
        finally:
            if fleet is not None:
                await fleet.aclose()
            await journal.close()
            if terminal is not None:
                await terminal.aclose()
            await images.aclose()
            await media.aclose()
            await zenoti.aclose()


def _fleet(config: KioskConfig) -> Fleet | None:
    if config.fleet is None:
        return None
    from kiosk.fleet.world import Fleet  # Redis and Prometheus load only for a chain

    return Fleet(
        config.fleet, center_id=config.zenoti.center_id, per_minute=config.zenoti.rate_per_minute
    )

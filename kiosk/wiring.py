"""Builds the sale engine from a configuration: the one place concrete parts meet.

The Qt application, the CLI tools and the tests all get their engine from here, so they sell
exactly the same way.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from kiosk.checkout.engine import SaleEngine
from kiosk.checkout.journal import Journal
from kiosk.checkout.settings import SaleSettings
from kiosk.config import KioskConfig
from kiosk.payments.stripe_terminal import StripeTerminal
from kiosk.zenoti.auth import ApiKeyAuth
from kiosk.zenoti.client import ZenotiClient
from kiosk.zenoti.ratelimit import RateBudget


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
    )


@asynccontextmanager
async def open_engine(config: KioskConfig) -> AsyncIterator[SaleEngine]:
    """An engine with its Zenoti client, reader driver and journal; all closed on exit."""
    zenoti = ZenotiClient(
        config.zenoti.base_url,
        ApiKeyAuth(config.zenoti.api_key),
        currency=config.zenoti.currency,
        rate_budget=RateBudget(per_minute=config.zenoti.rate_per_minute),
    )
    terminal = None
    if config.reader is not None:
        terminal = StripeTerminal(
            config.reader.base_url,
            config.reader.secret_key,
            config.reader.reader_id,
            config.zenoti.currency,
        )
    journal = await Journal.open(config.journal_path)
    engine = SaleEngine(zenoti, journal, sale_settings(config), terminal)
    try:
        yield engine
    finally:
        try:
            await engine.shutdown()
        finally:
            await journal.close()
            if terminal is not None:
                await terminal.aclose()
            await zenoti.aclose()

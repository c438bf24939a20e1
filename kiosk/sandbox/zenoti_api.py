"""The Zenoti stand-in: every route of docs/zenoti-wire.md, gathered from its parts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.routing import BaseRoute

from kiosk.sandbox import (
    zenoti_auth,
    zenoti_campaigns,
    zenoti_catalog,
    zenoti_guests,
    zenoti_invoices,
)
from kiosk.sandbox.seed import seed_zenoti
from kiosk.sandbox.store import ZENOTI_SCHEMA

if TYPE_CHECKING:
    from kiosk.sandbox.state import SandboxState

SCHEMA = ZENOTI_SCHEMA
seed = seed_zenoti


def routes(state: SandboxState) -> list[BaseRoute]:
    """All Zenoti routes (under ``/v1/``)."""
    return [
        *zenoti_auth.routes(state),
        *zenoti_catalog.routes(state),
        *zenoti_guests.routes(state),
        *zenoti_invoices.routes(state),
        *zenoti_campaigns.routes(state),
    ]

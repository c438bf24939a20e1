"""Every control can be found by a screen reader or a switch user: it has a name."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.ui import routes
from tests.support.selling import catalogue_membership
from tests.ui.conftest import KioskFactory
from tests.ui.walk import unnamed_controls

pytestmark = [pytest.mark.asyncio, pytest.mark.sandbox]


@pytest.mark.parametrize("profile", ["kiosk", "tablet"])
async def test_every_control_on_every_screen_has_an_accessible_name(
    make_kiosk: KioskFactory, profile: str
) -> None:
    window = await make_kiosk(profile=profile)
    catalog = await window.flow.catalogue()
    membership = catalogue_membership(catalog, "GLOWMONTHL")
    await window.flow.begin([membership.id])
    fields: dict[type[routes.Route], dict[str, Any]] = {
        routes.Membership: {"membership": membership},
        routes.Compare: {"memberships": tuple(catalog)[:3]},
        routes.StaffMemberships: {"guest_id": "", "guest_name": ""},
    }
    missing: list[str] = []
    for route in routes.ROUTES:
        if route in (routes.Payment, routes.Receipt):
            continue  # they need a paid invoice; their own tests walk them
        screen = window.router.go(route(**fields.get(route, {})))
        missing += [f"{route.name}: {m}" for m in unnamed_controls(screen)]
    missing += [f"window: {m}" for m in unnamed_controls(window.languages)]
    assert not missing, "\n".join(missing)

"""The staff menu of a kiosk in a chain lists the other kiosks of its center (real Redis)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kiosk.fleet.heartbeat import Heartbeat
from kiosk.fleet.link import RedisLink
from kiosk.fleet.settings import FleetSettings
from kiosk.ui.screens.staff_home import StaffHomeScreen
from tests.support.redis_server import RedisServer, redis_server  # noqa: F401  (a fixture)
from tests.support.sandbox_process import SandboxProcess
from tests.support.selling import sandbox_config
from tests.ui.conftest import on_screen, until
from tests.ui.custom_kiosk import kiosk_on
from tests.ui.test_staff_mode import unlock

pytestmark = [pytest.mark.asyncio, pytest.mark.sandbox]


async def other_kiosk(redis: RedisServer, name: str, center_id: str, **facts: object) -> None:
    """One heartbeat of another kiosk of the center, as its own process would write it."""
    link = RedisLink(FleetSettings(redis.url, name))
    heartbeat = Heartbeat(
        link,
        namespace="kiosk",
        kiosk_name=name,
        center_id=center_id,
        version="0.1.0",
        facts=lambda: _facts(facts),
        every=30.0,
    )
    heartbeat.showing(str(facts.pop("screen", "attract")))
    await heartbeat.beat()
    await link.aclose()


async def _facts(facts: dict[str, object]) -> dict[str, str | int | None]:
    return {k: v for k, v in facts.items() if isinstance(v, str | int)}


async def test_the_staff_menu_shows_what_the_other_kiosks_of_the_center_are_doing(
    sandbox: SandboxProcess,
    redis_server: RedisServer,  # noqa: F811  (the fixture imported above)
    tmp_path: Path,
) -> None:
    config = sandbox_config(sandbox, tmp_path)
    fleet = FleetSettings(redis_server.url, "lobby", heartbeat_every=0.5)
    center = config.zenoti.center_id
    await other_kiosk(redis_server, "spa-floor", center, screen="payment")
    await other_kiosk(redis_server, "front-desk", center, screen="attract", needs_staff=2)
    await other_kiosk(redis_server, "downtown", "another-center", screen="payment")
    async with kiosk_on(dataclasses.replace(config, fleet=fleet), profile="tablet") as window:
        await unlock(window)
        home = await on_screen(window, "staff_home")
        assert isinstance(home, StaffHomeScreen)
        await until(lambda: home.fleet.isVisible(), what="the fleet panel")
        shown = [row.text() for row in home.fleet.rows if not row.isHidden()]
        assert shown == ["front-desk: 2 sales need staff", "spa-floor: taking a payment"]
        assert home.fleet.alone.isHidden()
        # And this kiosk's own heartbeat says it is in staff mode.
        fleet_view = window.flow.fleet
        assert isinstance(fleet_view, Heartbeat)
        await fleet_view.beat()
        kiosks = {k.name: k for k in await fleet_view.kiosks_here()}
        assert set(kiosks) == {"lobby", "spa-floor", "front-desk"}  # not downtown's
        assert kiosks["lobby"].screen == "staff_home"
        assert kiosks["lobby"].state == "staff"

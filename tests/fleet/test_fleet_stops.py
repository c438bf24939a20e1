"""The fleet's background work stops when the kiosk stops, even when a Redis command's own
timeout turns the cancellation into a timeout (which the loops otherwise take for a Redis
outage and carry on)."""

from __future__ import annotations

import asyncio

import pytest

from kiosk.fleet.heartbeat import Heartbeat
from kiosk.fleet.link import FleetUnavailable, RedisLink
from kiosk.fleet.settings import FleetSettings
from tests.support.redis_server import RedisServer


@pytest.mark.asyncio
async def test_a_heartbeat_whose_cancellation_became_a_timeout_still_stops(
    redis_server: RedisServer,
) -> None:
    link = RedisLink(FleetSettings(redis_server.url, "lobby", redis_timeout=0.3))
    beats = 0

    async def facts() -> dict[str, str]:
        nonlocal beats
        beats += 1
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:  # what a timed-out Redis command makes of a cancel
            raise FleetUnavailable("timed out") from None
        return {}

    heartbeat = Heartbeat(
        link, namespace="test", kiosk_name="lobby", center_id="c", version="1",
        facts=facts, every=0.05, on_count=None, health=lambda: "shared",
    )  # fmt: skip
    running = asyncio.ensure_future(heartbeat.run())
    try:
        await asyncio.sleep(0.1)
        running.cancel()
        done, _ = await asyncio.wait({running}, timeout=2.0)
        assert running in done, "the heartbeat went on beating after it was told to stop"
        assert running.cancelled()
        assert beats == 1  # and it did not beat again once asked to stop
    finally:
        running.cancel()
        await link.aclose()

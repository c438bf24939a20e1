"""Whole kiosks of one chain on the sandbox and one real redis-server: the shared catalogue, the
heartbeats, and a sale that goes on when Redis goes away."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import sys
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from pathlib import Path

import pytest
import pytest_asyncio

from kiosk.checkout.engine import SaleEngine
from kiosk.config import KioskConfig
from kiosk.domain.sale import SaleState
from kiosk.fleet.heartbeat import Heartbeat
from kiosk.fleet.link import RedisLink
from kiosk.fleet.settings import FleetSettings
from kiosk.wiring import open_engine
from tests.support.redis_server import RedisServer
from tests.support.sandbox_process import SandboxProcess
from tests.support.selling import pay_with_card, sale_ready_to_pay, sandbox_config


def kiosk_config(
    sandbox: SandboxProcess, redis: RedisServer, tmp_path: Path, name: str
) -> KioskConfig:
    folder = tmp_path / name
    folder.mkdir()
    config = sandbox_config(sandbox, folder)
    fleet = FleetSettings(redis.url, name, heartbeat_every=0.5, redis_timeout=0.3)
    return dataclasses.replace(config, fleet=fleet)


@pytest_asyncio.fixture
async def two_kiosks(
    sandbox: SandboxProcess, redis_server: RedisServer, tmp_path: Path
) -> AsyncIterator[tuple[SaleEngine, SaleEngine]]:
    async with AsyncExitStack() as stack:
        lobby = await stack.enter_async_context(
            open_engine(kiosk_config(sandbox, redis_server, tmp_path, "lobby"))
        )
        spa = await stack.enter_async_context(
            open_engine(kiosk_config(sandbox, redis_server, tmp_path, "spa-floor"))
        )
        yield lobby, spa


def catalogue_calls(sandbox: SandboxProcess) -> int:
    return sum(1 for r in sandbox.requests() if r["path"].endswith("/memberships"))


@pytest.mark.asyncio
async def test_the_second_kiosk_of_a_center_takes_the_catalogue_from_the_first(
    two_kiosks: tuple[SaleEngine, SaleEngine], sandbox: SandboxProcess
) -> None:
    lobby, spa = two_kiosks
    sandbox.clear_requests()
    first = await lobby.catalogue()
    calls = catalogue_calls(sandbox)
    assert calls >= 1
    second = await spa.catalogue()
    assert second == first  # the very same memberships, prices and benefits, through Redis
    assert catalogue_calls(sandbox) == calls  # and Zenoti was not asked again


@pytest.mark.asyncio
async def test_every_kiosk_of_the_fleet_is_seen_with_its_heartbeat(
    two_kiosks: tuple[SaleEngine, SaleEngine],
) -> None:
    lobby, spa = two_kiosks
    assert lobby.fleet is not None
    assert spa.fleet is not None
    spa.fleet.showing("payment")
    assert isinstance(spa.fleet, Heartbeat)
    await spa.fleet.beat()  # now, rather than at the next beat
    kiosks = {k.name: k for k in await lobby.fleet.kiosks_here()}
    assert set(kiosks) == {"lobby", "spa-floor"}
    assert kiosks["spa-floor"].screen == "payment"
    assert kiosks["spa-floor"].state == "paying"
    assert kiosks["spa-floor"].budget == "shared"
    assert kiosks["lobby"].needs_staff == 0
    assert kiosks["spa-floor"].seen_ago < 5.0


@pytest.mark.asyncio
async def test_a_sale_in_flight_completes_when_redis_goes_away_and_the_kiosk_rejoins(
    sandbox: SandboxProcess,
    redis_server: RedisServer,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with open_engine(kiosk_config(sandbox, redis_server, tmp_path, "lobby")) as engine:
        sale = await sale_ready_to_pay(engine)
        redis_server.stop()  # the invoice exists; Redis dies before the payment
        view = await pay_with_card(sale)
        assert view.state is SaleState.COMPLETED
        assert engine.fleet is not None
        assert await engine.fleet.kiosks_here() == []  # nobody to see without Redis, and no error
        # The catalogue is still served from the kiosk's own copy.
        assert len(await engine.catalogue()) > 0
        assert engine.fleet.health.startswith("Redis unreachable: local share of 60 calls")
        redis_server.start()
        for _ in range(100):  # the probe runs every 2 s: wait for it, at most 10 s
            if engine.fleet.health.startswith("shared"):
                break
            await asyncio.sleep(0.1)
        assert engine.fleet.health.startswith("shared budget")
    assert any("working locally" in r.getMessage() for r in caplog.records)
    caplog.clear()  # the warning was the point


async def kiosk_command(*args: str, redis_url: str, tmp_path: Path) -> tuple[int, str, str]:
    """``kiosk ARGS`` in its own process, configured by the environment alone."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    environ.update(
        KIOSK_FLEET_REDIS_URL=redis_url,
        XDG_CONFIG_HOME=str(tmp_path),
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "kiosk", *args, env=environ,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), 60)
    return int(process.returncode or 0), out.decode(), err.decode()


@pytest.mark.asyncio
async def test_kiosk_fleet_lists_the_kiosks_as_a_table_and_as_json(
    two_kiosks: tuple[SaleEngine, SaleEngine], redis_server: RedisServer, tmp_path: Path
) -> None:
    lobby, _ = two_kiosks
    code, out, _ = await kiosk_command("fleet", redis_url=redis_server.url, tmp_path=tmp_path)
    assert code == 0
    header, *rows = out.splitlines()
    assert header.split()[:3] == ["KIOSK", "STATE", "SCREEN"]
    assert [row.split()[0] for row in rows] == ["lobby", "spa-floor"]
    code, out, _ = await kiosk_command(
        "fleet", "--json", redis_url=redis_server.url, tmp_path=tmp_path
    )
    listed = json.loads(out)
    assert code == 0
    assert [k["name"] for k in listed] == ["lobby", "spa-floor"]
    assert {k["center_id"] for k in listed} == {lobby.settings.center_id}
    assert {k["state"] for k in listed} == {"waiting"}


@pytest.mark.asyncio
async def test_kiosk_fleet_says_when_redis_does_not_answer(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    redis_server.stop()
    code, out, err = await kiosk_command("fleet", redis_url=redis_server.url, tmp_path=tmp_path)
    assert code == 1
    assert out == ""
    assert "does not answer" in err


@pytest.mark.asyncio
async def test_kiosk_doctor_checks_the_fleets_redis(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    code, out, _ = await kiosk_command("doctor", redis_url=redis_server.url, tmp_path=tmp_path)
    line = next(line for line in out.splitlines() if " fleet redis: " in line)
    assert line.startswith("PASS")
    assert f"Redis at {redis_server.url} answers" in line
    assert code == 0
    redis_server.stop()
    code, out, _ = await kiosk_command("doctor", redis_url=redis_server.url, tmp_path=tmp_path)
    line = next(line for line in out.splitlines() if " fleet redis: " in line)
    assert line.startswith("FAIL")
    assert "own share of the budget" in line
    assert code == 1


@pytest.mark.asyncio
async def test_a_kiosk_that_stops_beating_drops_out_and_the_count_follows(
    redis_server: RedisServer,
) -> None:
    counts: list[int] = []
    links = [RedisLink(FleetSettings(redis_server.url, name)) for name in ("lobby", "spa")]

    async def no_facts() -> dict[str, str | int | None]:
        return {}

    lobby, spa = (
        Heartbeat(
            link,
            namespace="kiosk",
            kiosk_name=link.settings.kiosk_name,
            center_id="center-1",
            version="0.1.0",
            facts=no_facts,
            every=every,
            on_count=counts.append,
        )
        for link, every in zip(links, (5.0, 0.1), strict=True)
    )
    await spa.beat()
    assert await lobby.beat() == 2  # both alive: each kiosk's share would be half
    for _ in range(100):  # spa's heartbeat lives 0.3 s (three beats) and it beats no more
        if [k.name for k in await lobby.kiosks_here()] == ["lobby"]:
            break
        await asyncio.sleep(0.05)
    assert [k.name for k in await lobby.kiosks_here()] == ["lobby"]
    assert await lobby.beat() == 1
    assert counts == [1, 2, 1]
    for link in links:
        await link.aclose()

"""The fleet's check: does the chain's Redis answer, and what this kiosk would spend without it.

A kiosk with no ``[fleet]`` gets no line here: it is on its own, as it always was.
"""

from __future__ import annotations

from kiosk.config import KioskConfig
from kiosk.doctor.result import Check

NAME = "fleet redis"


async def fleet_checks(config: KioskConfig) -> list[Check]:
    """One line for a kiosk of a chain; none for a kiosk on its own."""
    fleet = config.fleet
    if fleet is None:
        return []
    from kiosk.fleet.heartbeat import read_fleet
    from kiosk.fleet.link import FleetUnavailable, RedisLink

    link = RedisLink(fleet)
    try:
        if not await link.probe():
            raise FleetUnavailable(fleet.redis_address)
        kiosks = await read_fleet(link, fleet.namespace)
    except FleetUnavailable:
        share = f"{config.zenoti.rate_per_minute:g} calls a minute divided by the kiosks last seen"
        return [
            Check.failed(
                NAME,
                f"Redis at {fleet.redis_address} does not answer: this kiosk would sell on its "
                f"own share of the budget ({share})",
                "start Redis, or correct [fleet] redis_url and KIOSK_FLEET_REDIS_PASSWORD",
            )
        ]
    finally:
        await link.aclose()
    names = ", ".join(k.name for k in kiosks) or "none yet"
    return [
        Check.passed(
            NAME,
            f"Redis at {fleet.redis_address} answers; this kiosk is {fleet.kiosk_name!r}; "
            f"kiosks seen: {names}",
        )
    ]

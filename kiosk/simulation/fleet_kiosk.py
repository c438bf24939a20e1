"""One kiosk of ``kiosk simulate --kiosks N``: a process of its own with its own journal, selling
to its share of the guests as they arrive, on the one sandbox and the one Redis of the run.

It is started as ``kiosk simulate --kiosk-spec FILE`` and writes what it saw (outcomes, Zenoti
calls and 429s from its metrics, every money-path wait) to the file the spec names.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import random
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prometheus_client import Counter as MetricCounter
from prometheus_client import Histogram

from kiosk.checkout.engine import SaleEngine
from kiosk.checkout.settings import Deadlines
from kiosk.config import config_from_sandbox
from kiosk.domain.sale import SaleState
from kiosk.fleet.settings import FleetSettings
from kiosk.fleet.world import Fleet
from kiosk.sandbox_process import attach_sandbox
from kiosk.simulation.runner import SimulationOptions, _Run
from kiosk.simulation.scenarios import Scenario, make_scenarios
from kiosk.wiring import open_engine

# A chain's kiosks poll an invoice paid on a phone gently: every poll is a call of the budget.
FLEET_DEADLINES = Deadlines(
    awaiting_card=3.0,
    reconcile=8.0,
    phone_payment=20.0,
    poll_initial=1.0,
    poll_max=4.0,
    record_attempts=4,
)
RECOVERY_ATTEMPTS = 5
SETTLED = {s.value for s in SaleState if s.is_final or s is SaleState.NEEDS_STAFF}
RECOVERY_PAUSE = 10.0  # seconds: Zenoti's bucket refills a sixth meanwhile
CARD_SCRIPTS = {
    "approve",
    "decline_then_approve",
    "decline_then_leave",
    "reader_timeout_then_approve",
    "leave_at_the_reader",
    "cancel_then_approve",
}


@dataclass(frozen=True, slots=True)
class KioskSpec:
    """What one kiosk process does, written as JSON by the run that starts it."""

    name: str
    sandbox_url: str
    redis_url: str
    namespace: str
    center_index: int
    with_reader: bool  # the sandbox has one reader per center: the first kiosk there has it
    sales: int
    seed: int
    shared_budget: bool
    per_minute: float
    arrival_every: float  # mean seconds between this kiosk's guests
    start_at: float  # Unix time at which every kiosk of the run opens its doors
    journal: str
    out: str

    @classmethod
    def read(cls, path: Path) -> KioskSpec:
        return cls(**json.loads(path.read_text(encoding="utf-8")))

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(dataclasses.asdict(self)), encoding="utf-8")


def for_this_kiosk(scenario: Scenario, with_reader: bool) -> Scenario:
    """The run's faults are the fleet's (Redis, a foreign client); the reader is the center's."""
    script = scenario.script
    if script == "reader_timeout_then_approve":  # scripting the reader would reach every kiosk's
        script = "approve"
    if not with_reader and script in CARD_SCRIPTS:
        script = "cash"
    return dataclasses.replace(scenario, script=script, faults=(), crash_at=None, machine=None)


async def run_kiosk(spec: KioskSpec) -> dict[str, Any]:
    """Sell ``spec.sales`` sales as guests arrive; what this kiosk saw."""
    sandbox = attach_sandbox(spec.sandbox_url)
    config = config_from_sandbox(
        spec.sandbox_url,
        sandbox.info(),
        journal_path=Path(spec.journal),
        center_index=spec.center_index,
        deadlines=FLEET_DEADLINES,
        rate_per_minute=spec.per_minute,
    )
    settings = FleetSettings(spec.redis_url, spec.name, namespace=spec.namespace)
    config = dataclasses.replace(
        config, fleet=settings, reader=config.reader if spec.with_reader else None
    )
    fleet = Fleet(
        settings,
        center_id=config.zenoti.center_id,
        per_minute=spec.per_minute,
        shared_budget=spec.shared_budget,
    )
    run = _Run(sandbox, SimulationOptions(sales=spec.sales, seed=spec.seed))
    outcomes: Counter[str] = Counter()
    rng = random.Random(spec.seed)
    async with open_engine(config, fleet) as engine:
        await asyncio.sleep(max(0.0, spec.start_at - time.time()))
        arrives = time.monotonic()
        for scenario in make_scenarios(spec.sales, spec.seed, "none"):
            await asyncio.sleep(max(0.0, arrives - time.monotonic()))
            arrives += rng.expovariate(1.0 / spec.arrival_every)
            try:
                guest = for_this_kiosk(scenario, spec.with_reader)
                outcome = await run._play(engine, guest, asyncio.Event())
            except Exception as error:  # a run reports what broke, and goes on
                outcome = f"failed: {type(error).__name__}"
            outcomes[outcome] += 1
        await _recover(engine, outcomes)
    calls = calls_by_status(fleet)
    return {
        "name": spec.name,
        "outcomes": dict(outcomes),
        "calls": calls,
        "throttled": calls.get("429", 0),
        "budget_modes": calls_by_mode(fleet),
        "money_waits": list(fleet.metrics.money_waits),
    }


async def _recover(engine: SaleEngine, outcomes: Counter[str]) -> None:
    """Settle what is left, as the kiosk's next start would: again while Zenoti turns it away
    (kiosks that do not share the budget are throttled), a few times at most."""
    for attempt in range(1, RECOVERY_ATTEMPTS + 1):
        report = await engine.recover()
        last = attempt == RECOVERY_ATTEMPTS or not report.still_open
        for state, count in report.outcomes.items():
            if last or state in SETTLED:  # the ones still open are counted once, at the end
                outcomes[f"recovered: {state}"] += count
        if last:
            return
        await asyncio.sleep(RECOVERY_PAUSE)


def calls_by_status(fleet: Fleet) -> dict[str, int]:
    """Zenoti answers this kiosk had, by HTTP status (or transport error)."""
    return _counted(fleet.metrics.zenoti_calls, "_total", "status")


def calls_by_mode(fleet: Fleet) -> dict[str, int]:
    """Calls this kiosk was granted by the bucket it spent from (shared, local share, own)."""
    return _counted(fleet.metrics.budget_waits, "_count", "mode")


def _counted(metric: MetricCounter | Histogram, suffix: str, label: str) -> dict[str, int]:
    found: Counter[str] = Counter()
    for family in metric.collect():
        for sample in family.samples:
            if sample.name.endswith(suffix):
                found[sample.labels[label]] += int(sample.value)
    return dict(found)


async def _while_the_run_lasts(spec: KioskSpec) -> dict[str, Any]:
    """The kiosk's sales, stopped if the run that started this process is gone."""
    parent = os.getppid()
    selling = asyncio.ensure_future(run_kiosk(spec))
    while not selling.done():
        await asyncio.wait({selling}, timeout=1.0)
        if os.getppid() != parent:
            selling.cancel()
    return await selling


def main(spec_path: Path) -> int:
    """``kiosk simulate --kiosk-spec FILE``: run one kiosk; 0 once its summary is written."""
    spec = KioskSpec.read(spec_path)
    try:
        summary = asyncio.run(_while_the_run_lasts(spec))
    except asyncio.CancelledError:
        return 3  # the run is gone: nobody is waiting for this kiosk's summary
    Path(spec.out).write_text(json.dumps(summary), encoding="utf-8")
    return 0

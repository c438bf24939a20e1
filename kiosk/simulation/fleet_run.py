"""``kiosk simulate --kiosks N``: a chain of N kiosk processes on one sandbox (its 60-a-minute
bucket enforced) and one real ``redis-server``, then a JSON summary.

Guests arrive a little faster than the organisation's budget can serve (a busy hour), so the
shared budget has to hold the line: Zenoti's 429s, the largest and the 99th-percentile wait on
the money path, calls per kiosk, and the money invariants over every kiosk's journal. With
``chaos`` Redis is killed and restarted mid-run and a foreign client spends part of the budget
behind the kiosks' backs. A Redis given with ``--redis`` is not the run's to kill: it is paused
instead (it stops answering), then the run's keys and the script cache are emptied, as a restart
would leave them. With ``compare`` the same
guests come again to kiosks that each believe the whole budget is theirs: the 429s the shared
budget removes.
"""

from __future__ import annotations

import asyncio
import json
import math
import statistics
import subprocess
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from kiosk.checkout.journal import Journal, SaleRecord
from kiosk.sandbox_process import SandboxProcess, kiosk_command, start_sandbox
from kiosk.simulation.fleet_kiosk import KioskSpec
from kiosk.simulation.invariants import check_invariants
from kiosk.simulation.redis_process import RedisProcess, redis_binary

CALLS_PER_SALE = 6.5  # a returning guest's sale is 6; some guests are new, some pay twice
BUSY_HOUR = 1.5  # guests arrive this much faster than the budget can serve them
FOREIGN_CALLS = 20  # what another integration of the business spends in the chaos run
OUTAGE = 20.0  # seconds Redis is away in the chaos run


@dataclass(frozen=True, slots=True)
class FleetOptions:
    """What to run: N kiosks, S sales between them, on which Redis."""

    kiosks: int
    sales: int
    seed: int
    faults: str = "none"
    redis_url: str | None = None  # None: a redis-server of the run's own
    compare: bool = False
    per_minute: float = 60.0
    progress: Callable[[str], None] | None = None


def run_fleet_simulation(options: FleetOptions) -> dict[str, Any]:
    """Run the chain; the summary (``violations`` 0 means every invariant held)."""
    with tempfile.TemporaryDirectory(prefix="kiosk-simulate-fleet-") as scratch:
        folder = Path(scratch)
        sandbox = start_sandbox(folder / "sandbox.sqlite3")
        try:
            sandbox.settings(rate_limit={"enabled": True, "per_minute": int(options.per_minute)})
            sandbox.reader(processing_ms=0, next_process=None)
            with _redis(options, folder) as (url, own):
                phases = [("shared budget", True)] + (
                    [("own budgets", False)] if options.compare else []
                )
                results = {
                    name: _phase(options, sandbox, url, own, folder / f"phase-{n}", name, shared)
                    for n, (name, shared) in enumerate(phases)
                }
            journals = [p for phase in folder.glob("phase-*") for p in phase.glob("*.sqlite3")]
            invariants = check_invariants(
                sandbox.invoices(), sandbox.payment_intents(), asyncio.run(_records(journals))
            )
        finally:
            sandbox.stop()
    return {
        "kiosks": options.kiosks,
        "sales": options.sales,
        "seed": options.seed,
        "faults": options.faults,
        "per_minute": options.per_minute,
        **results["shared budget"],
        "compared_with_own_budgets": results.get("own budgets"),
        "invariants": invariants.as_json(),
        "violations": invariants.violations,
    }


@contextmanager
def _redis(options: FleetOptions, folder: Path) -> Iterator[tuple[str, RedisProcess | None]]:
    if options.redis_url:
        yield options.redis_url, None
        return
    binary = redis_binary()
    if binary is None:
        raise RuntimeError("redis-server is not installed: pass --redis URL, or install it")
    (folder / "redis").mkdir()
    own = RedisProcess(binary, folder / "redis")
    own.start()
    try:
        yield own.url, own
    finally:
        own.stop()


def _phase(
    options: FleetOptions,
    sandbox: SandboxProcess,
    redis_url: str,
    own: RedisProcess | None,
    folder: Path,
    name: str,
    shared: bool,
) -> dict[str, Any]:
    folder.mkdir()
    sandbox.clear_requests()
    capacity = options.per_minute / 60.0 / CALLS_PER_SALE  # sales a second, the whole chain
    arrival_every = options.kiosks / (capacity * BUSY_HOUR)
    start_at = time.time() + 3.0 + 0.5 * options.kiosks  # every kiosk is up by then
    namespace = f"simulate-{options.seed}-{folder.name}-{int(start_at)}"
    shares = [
        options.sales // options.kiosks + (i < options.sales % options.kiosks)
        for i in range(options.kiosks)
    ]
    processes = []
    for index, sales in enumerate(shares):
        spec = KioskSpec(
            name=f"kiosk-{index + 1}",
            sandbox_url=sandbox.base_url,
            redis_url=redis_url,
            namespace=namespace,
            center_index=index % 2,
            with_reader=index < 2,
            sales=sales,
            seed=options.seed * 1000 + index + (500 if not shared else 0),
            shared_budget=shared,
            per_minute=options.per_minute,
            arrival_every=arrival_every,
            start_at=start_at,
            journal=str(folder / f"kiosk-{index + 1}.sqlite3"),
            out=str(folder / f"kiosk-{index + 1}.json"),
        )
        spec.write(folder / f"kiosk-{index + 1}.spec.json")
        processes.append(
            subprocess.Popen(  # noqa: S603 - this very program, fixed arguments
                [
                    *kiosk_command(),
                    "simulate",
                    "--kiosk-spec",
                    str(folder / f"kiosk-{index + 1}.spec.json"),
                ],
                stdout=subprocess.DEVNULL,
                stderr=(folder / f"kiosk-{index + 1}.log").open("w"),
            )
        )
    # How long the run should take: the guests' arrivals, or the budget once its burst is spent.
    arrivals = options.sales / (capacity * BUSY_HOUR)
    budget = max(0.0, options.sales * CALLS_PER_SALE - options.per_minute) * 60 / options.per_minute
    expected = max(arrivals, budget) + 5.0
    if options.progress:
        options.progress(
            f"{name}: {options.kiosks} kiosks, {options.sales} sales, about {expected / 60:.0f} min"
        )
    chaos = (
        _chaos(options, sandbox, (redis_url, namespace), own, start_at, expected)
        if options.faults == "chaos"
        else None
    )
    started = time.monotonic()
    for process in processes:
        process.wait()
    if chaos is not None:
        chaos.join()
    return _tally(folder, processes, sandbox, time.monotonic() - started)


def _chaos(
    options: FleetOptions,
    sandbox: SandboxProcess,
    redis: tuple[str, str],
    own: RedisProcess | None,
    start_at: float,
    expected: float,
) -> threading.Thread:
    """Redis away for a while at a third of the run; a foreign client at half of it."""
    redis_url, namespace = redis

    outage = min(OUTAGE, expected / 6)  # a short run's Redis is away for a shorter while

    def faults() -> None:
        time.sleep(max(0.0, start_at - time.time()) + expected / 3)
        _say(options, f"chaos: Redis goes away for {outage:.0f} s")
        if own is not None:
            own.stop()
            time.sleep(outage)
            own.start()
        else:
            _pause(redis_url, outage)
            time.sleep(outage + 0.5)
            _forget(redis_url, namespace)
        _say(options, "chaos: Redis is back")
        time.sleep(max(0.0, expected / 2 - expected / 3 - outage))
        _say(options, f"chaos: another integration spends {FOREIGN_CALLS} calls")
        _foreign_client(sandbox, FOREIGN_CALLS)

    thread = threading.Thread(target=faults, name="fleet-chaos", daemon=True)
    thread.start()
    return thread


def _say(options: FleetOptions, line: str) -> None:
    if options.progress:
        options.progress(line)


def _pause(redis_url: str, seconds: float) -> None:
    """Someone else's Redis: make it stop answering for a while (it keeps its data)."""
    from redis import Redis

    client = Redis.from_url(redis_url, socket_timeout=5)
    try:
        client.client_pause(int(seconds * 1000), all=True)
    finally:
        client.close()


def _forget(redis_url: str, namespace: str) -> None:
    """What a restart loses: the run's keys (the bucket, the catalogue, heartbeats), the scripts."""
    from redis import Redis

    client = Redis.from_url(redis_url, socket_timeout=5)
    try:
        for key in client.scan_iter(match=f"{namespace}:*"):
            client.delete(key)
        client.script_flush()
    finally:
        client.close()


def _foreign_client(sandbox: SandboxProcess, calls: int) -> None:
    """Another integration of the business: it spends the organisation's calls too."""
    headers = {"Authorization": f"apikey {sandbox.api_key}"}
    with httpx.Client(base_url=sandbox.base_url, timeout=10.0) as http:
        for _ in range(calls):
            http.get("/v1/countries", headers=headers)


def _tally(
    folder: Path, processes: list[subprocess.Popen[bytes]], sandbox: SandboxProcess, took: float
) -> dict[str, Any]:
    kiosks = []
    for index, process in enumerate(processes):
        out = folder / f"kiosk-{index + 1}.json"
        if process.returncode == 0 and out.exists():
            kiosks.append(json.loads(out.read_text(encoding="utf-8")))
        else:
            kiosks.append({"name": f"kiosk-{index + 1}", "failed": process.returncode})
    waits = sorted(w for k in kiosks for w in k.get("money_waits", []))
    outcomes: Counter[str] = Counter()
    modes: Counter[str] = Counter()
    for kiosk in kiosks:
        outcomes.update(kiosk.get("outcomes", {}))
        modes.update(kiosk.get("budget_modes", {}))
    throttled = [r for r in sandbox.requests() if r["status"] == 429 and r["fault"] is None]
    return {
        "seconds": round(took, 1),
        "outcomes": dict(outcomes),
        "sales_completed": outcomes.get("completed", 0),
        # The kiosks' own 429s; the sandbox's count adds the foreign client's of the chaos run.
        "zenoti_429s": sum(k.get("throttled", 0) for k in kiosks),
        "zenoti_429s_all_clients": len(throttled),
        "money_path_wait": {
            "calls": len(waits),
            "max": round(waits[-1], 3) if waits else 0.0,
            "p99": round(_percentile(waits, 0.99), 3),
            "mean": round(statistics.fmean(waits), 3) if waits else 0.0,
        },
        "calls_per_kiosk": {k["name"]: sum(k.get("calls", {}).values()) for k in kiosks},
        "calls_by_budget": dict(modes),  # shared; "local share" while Redis was away; own
        "kiosks_failed": [k["name"] for k in kiosks if "failed" in k],
    }


def _percentile(ordered: list[float], fraction: float) -> float:
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1)]


async def _records(journals: list[Path]) -> list[SaleRecord]:
    found: list[SaleRecord] = []
    for path in journals:
        journal = await Journal.open(path)
        try:
            found += await journal.sales_between(
                datetime(2000, 1, 1, tzinfo=UTC), datetime(9999, 1, 1, tzinfo=UTC)
            )
        finally:
            await journal.close()
    return found

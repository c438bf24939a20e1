"""``kiosk simulate --kiosks N``: kiosk processes of one chain on one sandbox and one Redis."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.support.redis_server import redis_binary

pytestmark = pytest.mark.sandbox


def simulate(*args: str) -> dict[str, object]:
    redis_binary()  # the run starts a redis-server of its own
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "simulate", "--quiet", *args],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    summary: dict[str, object] = json.loads(done.stdout)
    return summary


def test_a_chain_of_kiosk_processes_shares_the_budget_without_a_429() -> None:
    summary = simulate("--kiosks", "3", "--sales", "9", "--seed", "4", "--rate-per-minute", "300")
    assert summary["violations"] == 0
    assert summary["kiosks_failed"] == []
    assert sum(summary["outcomes"].values()) == 9  # type: ignore[attr-defined]
    assert summary["zenoti_429s"] == 0
    assert summary["zenoti_429s_all_clients"] == 0  # the sandbox's bucket never said no
    assert summary["money_path_wait"]["p99"] < 1.0  # type: ignore[index]
    assert len(summary["calls_per_kiosk"]) == 3  # type: ignore[arg-type]


@pytest.mark.chaos
def test_redis_killed_mid_run_and_a_foreign_client_break_no_invariant() -> None:
    summary = simulate(
        "--kiosks", "3", "--sales", "9", "--seed", "5", "--rate-per-minute", "300",
        "--faults", "chaos",
    )  # fmt: skip
    assert summary["violations"] == 0
    assert summary["kiosks_failed"] == []
    assert sum(summary["outcomes"].values()) == 9  # type: ignore[attr-defined]
    budgets = summary["calls_by_budget"]
    assert budgets["local share"] > 0  # type: ignore[index]  # Redis was gone: sales went on
    assert budgets["shared"] > 0  # type: ignore[index]

"""The seeded chaos sales on the sandbox's simulated Adyen terminal: the same scripted guests,
faults aimed at Adyen's one endpoint (answers lost after the request took effect, connections cut,
500s), crashes mid-payment — and the same money invariants, read from the sandbox's own state.

``KIOSK_CHAOS_SALES`` sets the number of sales (default 200), ``KIOSK_CHAOS_SEED`` the seed.
"""

from __future__ import annotations

import pytest

from kiosk.simulation.runner import SimulationOptions, run_simulation
from tests.chaos.test_chaos_sales import SALES, SEED, _assert_kept, _only_expected_logs

pytestmark = [pytest.mark.chaos, pytest.mark.sandbox]


@pytest.mark.timeout(1800)
@pytest.mark.asyncio
async def test_seeded_sales_on_an_adyen_terminal_keep_every_invariant(
    caplog: pytest.LogCaptureFixture,
) -> None:
    options = SimulationOptions(sales=SALES, seed=SEED + 16, faults="chaos", reader="adyen")
    summary = await run_simulation(options)
    _assert_kept(summary)
    outcomes = summary["outcomes"]
    assert sum(outcomes.values()) == SALES
    if SALES >= 100:  # a run this long meets every kind of trouble
        assert summary["crashes"] > 0
        assert outcomes.get("completed", 0) > SALES // 2
        assert outcomes.get("declined", 0) > 0
    _only_expected_logs(caplog)

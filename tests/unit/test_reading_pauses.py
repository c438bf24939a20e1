"""While a reader waits for a card the kiosk reads it again soon, so the guest sees "approved" a
moment after the reader knows; once the guest takes their time, at the driver's usual pace."""

from __future__ import annotations

import pytest

from kiosk.payments import watching

pytestmark = pytest.mark.asyncio


@pytest.fixture
def slept(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every pause taken, on a clock that moves only by them."""
    now = [1000.0]
    taken: list[float] = []

    async def sleep(seconds: float) -> None:
        taken.append(seconds)
        now[0] += seconds

    monkeypatch.setattr(watching.time, "monotonic", lambda: now[0])
    monkeypatch.setattr(watching.asyncio, "sleep", sleep)
    return taken


async def test_reads_come_quickly_while_a_card_is_likely_then_at_the_usual_pace(
    slept: list[float],
) -> None:
    pause = watching.reading_pauses(0.5, quick_s=0.15, quick_for_s=1.0)
    for _ in range(10):
        await pause(170.0)
    assert slept == [0.15] * 7 + [0.5] * 3  # 0.15 s apart for the first second, then 0.5 s


async def test_a_driver_reading_faster_than_the_quick_pace_keeps_its_own(
    slept: list[float],
) -> None:
    pause = watching.reading_pauses(0.05)
    for _ in range(3):
        await pause(170.0)
    assert slept == [0.05] * 3


async def test_each_watch_starts_quick_again(slept: list[float]) -> None:
    first = watching.reading_pauses(0.5, quick_s=0.15, quick_for_s=0.2)
    for _ in range(3):
        await first(170.0)
    second = watching.reading_pauses(0.5, quick_s=0.15, quick_for_s=0.2)
    await second(170.0)
    assert slept == [0.15, 0.15, 0.5, 0.15]

"""The autopilot's judgement of "the sale is over, or the guest must act": the save-card screen
starts its step as it is shown, so a guest who looks a moment later finds SAVING_CARD, not
CARD_NEEDED — and must still see the card step, not wait for the sale to end (it would not)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from kiosk.checkout.view import SaleView
from kiosk.commands.autopilot import _over
from kiosk.domain.sale import SaleState


def _window(state: SaleState, screen: str) -> Any:
    view = SaleView(sale_id="s-1", state=state, memberships=())
    shown = SimpleNamespace(current=SimpleNamespace(name=screen))
    return SimpleNamespace(flow=SimpleNamespace(view=view), router=shown)


@pytest.mark.parametrize("state", [SaleState.CARD_NEEDED, SaleState.SAVING_CARD])
def test_the_card_step_on_its_screen_is_for_the_guest_to_act_on(state: SaleState) -> None:
    assert _over(_window(state, "save_card"))


def test_a_card_step_not_yet_shown_is_not_over() -> None:
    # Paid, the receipt not reached and the save-card screen not yet shown: keep waiting.
    assert not _over(_window(SaleState.SAVING_CARD, "payment"))
    assert not _over(_window(SaleState.APPROVED, "payment"))

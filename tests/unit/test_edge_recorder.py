"""The edge recorder's own rules: what counts as a hop, and what counts as fired."""

from __future__ import annotations

from kiosk.domain.sale import SaleState
from tests.support.edges import EdgeRecorder, Passage

S = SaleState


def _recorder(
    *passages: tuple[SaleState, SaleState, int, int], by_engine: bool = True
) -> EdgeRecorder:
    recorder = EdgeRecorder()
    recorder._starts["sale"] = (0, 0)
    for source, target, calls, steps in passages:
        recorder.passages.append(Passage("sale", source, target, "", calls, steps, by_engine))
    recorder.calls = max((p[2] for p in passages), default=0)
    return recorder


def test_a_move_after_a_call_or_a_step_is_no_hop() -> None:
    recorder = _recorder(
        (S.CHOOSING, S.GUEST_IDENTIFIED, 0, 1),  # the guest chose who they are
        (S.GUEST_IDENTIFIED, S.TERMS_ACCEPTED, 0, 2),
        (S.TERMS_ACCEPTED, S.INVOICE_REQUESTED, 0, 3),
        (S.INVOICE_REQUESTED, S.INVOICE_READY, 2, 3),  # Zenoti answered
    )
    assert recorder.hops() == []


def test_a_move_with_nothing_since_the_last_is_a_hop() -> None:
    recorder = _recorder(
        (S.INVOICE_READY, S.INTENT_CREATED, 1, 1),
        (S.DECLINED, S.INVOICE_READY, 3, 2),  # staff chose cash…
        (S.INVOICE_READY, S.APPROVED, 3, 2),  # …and the sale stepped through a state for it
    )
    [hop] = recorder.hops()
    assert hop.edge == (S.INVOICE_READY, S.APPROVED)


def test_a_state_written_ahead_of_a_call_is_no_hop_when_the_call_follows() -> None:
    announced = _recorder(
        (S.INVOICE_READY, S.INTENT_CREATED, 1, 1),
        (S.INTENT_CREATED, S.SENT, 1, 1),  # nothing since, but the hand-off follows
        (S.SENT, S.AWAITING_CARD, 2, 1),
    )
    assert announced.hops() == []
    unannounced = _recorder(
        (S.INVOICE_READY, S.INTENT_CREATED, 1, 1),
        (S.INTENT_CREATED, S.SENT, 1, 1),
        (S.SENT, S.INTENT_CREATED, 1, 1),  # no call was ever made
    )
    assert [hop.edge for hop in unannounced.hops()] == [
        (S.INTENT_CREATED, S.SENT),
        (S.SENT, S.INTENT_CREATED),
    ]


def test_a_journal_a_test_wrote_by_hand_neither_fires_nor_hops() -> None:
    recorder = _recorder(
        (S.CHOOSING, S.GUEST_IDENTIFIED, 0, 0),
        (S.GUEST_IDENTIFIED, S.TERMS_ACCEPTED, 0, 0),
        by_engine=False,
    )
    assert recorder.fired == {}
    assert recorder.hops() == []

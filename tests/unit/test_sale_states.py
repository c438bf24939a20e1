"""The sale's state table: every state reachable, finals final, and the money rules in its shape."""

from __future__ import annotations

import pytest

from kiosk.domain.sale import TRANSITIONS, IllegalTransition, SaleState, check_transition


def test_every_state_is_in_the_table() -> None:
    assert set(TRANSITIONS) == set(SaleState)


def test_every_state_is_reachable_from_choosing() -> None:
    seen = {SaleState.CHOOSING}
    frontier = [SaleState.CHOOSING]
    while frontier:
        for target in TRANSITIONS[frontier.pop()]:
            if target not in seen:
                seen.add(target)
                frontier.append(target)
    assert seen == set(SaleState)


def test_final_states_lead_nowhere() -> None:
    finals = [state for state in SaleState if state.is_final]
    assert SaleState.COMPLETED in finals
    for state in finals:
        assert TRANSITIONS[state] == frozenset()


def test_an_unknown_outcome_is_never_a_decline() -> None:
    # Rule: a timeout is never a decline — UNKNOWN is settled only by reading back.
    assert TRANSITIONS[SaleState.UNKNOWN] == {SaleState.RECONCILING}


def test_money_taken_is_never_abandoned_or_cancelled_without_staff() -> None:
    for state in (SaleState.APPROVED, SaleState.RECORDED, SaleState.CLOSED):
        assert SaleState.CANCELLED not in TRANSITIONS[state]
        assert SaleState.ABANDONED not in TRANSITIONS[state]


def test_a_walk_away_can_abandon_only_before_money_may_be_taken() -> None:
    abandoning = [state for state, targets in TRANSITIONS.items() if SaleState.ABANDONED in targets]
    assert SaleState.CHOOSING in abandoning
    for state in abandoning:
        assert not state.money_may_be_taken


def test_check_transition_names_both_ends() -> None:
    with pytest.raises(IllegalTransition, match="choosing to approved"):
        check_transition(SaleState.CHOOSING, SaleState.APPROVED)


def test_only_a_person_resolves_a_sale_and_it_stays_resolved() -> None:
    # RESOLVED is staff's note on a waiting sale: reached from NEEDS_STAFF (money to settle) and
    # CARD_NEEDED (a card to save) alone, and final.
    sources = {state for state, targets in TRANSITIONS.items() if SaleState.RESOLVED in targets}
    assert sources == {SaleState.NEEDS_STAFF, SaleState.CARD_NEEDED}
    assert SaleState.RESOLVED.is_final
    assert SaleState.RESOLVED.money_may_be_taken  # money may have moved: never reset silently

"""The sale's table is exactly the code: every edge ``TRANSITIONS`` allows is taken by some sale
on the sandbox, and none is a hop taken only to get somewhere.

The journeys (tests/support/edge_journeys*.py) are sold once for the whole module, with the edge
recorder on; the tests read what the journal wrote. An edge the code needs and the table lacks
cannot be written at all (the journal refuses it, and the journey that needed it fails).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
import pytest_asyncio

from tests.support import edge_journeys, edge_journeys_after  # noqa: F401 - they add journeys
from tests.support.edge_world import JOURNEYS, World
from tests.support.edges import EdgeRecorder, Passage, describe, table_edges
from tests.support.sandbox_process import SandboxProcess

pytestmark = [pytest.mark.sandbox]


@dataclass
class Sold:
    """What the journeys did: the recorder, and each journey's own transitions or failure."""

    recorder: EdgeRecorder = field(repr=False)
    passages: dict[str, list[Passage]] = field(default_factory=dict, repr=False)
    failures: dict[str, BaseException] = field(default_factory=dict)


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def sold(sandbox_server: SandboxProcess, tmp_path_factory: pytest.TempPathFactory) -> Sold:
    recorder = EdgeRecorder()
    result = Sold(recorder)
    folder = tmp_path_factory.mktemp("journeys")
    with recorder.installed():
        for name, play in JOURNEYS.items():
            sandbox_server.reset()
            sandbox_server.settings(rate_limit={"enabled": False})
            first = len(recorder.passages)
            try:
                await play(World(sandbox_server, folder / f"{name}.sqlite3", recorder))
            except (AssertionError, Exception) as failure:  # reported by its own test below
                result.failures[name] = failure
            result.passages[name] = recorder.passages[first:]
    return result


@pytest.mark.asyncio(loop_scope="session")
@pytest.mark.parametrize("name", list(JOURNEYS))
async def test_each_journey_ends_where_it_should(sold: Sold, name: str) -> None:
    failure = sold.failures.get(name)
    if failure is not None:
        raise failure
    assert sold.passages[name], f"{name} journalled no transition"


@pytest.mark.asyncio(loop_scope="session")
async def test_every_edge_of_the_table_fires(sold: Sold) -> None:
    never = table_edges() - set(sold.recorder.fired)
    assert not never, "never fired:\n" + "\n".join(describe(never))


@pytest.mark.asyncio(loop_scope="session")
async def test_no_transition_is_a_hop_taken_only_to_get_somewhere(sold: Sold) -> None:
    hops = [f"{p.source.value} → {p.target.value} ({p.event})" for p in sold.recorder.hops()]
    assert not hops, "hops:\n" + "\n".join(hops)

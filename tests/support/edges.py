"""Which edges of the sale's table the engine really takes, seen where the journal writes them.

``EdgeRecorder`` wraps ``Journal.transition`` (the one way any part of the engine moves a sale) and
notes, for every state change it writes, the edge, the event, and two counters read at that
moment: the outside calls the kiosk has sent so far (every ``httpx.AsyncClient`` request: Zenoti,
the reader, a guest's phone) and the steps asked of the engine so far (a guest's or staff's tap,
a recovery). From these, ``hops`` finds transitions that record nothing that happened.

Loaded as a plugin (``pytest -p tests.support.edges``) it records the whole run and prints which
of the table's edges fired and which never did.
"""

from __future__ import annotations

import asyncio
import functools
import importlib
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from kiosk.checkout.journal import Journal
from kiosk.domain.sale import TRANSITIONS, SaleState

Edge = tuple[SaleState, SaleState]

# States written *ahead* of an outside call: they announce the call that follows them.
WRITTEN_AHEAD = frozenset({SaleState.INVOICE_REQUESTED, SaleState.SENT, SaleState.RECONCILING})

# The engine's steps: what a guest, staff or a restart asks of it (module, class, methods).
_STEPS = (
    (
        "kiosk.checkout.sale",
        "Sale",
        (
            "find_guests",
            "choose_guest",
            "register_guest",
            "accept_terms",
            "create_invoice",
            "pay_by_card",
            "pay_on_phone",
            "pay_cash",
            "cancel_payment",
            "abandon",
            "recover",
            "save_card",
            "skip_card",
            "send_to_desk",
        ),
    ),
    ("kiosk.checkout.staff.cases", "StaffCases", ("recheck", "record_payment", "resolve")),
    ("kiosk.checkout.staff.invoices", "OpenInvoiceSales", ("start_sale",)),
)


def table_edges() -> set[Edge]:
    """Every edge ``TRANSITIONS`` allows."""
    return {(source, target) for source, targets in TRANSITIONS.items() for target in targets}


@dataclass(frozen=True, slots=True)
class Passage:
    """One state change the journal wrote, with the counters as they stood when it was written."""

    sale_id: str
    source: SaleState
    target: SaleState
    event: str
    calls: int
    steps: int
    by_engine: bool = True  # written by the kiosk's code (a test may write a journal by hand)

    @property
    def edge(self) -> Edge:
        return (self.source, self.target)


@dataclass
class EdgeRecorder:
    """Every transition written while installed, in order, and the counters that explain them."""

    passages: list[Passage] = field(default_factory=list)
    calls: int = 0
    steps: int = 0
    # Where each sale's history starts: the counters when it began (or was first seen).
    _starts: dict[str, tuple[int, int]] = field(default_factory=dict)
    _waiting: list[asyncio.Future[None]] = field(default_factory=list)

    @property
    def fired(self) -> Counter[Edge]:
        """How often the kiosk's code took each edge."""
        return Counter(passage.edge for passage in self.passages if passage.by_engine)

    def next_passage(self) -> asyncio.Future[None]:
        """Done when the journal writes its next transition."""
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append(waiter)
        return waiter

    def hear(self) -> None:
        """An outside call made some other way (a scripted reader's answer stands for one)."""
        self.calls += 1

    def never_fired(self) -> set[Edge]:
        return table_edges() - set(self.fired)

    def hops(self) -> list[Passage]:
        """Transitions that record nothing that happened.

        A transition is explained when something happened since the sale's previous transition
        (an outside call answered or failed, a guest or staff step, a restart) — the new state
        records it — or, for a state written ahead of a call, when the call follows before the
        sale moves on. Anything else is a hop taken only to get somewhere.
        """
        hops: list[Passage] = []
        by_sale: dict[str, list[Passage]] = {}
        for passage in self.passages:
            if passage.by_engine:
                by_sale.setdefault(passage.sale_id, []).append(passage)
        for sale_id, passages in by_sale.items():
            before = self._starts.get(sale_id)
            for index, passage in enumerate(passages):
                now = (passage.calls, passage.steps)
                answered = before is None or now != before
                after = (
                    (passages[index + 1].calls, passages[index + 1].steps)
                    if index + 1 < len(passages)
                    else (self.calls, self.steps)
                )
                announced = passage.target in WRITTEN_AHEAD and after != now
                if not (answered or announced):
                    hops.append(passage)
                before = now
        return hops

    @contextmanager
    def installed(self) -> Iterator[EdgeRecorder]:
        """Record while the block runs (the wrapped functions are put back afterwards)."""
        undo: list[Callable[[], None]] = []

        def wrap(owner: Any, name: str, make: Callable[[Any], Any]) -> None:
            own = owner.__dict__.get(name)  # None: inherited, so the wrapper shadows it
            setattr(owner, name, make(getattr(owner, name)))
            undo.append(lambda: setattr(owner, name, own) if own else delattr(owner, name))

        wrap(Journal, "transition", self._transition)
        wrap(Journal, "begin_sale", self._begin_sale)
        wrap(httpx.AsyncClient, "send", self._send)
        for module, cls, methods in _STEPS:
            owner = getattr(importlib.import_module(module), cls)
            for method in methods:
                wrap(owner, method, self._step)
        try:
            yield self
        finally:
            for put_back in reversed(undo):
                put_back()

    # ------------------------------------------------------------------ the wrappers

    def _transition(self, original: Any) -> Any:
        recorder = self

        @functools.wraps(original)
        async def transition(
            journal: Journal, sale_id: str, state: SaleState, **kwargs: Any
        ) -> Any:
            by_engine = sys._getframe(1).f_globals.get("__name__", "").startswith("kiosk.")
            before = await journal.get(sale_id)
            recorder._starts.setdefault(sale_id, (recorder.calls, recorder.steps))
            record = await original(journal, sale_id, state, **kwargs)
            if before.state is not record.state:
                recorder.passages.append(
                    Passage(
                        sale_id,
                        before.state,
                        record.state,
                        str(kwargs.get("event", "")),
                        recorder.calls,
                        recorder.steps,
                        by_engine,
                    )
                )
                waiting, recorder._waiting = recorder._waiting, []
                for waiter in waiting:
                    if not waiter.done():
                        waiter.set_result(None)
            return record

        return transition

    def _begin_sale(self, original: Any) -> Any:
        recorder = self

        @functools.wraps(original)
        async def begin_sale(journal: Journal, sale_id: str, *args: Any, **kwargs: Any) -> Any:
            record = await original(journal, sale_id, *args, **kwargs)
            recorder._starts[sale_id] = (recorder.calls, recorder.steps)
            return record

        return begin_sale

    def _send(self, original: Any) -> Any:
        recorder = self

        @functools.wraps(original)
        async def send(client: httpx.AsyncClient, *args: Any, **kwargs: Any) -> Any:
            recorder.calls += 1
            return await original(client, *args, **kwargs)

        return send

    def _step(self, original: Any) -> Any:
        recorder = self

        @functools.wraps(original)
        def step(owner: Any, *args: Any, **kwargs: Any) -> Any:
            recorder.steps += 1
            return original(owner, *args, **kwargs)

        return step


def describe(edges: set[Edge]) -> list[str]:
    """``source → target`` lines, in the table's order."""
    order = {state: index for index, state in enumerate(SaleState)}
    return [
        f"{source.value} → {target.value}"
        for source, target in sorted(edges, key=lambda e: (order[e[0]], order[e[1]]))
    ]


# ---------------------------------------------------------------------- as a pytest plugin

_RUN = EdgeRecorder()
_RUN_KEY = pytest.StashKey[Any]()


def pytest_configure(config: pytest.Config) -> None:
    context = _RUN.installed()
    context.__enter__()
    config.stash[_RUN_KEY] = context


def pytest_unconfigure(config: pytest.Config) -> None:
    context = config.stash.get(_RUN_KEY, None)
    if context is not None:
        context.__exit__(None, None, None)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    fired = _RUN.fired
    table = table_edges()
    write = terminalreporter.write_line
    terminalreporter.section("sale edges")
    write(f"{len(set(fired) & table)} of the table's {len(table)} edges fired")
    for line in describe(_RUN.never_fired()):
        write(f"never fired: {line}")
    for passage in _RUN.hops():
        write(f"hop: {passage.source.value} → {passage.target.value} ({passage.event})")


__all__ = ["EdgeRecorder", "Passage", "describe", "table_edges"]

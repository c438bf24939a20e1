"""A card reader whose next answers a test writes: what a driver may report and the sandbox's
simulated Stripe reader never does (a success of another amount, a card cancelled while it was
authorising, a watch that goes quiet mid-authorisation).

``ScriptedReader`` sits on the engine's own driver object: a call with an answer scripted for it
gets that answer (counted through ``heard``, as the outside call it stands for); every other
call goes to the real reader. A scripted watch gives its next reading only once the engine
journalled what it made of the last one (``journalled``), as a reader polled in turn would.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from typing import Any

from kiosk.payments.terminal import (
    PaymentTerminal,
    TerminalAttempt,
    TerminalMismatch,
    TerminalReading,
    TerminalStatus,
    TerminalUnknownOutcome,
)

# An answer: the reading for an attempt, an error to raise, or ARMED (the hand-off succeeds
# without reaching the real reader, which stays idle).
Answer = Callable[[TerminalAttempt], TerminalReading | Exception | None]

OPERATIONS = ("start", "cancel", "read_back", "watch")
PACE_LIMIT_S = 5.0  # a scripted watch waits at most this long for the engine to journal a reading


def reading(status: TerminalStatus) -> Answer:
    """The reader reports ``status`` for the attempt (an approval carries its amount)."""

    def answer(attempt: TerminalAttempt) -> TerminalReading:
        if status is TerminalStatus.APPROVED:
            return TerminalReading(
                status, attempt.intent_id, attempt.amount, reference=attempt.intent_id
            )
        return TerminalReading(status, attempt.intent_id)

    return answer


def mismatch(attempt: TerminalAttempt) -> Exception:
    """The processor reports a success that is not this attempt's."""
    return TerminalMismatch("amount_mismatch", f"{attempt.intent_id} took another amount")


def lost(attempt: TerminalAttempt) -> Exception:
    """No answer: whether the call took effect is unknown."""
    return TerminalUnknownOutcome("read_back", "connection dropped")


def armed(attempt: TerminalAttempt) -> None:
    """The hand-off is acknowledged (the real reader is never armed)."""
    del attempt


class ScriptedReader:
    """Scripts the next answers of one driver object's calls."""

    def __init__(
        self,
        terminal: PaymentTerminal,
        heard: Callable[[], None],
        journalled: Callable[[], asyncio.Future[None]],
    ) -> None:
        self._terminal: Any = terminal
        self._heard = heard
        self._journalled = journalled
        self._script: dict[str, deque[Answer]] = {name: deque() for name in OPERATIONS}

    def next(self, operation: str, *answers: Answer) -> None:
        """The next calls of ``operation`` get ``answers``, in order (a watch yields them all)."""
        self._script[operation].extend(answers)

    @contextmanager
    def installed(self) -> Iterator[ScriptedReader]:
        terminal = self._terminal
        real = {name: getattr(terminal, name) for name in OPERATIONS}
        terminal.start = self._answering("start", real["start"])
        terminal.cancel = self._answering("cancel", real["cancel"])
        terminal.read_back = self._answering("read_back", real["read_back"])
        terminal.watch = self._watching(real["watch"])
        try:
            yield self
        finally:
            for name in OPERATIONS:
                delattr(terminal, name)

    def _answer(self, operation: str, attempt: TerminalAttempt) -> TerminalReading | None:
        self._heard()
        outcome = self._script[operation].popleft()(attempt)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def _answering(self, operation: str, real: Any) -> Any:
        async def call(attempt: TerminalAttempt) -> Any:
            if self._script[operation]:
                return self._answer(operation, attempt)
            return await real(attempt)

        return call

    def _watching(self, real: Any) -> Any:
        async def watch(attempt: TerminalAttempt) -> AsyncIterator[TerminalReading]:
            if not self._script["watch"]:
                async for item in real(attempt):
                    yield item
                return
            while self._script["watch"]:
                item = self._answer("watch", attempt)
                if item is not None:
                    journalled = self._journalled()
                    yield item
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(journalled, PACE_LIMIT_S)

        return watch

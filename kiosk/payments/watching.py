"""The watch every reader driver runs over an attempt: read where it stands, tell each new
status once, and end when the attempt no longer waits on the guest — or at the watch's deadline.

The drivers differ only in how they read (Stripe: the intent and the reader's action; Adyen: the
open request's answer, else a status request), in how they wait between reads (a pause; or the
open request itself, which answers the moment the terminal has a result), and in which statuses
still wait on the guest. Reads are safe to repeat, so a blip does not end the watch; a long
silence does, so the guest reads "checking your payment" rather than "tap your card" while the
processor cannot be reached (the engine then reads back with its own bound).
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Collection

from kiosk.payments.terminal import TerminalReading, TerminalStatus, TerminalUnknownOutcome

log = logging.getLogger("kiosk.payments")


async def watch_readings(
    read: Callable[[], Awaitable[TerminalReading]],
    *,
    waiting: Collection[TerminalStatus],
    pause: Callable[[float], Awaitable[object]],
    deadline_s: float,
    silence_limit_s: float,
    intent_id: str,
) -> AsyncIterator[TerminalReading]:
    """Yield each new reading of ``read()`` while its status is one of ``waiting``.

    ``pause(seconds_left)`` runs between reads (``seconds_left``: until the watch's deadline).
    A read that cannot tell (``TerminalUnknownOutcome``) is tried again at the next turn, unless
    nothing was heard for ``silence_limit_s`` or the deadline passed: then it is raised.
    """
    deadline = time.monotonic() + deadline_s
    heard = time.monotonic()
    last: TerminalStatus | None = None
    while True:
        try:
            reading = await read()
        except TerminalUnknownOutcome:
            now = time.monotonic()
            if now >= deadline or now - heard >= silence_limit_s:
                raise
        else:
            heard = time.monotonic()
            if reading.status is not last:
                last = reading.status
                yield reading
            if reading.status not in waiting:
                return
            if time.monotonic() >= deadline:
                log.info("watch of %s ended at its deadline (%s)", intent_id, last)
                return
        await pause(max(0.0, deadline - time.monotonic()))

"""The organisation's token bucket: N calls a minute shared by every caller, burst N."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

WINDOW_S = 60.0


class TokenBucket:
    """Refills continuously at ``per_minute / 60`` tokens a second up to ``per_minute``."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.per_minute = per_minute
        self._tokens = float(per_minute)
        self._at = clock()

    def refill(self, per_minute: int) -> None:
        """Start again full, at a new rate (settings changed)."""
        self.per_minute = per_minute
        self._tokens = float(per_minute)
        self._at = self._clock()

    def _update(self) -> None:
        now = self._clock()
        rate = self.per_minute / WINDOW_S
        self._tokens = min(float(self.per_minute), self._tokens + (now - self._at) * rate)
        self._at = now

    def take(self) -> bool:
        """Spend one token; False (and nothing spent) when the bucket is empty."""
        self._update()
        if self._tokens >= 1:
            self._tokens -= 1
            return True
        return False

    @property
    def remaining(self) -> int:
        self._update()
        return int(self._tokens)

    def seconds_until_token(self) -> int:
        """Whole seconds until one more token is back (0 when the bucket is full)."""
        self._update()
        if self._tokens >= self.per_minute:
            return 0
        missing = 1 - (self._tokens - int(self._tokens))
        return max(1, math.ceil(missing * WINDOW_S / self.per_minute))

    def retry_after(self) -> int:
        """Seconds a throttled caller should wait: at least 1."""
        self._update()
        missing = max(0.0, 1 - self._tokens)
        return max(1, math.ceil(missing * WINDOW_S / self.per_minute))

    def headers(self) -> dict[str, str]:
        """The rate-limit headers Zenoti puts on every response."""
        n = self.per_minute
        return {
            "Organization-RateLimit-Limit": f"{n};w={int(WINDOW_S)};b={n}",
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.seconds_until_token()),
        }

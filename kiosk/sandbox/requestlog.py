"""The log of calls to the product's routes, for tests to count and inspect."""

from __future__ import annotations

from collections import deque
from dataclasses import asdict, dataclass
from typing import Any

MAX_ENTRIES = 10_000  # a long chaos run must not grow the sandbox without bound


@dataclass(frozen=True)
class LoggedRequest:
    """One call as the sandbox saw it; ``status`` is None when the connection was dropped."""

    seq: int
    method: str
    path: str
    query: str
    status: int | None
    time: str
    duration_ms: float
    fault: str | None


class RequestLog:
    """The newest :data:`MAX_ENTRIES` calls, numbered from 1 since the last clear."""

    def __init__(self) -> None:
        self._entries: deque[LoggedRequest] = deque(maxlen=MAX_ENTRIES)
        self._seq = 0

    def next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def add(self, entry: LoggedRequest) -> None:
        self._entries.append(entry)

    def clear(self) -> None:
        self._entries.clear()
        self._seq = 0

    def to_json(self) -> list[dict[str, Any]]:
        return [asdict(e) for e in sorted(self._entries, key=lambda e: e.seq)]

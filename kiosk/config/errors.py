"""What is wrong with a configuration, said so that whoever installs the kiosk can fix it.

A wrong value stops start-up with one line per problem — the key, what is wrong, how to fix it —
and never a traceback: the person reading it edits a file, not Python.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One wrong or missing key: ``key`` as written in the file (``zenoti.center_id``)."""

    key: str
    what: str  # what is wrong ("expected a Zenoti center id (a UUID), got "abc"")
    fix: str  # how to fix it ("set [zenoti] center_id in /etc/kiosk.toml or KIOSK_...")

    def line(self) -> str:
        return f"configuration error: {self.key}: {self.what} — {self.fix}"


class ConfigError(Exception):
    """The configuration cannot be used; ``str()`` is one line per problem."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(problem.line() for problem in self.problems))

    def __str__(self) -> str:
        return "\n".join(problem.line() for problem in self.problems)

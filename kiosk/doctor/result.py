"""One check's outcome, and how it reads on the terminal."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Verdict(enum.Enum):
    """PASS and FAIL are verified; INFO is what the doctor cannot verify, said plainly."""

    PASS = "PASS"  # noqa: S105 — a verdict, not a password
    FAIL = "FAIL"
    INFO = "INFO"


@dataclass(frozen=True, slots=True)
class Check:
    """``name``: what was checked; ``detail``: what was found; ``fix``: what to do on a FAIL."""

    name: str
    verdict: Verdict
    detail: str
    fix: str = ""

    @classmethod
    def passed(cls, name: str, detail: str) -> Check:
        return cls(name, Verdict.PASS, detail)

    @classmethod
    def failed(cls, name: str, detail: str, fix: str) -> Check:
        return cls(name, Verdict.FAIL, detail, fix)

    @classmethod
    def info(cls, name: str, detail: str) -> Check:
        return cls(name, Verdict.INFO, detail)

    @property
    def ok(self) -> bool:
        """Only a FAIL fails the doctor: INFO is a limit of what can be checked, not a fault."""
        return self.verdict is not Verdict.FAIL

    def line(self) -> str:
        text = f"{self.verdict.value:<5} {self.name}: {self.detail}"
        return f"{text} — fix: {self.fix}" if self.verdict is Verdict.FAIL else text

"""Measuring for the benchmarks: medians, percentiles, memory of a process, and the results table.

Every figure is a ratio or a count against a baseline measured in the same run: the machine is
shared and noisy, so an absolute time compared to a constant would say more about the neighbours
than about the kiosk.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], pct: float) -> float:
    """The ``pct`` percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def pss_kb(pid: int) -> int:
    """Proportional set size of one process (shared pages split fairly between processes)."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


def rss_kb(pid: int | None = None) -> int:
    """Resident set size of a process (this one by default)."""
    status = Path(f"/proc/{pid or os.getpid()}/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmRSS:")).split()[1])


def process_tree(root: int) -> list[int]:
    """``root`` and every process below it."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(entry.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(parents.get(pid, []))
    return tree


def open_sockets() -> int:
    """How many sockets this process holds open."""
    count = 0
    for fd in Path("/proc/self/fd").iterdir():
        try:
            count += os.readlink(fd).startswith("socket:")
        except OSError:
            continue
    return count


@dataclass(frozen=True)
class Figure:
    """One row of the table: what was measured, against what, and whether it met its target."""

    name: str
    baseline: str
    measured: str
    result: str  # the ratio or count the target is about
    target: str
    met: bool | None  # None: reported, no target
    note: str = ""


def write_table(path: Path, figures: list[Figure], context: dict[str, str], notes: str) -> None:
    """docs/benchmarks.md: the context of the run, the table, and what the misses mean."""
    rows = [
        "| figure | baseline (same run) | measured | ratio / count | target | met? |",
        "|---|---|---|---|---|---|",
    ]
    for f in figures:
        met = "—" if f.met is None else ("yes" if f.met else "**no**")
        rows.append(f"| {f.name} | {f.baseline} | {f.measured} | {f.result} | {f.target} | {met} |")
    lines = [
        "# Benchmarks",
        "",
        "Produced by `scripts/bench` (tests/benchmarks/); do not edit by hand. Every figure is a "
        "ratio or a count against a baseline measured in the same run.",
        "",
        *[f"- {key}: {value}" for key, value in context.items()],
        "",
        *rows,
        "",
        *[f"- **{f.name}**: {f.note}" for f in figures if f.note],
        "",
        notes.strip(),
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")


def run_context() -> dict[str, str]:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    changed = subprocess.run(
        # The table itself is left out: a run over an earlier run's uncommitted table measured
        # the committed code all the same.
        ["git", "status", "--porcelain", "--untracked-files=no", "--", ".", ":!docs/benchmarks.md"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    if commit and changed:
        commit += " with uncommitted changes"
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit or "unknown",
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}",
        "python": platform.python_version(),
        "display": os.environ.get("QT_QPA_PLATFORM", "default"),
    }

"""Run every benchmark in one process and write docs/benchmarks.md (``scripts/bench``).

``--quick`` runs fewer sales and starts (to try the suite); the committed table says which.
``--only 5`` (or ``--only 1,5``) measures just those figures and prints their rows without
writing the table, which stays a record of whole runs.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk.app import run_on_qt
from kiosk.simulation.runner import SimulationOptions, run_simulation
from tests.benchmarks import in_window, startup
from tests.benchmarks.harness import (
    Figure,
    median,
    percentile,
    rss_kb,
    run_context,
    write_table,
)

LATENCY_MS = 100
RECIPE_CALLS = 9  # the documented Zenoti recipe for one returning guest's sale


def _mb(kb: float) -> str:
    return f"{kb / 1024:.1f} MB"


async def _headless_memory(warmup: int, sales: int) -> dict[str, int]:
    quiet = SimulationOptions(sales=warmup, seed=1)
    await run_simulation(quiet)
    gc.collect()
    before = rss_kb()
    await run_simulation(SimulationOptions(sales=sales, seed=2))
    gc.collect()
    return {"before": before, "after": rss_kb()}


async def measure(args: argparse.Namespace) -> list[Figure]:
    figures: list[Figure] = []
    for number, section in SECTIONS:
        if args.only is None or number in args.only:
            figures += await section(args)
    return figures


_memo: dict[str, Any] = {}  # runs that a later figure compares against, measured once


def _cold_starts(args: argparse.Namespace) -> tuple[list[float], list[float]]:
    if "starts" not in _memo:
        sandbox = in_window.sandbox_with("--no-rate-limit")
        try:
            _memo["starts"] = startup.cold_starts(sandbox.base_url, args.starts)
        finally:
            sandbox.stop()
    starts: tuple[list[float], list[float]] = _memo["starts"]
    return starts


async def _ui_memory(args: argparse.Namespace) -> dict[str, Any]:
    if "ui" not in _memo:
        _memo["ui"] = await in_window.ui_memory(args.warmup, args.ui_sales)
    ui: dict[str, Any] = _memo["ui"]
    return ui


async def cold_start(args: argparse.Namespace) -> list[Figure]:
    kiosk_s, bare_s = _cold_starts(args)
    ratio = median(kiosk_s) / median(bare_s)
    return [Figure(
        "1. cold start to attract painted, catalogue loaded",
        f"bare label window {median(bare_s):.2f} s", f"{median(kiosk_s):.2f} s",
        f"{ratio:.2f}×", "≤ 1.5×", ratio <= 1.5,
        f"median of {args.starts} alternating starts each, offscreen, sandbox already running. "
        "The kiosk's start includes importing httpx, qasync and its screens, opening the journal, "
        "recovery, and the catalogue over HTTP.",
    )]  # fmt: skip


async def ui_memory(args: argparse.Namespace) -> list[Figure]:
    ui = await _ui_memory(args)
    ui_growth = ui["after"]["rss_kb"] - ui["before"]["rss_kb"]
    return [Figure(
        f"6. memory growth over {args.ui_sales} UI sales",
        f"after {args.warmup} warm-up sales {_mb(ui['before']['rss_kb'])}",
        _mb(ui["after"]["rss_kb"]), f"+{_mb(ui_growth)}", "≤ 5 MB", ui_growth <= 5 * 1024,
        "widgets {before[widgets]}→{after[widgets]}, asyncio tasks {before[tasks]}→"
        "{after[tasks]}, sockets {before[sockets]}→{after[sockets]}; {done} of {n} sales "
        "completed.".format(**ui, done=ui["summary"]["completed"], n=args.ui_sales),
    ), Figure(
        "6. resident memory after start (this process)", "—", _mb(ui["start"]["rss_kb"]),
        "—", "—", None,
    )]  # fmt: skip


async def responsiveness(args: argparse.Namespace) -> list[Figure]:
    figures: list[Figure] = []
    sale = await in_window.responsiveness_and_overhead(LATENCY_MS, args.timed_sales)
    worst = "; ".join(
        f"{ms:.0f} ms "
        + (f"{after:.0f} ms after entering {screen}" if after else f"going to {screen}")
        for ms, screen, after in sale["worst"]
    )
    figures.append(Figure(
        "2. event-loop stall during UI sales, max",
        "one frame at 60 Hz", f"{sale['max_ms']:.1f} ms",
        f"{sale['max_ms'] / 16:.2f} frames", "≤ 16 ms", sale["max_ms"] <= 16,
        f"{len(sale['stalls_ms'])} ticks of a 1 ms timer on the Qt thread over "
        f"{args.timed_sales} scripted sales ({sale['summary']['completed']} completed). "
        f"Longest: {worst}.",
    ))  # fmt: skip
    figures.append(Figure(
        "2. event-loop stall during UI sales, p99", "one frame at 60 Hz",
        f"{sale['p99_ms']:.1f} ms", f"{sale['p99_ms'] / 16:.2f} frames", "≤ 16 ms",
        sale["p99_ms"] <= 16,
    ))  # fmt: skip
    overhead = sale["overhead_ms_per_sale"]
    figures.append(Figure(
        "3. kiosk time per sale beyond the network",
        f"{sale['calls'] / args.timed_sales:.1f} calls × {LATENCY_MS} ms a sale",
        f"{sale['summary']['seconds_per_sale']:.2f} s a sale", f"{overhead:.0f} ms",
        "≤ 100 ms", overhead <= 100,
        "(sale time − product calls × latency) ÷ sales, the same scripted sales as figure 2. The "
        "scripted guest looks again after every frame the kiosk paints (at the latest every "
        "20 ms), so its own pace is at most a frame per step; fades never hold a tap back, so "
        "there is no animation time to subtract (their painting is the kiosk's work and counts). "
        "Still included: the reader watch's deliberate 0.5 s pause between status reads "
        "(the sale waits for the next read after the card is tapped).",
    ))  # fmt: skip

    return figures


async def calls(args: argparse.Namespace) -> list[Figure]:
    figures: list[Figure] = []
    counts = await in_window.calls_per_sale()
    for kind, count in counts.items():
        target = f"≤ 6 (recipe {RECIPE_CALLS})" if kind == "returning guest" else "—"
        met = count <= 6 if kind == "returning guest" else None
        figures.append(Figure(
            f"4. Zenoti calls, one sale, {kind}", f"documented recipe {RECIPE_CALLS}",
            f"{count} calls", f"{count}", target, met,
        ))  # fmt: skip

    return figures


async def catalogue_at_scale(args: argparse.Namespace) -> list[Figure]:
    figures: list[Figure] = []
    for profile in ("kiosk", "tablet"):
        small = await in_window.catalogue_scale(10, profile)
        large = await in_window.catalogue_scale(1000, profile)
        ratio = median(large["first_paint_s"]) / median(small["first_paint_s"])
        again = median(large["again_paint_s"]) / median(small["again_paint_s"])
        frame_max = max(large["frames_ms"])
        figures.append(Figure(
            f"5. catalogue first paint, 1,000 memberships ({profile})",
            f"10 memberships {median(small['first_paint_s']) * 1000:.0f} ms",
            f"{median(large['first_paint_s']) * 1000:.0f} ms", f"{ratio:.2f}×", "≤ 2×",
            ratio <= 2,
            f"from the tap on attract to the first paint showing cards, in a new window (median "
            f"of {len(large['first_paint_s'])}); the next guest's visit "
            f"{median(large['again_paint_s']) * 1000:.0f} ms against "
            f"{median(small['again_paint_s']) * 1000:.0f} ms ({again:.2f}×). "
            f"{large['cards']} cards on hand.",
        ))  # fmt: skip
        figures.append(Figure(
            f"5. scroll frame, 1,000 memberships, max / p99 ({profile})",
            f"10 memberships max {max(small['frames_ms'] or [0]):.1f} ms",
            f"{frame_max:.1f} / {percentile(large['frames_ms'], 99):.1f} ms",
            f"{frame_max / 16:.2f} frames", "≤ 16 ms", frame_max <= 16,
            f"{len(large['frames_ms'])} scroll steps 40 px apart, each timed from moving the "
            "scroll bar to the end of the repaint it causes.",
        ))  # fmt: skip
    return figures


async def headless_memory(args: argparse.Namespace) -> list[Figure]:
    figures: list[Figure] = []
    headless = await _headless_memory(args.warmup, args.engine_sales)
    growth = headless["after"] - headless["before"]
    figures.append(Figure(
        f"6. memory growth over {args.engine_sales} headless engine sales",
        f"after {args.warmup} warm-up sales {_mb(headless['before'])}",
        _mb(headless["after"]), f"+{_mb(growth)}", "≤ 5 MB", growth <= 5 * 1024,
    ))  # fmt: skip
    return figures


async def browser(args: argparse.Namespace) -> list[Figure]:
    figures: list[Figure] = []
    kiosk_s, _ = _cold_starts(args)
    ui = await _ui_memory(args)
    if startup.chromium_available():
        browser_s = startup.browser_start(args.starts)
        browser_kb = startup.browser_memory_kb()
        bare_kb = startup.bare_window_memory_kb()
        figures.append(Figure(
            "7. browser kiosk (headless Chromium) start, local 10-card page",
            f"native kiosk {median(kiosk_s):.2f} s", f"{median(browser_s):.2f} s",
            f"{median(browser_s) / median(kiosk_s):.2f}× the native kiosk", "—", None,
            "Chromium's time to load, render and dump the page; the native figure also "
            "fetches the catalogue from the sandbox.",
        ))  # fmt: skip
        figures.append(Figure(
            "7. browser kiosk memory (whole process tree, PSS)",
            f"native kiosk {_mb(ui['start']['rss_kb'])} RSS; bare window {_mb(bare_kb)} PSS",
            _mb(browser_kb), f"{browser_kb / ui['start']['rss_kb']:.2f}× the native kiosk",
            "—", None,
        ))  # fmt: skip
    return figures


SECTIONS = (
    (1, cold_start),
    (6, ui_memory),
    (2, responsiveness),
    (4, calls),
    (5, catalogue_at_scale),
    (6, headless_memory),
    (7, browser),
)

NOTES = """
## What the misses mean, and the plan

A full run (`scripts/bench`) on a shared two-core machine that other work was using at the same
time: timings are noisy, which is why every figure is against a baseline from the same run. Where a
row says **no**, the figure is what was measured; nothing was tuned to pass. Causes below come from
profiles (a sampling profiler with native frames, and a sampler of the Qt thread's stack while a
tick was late), not from guesses.

Fixed after profiling (each a commit of its own): three application-wide Python event filters (idle
reset, staff auto-lock, corner gesture) ran for every event of every widget, inside every paint;
now one filter that stops at non-input events. Full garbage collections (20-45 ms each) now walk
only what was made after start-up (`gc.freeze()`, about 2 ms). Each HTTP client loaded the CA
bundle (30-40 ms each at start); they share one context. QR codes (7-15 ms each, two on the
receipt) are made in a worker thread, and `qrcode` is no longer imported at start.

- **Cold start**: what remains, from a profile of the start: about half a second of imports
  (httpx, which also pulls in its command line's libraries when they are installed; the engine;
  every screen), building every screen and applying the stylesheet to the whole application
  (about 0.25 s), recovery, then the catalogue over HTTP. The benchmark starts `kiosk autopilot`,
  which also hashes the sandbox's staff PIN (scrypt, about 60 ms) and calls the sandbox's
  controls. Plan: build the screens other than attract and the catalogue on first navigation,
  load the catalogue while recovery runs, import httpx's client without its command line.
- **Event-loop stalls**: p99 is within a frame; the longest stalls are screen changes (the note
  of the row names them; in the committed run all five are going to the membership page):
  building that page anew on every visit, and the first paint of a full 1080×1920 screen while
  the fade's opacity effect is on (every repaint during the 140 ms fade, a key press included,
  renders the whole screen offscreen again; with fades switched off in a profiling run p99 fell
  from about 14 ms to about 5 ms). Plan: keep built pages (one membership page per membership,
  rebuilt on a language or layout change only), a fade that paints a snapshot instead of
  re-rendering the screen, skip the membership page's rebuild on reset.
- **Time beyond the network**: it is now the kiosk's pace (the guest looks again at every painted
  frame). What remains: the reader watch reads the payment's status every 0.5 s, so the sale
  learns of an approved card up to half a second after the tap (a quarter of a second on average);
  the screen changes' building and painting (figure 2, about ten a sale); and the guest's key
  taps, each a press and release painted synchronously. Plan: read the reader more often while a
  card is awaited, then the page and fade work above, and time the engine's sale alone as a
  second baseline.
- **1,000 memberships**: the catalogue creates cards only for the rows near the view, so its
  first paint no longer grows with the catalogue. Scroll frames are within a frame at p99 but not
  at the max (a few steps on a busy machine); not profiled in this round.
- **Memory**: widgets, asyncio tasks and sockets do not grow across sales. Resident memory grows
  slowly (about 1 MB over 60 UI sales, about 11 MB over 200 in this process), which is not a
  leak of widgets or tasks, nor of the garbage collector's new policy (the old one grows the same
  over 200 sales); not yet explained (the journal's SQLite page cache and the allocator's
  fragmentation are the suspects). Plan: tracemalloc snapshots between sale 100 and
  sale 200. The in-process figures are the benchmark process's own (the kiosk plus the harness).
"""


def _figures(text: str) -> set[int]:
    return {int(number) for number in text.split(",")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/bench")
    parser.add_argument("--quick", action="store_true", help="fewer sales and starts")
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    parser.add_argument(
        "--only", type=_figures, help="just these figures (e.g. 5 or 1,5); prints, writes nothing"
    )
    args = parser.parse_args(argv)
    args.starts = 3 if args.quick else 7
    args.timed_sales = 3 if args.quick else 10
    args.warmup = 5 if args.quick else 20
    args.engine_sales = 100 if args.quick else 1000
    args.ui_sales = 20 if args.quick else 200
    figures = run_on_qt(lambda: measure(args))
    context = run_context()
    context["scale"] = (
        f"{args.engine_sales} engine sales, {args.ui_sales} UI sales, {args.starts} starts"
        + (" (quick run)" if args.quick else "")
    )
    if args.only is None:
        write_table(args.out, figures, context, NOTES)
        print(args.out.read_text())
    else:
        with tempfile.TemporaryDirectory() as scratch:
            partial = Path(scratch) / "benchmarks.md"
            write_table(partial, figures, context, "")
            print(partial.read_text())
    return 0 if all(f.met is not False for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())

"""Where a cold start's time goes: the autopilot's start (``kiosk autopilot --sales 0``, as
figure 1 times it), with the wall-clock time of each step written to a file.

Run as ``python -m tests.benchmarks.start_phases SANDBOX_URL OUT`` with ``KIOSK_SPAWNED_AT`` set
to the wall-clock time the parent spawned it. The steps are marked by wrapping the kiosk's own
functions from outside; the kiosk is not changed for it. Qt and the libraries are imported first,
then the kiosk's modules, so that the two can be told apart: the same modules, in another order.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import os
import sys
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

STEPS = (
    ("python", "Python itself"),
    ("libraries", "Qt and the libraries (the lower bound's)"),
    ("modules", "the kiosk's own modules"),
    ("engine", "the sandbox's controls, configuration and the engine with its journal"),
    ("recovered", "recovery of unfinished sales"),
    ("attract", "the window, the sale flow and attract made"),
    ("shown", "the window shown, attract's first turn"),
    ("catalogue", "the catalogue's request, while attract paints"),
    ("ready", "the paint with the catalogue"),
)


def main(argv: list[str]) -> int:
    sandbox_url, out = argv[0], Path(argv[1])
    marks: dict[str, float] = {"spawned": float(os.environ["KIOSK_SPAWNED_AT"])}

    def mark(step: str) -> None:
        marks.setdefault(step, time.time())

    mark("python")
    # PySide builds the Python enums of a Qt class with enum's functional API when the class is
    # first used, naming no module (it sets it afterwards); the kiosk's own enums are class
    # statements, and the standard library's converted ones name their module.
    qt_enums = _count_calls(enum.EnumType, "_create_", lambda kwargs: kwargs.get("module") is None)
    # Under Python 3.11 each generated method of a data class is compiled apart.
    data_classes = _count_calls(dataclasses, "_process_class")
    from tests.benchmarks.bare_window import import_libraries  # imports Qt: after the mark

    import_libraries()
    import PySide6.QtWidgets  # noqa: F401  (the bare window's own import)

    mark("libraries")
    import kiosk.commands.autopilot  # noqa: F401  (the modules the command's start imports)
    from kiosk import app, cli
    from kiosk.ui import first_paint
    from kiosk.ui.flow import SaleFlow
    from kiosk.ui.window import KioskWindow

    mark("modules")
    opened = app.open_engine

    @asynccontextmanager
    async def open_engine(*args: Any, **kwargs: Any) -> AsyncIterator[Any]:
        async with opened(*args, **kwargs) as engine:
            mark("engine")
            recover = engine.recover

            async def recovered() -> Any:
                report = await recover()
                mark("recovered")
                return report

            engine.recover = recovered
            yield engine

    app.open_engine = open_engine  # type: ignore[assignment]
    _after(KioskWindow, "start", lambda: mark("attract"))
    catalogue = SaleFlow.catalogue

    async def timed_catalogue(self: SaleFlow) -> Any:
        mark("shown")
        answer = await catalogue(self)
        mark("catalogue")
        return answer

    SaleFlow.catalogue = timed_catalogue  # type: ignore[method-assign]
    write = first_paint.write_ready_file
    first_paint.write_ready_file = lambda path: (mark("ready"), write(path))[1]
    cli.main(["autopilot", "--sales", "0", "--sandbox-url", sandbox_url])
    marks["qt_enums"], marks["qt_enums_s"] = qt_enums
    marks["data_classes"], marks["data_classes_s"] = data_classes
    out.write_text(json.dumps(marks), encoding="utf-8")
    return 0


def _count_calls(
    owner: Any, name: str, counted_if: Callable[[dict[str, Any]], bool] | None = None
) -> list[float]:
    """[how many, seconds] of the calls of ``owner.name`` from now on (only those whose keyword
    arguments ``counted_if`` accepts, when given)."""
    counted = [0.0, 0.0]
    function = getattr(owner, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        answer = function(*args, **kwargs)
        if counted_if is None or counted_if(kwargs):
            counted[0] += 1
            counted[1] += time.perf_counter() - started
        return answer

    setattr(owner, name, timed)
    return counted


def _after(cls: type, name: str, then: Callable[[], None]) -> None:
    method = getattr(cls, name)

    def wrapped(self: Any, *args: Any, **kwargs: Any) -> Any:
        answer = method(self, *args, **kwargs)
        then()
        return answer

    setattr(cls, name, wrapped)


def durations(marks: dict[str, float]) -> dict[str, float]:
    """Seconds each step took, from one start's marks."""
    previous = marks["spawned"]
    taken: dict[str, float] = {}
    for step, _ in STEPS:
        taken[step] = marks[step] - previous
        previous = marks[step]
    return taken


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

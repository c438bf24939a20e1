"""The ``[printer]`` section: the receipt printer, if the kiosk has one.

No ``printer.*`` key at all leaves the default: no printer on a configured kiosk, the sandbox's
printer on a kiosk running on its sandbox.
"""

from __future__ import annotations

from typing import Any

from kiosk.config.errors import Problem
from kiosk.config.file import Sources
from kiosk.printing.settings import PrinterSettings

NEEDS = {"network": "printer.host", "usb": "printer.device"}


def printer_settings(
    parsed: dict[str, Any], sources: Sources, problems: list[Problem]
) -> PrinterSettings | None:
    """The configured printer, or None when ``[printer]`` names nothing (or is wrong)."""
    given = [dotted for dotted in sources.values if dotted.startswith("printer.")]
    if not given:
        return None
    if any(dotted not in parsed for dotted in given):
        return None  # each wrong value is a problem of its own already
    options = {d.partition(".")[2]: v for d, v in parsed.items() if d.startswith("printer.")}
    kind = options.setdefault("kind", "network" if "host" in options else "none")
    needed = NEEDS.get(kind)
    if needed is not None and needed not in parsed:
        problems.append(Problem(needed, f"missing (printer.kind is {kind})", sources.fix(needed)))
        return None
    return PrinterSettings(**options)

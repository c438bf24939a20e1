"""The ``[fleet]`` section: a kiosk of a chain, sharing Redis with the others.

No ``fleet.*`` key at all means a kiosk on its own (``KioskConfig.fleet`` is None), exactly as
before the fleet existed.
"""

from __future__ import annotations

import re
import socket
from typing import Any

from kiosk.config.errors import Problem
from kiosk.config.file import Sources
from kiosk.fleet.settings import FleetSettings


def default_name() -> str:
    """The machine's host name, as far as it makes a kiosk name."""
    return re.sub(r"[^A-Za-z0-9._-]", "-", socket.gethostname())[:40].strip("-.") or "kiosk"


def fleet_settings(
    parsed: dict[str, Any], sources: Sources, problems: list[Problem]
) -> FleetSettings | None:
    """The fleet this kiosk joins, or None when ``[fleet]`` names nothing (or is wrong)."""
    if not any(dotted.startswith("fleet.") for dotted in sources.values):
        return None
    if "fleet.redis_url" not in sources.values:
        problems.append(Problem("fleet.redis_url", "missing", sources.fix("fleet.redis_url")))
        return None
    if any(d.startswith("fleet.") and d not in parsed for d in sources.values):
        return None  # each wrong value is a problem of its own already
    options = {d.partition(".")[2]: v for d, v in parsed.items() if d.startswith("fleet.")}
    options.setdefault("kiosk_name", default_name())
    return FleetSettings(**options)

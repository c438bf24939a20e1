"""The business the kiosk sells for, as the guest sees it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Brand:
    """Name, colour, headline and logo from the configuration."""

    name: str = "Lumen Wellness"
    colour: str = "#2f6f62"
    headline: str = "Feel better, every month"
    logo: Path | None = None

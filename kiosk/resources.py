"""Where the kiosk's bundled files (theme, fonts, icons, translations, sandbox seed) live.

In a checkout they sit in the top-level ``resources/``; an installed wheel carries them as
``kiosk/resources``. Code asks for them by name and never builds paths of its own.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def resource_dir() -> Path:
    """The folder that holds the bundled resources, installed or in a checkout."""
    installed = _PACKAGE_DIR / "resources"
    if installed.is_dir():
        return installed
    checkout = _PACKAGE_DIR.parent / "resources"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("the kiosk's resources folder is missing from this installation")


def resource(*parts: str) -> Path:
    """A bundled file or folder, e.g. ``resource("sandbox", "seed.json")``."""
    return resource_dir().joinpath(*parts)

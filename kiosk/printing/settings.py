"""``[printer]``: which receipt printer the kiosk has, and how it is reached."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PrinterKind = Literal["none", "network", "usb"]

# Dots across the printable width of the two common thermal rolls (203 dpi heads).
DOTS_ACROSS = {58: 384, 80: 576}
# Characters across in the printer's standard font (12 dots wide).
COLUMNS_ACROSS = {58: 32, 80: 48}


@dataclass(frozen=True, slots=True)
class PrinterSettings:
    """A receipt printer: none, one on the network (port 9100), or a USB one the OS exposes as a
    device file (``/dev/usb/lp0``). ``timeout`` bounds every wait on it, in seconds."""

    kind: PrinterKind = "none"
    host: str | None = None
    port: int = 9100
    device: str | None = None
    paper_width: int = 80  # millimetres: 80 or 58
    timeout: float = 5.0

    @property
    def configured(self) -> bool:
        return self.kind != "none"

    @property
    def dots(self) -> int:
        """The printable width in dots."""
        return DOTS_ACROSS[self.paper_width]

    @property
    def columns(self) -> int:
        """Characters per line in the standard font."""
        return COLUMNS_ACROSS[self.paper_width]

    @property
    def where(self) -> str:
        """Where the printer is, for a doctor's line or a log (no secret in it)."""
        if self.kind == "network":
            return f"{self.host}:{self.port}"
        if self.kind == "usb":
            return str(self.device)
        return "no printer"

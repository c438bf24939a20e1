"""The business the kiosk sells for, as the guest sees it: ``[brand]`` in the configuration.

One definition serves both sides: the configuration checks it (without Qt), the screens show it.
"""

from __future__ import annotations

from kiosk.config import BrandConfig as Brand

__all__ = ["Brand"]

"""A touchscreen kiosk that sells a business's Zenoti memberships."""

import sys
import types

__version__ = "0.1.0"
APP_NAME = "zenoti-membership-kiosk"

# httpx imports its own command line when it is imported, whenever the libraries that line needs
# happen to be installed (click, rich, pygments: about 40 ms of every start, before the first
# paint). The kiosk never runs it: an empty module in its place makes httpx's own fallback apply
# (``httpx.main`` then says to install httpx's command line), and nothing else changes.
sys.modules.setdefault("httpx._main", types.ModuleType("httpx._main"))

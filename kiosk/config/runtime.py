"""The configured world every entry point starts from: the configuration, and — when no Zenoti
is configured — the kiosk's own sandbox, started here and stopped on the way out.

``kiosk`` (the touch application), ``kiosk doctor`` and ``kiosk reconcile`` all enter
:func:`open_configuration`, so they see exactly the same business.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator, Mapping
from pathlib import Path

import platformdirs

from kiosk import APP_NAME
from kiosk.config import KioskConfig, config_from_sandbox
from kiosk.config.load import load_configuration
from kiosk.sandbox_process import SandboxKeeper, start_sandbox


def sandbox_data_dir() -> Path:
    """Where the sandbox keeps its database and the kiosk its sandbox journal."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "sandbox"


@contextlib.contextmanager
def open_configuration(
    config_path: Path | None, environ: Mapping[str, str] | None = None
) -> Iterator[KioskConfig]:
    """The configuration from ``config_path`` (else ``KIOSK_CONFIG``, else the platform's config
    folder) with ``KIOSK_*`` overrides; unconfigured, a sandbox of the kiosk's own.

    Raises :class:`kiosk.config.errors.ConfigError` before anything starts when a value is wrong.
    """
    loaded = load_configuration(config_path, environ)
    if loaded.live is not None:
        yield loaded.live
        return
    data = sandbox_data_dir()
    data.mkdir(parents=True, exist_ok=True)
    sandbox = start_sandbox(data / "sandbox.sqlite3")
    keeper = SandboxKeeper(sandbox)  # a sandbox that dies is started again, same address
    keeper.start()
    try:
        config = config_from_sandbox(
            sandbox.base_url, sandbox.info(), journal_path=data / "journal.sqlite3"
        )
        # The sandbox's staff member stays, so its documented PIN works; configured staff join.
        common = dict(loaded.common)
        common["staff"] = config.staff + common.get("staff", ())
        yield dataclasses.replace(config, **common)
    finally:
        keeper.stop()

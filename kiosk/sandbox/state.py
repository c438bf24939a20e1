"""Everything a running sandbox holds: the store, reference data, settings, bucket, faults, log."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from kiosk.sandbox.faults import FaultTable
from kiosk.sandbox.printer import SandboxPrinter
from kiosk.sandbox.ratelimit import TokenBucket
from kiosk.sandbox.reference import Reference
from kiosk.sandbox.requestlog import RequestLog
from kiosk.sandbox.settings import Settings
from kiosk.sandbox.store import Store


@dataclass
class SandboxState:
    """Shared by the middleware and every route module; one per process."""

    store: Store
    ref: Reference
    api_key: str
    startup_settings: Settings
    reseed: Callable[[], None]
    settings: Settings = field(init=False)
    bucket: TokenBucket = field(init=False)
    faults: FaultTable = field(default_factory=FaultTable)
    requests: RequestLog = field(default_factory=RequestLog)
    printer: SandboxPrinter | None = None  # the receipt printer, listening beside the HTTP port

    def __post_init__(self) -> None:
        self.settings = self.startup_settings
        self.bucket = TokenBucket(self.settings.rate_per_minute)

    def apply(self, settings: Settings) -> None:
        """Switch to new settings; a changed rate limit starts with a full bucket."""
        limit_changed = (settings.rate_limit_enabled, settings.rate_per_minute) != (
            self.settings.rate_limit_enabled,
            self.settings.rate_per_minute,
        )
        self.settings = settings
        if limit_changed:
            self.bucket.refill(settings.rate_per_minute)

    def reset(self) -> None:
        """Back to the seed and the start-up settings, with no faults and an empty log."""
        self.store.wipe()
        self.reseed()
        self.faults.clear()
        self.requests.clear()
        if self.printer is not None:
            self.printer.reset()
        self.settings = self.startup_settings
        self.bucket.refill(self.settings.rate_per_minute)

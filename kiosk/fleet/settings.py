"""What a kiosk needs to know to join its fleet (the ``[fleet]`` section of the configuration)."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass(frozen=True, slots=True)
class FleetSettings:
    """Where the fleet's Redis is, who this kiosk is, and how the shared work is paced."""

    redis_url: str  # redis://host:6379/0, or rediss:// for TLS
    kiosk_name: str
    redis_password: str | None = field(default=None, repr=False)
    namespace: str = "kiosk"  # the prefix of every key: one Redis can serve several businesses
    reserve: int = 15  # calls a minute the money path keeps from everything else
    heartbeat_every: float = 5.0  # seconds between heartbeats; one lives three times as long
    catalogue_poll_every: float = 30.0  # seconds between version checks (pub/sub is the fast way)
    metrics_port: int | None = None  # Prometheus metrics on 127.0.0.1:PORT; None: not served
    redis_timeout: float = 0.5  # seconds one Redis command may take before the kiosk goes local

    @property
    def redis_address(self) -> str:
        """The Redis URL with any password taken out, for logs and screens."""
        parts = urlsplit(self.redis_url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
        return f"{parts.scheme}://{host}{port}{parts.path}"

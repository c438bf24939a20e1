"""The sandbox's changeable settings: what the business configured, and what tests switch."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

from kiosk.sandbox.errors import ZenotiError

GUEST_FIELDS = ("first_name", "last_name", "mobile_phone", "email", "gender", "date_of_birth")


@dataclass(frozen=True)
class Settings:
    """Start-up values come from the command line; ``PUT /_sandbox/settings`` changes them."""

    rate_limit_enabled: bool = True
    rate_per_minute: int = 60
    auto_close: bool = False
    latency_ms: int = 0
    mandatory_guest_fields: tuple[str, ...] = field(
        default=("first_name", "last_name", "mobile_phone", "email")
    )
    token_ttl_seconds: int = 10 * 3600

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        return {
            "rate_limit": {
                "enabled": data["rate_limit_enabled"],
                "per_minute": self.rate_per_minute,
            },
            "auto_close": self.auto_close,
            "latency_ms": self.latency_ms,
            "mandatory_guest_fields": list(self.mandatory_guest_fields),
            "token_ttl_seconds": self.token_ttl_seconds,
        }

    def merged(self, changes: dict[str, Any]) -> Settings:
        """These settings with ``changes`` (the JSON shape of :meth:`to_json`, any subset)."""
        unknown = set(changes) - set(self.to_json())
        if unknown:
            raise ZenotiError(400, 400, f"unknown settings: {', '.join(sorted(unknown))}")
        updated = self
        if "rate_limit" in changes:
            limit = changes["rate_limit"]
            if not isinstance(limit, dict) or set(limit) - {"enabled", "per_minute"}:
                raise ZenotiError(400, 400, "rate_limit takes enabled and per_minute")
            updated = replace(
                updated,
                rate_limit_enabled=_flag(limit.get("enabled", updated.rate_limit_enabled)),
                rate_per_minute=_count(limit.get("per_minute", updated.rate_per_minute), 1),
            )
        if "auto_close" in changes:
            updated = replace(updated, auto_close=_flag(changes["auto_close"]))
        if "latency_ms" in changes:
            updated = replace(updated, latency_ms=_count(changes["latency_ms"], 0))
        if "token_ttl_seconds" in changes:
            updated = replace(updated, token_ttl_seconds=_count(changes["token_ttl_seconds"], 1))
        if "mandatory_guest_fields" in changes:
            fields = changes["mandatory_guest_fields"]
            if not isinstance(fields, list) or not set(fields) <= set(GUEST_FIELDS):
                raise ZenotiError(400, 400, f"mandatory_guest_fields: any of {GUEST_FIELDS}")
            updated = replace(updated, mandatory_guest_fields=tuple(fields))
        return updated


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ZenotiError(400, 400, "expected true or false")
    return value


def _count(value: Any, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ZenotiError(400, 400, f"expected a whole number of at least {minimum}")
    return value

"""The async Zenoti API client: typed errors, rate budget, auth, and parsers to domain objects."""

from kiosk.zenoti.auth import ApiKeyAuth, Auth, EmployeeTokenAuth
from kiosk.zenoti.client import ZenotiClient
from kiosk.zenoti.errors import (
    ErrorCode,
    ZenotiAuthError,
    ZenotiError,
    ZenotiNotFound,
    ZenotiProtocolError,
    ZenotiRateLimited,
    ZenotiUnavailable,
    ZenotiUnknownOutcome,
)
from kiosk.zenoti.ratelimit import RateBudget
from kiosk.zenoti.session import Backoff

__all__ = [
    "ApiKeyAuth",
    "Auth",
    "Backoff",
    "EmployeeTokenAuth",
    "ErrorCode",
    "RateBudget",
    "ZenotiAuthError",
    "ZenotiClient",
    "ZenotiError",
    "ZenotiNotFound",
    "ZenotiProtocolError",
    "ZenotiRateLimited",
    "ZenotiUnavailable",
    "ZenotiUnknownOutcome",
]

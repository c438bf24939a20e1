"""The async Zenoti API client: typed errors, rate budget, auth, and parsers to domain objects.

It may import the domain and httpx; never the reader drivers, the sale engine, Qt or the UI.
"""

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

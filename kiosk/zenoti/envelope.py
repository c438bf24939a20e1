"""Failure inside any body: a populated ``error`` / legacy ``Error``, or ``success: false``."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.zenoti.errors import Code, normalize_code


@dataclass(frozen=True, slots=True)
class Failure:
    """What Zenoti said went wrong."""

    code: Code
    message: str


def _populated(value: object) -> bool:
    if isinstance(value, dict):
        return any(v not in (None, "", [], {}) for v in value.values())
    return value not in (None, "", [], {}, False, 0)


def _message(value: object) -> str:
    return value[:500] if isinstance(value, str) else ""


def _legacy(block: dict[str, object]) -> Failure | None:
    """``{"StatusCode", "Message", "InternalMessage"}``; code 0/200 with no message is success."""
    code = normalize_code(block.get("StatusCode"))
    message = _message(block.get("Message")) or _message(block.get("InternalMessage"))
    if code in (0, 200) and not message:
        return None  # a legacy "all is well" block
    return Failure(code, message)


def failure_in(body: object) -> Failure | None:
    """The failure a body reports; None for success (or when it is not an object)."""
    if not isinstance(body, dict):
        return None
    error = body.get("error")
    if _populated(error):
        if isinstance(error, dict):
            if "code" in error or "message" in error or "StatusCode" not in error:
                return Failure(normalize_code(error.get("code")), _message(error.get("message")))
            # A v1 route may put the legacy fields under a lower-case ``error`` (closing).
            failure = _legacy(error)
            if failure is not None:
                return failure
        else:
            return Failure(None, _message(error))
    legacy = body.get("Error")
    if _populated(legacy):
        if isinstance(legacy, dict):
            return _legacy(legacy)
        return Failure(None, _message(legacy))
    success = body.get("success")
    if success is False or (isinstance(success, str) and success.strip().lower() == "false"):
        return Failure(None, "success: false")
    return None

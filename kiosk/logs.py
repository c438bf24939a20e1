"""The kiosk's logs: JSON lines to a rotating file and to stderr (journald keeps stderr), one
logger per area (``kiosk.zenoti``, ``kiosk.payments``, ``kiosk.checkout``, ``kiosk.ui`` ...).

The code never logs secrets or guests' personal data; :class:`Redactor` is the safety net for the
day it does by mistake (an exception that quotes a URL, a library that logs a header): API keys,
bearer tokens, card numbers, emails, phone-like digit runs and the paths of URLs (a hosted page's
token) become ``[redacted]``. It sits on the root's handlers, so it covers every logger.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import re
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from kiosk.config import LogConfig

LOG_FILE = "kiosk.log"
# Libraries that log whole request lines: a guest search URL carries a phone or an email.
QUIET_LIBRARIES = ("httpx", "httpcore", "hpack", "uvicorn.access", "asyncio")
_STANDARD = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}

_SECRETS = (
    re.compile(r"(?i)\b(authorization\s*[:=]\s*)[^\n,;]+"),
    re.compile(r"(?i)\b(bearer\s+|apikey\s+)[^\s\"',;]+"),
    re.compile(
        r"(?i)\b((?:api[_-]?key|secret[_-]?key|password|pin|token)[\"']?\s*[:=]\s*)[^\s,;&]+"
    ),
)
_STRIPE_KEY = re.compile(r"\b(?:sk|rk|pk)_(?:test|live)_\w+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DIGIT_RUN = re.compile(r"(?<![\w-])\+?\d[\d ().-]{5,}\d(?![\w-])")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# A URL's path and query may carry a hosted page's token (/pay/<token>, /add-card/<token>) or a
# guest's search: only the scheme and host stay (the code itself logs route templates).
_URL = re.compile(r"\b((?:https?|wss?)://[^/\s\"'<>?#]+)[/?#][^\s\"'<>]*")
REDACTED = "[redacted]"


def redact(text: str) -> str:
    """``text`` with anything that looks like a secret, a card, an email or a phone hidden."""
    for secret in _SECRETS:
        text = secret.sub(r"\1" + REDACTED, text)
    text = _URL.sub(r"\1/" + REDACTED, text)
    text = _STRIPE_KEY.sub(REDACTED, text)
    text = _EMAIL.sub(REDACTED, text)
    return _DIGIT_RUN.sub(_digits, text)


def _digits(match: re.Match[str]) -> str:
    found = match.group(0)
    digits = re.sub(r"\D", "", found)
    if _DATE.fullmatch(found) or len(digits) < 7 or ("." in found and found.count(".") == 1):
        return found  # a date, a short number, an amount of money
    return REDACTED  # a phone number, or a card number (13-19 digits)


class Redactor(logging.Filter):
    """Hides secrets and personal data in a record's message, arguments, extras and traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        for name, value in list(vars(record).items()):
            if name not in _STANDARD and isinstance(value, str):
                setattr(record, name, redact(value))
        return True


class JsonLines(logging.Formatter):
    """One JSON object a line: ts, level, logger, msg, any extra fields, and the traceback."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exc"] = record.exc_text
        return json.dumps(entry, default=str, ensure_ascii=False)


def configure_logging(config: LogConfig, *, stream: TextIO | None = sys.stderr) -> Path:
    """Send the kiosk's records to ``<directory>/kiosk.log`` (rotating) and ``stream``.

    Returns the log file's path. Calling it again replaces the handlers it installed before.
    """
    config.directory.mkdir(parents=True, exist_ok=True)
    path = config.directory / LOG_FILE
    handlers: list[logging.Handler] = [
        logging.handlers.RotatingFileHandler(
            path, maxBytes=config.max_bytes, backupCount=config.backup_count, encoding="utf-8"
        )
    ]
    if stream is not None:
        handlers.append(logging.StreamHandler(stream))
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "kiosk_log", False)]:
        root.removeHandler(handler)
        handler.close()
    for handler in handlers:
        handler.kiosk_log = True  # type: ignore[attr-defined]
        handler.addFilter(Redactor())
        handler.setFormatter(JsonLines())
        root.addHandler(handler)
    root.setLevel(config.level)
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING)
    _redact_every_handler()
    return path


def _redact_every_handler() -> None:
    """Records reach the root's handlers (redacted above) from every logger — the kiosk's and
    qasync's, httpx's, uvicorn's, asyncio's — unless a library gave its logger handlers of its
    own: those get the same filter."""
    for logger in list(logging.Logger.manager.loggerDict.values()):
        for handler in getattr(logger, "handlers", ()):
            if not any(isinstance(f, Redactor) for f in handler.filters):
                handler.addFilter(Redactor())

"""The redaction filter covers every logger, not only the kiosk's: qasync at DEBUG writing a
coroutine's result (the add-card page with its token), httpx a request line, asyncio an error —
none of it reaches the log file in clear."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.config import LogConfig
from kiosk.logs import QUIET_LIBRARIES, configure_logging

TOKEN = "hpt_7Qx2Lm9Zr4Kd8Wc1"
ADD_CARD = f"http://127.0.0.1:8765/add-card/{TOKEN}"
PAY = f"https://pay.zenoti.example/pay/{TOKEN}?guest=maya.green%40example.com"


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    root = logging.getLogger()
    level = root.level
    own = logging.getLogger("some.library")
    own_handler = logging.FileHandler(tmp_path / "library.log")
    own.addHandler(own_handler)
    own.propagate = False
    path = configure_logging(LogConfig(level="DEBUG", directory=tmp_path / "logs"), stream=None)
    try:
        yield path
    finally:
        for handler in [h for h in root.handlers if getattr(h, "kiosk_log", False)]:
            root.removeHandler(handler)
            handler.close()
        own.removeHandler(own_handler)
        own_handler.close()
        own.propagate = True
        root.setLevel(level)
        for name in QUIET_LIBRARIES:
            logging.getLogger(name).setLevel(logging.NOTSET)


def test_third_party_loggers_at_debug_leave_no_token_or_hosted_page(
    log_file: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    logging.getLogger("qasync").debug("Setting Future result: %s", ADD_CARD)
    logging.getLogger("qasync._QThreadWorker").debug("Invoking callback %r", PAY)
    logging.getLogger("httpx").warning("HTTP Request: GET %s", PAY)
    logging.getLogger("uvicorn.error").warning("bearer sk_test_51Hc0dE")
    logging.getLogger("some.library").warning("its own handler: %s", ADD_CARD)
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text() + (tmp_path / "library.log").read_text()
    assert "Setting Future result" in text  # the records are there ...
    assert "its own handler" in text
    for secret in (TOKEN, "/add-card/", "/pay/", "maya.green", "sk_test_51Hc0dE"):
        assert secret not in text  # ... and nothing of what they quoted
    caplog.clear()

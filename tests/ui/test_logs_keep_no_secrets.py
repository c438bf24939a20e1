"""Two whole sales logged at DEBUG, then the log file searched for every secret and every piece of
the guests' personal data: none may be there."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.commands.scripted_guest import (
    accept_terms,
    choose,
    identify_returning_guest,
    on_screen,
    pay_by_card,
    tap,
)
from kiosk.config import LogConfig
from kiosk.logs import configure_logging
from kiosk.ui.window import KioskWindow
from tests.support.sandbox_process import SandboxProcess
from tests.ui.test_whole_sales import JAMES
from tests.ui.test_whole_sales import (
    test_a_new_guest_signs_up_on_the_kiosk_keyboard_and_buys as newcomer_signs_up_and_buys,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.sandbox]

GUESTS = ("James", "Whitaker", "james.whitaker", JAMES, "5550199")
NEWCOMER = ("Zoe", "Quill", "zoe.quill", "3475550177", "5550177")
CARD = "4242424242424242"


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    """The kiosk's own logging, at DEBUG, into a fresh folder; put back afterwards."""
    root = logging.getLogger()
    level = root.level
    path = configure_logging(LogConfig(level="DEBUG", directory=tmp_path / "logs"), stream=None)
    try:
        yield path
    finally:
        for handler in [h for h in root.handlers if getattr(h, "kiosk_log", False)]:
            root.removeHandler(handler)
            handler.close()
        root.setLevel(level)
        for name in ("httpx", "httpcore", "hpack", "uvicorn.access", "asyncio"):
            logging.getLogger(name).setLevel(logging.NOTSET)


async def test_a_whole_sale_logs_no_secret_and_no_guest(
    log_file: Path, kiosk: KioskWindow, sandbox: SandboxProcess
) -> None:
    await choose(kiosk, "Serenity 3-Month Pass")
    await identify_returning_guest(kiosk, JAMES)
    await accept_terms(kiosk)
    await pay_by_card(kiosk, "Approve")
    await on_screen(kiosk, "receipt", timeout=20)
    await tap(kiosk, "Done")
    await on_screen(kiosk, "attract")
    await newcomer_signs_up_and_buys(kiosk)  # types the phone, names and email on the kiosk

    reader = sandbox.info()["reader"]
    assert (
        _found_in(log_file, sandbox.api_key, reader["secret_key"], CARD, *GUESTS, *NEWCOMER) == []
    )


def _found_in(log_file: Path, *secrets: str) -> list[str]:
    """Which of ``secrets`` the log holds (after checking it is the kiosk's JSON lines)."""
    text = log_file.read_text()
    lines = [json.loads(line) for line in text.splitlines()]
    assert len(lines) > 20, "a sale at DEBUG says something"
    assert {"ts", "level", "logger", "msg"} <= set(lines[0])
    assert any(line["logger"].startswith("kiosk.") for line in lines)
    return [secret for secret in secrets if _holds(text, secret)]


def _holds(text: str, secret: str) -> bool:
    """A name counts as a word (a short one like "Zoe" turns up inside random ids, e.g.
    ``pi_3QzOeZoe…``); numbers, keys and addresses count anywhere."""
    if secret.isalpha():
        return re.search(rf"(?<![a-z0-9]){re.escape(secret)}(?![a-z0-9])", text, re.I) is not None
    return secret.lower() in text.lower()

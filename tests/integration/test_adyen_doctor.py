"""``kiosk doctor`` on a kiosk configured with ``[reader] kind = "adyen"``: the terminal checked
through the Adyen driver, a terminal that is not connected a FAIL with its fix, no key printed."""

from __future__ import annotations

import pytest

from tests.integration.test_doctor import configured, doctor
from tests.support.adyen_terminal import adyen_info, script_terminal
from tests.support.sandbox_process import SandboxProcess

pytestmark = [pytest.mark.sandbox]


def adyen_configured(sandbox: SandboxProcess, home: dict[str, str]) -> dict[str, str]:
    path, environ = configured(sandbox, home)
    info = adyen_info(sandbox)
    text = path.read_text()
    start = text.index("[reader]")
    end = text.index("[kiosk]")
    reader = (
        f'[reader]\nkind = "adyen"\nbase_url = "{sandbox.base_url}{info["base_path"]}"\n'
        f'poi_id = "{info["terminals"][0]["poi_id"]}"\nsale_id = "{info["sale_id"]}"\n'
    )
    path.write_text(text[:start] + reader + text[end:])
    environ.pop("KIOSK_READER_SECRET_KEY", None)
    return {**environ, "KIOSK_READER_API_KEY": info["api_key"], "KIOSK_CONFIG": str(path)}


def test_an_adyen_terminal_that_answers_passes(
    home: dict[str, str], sandbox: SandboxProcess
) -> None:
    environ = adyen_configured(sandbox, home)
    run = doctor(environ)
    poi = adyen_info(sandbox)["terminals"][0]["poi_id"]
    assert run.line("card reader") == f"PASS  card reader: {poi} online", run.output
    assert adyen_info(sandbox)["api_key"] not in run.output


def test_an_adyen_terminal_not_connected_fails_with_the_fix(
    home: dict[str, str], sandbox: SandboxProcess
) -> None:
    environ = adyen_configured(sandbox, home)
    script_terminal(sandbox, online=False)
    run = doctor(environ)
    assert run.code == 1
    assert run.line("card reader").startswith("FAIL  card reader: V400m-"), run.output
    assert "offline" in run.line("card reader")


def test_a_wrong_adyen_key_fails_naming_the_adyen_keys(
    home: dict[str, str], sandbox: SandboxProcess
) -> None:
    environ = {**adyen_configured(sandbox, home), "KIOSK_READER_API_KEY": "not-the-key"}
    run = doctor(environ)
    assert run.code == 1
    assert "refused" in run.line("card reader")
    assert "KIOSK_READER_API_KEY" in run.output
    assert "not-the-key" not in run.output

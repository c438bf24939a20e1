"""``kiosk setup`` against a real sandbox, as a business owner (or a provisioning script) runs it:
from an API key to a private configuration that ``kiosk doctor`` passes and the kiosk sells with.
"""

from __future__ import annotations

import asyncio
import os
import stat
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk.commands.setup import run as setup_run
from kiosk.commands.setup_answers import Given
from kiosk.config.load import load_configuration
from kiosk.domain.sale import SaleState
from kiosk.sandbox_process import kiosk_command
from tests.support.sandbox_process import SandboxProcess
from tests.support.selling import engine_for, pay_with_card, sale_ready_to_pay

pytestmark = pytest.mark.sandbox

CARD_TYPE = "333167fe-1959-5c0c-962c-8610d9e06fd5"  # the sandbox's "Kiosk card terminal"
CASH_TYPE = "0a7ab781-3016-58d9-9f74-f49c71e4cac2"  # its "Cash"
SPA, STUDIO = "4a537340-9825-5091-ab85-8930a34fe639", "a7db732c-26c8-5548-9006-9ec261324a77"
KIOSK_EMPLOYEE = "10776684-116d-50f2-b2dc-d9c766c6dbf0"


@dataclass(frozen=True)
class Done:
    code: int
    stdout: str
    stderr: str


def kiosk(environ: dict[str, str], *args: str) -> Done:
    finished = subprocess.run(
        [*kiosk_command(), *args],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, **environ},
        check=False,
    )
    return Done(finished.returncode, finished.stdout, finished.stderr)


def scripted(sandbox: SandboxProcess, config: Path, *extra: str) -> list[str]:
    return [
        "setup",
        "--non-interactive",
        "--zenoti-url",
        sandbox.base_url,
        "--center",
        "LWSPA",
        "--employee",
        "Kiosk",
        "--card-payment-type",
        CARD_TYPE,
        "--cash-payment-type",
        CASH_TYPE,
        "--currency",
        "USD",
        "--reader",
        "sandbox",
        "--config",
        str(config),
        *extra,
    ]


def secrets_of(sandbox: SandboxProcess) -> list[str]:
    info = sandbox.info()
    return [info["api_key"], info["reader"]["secret_key"]]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_scripted_setup_writes_a_private_configuration_that_the_doctor_passes(
    sandbox: SandboxProcess, home: dict[str, str], tmp_path: Path
) -> None:
    config = tmp_path / "etc" / "kiosk.toml"
    done = kiosk({**home, "KIOSK_ZENOTI_API_KEY": sandbox.api_key}, *scripted(sandbox, config))
    assert done.code == 0, done.stdout + done.stderr
    assert "PASS  kiosk employee: Kiosk Lumen" in done.stdout.splitlines()
    secrets = config.parent / "secrets.toml"
    assert (mode(config), mode(secrets)) == (0o600, 0o600)
    written = tomllib.loads(config.read_text())
    assert written["secrets_file"] == "secrets.toml"
    assert written["zenoti"]["center_id"] == SPA
    assert written["zenoti"]["kiosk_employee_id"] == KIOSK_EMPLOYEE
    assert written["payment_types"] == {"card_terminal": CARD_TYPE, "cash": CASH_TYPE}
    assert written["reader"]["reader_id"].startswith("tmr_")
    for secret in secrets_of(sandbox):
        assert secret not in done.stdout + done.stderr
        assert secret not in config.read_text()
        assert secret in secrets.read_text()
    # The doctor on its own, with no key in the environment: the secrets file is what it reads.
    again = kiosk(home, "doctor", "--config", str(config))
    assert again.code == 0, again.stdout + again.stderr
    assert not [line for line in again.stdout.splitlines() if line.startswith("FAIL")]


@pytest.mark.asyncio
async def test_the_kiosk_sells_with_the_configuration_setup_wrote(
    sandbox: SandboxProcess, home: dict[str, str], tmp_path: Path
) -> None:
    config = tmp_path / "kiosk.toml"
    done = kiosk({**home, "KIOSK_ZENOTI_API_KEY": sandbox.api_key}, *scripted(sandbox, config))
    assert done.code == 0, done.stdout + done.stderr
    # The cheapest real sale that uses the written file: the configuration loader reads it (no
    # environment), and the kiosk's own sale engine sells one membership to a returning guest,
    # paid by card on the reader the file names, recorded in Zenoti as its card payment type.
    # (`kiosk autopilot` always builds its own sandbox configuration, so it would prove nothing.)
    live = load_configuration(config, {}).live
    assert live is not None
    assert not live.sandbox
    async with engine_for(live) as engine:
        sale = await sale_ready_to_pay(engine)
        view = await pay_with_card(sale)
    assert view.state is SaleState.COMPLETED
    [paid] = [invoice for invoice in sandbox.invoices() if invoice["is_closed"]]
    assert paid["center_id"] == SPA
    journal = Path(home["XDG_DATA_HOME"], "zenoti-membership-kiosk", "journal.sqlite3")
    assert live.journal_path == journal  # the kiosk's default journal: setup was not told one
    assert await asyncio.to_thread(journal.is_file)


def test_the_interactive_setup_picks_a_center_and_proposes_the_kiosk_employee(
    sandbox: SandboxProcess, home: dict[str, str], tmp_path: Path
) -> None:
    io = Scripted(
        sandbox.base_url,  # the Zenoti URL
        sandbox.api_key,  # typed without being shown
        "2",  # the second center: the studio
        "",  # Enter: the proposed employee named like Kiosk
        CARD_TYPE,
        "",  # Enter: no cash payment type
        "usd",
        "2",  # the sandbox's simulated reader, offered because the URL is a sandbox
        "Casa Calma",
        "",  # Enter: dialling code 1
    )
    config = tmp_path / "kiosk.toml"
    code = setup_run(Given(), io, config, environ={**home})
    transcript = "\n".join(io.lines)
    assert code == 0, transcript
    assert "   2. LWSTU      Lumen Studio Jersey City" in io.lines
    assert "The employee the kiosk sells as (number, name, code or id) [KIOSK]: " in io.lines
    assert "Selling at Lumen Studio Jersey City as Kiosk Lumen." in io.lines
    assert "Zenoti has no API that lists custom payment types" in transcript
    assert "Setup → Payment types" in transcript
    assert "PASS  center found: Lumen Studio Jersey City" in io.lines
    written = tomllib.loads(config.read_text())
    assert written["zenoti"]["center_id"] == STUDIO
    assert written["zenoti"]["kiosk_employee_id"] == KIOSK_EMPLOYEE
    assert written["payment_types"] == {"card_terminal": CARD_TYPE}
    assert written["brand"] == {"name": "Casa Calma"}
    assert not [secret for secret in secrets_of(sandbox) if secret in transcript]


def test_an_existing_configuration_is_kept_unless_forced(
    sandbox: SandboxProcess, home: dict[str, str], tmp_path: Path
) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text('[brand]\nname = "Mine"\n')
    environ = {**home, "KIOSK_ZENOTI_API_KEY": sandbox.api_key}
    refused = kiosk(environ, *scripted(sandbox, config))
    assert refused.code == 2
    assert refused.stderr.strip() == (
        f"kiosk setup: {config} already exists; nothing was written — run kiosk setup --force "
        "to overwrite it (its values are lost)"
    )
    assert config.read_text() == '[brand]\nname = "Mine"\n'
    assert not (tmp_path / "secrets.toml").exists()
    forced = kiosk(environ, *scripted(sandbox, config, "--force"))
    assert forced.code == 0, forced.stdout + forced.stderr
    assert tomllib.loads(config.read_text())["zenoti"]["center_id"] == SPA
    assert mode(config) == 0o600


def test_a_script_missing_answers_is_told_each_flag_and_nothing_is_written(
    sandbox: SandboxProcess, home: dict[str, str], tmp_path: Path
) -> None:
    config = tmp_path / "kiosk.toml"
    done = kiosk(
        home,
        "setup",
        "--non-interactive",
        "--zenoti-url",
        sandbox.base_url,
        "--config",
        str(config),
    )
    assert done.code == 2
    assert done.stderr.splitlines() == [
        "kiosk setup: missing the Zenoti API key: set KIOSK_ZENOTI_API_KEY or pass "
        "--api-key-file FILE",
        "kiosk setup: missing --card-payment-type: the Zenoti custom payment type id for cards",
        'kiosk setup: missing --cash-payment-type: the one for cash, or "none"',
        "kiosk setup: missing --currency: the center's ISO 4217 currency code, e.g. USD",
        'kiosk setup: missing --reader: a Stripe reader id (tmr_...), "sandbox" or "none"',
    ]
    assert not config.exists()
    # With everything but the center of a two-center organisation: that flag, and which exist.
    key_file = tmp_path / "api-key"
    key_file.write_text(sandbox.api_key + "\n")
    args = scripted(sandbox, config)
    at = args.index("--center")
    del args[at : at + 2]
    done = kiosk(home, *args, "--api-key-file", str(key_file))
    assert (done.code, done.stderr.strip()) == (
        2,
        "kiosk setup: missing --center: the organisation's centers: LWSPA, LWSTU",
    )
    assert not config.exists()
    assert sandbox.api_key not in done.stdout + done.stderr


def test_a_refused_api_key_stops_setup_before_anything_is_written(
    sandbox: SandboxProcess, home: dict[str, str], tmp_path: Path
) -> None:
    config = tmp_path / "kiosk.toml"
    done = kiosk({**home, "KIOSK_ZENOTI_API_KEY": "not-the-key"}, *scripted(sandbox, config))
    assert done.code == 1
    assert done.stderr.startswith(f"kiosk setup: Zenoti at {sandbox.base_url} refused the API key")
    assert "not-the-key" not in done.stdout + done.stderr
    assert not config.exists()


class Scripted:
    """The prompter seam, answered from a list; secrets are answered but never recorded."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.lines: list[str] = []

    def ask(self, question: str) -> str:
        answer = self.answers.pop(0)
        self.lines.append(question + answer)
        return answer

    def secret(self, question: str) -> str:
        self.lines.append(question)
        return self.answers.pop(0)

    def say(self, line: str = "") -> None:
        self.lines.append(line)

    def fail(self, line: str) -> None:
        self.lines.append(line)

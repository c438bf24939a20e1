"""``kiosk doctor`` run as an installer runs it, against real sandboxes over HTTP: one line per
check, every check reported whatever failed before it, a fix on each FAIL, and no secret printed."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk.config import config_from_sandbox
from kiosk.sandbox_process import kiosk_command
from tests.support.sandbox_printer import printer_fault
from tests.support.sandbox_process import SandboxProcess

CHECKS = [
    "configuration",
    "center found",
    "catalogue",
    "translations",  # the sandbox has the business's translations of its memberships
    "kiosk employee",
    "custom payment types",
    "rate-limit headroom",
    "card reader",
    "journal",
    "receipt printer",
]


@dataclass(frozen=True)
class Run:
    code: int
    lines: list[str]
    output: str  # stdout and stderr together, for what must never appear in either

    def line(self, name: str) -> str:
        return next(line for line in self.lines if line[6:].startswith(f"{name}: "))

    def verdicts(self) -> dict[str, str]:
        return {line[6:].partition(":")[0]: line[:4] for line in self.lines}


def doctor(environ: dict[str, str], *args: str) -> Run:
    done = subprocess.run(
        [*kiosk_command(), "doctor", *args],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, **environ},
        check=False,
    )
    return Run(done.returncode, done.stdout.splitlines(), done.stdout + done.stderr)


def secrets_of(sandbox: SandboxProcess) -> list[str]:
    info = sandbox.info()
    return [info["api_key"], info["reader"]["secret_key"]]


def configured(
    sandbox: SandboxProcess,
    home: dict[str, str],
    *,
    base_url: str | None = None,
    center_id: str | None = None,
    journal: Path | None = None,
) -> tuple[Path, dict[str, str]]:
    """A kiosk.toml for the running sandbox (secrets in the environment, as in production)."""
    config = config_from_sandbox(
        sandbox.base_url, sandbox.info(), journal_path=Path(home["XDG_DATA_HOME"]) / "j.sqlite3"
    )
    zenoti, reader = config.zenoti, config.reader
    assert reader is not None
    path = Path(home["XDG_CONFIG_HOME"]) / "kiosk.toml"
    path.write_text(
        f'[zenoti]\nbase_url = "{base_url or zenoti.base_url}"\n'
        f'center_id = "{center_id or zenoti.center_id}"\ncurrency = "{zenoti.currency}"\n'
        f'kiosk_employee_id = "{zenoti.kiosk_employee_id}"\n'
        f'[payment_types]\ncard_terminal = "{zenoti.payment_types.card_terminal}"\n'
        f'[reader]\nbase_url = "{reader.base_url}"\nreader_id = "{reader.reader_id}"\n'
        f'[kiosk]\njournal_path = "{journal or config.journal_path}"\n'
    )
    secrets = {"KIOSK_ZENOTI_API_KEY": zenoti.api_key, "KIOSK_READER_SECRET_KEY": reader.secret_key}
    return path, {**home, **secrets}


def test_unconfigured_it_checks_the_kiosks_own_sandbox_and_all_passes(
    home: dict[str, str], sandbox: SandboxProcess
) -> None:
    run = doctor(home)
    assert run.code == 0, run.output
    assert [line[6:].partition(":")[0] for line in run.lines] == CHECKS
    # No file is practice on the sandbox: said plainly, not passed as if a business were set up.
    assert run.line("configuration").startswith(
        "INFO  configuration: no configuration file: the kiosk runs on its own sandbox at "
        "http://127.0.0.1:"
    )
    assert run.line("configuration").endswith("no real sale can happen")
    assert run.line("catalogue").endswith("memberships on sale")
    assert run.line("rate-limit headroom").endswith(" of 60 calls left this minute")
    assert run.line("journal").startswith(
        f"PASS  journal: {home['XDG_DATA_HOME']}/zenoti-membership-kiosk/sandbox/journal.sqlite3"
        " writable, "
    )
    assert run.line("journal").endswith(" MB free")
    # Nothing can confirm a payment type's id, so that line says so instead of passing.
    assert run.line("custom payment types").startswith("INFO  custom payment types: card terminal")
    assert "not verifiable" in run.line("custom payment types")
    # The sandbox's translations cover its other centers too, and leave one contract English.
    assert run.line("translations").startswith("INFO  translations: ar, es: 10 entries name no")
    informative = ("custom payment types", "configuration", "translations")
    assert {v for name, v in run.verdicts().items() if name not in informative} == {"PASS"}
    assert not [secret for secret in secrets_of(sandbox) if secret in run.output]


def test_a_wrong_center_fails_with_its_fix_and_every_other_check_still_reports(
    home: dict[str, str], sandbox: SandboxProcess
) -> None:
    wrong = str(uuid.uuid4())
    path, environ = configured(sandbox, home, center_id=wrong)
    run = doctor(environ, "--config", str(path))
    assert run.code == 1, run.output
    assert run.line("configuration") == (
        f"PASS  configuration: {path} (live Zenoti at {sandbox.base_url})"
    )
    assert run.line("center found").startswith(f"FAIL  center found: Zenoti has no center {wrong}")
    assert "— fix: copy the center's id from Zenoti" in run.line("center found")
    assert run.verdicts() == {
        "configuration": "PASS",
        "center found": "FAIL",
        "catalogue": "FAIL",
        "kiosk employee": "FAIL",
        "custom payment types": "INFO",
        "rate-limit headroom": "PASS",
        "card reader": "PASS",
        "journal": "PASS",
        "receipt printer": "INFO",
    }
    assert run.line("catalogue") == (
        "FAIL  catalogue: not checked, because the center check failed — fix: copy the center's "
        "id from Zenoti (Admin → Organization → Centers) into [zenoti] center_id, or use the API "
        "key of that center's organisation"
    )
    assert not [secret for secret in secrets_of(sandbox) if secret in run.output]


def test_an_unreachable_zenoti_fails_its_checks_and_the_reader_and_journal_still_run(
    home: dict[str, str], sandbox: SandboxProcess
) -> None:
    with socket.socket() as closed:  # a port nobody listens on once this socket is gone
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    path, environ = configured(sandbox, home, base_url=f"http://127.0.0.1:{port}")
    run = doctor(environ, "--config", str(path))
    assert run.code == 1, run.output
    fix = "— fix: check the network, [zenoti] base_url and the API key"
    for name in ("center found", "catalogue", "kiosk employee", "rate-limit headroom"):
        assert run.line(name).startswith(f"FAIL  {name}: ")
        assert fix in run.line(name)
    assert (run.verdicts()["card reader"], run.verdicts()["journal"]) == ("PASS", "PASS")


def test_a_receipt_printer_out_of_paper_fails_with_the_fix(
    home: dict[str, str], sandbox: SandboxProcess
) -> None:
    path, environ = configured(sandbox, home)
    port = sandbox.info()["printer"]["port"]
    with path.open("a") as toml:
        toml.write(f'[printer]\nkind = "network"\nhost = "127.0.0.1"\nport = {port}\n')
    printer_fault(sandbox, paper="out")
    run = doctor(environ, "--config", str(path))
    assert run.code == 1, run.output
    assert run.line("receipt printer") == (
        f"FAIL  receipt printer: 127.0.0.1:{port} is out of paper — fix: load a paper roll and "
        "close the cover"
    )
    assert [name for name, v in run.verdicts().items() if v == "FAIL"] == ["receipt printer"]


def test_an_offline_reader_fails_with_the_fix(
    home: dict[str, str], sandbox: SandboxProcess
) -> None:
    path, environ = configured(sandbox, home)
    reader = sandbox.reader(online=False)
    run = doctor(environ, "--config", str(path))
    assert run.code == 1, run.output
    assert run.line("card reader") == (
        f"FAIL  card reader: {reader['id']} offline — fix: power the reader on and connect it "
        "to the network"
    )
    assert [name for name, v in run.verdicts().items() if v == "FAIL"] == ["card reader"]


def _too_new(folder: Path) -> Path:
    path = folder / "newer.sqlite3"
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 999")
    db.close()
    return path


def _under_a_file(folder: Path) -> Path:
    (folder / "not-a-folder").write_text("")
    return folder / "not-a-folder" / "journal.sqlite3"


@pytest.mark.parametrize(
    ("make", "says", "fix"),
    [
        (
            _too_new,
            "was written by a newer kiosk (journal schema 999)",
            "install a newer kiosk again",
        ),
        (_under_a_file, "cannot be opened", "let the kiosk's user create and write"),
    ],
)
def test_a_journal_the_kiosk_could_not_use_fails_with_the_fix(
    home: dict[str, str],
    sandbox: SandboxProcess,
    tmp_path: Path,
    make: Callable[[Path], Path],
    says: str,
    fix: str,
) -> None:
    journal = make(tmp_path)
    path, environ = configured(sandbox, home, journal=journal)
    run = doctor(environ, "--config", str(path))
    assert run.code == 1, run.output
    assert run.line("journal").startswith(f"FAIL  journal: {journal} {says}")
    assert f"— fix: {fix}" in run.line("journal")
    assert [name for name, v in run.verdicts().items() if v == "FAIL"] == ["journal"]


def test_a_wrong_configuration_is_one_fail_line_per_problem_and_exit_code_2(
    home: dict[str, str], tmp_path: Path
) -> None:
    bad = tmp_path / "kiosk.toml"
    bad.write_text('[zenoti]\ncenter_id = "abc"\n')
    run = doctor(home, "--config", str(bad))
    assert run.code == 2, run.output
    assert "Traceback" not in run.output
    assert run.lines[0] == (
        'FAIL  configuration: zenoti.center_id: expected a Zenoti center id (a UUID), got "abc" '
        f"— fix: set [zenoti] center_id in {bad} or KIOSK_ZENOTI_CENTER_ID"
    )
    assert all(line.startswith("FAIL  configuration: ") for line in run.lines)

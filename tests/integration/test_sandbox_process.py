"""The sandbox as a process: it announces its port, keeps state across restarts, stops cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from kiosk.sandbox_process import READY_LINE, SandboxKeeper
from tests.support.sandbox_client import new_invoice, pick, prepaid, read_invoice, zenoti_client
from tests.support.sandbox_process import SandboxProcess, start_sandbox

pytestmark = pytest.mark.sandbox


def test_port_zero_gets_a_free_port_announced_on_the_ready_line(sandbox: SandboxProcess) -> None:
    port = int(sandbox.base_url.rsplit(":", 1)[1])
    assert sandbox.base_url.startswith("http://127.0.0.1:")
    assert port > 0
    with httpx.Client(base_url=sandbox.base_url) as http:
        assert http.get("/_sandbox/info").status_code == 200


def test_restart_with_the_same_database_keeps_guests_invoices_and_payments(tmp_path: Path) -> None:
    db = tmp_path / "kept.sqlite3"
    first = start_sandbox(db)
    try:
        with zenoti_client(first) as client:
            membership = pick(client, first.center_id, prepaid)
            invoice_id = new_invoice(client, first, [membership["id"]])
            created = client.post(
                "/v1/guests",
                json={
                    "center_id": first.center_id,
                    "personal_info": {
                        "first_name": "Rosa",
                        "last_name": "Quint",
                        "email": "rosa.quint@example.com",
                        "mobile_phone": {"country_code": 225, "number": "2125550111"},
                    },
                },
            ).json()
            before = read_invoice(client, invoice_id)
    finally:
        first.stop()
    assert first.process is not None
    assert first.process.returncode == 0

    second = start_sandbox(db)
    try:
        with zenoti_client(second) as client:
            after = read_invoice(client, invoice_id)
            guest = client.get(f"/v1/guests/{created['id']}").json()
    finally:
        second.stop()
    assert after == before
    assert guest["personal_info"]["last_name"] == "Quint"


def test_sigterm_stops_the_sandbox_with_exit_code_zero(tmp_path: Path) -> None:
    process = start_sandbox(tmp_path / "stop.sqlite3")
    assert process.process is not None
    try:
        process.process.send_signal(signal.SIGTERM)
        assert process.process.wait(timeout=10) == 0
    finally:
        process.stop()


def test_sigint_stops_the_sandbox_with_exit_code_zero(tmp_path: Path) -> None:
    process = start_sandbox(tmp_path / "stop.sqlite3")
    assert process.process is not None
    try:
        process.process.send_signal(signal.SIGINT)
        assert process.process.wait(timeout=10) == 0
    finally:
        process.stop()


def test_a_new_database_is_loaded_with_the_seed(tmp_path: Path) -> None:
    process = start_sandbox(tmp_path / "fresh.sqlite3")
    try:
        with zenoti_client(process) as client:
            found = client.get(
                "/v1/guests/search", params={"center_id": process.center_id, "last_name": "Okafor"}
            ).json()
    finally:
        process.stop()
    assert len(found["guests"]) == 2


def test_without_db_it_runs_on_a_temporary_file_and_prints_one_ready_line() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "sandbox", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert READY_LINE.search(line), line
        assert line.startswith("kiosk sandbox ready: http://127.0.0.1:")
        url = READY_LINE.search(line).group(1)  # type: ignore[union-attr]
        with httpx.Client(base_url=url) as http:
            assert http.get("/_sandbox/info").json()["api_key"] == "sandbox-api-key"
    finally:
        process.terminate()
        out, err = process.communicate(timeout=10)
    assert process.returncode == 0
    assert out == ""
    assert "Traceback" not in err


# A kiosk that starts a sandbox, says where it is, and then waits to be killed.
KIOSK_THAT_STARTS_A_SANDBOX = """
import sys, time
from pathlib import Path
from kiosk.sandbox_process import start_sandbox
sandbox = start_sandbox(Path(sys.argv[1]))
print(sandbox.process.pid, sandbox.base_url, flush=True)
time.sleep(600)
"""


def test_a_sandbox_whose_kiosk_is_killed_outright_stops_by_itself(tmp_path: Path) -> None:
    kiosk = subprocess.Popen(
        [sys.executable, "-c", KIOSK_THAT_STARTS_A_SANDBOX, str(tmp_path / "orphan.sqlite3")],
        stdout=subprocess.PIPE,
        text=True,
    )
    sandbox_pid = 0
    try:
        assert kiosk.stdout is not None
        pid_text, url = kiosk.stdout.readline().split()
        sandbox_pid = int(pid_text)
        with httpx.Client(base_url=url) as http:
            assert http.get("/_sandbox/info").status_code == 200
        kiosk.send_signal(signal.SIGKILL)
        kiosk.wait(timeout=10)
        assert _gone(sandbox_pid)
    finally:
        if sandbox_pid and not _is_zombie(sandbox_pid):
            os.kill(sandbox_pid, signal.SIGKILL)  # the test failed: leave no orphan behind
        kiosk.kill()
        kiosk.wait(timeout=10)
        kiosk.stdout.close()  # type: ignore[union-attr]


def _gone(pid: int) -> bool:
    """Wait (bounded) until ``pid`` has ended; the orphan is reaped by whoever adopted it."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        if _is_zombie(pid):
            return True
        time.sleep(0.1)
    return False


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].startswith("Z")
    except (FileNotFoundError, IndexError):
        return True


def test_a_dead_sandbox_is_started_again_on_the_same_address_with_its_data(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    sandbox = start_sandbox(tmp_path / "kept.sqlite3")
    keeper = SandboxKeeper(sandbox, retry_s=0.1)
    keeper.start()
    try:
        with zenoti_client(sandbox) as client:
            invoice_id = new_invoice(
                client, sandbox, [pick(client, sandbox.center_id, prepaid)["id"]]
            )
        first = sandbox.process
        assert first is not None
        first.kill()  # dies outright, as a crash would
        first.wait(timeout=10)
        deadline = time.monotonic() + 30
        while (sandbox.process is first or not sandbox.alive) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert sandbox.process is not first
        assert sandbox.alive
        with zenoti_client(sandbox) as client:  # the same URL: the kiosk's clients keep it
            assert read_invoice(client, invoice_id)["id"] == invoice_id
        assert keeper.restarts == 1
    finally:
        keeper.stop()
    assert not sandbox.alive  # stopping the keeper stops the sandbox, and it stays stopped
    assert any("starting it again" in r.getMessage() for r in caplog.records)
    caplog.clear()

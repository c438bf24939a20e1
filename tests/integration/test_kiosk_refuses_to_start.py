"""The kiosk as an installer meets it: a journal it cannot use, a second kiosk on the same
journal, a configuration that is not UTF-8, a folder or empty — one clear line with the fix and
exit code 2 (systemd does not restart on it), never a traceback; the doctor says the same."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

DATA = "zenoti-membership-kiosk"


def _environ(tmp_path: Path) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        environ[name] = str(tmp_path / name.lower())
    environ.update(QT_QPA_PLATFORM="offscreen", PYTHONUNBUFFERED="1")
    return environ


def _kiosk(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        capture_output=True,
        text=True,
        env=_environ(tmp_path),
        timeout=120,
        check=False,
    )


def _sandbox_journal(tmp_path: Path) -> Path:
    path = tmp_path / "xdg_data_home" / DATA / "sandbox" / "journal.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def test_a_damaged_journal_stops_the_kiosk_with_the_fix_and_is_kept(tmp_path: Path) -> None:
    journal = _sandbox_journal(tmp_path)
    journal.write_bytes(b"\x00\x01 not a database " * 300)
    done = _kiosk(tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    message = [line for line in done.stderr.splitlines() if line.startswith("kiosk: ")]
    assert len(message) == 1
    assert f"the journal {journal} is damaged" in message[0]
    assert "restore the newest backup" in message[0]
    assert journal.read_bytes() == b"\x00\x01 not a database " * 300


def test_a_second_kiosk_on_the_same_journal_refuses_and_leaves_the_first_alone(
    tmp_path: Path,
) -> None:
    first = subprocess.Popen(
        [sys.executable, "-m", "kiosk"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=_environ(tmp_path),
    )
    try:
        assert first.stderr is not None
        for line in first.stderr:
            if line.startswith("{") and json.loads(line)["msg"] == "kiosk ready":
                break
        else:
            pytest.fail("the first kiosk never became ready")
        second = _kiosk(tmp_path)
        assert second.returncode == 2
        assert "Traceback" not in second.stderr
        assert f"is in use by another kiosk (process {first.pid})" in second.stderr
        assert first.poll() is None  # the first kiosk sells on
        first.send_signal(signal.SIGTERM)
        first.communicate(timeout=60)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert first.returncode == 0


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('[brand]\nname = "Caf\xe9 Lumen"\n'.encode("latin-1"), "is not UTF-8 text"),
        (None, "is a folder, not a configuration file"),
        (
            ('[brand]\nname = "' + "x" * 2_000_000 + '"\n').encode(),
            "brand.name: expected at most 80 characters, got 2,000,000",
        ),
    ],
    ids=["latin-1", "folder", "2 MB brand name"],
)
def test_a_configuration_the_kiosk_cannot_read_is_one_line_for_kiosk_and_doctor(
    tmp_path: Path, content: bytes | None, expected: str
) -> None:
    config = tmp_path / "kiosk.toml"
    if content is None:
        config.mkdir()
    else:
        config.write_bytes(content)
        config.chmod(0o600)
    for command in ([], ["doctor"]):
        done = _kiosk(tmp_path, *command, "--config", str(config))
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr + done.stdout
        assert expected in done.stderr + done.stdout


def test_an_empty_configuration_is_no_silent_sandbox_for_the_doctor(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text("")
    config.chmod(0o600)
    done = _kiosk(tmp_path, "doctor", "--config", str(config))
    assert done.returncode == 1
    first = done.stdout.splitlines()[0]
    assert first.startswith("FAIL  configuration:")
    assert "no real sale can happen" in first

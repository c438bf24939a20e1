"""The configured world: the kiosk's own sandbox when nothing is configured, and a wrong file
stopping the command with one line per problem and exit code 2 — never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from kiosk.config.runtime import open_configuration


def test_unconfigured_the_kiosk_runs_on_a_sandbox_it_stops_afterwards(
    home: dict[str, str],
) -> None:
    config_dir = Path(home["XDG_CONFIG_HOME"]) / "kiosk"
    config_dir.mkdir()
    (config_dir / "kiosk.toml").write_text('[brand]\nname = "Casa Calma"\n[ui]\nlanguage = "ar"\n')
    with open_configuration(None) as config:
        assert config.sandbox
        assert config.brand.name == "Casa Calma"
        assert config.ui.language == "ar"
        assert str(config.journal_path).startswith(home["XDG_DATA_HOME"])
        assert [m.name for m in config.staff] == ["Sandbox staff"]
        answer = httpx.get(f"{config.zenoti.base_url}/_sandbox/info", timeout=10)
        assert answer.status_code == 200
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{config.zenoti.base_url}/_sandbox/info", timeout=2)


def test_a_wrong_file_stops_the_kiosk_with_one_line_per_problem(
    home: dict[str, str], tmp_path: Path
) -> None:
    bad = tmp_path / "kiosk.toml"
    bad.write_text('[zenoti]\ncenter_id = "abc"\n[ui]\nprofile = "phone"\n')
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "--config", str(bad)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **home, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert all(line.startswith("configuration error: ") for line in lines)
    assert (
        'configuration error: zenoti.center_id: expected a Zenoti center id (a UUID), got "abc"'
        f" — set [zenoti] center_id in {bad} or KIOSK_ZENOTI_CENTER_ID" in lines
    )
    assert any(line.startswith("configuration error: ui.profile: ") for line in lines)
    assert any(line.startswith("configuration error: zenoti.api_key: missing") for line in lines)


def test_an_environment_override_is_checked_like_the_file(home: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kiosk"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **home, "KIOSK_BRAND_COLOUR": "teal", "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert (done.returncode, done.stderr.strip()) == (
        2,
        'configuration error: brand.colour: expected a colour as "#rrggbb", got "teal" — set '
        f"[brand] colour in {home['XDG_CONFIG_HOME']}/kiosk/kiosk.toml or KIOSK_BRAND_COLOUR",
    )

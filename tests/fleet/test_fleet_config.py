"""The ``[fleet]`` section: nothing means a kiosk on its own; a wrong value names its key."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.config.errors import ConfigError
from kiosk.config.load import load_configuration


def load(tmp_path: Path, toml: str = "", **environ: str) -> object:
    path = tmp_path / "kiosk.toml"
    path.write_text(toml, encoding="utf-8")
    os.chmod(path, 0o600)
    return load_configuration(path, {"XDG_CONFIG_HOME": str(tmp_path), **environ})


def problems(tmp_path: Path, toml: str = "", **environ: str) -> str:
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, toml, **environ)
    return str(caught.value)


def test_no_fleet_key_means_a_kiosk_on_its_own(tmp_path: Path) -> None:
    loaded = load(tmp_path)
    assert "fleet" not in loaded.common  # type: ignore[attr-defined]


def test_a_redis_url_joins_the_fleet_with_its_defaults(tmp_path: Path) -> None:
    loaded = load(
        tmp_path,
        '[fleet]\nredis_url = "redis://127.0.0.1:6379/0"\nkiosk_name = "lobby-1"\n',
        KIOSK_FLEET_REDIS_PASSWORD="s3cret-pass",
    )
    fleet = loaded.common["fleet"]  # type: ignore[attr-defined]
    assert fleet.kiosk_name == "lobby-1"
    assert fleet.redis_password == "s3cret-pass"
    assert fleet.reserve == 15
    assert "s3cret" not in repr(fleet)  # a secret is never shown
    assert fleet.redis_address == "redis://127.0.0.1:6379/0"


def test_the_kiosk_name_defaults_to_the_machines_name(tmp_path: Path) -> None:
    loaded = load(tmp_path, KIOSK_FLEET_REDIS_URL="redis://localhost:6379")
    assert loaded.common["fleet"].kiosk_name  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("redis://redis.example.com:6379/0", "rediss:// URL (TLS"),
        ("rediss://:hunter2@redis.example.com:6380/0", "without its password"),
        ("http://127.0.0.1:6379", "redis:// or rediss:// URL"),
    ],
)
def test_a_wrong_redis_url_is_named_with_its_fix(tmp_path: Path, url: str, said: str) -> None:
    found = problems(tmp_path, KIOSK_FLEET_REDIS_URL=url)
    assert "fleet.redis_url" in found
    assert said in found
    assert "hunter2" not in found


def test_fleet_keys_without_a_redis_url_are_a_problem(tmp_path: Path) -> None:
    found = problems(tmp_path, '[fleet]\nkiosk_name = "lobby-1"\n')
    assert "fleet.redis_url" in found
    assert "missing" in found


def test_the_redis_password_is_a_secret_refused_in_a_readable_file(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(
        '[fleet]\nredis_url = "redis://127.0.0.1:6379"\nredis_password = "hunter2"\n',
        encoding="utf-8",
    )
    os.chmod(path, 0o644)
    with pytest.raises(ConfigError) as caught:
        load_configuration(path, {"XDG_CONFIG_HOME": str(tmp_path)})
    assert "fleet.redis_password" in str(caught.value)
    assert "hunter2" not in str(caught.value)

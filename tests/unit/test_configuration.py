"""The configuration file: every key checked, problems named precisely, secrets kept private."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.checkout.staff.pin import hash_pin
from kiosk.config.errors import ConfigError
from kiosk.config.load import STRIPE_API, load_configuration
from kiosk.config.schema import KEYS

CENTER = "4a537340-9825-5091-ab85-8930a34fe639"
EMPLOYEE = "10776684-116d-50f2-b2dc-d9c766c6dbf0"
CARD_TYPE = "a8df57bc-288a-5d18-a9df-6ed34cdd8da1"
PUBLIC = f"""
[zenoti]
base_url = "https://api.zenoti.com"
center_id = "{CENTER}"
currency = "EUR"
kiosk_employee_id = "{EMPLOYEE}"
dialling_code = "+34"

[payment_types]
card_terminal = "{CARD_TYPE}"
others = [{{ id = "{EMPLOYEE}", name = "Gift voucher" }}]

[reader]
reader_id = "tmr_Front"

[brand]
name = "Casa Calma"
colour = "#7a2e8f"

[ui]
profile = "tablet"
language = "es"

[deadlines]
awaiting_card = 90

[logging]
level = "debug"
"""
SECRETS = """
[zenoti]
api_key = "live-key-123"

[reader]
secret_key = "sk_live_abc"
"""

Writer = Callable[..., Path]


@pytest.fixture
def write(tmp_path: Path) -> Writer:
    def write(name: str, body: str, mode: int = 0o600) -> Path:
        path = tmp_path / name
        path.write_text(body)
        path.chmod(mode)
        return path

    return write


def problems(path: Path | None, environ: dict[str, str] | None = None) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_configuration(path, environ or {})
    lines = str(caught.value).splitlines()
    assert all(line.startswith("configuration error: ") for line in lines)
    return lines


def test_nothing_configured_means_the_sandbox_with_the_defaults(tmp_path: Path) -> None:
    loaded = load_configuration(None, {"XDG_CONFIG_HOME": str(tmp_path)})
    assert loaded.live is None
    assert loaded.common["ui"].profile == "kiosk"
    assert loaded.common["source"] is None


def test_a_complete_file_with_a_private_secrets_file(write: Writer) -> None:
    secrets = write("secrets.toml", SECRETS)
    path = write("kiosk.toml", f'secrets_file = "{secrets.name}"\n' + PUBLIC, mode=0o644)
    config = load_configuration(path, {}).live
    assert config is not None
    assert config.zenoti.api_key == "live-key-123"
    assert config.zenoti.center_id == CENTER
    assert config.zenoti.currency == "EUR"
    assert config.zenoti.dialling_code == "34"
    assert config.zenoti.payment_types.others == ((EMPLOYEE, "Gift voucher"),)
    assert config.reader is not None
    assert config.reader.base_url == STRIPE_API
    assert config.reader.secret_key == "sk_live_abc"
    assert config.brand.name == "Casa Calma"
    assert (config.ui.profile, config.ui.language) == ("tablet", "es")
    assert config.deadlines.awaiting_card == 90.0
    assert config.logging.level == "DEBUG"
    assert config.source == path
    assert not config.sandbox


def test_the_environment_overrides_the_file_and_can_hold_the_secrets(write: Writer) -> None:
    path = write("kiosk.toml", PUBLIC, mode=0o644)
    pin_hash = hash_pin("4321")
    environ = {
        "KIOSK_ZENOTI_API_KEY": "env-key",
        "KIOSK_READER_SECRET_KEY": "sk_test_env",
        "KIOSK_UI_FULLSCREEN": "yes",
        "KIOSK_DEADLINES_RECORD_ATTEMPTS": "5",
        "KIOSK_STAFF": f"Ana María:{pin_hash}",
    }
    loaded = load_configuration(path, environ)
    assert loaded.live is not None
    assert loaded.live.zenoti.api_key == "env-key"
    assert loaded.live.ui.fullscreen is True
    assert loaded.live.deadlines.record_attempts == 5
    assert [m.name for m in loaded.live.staff] == ["Ana María"]


def test_a_wrong_value_names_the_key_the_problem_and_the_fix(write: Writer) -> None:
    path = write("kiosk.toml", PUBLIC.replace(CENTER, "abc"))
    env = {"KIOSK_ZENOTI_API_KEY": "k", "KIOSK_READER_SECRET_KEY": "sk_test_x"}
    assert problems(path, env) == [
        'configuration error: zenoti.center_id: expected a Zenoti center id (a UUID), got "abc" '
        f"— set [zenoti] center_id in {path} or KIOSK_ZENOTI_CENTER_ID"
    ]


def test_every_problem_is_reported_at_once(write: Writer) -> None:
    body = PUBLIC.replace('"#7a2e8f"', '"purple"').replace('"tablet"', '"phone"')
    body += '\n[kiosk]\nreceipt_url_template = "https://x.example/r"\nfavourite = 1\n'
    found = problems(write("kiosk.toml", body), {"KIOSK_LOGGING_MAX_BYTES": "lots"})
    keys = sorted(line.split(": ")[1] for line in found)
    assert keys == [
        "brand.colour",
        "kiosk.favourite",
        "kiosk.receipt_url_template",
        "logging.max_bytes",
        "reader.secret_key",
        "ui.profile",
        "zenoti.api_key",
    ]
    assert any("zenoti.api_key: missing" in line for line in found)


def test_a_secret_in_a_readable_file_is_refused(write: Writer) -> None:
    path = write("kiosk.toml", PUBLIC + '\n[[staff]]\nname = "Sam"\npin_hash = "x"\n', 0o644)
    with_key = path.read_text().replace("[zenoti]\n", '[zenoti]\napi_key = "leaked"\n', 1)
    path.write_text(with_key)
    found = problems(path, {"KIOSK_READER_SECRET_KEY": "sk_test_x"})
    assert any(
        line.startswith("configuration error: zenoti.api_key: a secret written in")
        and "KIOSK_ZENOTI_API_KEY" in line
        for line in found
    )
    assert any("staff.pin_hash: a secret written in" in line for line in found)
    assert all("leaked" not in line for line in found)


def test_secrets_in_a_private_main_file_are_accepted(write: Writer) -> None:
    body = PUBLIC.replace("[zenoti]\n", '[zenoti]\napi_key = "k"\n', 1)
    body = body.replace("[reader]\n", '[reader]\nsecret_key = "sk_test_x"\n', 1)
    config = load_configuration(write("kiosk.toml", body, 0o600), {}).live
    assert config is not None
    assert config.zenoti.api_key == "k"


@pytest.mark.skipif(os.getuid() == 0, reason="root reads every file anyway")
def test_a_world_readable_secrets_file_is_refused(write: Writer) -> None:
    secrets = write("secrets.toml", SECRETS, mode=0o644)
    path = write("kiosk.toml", f'secrets_file = "{secrets}"\n' + PUBLIC, mode=0o644)
    assert (
        f"configuration error: secrets_file: refused: {secrets} can be read by others (mode 0644)"
        f" — chmod 600 {secrets}" in problems(path)[0]
    )


def test_a_group_readable_secrets_file_is_refused_even_for_root(write: Writer) -> None:
    secrets = write("secrets.toml", SECRETS, mode=0o640)
    path = write("kiosk.toml", PUBLIC, mode=0o644)
    found = problems(path, {"KIOSK_SECRETS_FILE": str(secrets)})
    assert found[0].startswith("configuration error: secrets_file: refused:")
    assert "mode 0640" in found[0]


def test_the_secrets_file_holds_only_secrets(write: Writer) -> None:
    secrets = write("secrets.toml", SECRETS + '\n[brand]\nname = "X"\n')
    path = write("kiosk.toml", f'secrets_file = "{secrets}"\n' + PUBLIC, mode=0o644)
    assert problems(path) == [
        f"configuration error: brand.name: not a secret, in {secrets} — move it to {path}"
    ]


def test_a_bad_pin_hash_says_how_to_make_one(write: Writer) -> None:
    path = write("kiosk.toml", '[[staff]]\nname = "Sam"\npin_hash = "1234"\n')
    (line,) = problems(path)
    assert line.startswith("configuration error: staff[1].pin_hash (Sam): expected scrypt$")
    assert line.endswith("run `kiosk hash-pin` and paste what it prints")
    assert "1234" not in line


def test_broken_toml_and_a_missing_file(write: Writer, tmp_path: Path) -> None:
    (line,) = problems(write("kiosk.toml", "[zenoti\n"))
    assert "not valid TOML" in line
    missing = tmp_path / "nope.toml"
    assert problems(missing) == [
        f"configuration error: config: {missing} does not exist — create it or correct --config"
    ]
    assert "KIOSK_CONFIG" in problems(None, {"KIOSK_CONFIG": str(missing)})[0]


def test_the_documentation_names_every_key() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "configuration.md").read_text()
    for key in KEYS:
        assert f"`{key.name}`" in docs, key.dotted
        assert key.env in docs, key.env
    for extra in ("KIOSK_STAFF", "KIOSK_CONFIG", "KIOSK_SECRETS_FILE", "secrets_file", "others"):
        assert extra in docs

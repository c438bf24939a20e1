"""``[reader] kind = "adyen"``: Adyen's keys, its API key a secret from the environment or the
secrets file, and every missing or wrong key named with its fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config.errors import ConfigError
from kiosk.config.load import ADYEN_TEST_API, load_configuration
from tests.unit.test_configuration import PUBLIC

ADYEN = PUBLIC.replace('[reader]\nreader_id = "tmr_Front"\n', '[reader]\nkind = "adyen"\n')
KEY = {"KIOSK_ZENOTI_API_KEY": "live-key-123"}


def _file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(body)
    path.chmod(0o644)
    return path


def test_an_adyen_terminal_is_configured_with_its_poi_id_and_api_key(tmp_path: Path) -> None:
    body = ADYEN.replace('kind = "adyen"', 'kind = "adyen"\npoi_id = "V400m-324688179"')
    environ = {
        **KEY,
        "KIOSK_READER_API_KEY": "AQEyhmfxKo-secret",
        "KIOSK_READER_SALE_ID": "lobby-1",
    }
    config = load_configuration(_file(tmp_path, body), environ).live
    assert config is not None
    assert config.reader is not None
    reader = config.reader
    assert (reader.kind, reader.reader_id, reader.sale_id) == (
        "adyen",
        "V400m-324688179",
        "lobby-1",
    )
    assert reader.base_url == ADYEN_TEST_API
    assert reader.secret_key == "AQEyhmfxKo-secret"
    assert "AQEyhmfxKo-secret" not in repr(reader)


def test_an_adyen_terminal_without_its_keys_is_named_with_the_fix(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_configuration(_file(tmp_path, ADYEN), KEY)
    text = str(caught.value)
    assert "reader.api_key: missing" in text
    assert "KIOSK_READER_API_KEY" in text
    assert "reader.poi_id: missing" in text
    assert "reader.secret_key" not in text  # Stripe's keys are not asked of an Adyen kiosk


def test_a_wrong_kind_or_poi_id_is_refused(tmp_path: Path) -> None:
    body = ADYEN.replace('kind = "adyen"', 'kind = "square"\npoi_id = "not a terminal"')
    with pytest.raises(ConfigError) as caught:
        load_configuration(_file(tmp_path, body), KEY)
    text = str(caught.value)
    assert "reader.kind" in text
    assert "reader.poi_id" in text


def test_the_adyen_api_key_in_a_file_others_can_read_is_refused(tmp_path: Path) -> None:
    body = ADYEN.replace('kind = "adyen"', 'kind = "adyen"\npoi_id = "V400m-1"\napi_key = "k"')
    with pytest.raises(ConfigError) as caught:
        load_configuration(_file(tmp_path, body), KEY)
    assert "reader.api_key" in str(caught.value)

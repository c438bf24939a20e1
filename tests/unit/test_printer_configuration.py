"""``[printer]``: no key, no printer (the email goes as always); a network or USB printer named
with what it needs; a wrong value named with its fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import config_from_sandbox
from kiosk.config.errors import ConfigError
from kiosk.config.load import load_configuration
from kiosk.printing.settings import PrinterSettings


def loaded(tmp_path: Path, body: str, environ: dict[str, str] | None = None) -> PrinterSettings:
    path = tmp_path / "kiosk.toml"
    path.write_text(body)
    common = load_configuration(path, environ or {}).common
    printer: PrinterSettings = common.get("printer", PrinterSettings())
    return printer


def refused(tmp_path: Path, body: str) -> str:
    path = tmp_path / "kiosk.toml"
    path.write_text(body)
    with pytest.raises(ConfigError) as caught:
        load_configuration(path, {})
    return str(caught.value)


def test_no_printer_key_means_no_printer(tmp_path: Path) -> None:
    assert not loaded(tmp_path, "[ui]\nprofile = 'kiosk'\n").configured


def test_a_network_printer_needs_only_its_host(tmp_path: Path) -> None:
    printer = loaded(tmp_path, '[printer]\nhost = "192.168.1.60"\n')
    assert (printer.kind, printer.host, printer.port) == ("network", "192.168.1.60", 9100)
    assert (printer.paper_width, printer.dots, printer.columns) == (80, 576, 48)


def test_a_usb_printer_on_a_58_mm_roll_from_the_environment(tmp_path: Path) -> None:
    environ = {
        "KIOSK_PRINTER_KIND": "usb",
        "KIOSK_PRINTER_DEVICE": "/dev/usb/lp0",
        "KIOSK_PRINTER_PAPER_WIDTH": "58",
    }
    printer = loaded(tmp_path, "", environ)
    assert (printer.kind, printer.device, printer.columns) == ("usb", "/dev/usb/lp0", 32)


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ('[printer]\nkind = "network"\n', "printer.host: missing (printer.kind is network)"),
        ('[printer]\nkind = "usb"\n', "printer.device: missing (printer.kind is usb)"),
        ('[printer]\nhost = "p"\npaper_width = 76\n', "expected 80 or 58 (millimetres)"),
        ('[printer]\nkind = "serial"\n', "expected one of none, network, usb"),
    ],
)
def test_a_wrong_printer_is_named_with_its_key(tmp_path: Path, body: str, says: str) -> None:
    assert says in refused(tmp_path, body)


def test_on_its_sandbox_the_kiosk_prints_to_the_sandboxs_printer() -> None:
    info = {
        "api_key": "k",
        "centers": [{"id": "c"}],
        "employees": {"kiosk": "e"},
        "custom_payment_types": [{"name": "Card terminal", "id": "t"}],
        "printer": {"host": "127.0.0.1", "port": 43210, "paper_width": 80},
    }
    config = config_from_sandbox("http://127.0.0.1:1", info, journal_path=Path("j"))
    assert config.printer == PrinterSettings(kind="network", host="127.0.0.1", port=43210)

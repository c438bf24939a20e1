"""Staff PINs are stored only as scrypt hashes, and a damaged hash is named, not guessed at."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kiosk.checkout.staff.pin import BadPinHash, check_pin_hash, hash_pin, is_valid_pin, verify_pin
from kiosk.config import SANDBOX_STAFF_PIN, SANDBOX_STAFF_PIN_HASH


def test_a_hash_verifies_its_own_pin_and_no_other() -> None:
    stored = hash_pin("2580")
    assert "2580" not in stored
    assert verify_pin("2580", stored)
    assert not verify_pin("2581", stored)
    assert not verify_pin("", stored)


def test_the_sandbox_pin_hash_is_the_sandbox_pin_s() -> None:
    assert verify_pin(SANDBOX_STAFF_PIN, SANDBOX_STAFF_PIN_HASH)
    assert not verify_pin("2581", SANDBOX_STAFF_PIN_HASH)


def test_the_same_pin_hashes_differently_each_time() -> None:
    assert hash_pin("2580") != hash_pin("2580")


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", "١٢٣٤", " 1234"])
def test_only_four_to_eight_ascii_digits_are_a_pin(pin: str) -> None:
    assert not is_valid_pin(pin)
    with pytest.raises(ValueError, match="4 to 8 digits"):
        hash_pin(pin)


@pytest.mark.parametrize(
    ("stored", "says"),
    [
        ("2580", "scrypt$N$r$p$salt$digest"),
        ("bcrypt$1$2$3$4$5", "scrypt$N$r$p$salt$digest"),
        ("scrypt$1024$8$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 44, "too weak"),
        ("scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA", "wrong length"),
        ("scrypt$x$8$1$AAAA$AAAA", "damaged"),
    ],
)
def test_a_bad_hash_is_refused_with_what_is_wrong(stored: str, says: str) -> None:
    with pytest.raises(BadPinHash, match=says.replace("$", r"\$")):
        check_pin_hash(stored)
    with pytest.raises(BadPinHash):
        verify_pin("2580", stored)


def _hash_pin_command(stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "hash-pin"],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_kiosk_hash_pin_prints_a_hash_of_the_pin_it_was_given() -> None:
    done = _hash_pin_command("4711\n4711\n")
    assert done.returncode == 0, done.stderr
    assert verify_pin("4711", done.stdout.strip())


def test_kiosk_hash_pin_refuses_two_different_pins() -> None:
    done = _hash_pin_command("4711\n4712\n")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "differ" in done.stderr

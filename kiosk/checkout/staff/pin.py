"""Staff PINs: kept only as scrypt hashes, compared in constant time.

A kiosk's configuration file sits on a machine in a public lobby, so it never holds a PIN, only
``scrypt$<n>$<r>$<p>$<salt>$<digest>`` (salt and digest in URL-safe base64). ``kiosk hash-pin``
makes one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

SCHEME = "scrypt"
PIN_DIGITS = range(4, 9)  # 4 to 8 digits: short enough to type, long enough to guess slowly
_N, _R, _P = 2**14, 8, 1
_DIGEST_BYTES = 32


class BadPinHash(ValueError):
    """A stored PIN hash that is not one ``kiosk hash-pin`` made."""


def is_valid_pin(pin: str) -> bool:
    """Whether ``pin`` is 4 to 8 digits."""
    return pin.isascii() and pin.isdigit() and len(pin) in PIN_DIGITS


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """The stored form of ``pin`` (a fresh random salt unless one is given)."""
    if not is_valid_pin(pin):
        raise ValueError("a staff PIN is 4 to 8 digits")
    salt = salt if salt is not None else os.urandom(16)
    digest = _scrypt(pin, salt, _N, _R, _P)
    return "$".join((SCHEME, str(_N), str(_R), str(_P), _b64(salt), _b64(digest)))


def verify_pin(pin: str, stored: str) -> bool:
    """Whether ``pin`` is the PIN ``stored`` was made from (constant-time comparison)."""
    n, r, p, salt, digest = _parse(stored)
    if not is_valid_pin(pin):
        return False
    return hmac.compare_digest(_scrypt(pin, salt, n, r, p), digest)


def check_pin_hash(stored: str) -> None:
    """Raise :class:`BadPinHash` saying what is wrong with ``stored``, if anything."""
    _parse(stored)


def _parse(stored: str) -> tuple[int, int, int, bytes, bytes]:
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        raise BadPinHash("expected scrypt$N$r$p$salt$digest, as `kiosk hash-pin` prints it")
    try:
        n, r, p = (int(part) for part in parts[1:4])
        salt, digest = base64.urlsafe_b64decode(parts[4]), base64.urlsafe_b64decode(parts[5])
    except ValueError as error:
        raise BadPinHash(f"the hash is damaged ({error})") from None
    if n < 2**14 or n & (n - 1) or not 1 <= r <= 32 or not 1 <= p <= 16 or len(salt) < 16:
        raise BadPinHash("the hash's scrypt parameters are too weak or malformed")
    if len(digest) != _DIGEST_BYTES:
        raise BadPinHash("the hash's digest has the wrong length")
    return n, r, p, salt, digest


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=_DIGEST_BYTES
    )


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii")

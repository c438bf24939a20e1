"""The reference a guest is given when a person must finish their sale: a QR code for a handheld
scanner and a short code to read aloud — and reading either back, however it was typed.

Both are the sale's journal id: the QR carries all of it (``kiosk-sale:<id>``), the spoken code
its first eight characters (``3F2A 9C01``). A scanner types the QR's text like a keyboard.
"""

from __future__ import annotations

import re

QR_PREFIX = "kiosk-sale:"
SHORT_LENGTH = 8
_HEX = re.compile(r"^[0-9a-f]+$")


def qr_payload(sale_id: str) -> str:
    """What the reference QR code says."""
    return f"{QR_PREFIX}{sale_id}"


def spoken(sale_id: str) -> str:
    """The reference a person can read aloud: ``3F2A 9C01``."""
    head = sale_id[:SHORT_LENGTH].upper()
    return f"{head[:4]} {head[4:]}"


def read_reference(text: str) -> str | None:
    """The sale id, or the start of one, that ``text`` names (a scanned QR, a typed short code,
    a whole id); None when it cannot be a reference (too short to be one guest's)."""
    found = text.strip().lower()
    if found.startswith(QR_PREFIX):
        found = found[len(QR_PREFIX) :]
    found = re.sub(r"[\s-]", "", found)
    if len(found) < SHORT_LENGTH or not _HEX.match(found):
        return None
    return found

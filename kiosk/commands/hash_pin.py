"""``kiosk hash-pin``: ask for a staff PIN twice and print the hash the configuration stores."""

from __future__ import annotations

import argparse
import getpass
import sys

from kiosk.checkout.staff.pin import hash_pin, is_valid_pin


def register(parser: argparse.ArgumentParser) -> None:
    """Bind ``kiosk hash-pin``'s handler (it has no options)."""
    parser.description = (
        "Ask for a staff PIN twice (or read it from standard input, one line or two that must "
        "match) and print its scrypt hash for KIOSK_STAFF or the secrets file."
    )
    parser.set_defaults(handler=handle)


def handle(options: argparse.Namespace) -> int:
    if sys.stdin.isatty():
        pin = getpass.getpass("Staff PIN (4 to 8 digits): ")
        again = getpass.getpass("The same PIN again: ")
    else:  # piped in (scripts, provisioning): one line, or two that must match
        lines = [*sys.stdin.read().splitlines(), "", ""]
        pin, again = lines[0], lines[1] if lines[1] else lines[0]
    if not is_valid_pin(pin):
        print("kiosk hash-pin: a staff PIN is 4 to 8 digits", file=sys.stderr)
        return 2
    if pin != again:
        print("kiosk hash-pin: the two PINs differ; nothing was printed", file=sys.stderr)
        return 2
    print(hash_pin(pin))
    return 0

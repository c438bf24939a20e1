"""``kiosk sandbox`` and ``kiosk serve-sandbox``: the built-in stand-in for Zenoti and the reader.

``kiosk sandbox`` hands its arguments to the sandbox's own command line (it is a separate program
that shares the command); ``kiosk serve-sandbox`` serves it on a fixed port and says what it serves.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

SANDBOX_PORT = 8765

SANDBOX_GUIDE = """\
The sandbox, the built-in stand-in for Zenoti and the card reader, at http://127.0.0.1:{port}

  Zenoti API      /v1/...            (header  Authorization: apikey sandbox-api-key)
  card reader     /stripe/v1/...     (Stripe Terminal, simulated reader; Bearer sk_test_sandbox)
  pay on phone    /pay/<token>       hosted card page;  /add-card/<token>, /receipt/<invoice id>
  control         /_sandbox/info     what a client needs; faults, request log, reader scripts

In another terminal, run scripted sales against a sandbox of their own:
  .venv/bin/kiosk simulate --sales 5
Stop with Ctrl-C.
"""


def run_sandbox(args: Sequence[str]) -> int:
    """``kiosk sandbox ARGS``: the sandbox's own command line."""
    from kiosk.sandbox.__main__ import main

    return main(list(args))


def register_serve(parser: argparse.ArgumentParser) -> None:
    """Bind ``kiosk serve-sandbox``'s handler (it has no options)."""
    parser.description = (
        f"Serve the sandbox on port {SANDBOX_PORT} and describe what it serves, for trying the "
        "kiosk's APIs by hand."
    )
    parser.set_defaults(handler=serve)


def serve(options: argparse.Namespace) -> int:
    print(SANDBOX_GUIDE.format(port=SANDBOX_PORT), flush=True)
    return run_sandbox(["--port", str(SANDBOX_PORT)])

"""One TLS verification context for every HTTP client in the process.

Building a context loads and parses the whole CA bundle: 30-40 ms of the Qt thread each on a
small kiosk computer, and start-up opens several clients (Zenoti, the card reader, the
sandbox's controls), each of which used to build its own. A verifying ``SSLContext`` holds no
per-connection state and is safe to share, so they share this one, built on first use.
"""

from __future__ import annotations

import functools
import ssl

import httpx


@functools.cache
def verify_context() -> ssl.SSLContext:
    """The process's certificate-verifying context (httpx's defaults: certifi's CA bundle)."""
    return httpx.create_ssl_context()

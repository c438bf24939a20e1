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


@functools.cache
def _no_authorities() -> ssl.SSLContext:
    # Verifying, and trusting no one: a TLS connection through it fails closed.
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def context_for(base_url: str) -> ssl.SSLContext:
    """The context for a client of ``base_url``: the verifying one for https; for plain http
    (the sandbox on loopback) one that never loads the CA bundle, about 30 ms of a start, and
    that refuses any TLS server should the client be sent to one."""
    if base_url.lower().startswith("https:"):
        return verify_context()
    return _no_authorities()

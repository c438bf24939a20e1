"""Fetching a membership's image from wherever the catalogue points (Zenoti's CDN, the sandbox).

An image host is not Zenoti: nothing of the kiosk's Zenoti credentials goes with the request (a
client of its own, no auth, no cookies kept). Short timeouts, at most a few redirects, http(s)
only, and the answer must say it is an image (``image/*``) and stay under a size cap, counted as
it streams in: a host answering a page, or a huge file, is refused before it fills memory.

The client is made at the first fetch, not with the fetcher: it loads the CA bundle (20-40 ms
of the Qt thread), which the start would otherwise wait for before attract's first paint.
"""

from __future__ import annotations

import asyncio

import httpx

from kiosk import APP_NAME, __version__
from kiosk.tls import verify_context

MAX_IMAGE_BYTES = 5 * 1024 * 1024
TIMEOUT = httpx.Timeout(8.0, connect=4.0)
MAX_REDIRECTS = 3
DEADLINE = 12.0  # seconds a whole fetch may take, however slowly a host drips its answer


class MediaError(Exception):
    """The image could not be had: no answer, an error status, not an image, or too large."""


class MediaFetcher:
    """Gets one image's bytes by URL; raises :class:`MediaError` for anything but an image."""

    def __init__(
        self,
        *,
        max_bytes: int = MAX_IMAGE_BYTES,
        timeout: httpx.Timeout = TIMEOUT,
        deadline: float = DEADLINE,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.max_bytes = max_bytes
        self.deadline = deadline
        self._timeout = timeout
        self._transport = transport
        self._made: httpx.AsyncClient | None = None

    @property
    def _http(self) -> httpx.AsyncClient:
        if self._made is None:
            self._made = httpx.AsyncClient(
                transport=self._transport,
                timeout=self._timeout,
                verify=verify_context(),  # https images (and http ones that redirect there)
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                trust_env=False,  # no proxy credentials or .netrc passwords sent to an image host
                headers={"Accept": "image/*", "User-Agent": f"{APP_NAME}/{__version__}"},
            )
        return self._made

    async def aclose(self) -> None:
        made, self._made = self._made, None
        if made is not None:
            await made.aclose()

    async def fetch(self, url: str) -> bytes:
        """The image at ``url``, or MediaError saying why not."""
        if not url.lower().startswith(("https://", "http://")):
            raise MediaError("not an http(s) address")
        try:
            async with asyncio.timeout(self.deadline):
                return await self._fetch(url)
        except TimeoutError as error:
            raise MediaError("too slow") from error

    async def _fetch(self, url: str) -> bytes:
        try:
            async with self._http.stream("GET", url) as answer:
                if answer.status_code != 200:
                    raise MediaError(f"HTTP {answer.status_code}")
                kind = answer.headers.get("content-type", "").split(";")[0].strip().lower()
                if not kind.startswith("image/"):
                    raise MediaError(f"not an image ({kind or 'no content type'})")
                length = answer.headers.get("content-length")
                if length is not None and length.isdigit() and int(length) > self.max_bytes:
                    raise MediaError(f"too large ({length} bytes)")
                body = bytearray()
                async for chunk in answer.aiter_bytes():
                    body += chunk
                    if len(body) > self.max_bytes:
                        raise MediaError("too large")
        except httpx.HTTPError as error:
            raise MediaError(type(error).__name__) from error
        self._http.cookies.clear()
        if not body:
            raise MediaError("empty")
        return bytes(body)

"""Membership images: fetched once, kept on disk, never a failure the guest sees.

``MembershipImages.image(membership)`` is the bytes of the membership's picture, or None: it has
none, its host does not answer, the answer is not an image. Nothing here raises to the UI.

- **Disk cache**: one file per URL (named by the URL's SHA-256) in the kiosk's cache folder,
  written to a temporary file and renamed into place, so a crash leaves the old file or the new
  one, never half of one. Each file carries the SHA-256 of its bytes: a file that does not match
  (a torn write, a bad disk) is deleted and the image fetched again. The folder is kept under a
  size bound, the least recently used files going first.
- **One fetch per URL**: two cards asking for one image while it is on its way share the one
  request; a few fetches at most run at once (a guest flicking through a thousand memberships
  must not open a thousand connections).
- **Failures remembered**: a URL that failed is not asked again for ``retry_after`` seconds, so
  a dead link costs one request per few minutes, not one per scroll.

All file work runs on a worker thread; the event loop only waits.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import shutil
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from kiosk.domain.catalog import Membership

log = logging.getLogger("kiosk.checkout")

# The catalogue's keys, best first: the kiosk shows images large.
PREFERRED_KEYS = ("large", "original", "medium", "small", "thumbnail")
MAGIC = b"kiosk-image 1\n"
DIGEST = 32  # bytes of SHA-256
DISK_BUDGET = 200 * 1024 * 1024
RETRY_AFTER = 300.0  # seconds a failed URL is left alone
CONCURRENT_FETCHES = 4
MAX_REMEMBERED_FAILURES = 2000
# Seconds the fetches under way may take to end when the kiosk closes: an image host answers in
# milliseconds, and a fetch's own deadline (12 s) ends a slow one first; only then cancelled.
CLOSING_WAIT = 15.0

# Gets an image's bytes by URL, raising any exception when it cannot (the Zenoti media fetcher).
Fetch = Callable[[str], Awaitable[bytes]]


def image_url(membership: Membership) -> str | None:
    """The URL of the membership's picture the kiosk shows, or None when it has none."""
    images = membership.images
    for key in PREFERRED_KEYS:
        url = images.get(key)
        if url:
            return url
    return next((url for url in images.values() if url), None)


class MembershipImages:
    """Membership pictures by URL, through a bounded disk cache in ``folder``."""

    def __init__(
        self,
        fetch: Fetch,
        folder: Path,
        *,
        disk_budget: int = DISK_BUDGET,
        retry_after: float = RETRY_AFTER,
        concurrent: int = CONCURRENT_FETCHES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._fetch = fetch
        self._folder = folder
        self._budget = disk_budget
        self._retry_after = retry_after
        self._clock = clock
        self._gate = asyncio.Semaphore(concurrent)
        self._pending: dict[str, asyncio.Task[bytes | None]] = {}
        self._failed: dict[str, float] = {}  # url -> when it may be asked again
        self._files: dict[str, int] | None = None  # file name -> size, read on first write
        self._disk = threading.Lock()  # the index and eviction, across the worker threads
        self._writes: set[asyncio.Future[None]] = set()  # finished even when their asker goes
        self._closed = False  # the kiosk is closing: no fetch starts any more

    @property
    def folder(self) -> Path:
        return self._folder

    async def image(self, membership: Membership) -> bytes | None:
        """The membership's picture, or None (no image, or none to be had now)."""
        url = image_url(membership)
        return None if url is None else await self.get(url)

    async def get(self, url: str) -> bytes | None:
        """The image at ``url``: from the disk cache, else fetched (once for every asker)."""
        task = self._pending.get(url)
        if task is None:
            if self._closed or self._failed.get(url, float("-inf")) > self._clock():
                return None
            task = asyncio.ensure_future(self._load(url))
            self._pending[url] = task
            task.add_done_callback(lambda _: self._pending.pop(url, None))
        try:
            # One asker going away (a card re-bound) does not cancel the others' fetch.
            return await asyncio.shield(task)
        except asyncio.CancelledError:
            raise
        except Exception:  # the load itself never raises; this is belt and braces
            log.exception("loading a membership image failed")
            return None

    async def aclose(self) -> None:
        """Let the fetches still running end (a moment at most, then they are cancelled): the
        kiosk is closing. No fetch starts after this: one started now would outlive the loop."""
        self._closed = True
        pending = {task for task in self._pending.values() if not task.done()}
        if pending:
            # Cancelled as the loop ends, the HTTP library's connection attempt would be left
            # half-made: they end by themselves, within their own deadline.
            _, pending = await asyncio.wait(pending, timeout=CLOSING_WAIT)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
        if self._writes:  # the files being written: done before the folder may be removed
            await asyncio.wait(set(self._writes))

    # ------------------------------------------------------------------ the work

    async def _load(self, url: str) -> bytes | None:
        name = hashlib.sha256(url.encode("utf-8")).hexdigest()
        kept = await asyncio.to_thread(self._read, name)
        if kept is not None:
            return kept
        async with self._gate:
            try:
                data = await self._fetch(url)
            except asyncio.CancelledError:
                raise
            except Exception as error:
                self._remember_failure(url)
                # The URL may carry a signed token: only its host and the reason are logged.
                log.info("a membership image could not be fetched from %s: %s", _host(url), error)
                return None
        self._failed.pop(url, None)
        write = asyncio.ensure_future(asyncio.to_thread(self._write, name, data))
        self._writes.add(write)
        write.add_done_callback(self._writes.discard)
        try:
            await asyncio.shield(write)  # a file half-written is never left behind by a cancel
        except OSError as error:
            log.warning("a membership image could not be kept on disk: %s", error)
        return data

    def _remember_failure(self, url: str) -> None:
        now = self._clock()
        if len(self._failed) >= MAX_REMEMBERED_FAILURES:
            self._failed = {u: t for u, t in self._failed.items() if t > now}
            while len(self._failed) >= MAX_REMEMBERED_FAILURES:
                self._failed.pop(next(iter(self._failed)))
        self._failed[url] = now + self._retry_after

    # ------------------------------------------------------------------ the disk (worker thread)

    def _read(self, name: str) -> bytes | None:
        path = self._folder / name
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            log.info("a cached membership image could not be read (%s); fetching it again", error)
            self._discard(path)
            return None
        head, digest, data = (
            raw[: len(MAGIC)],
            raw[len(MAGIC) : len(MAGIC) + DIGEST],
            raw[len(MAGIC) + DIGEST :],
        )
        if head != MAGIC or not data or hashlib.sha256(data).digest() != digest:
            log.info("a cached membership image was damaged; fetching it again")
            self._discard(path)
            with self._disk:
                if self._files is not None:
                    self._files.pop(name, None)
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: the last to be evicted
        return data

    @staticmethod
    def _discard(path: Path) -> None:
        """Take a bad entry away, whatever it is, so the image fetched again can take its place."""
        with contextlib.suppress(OSError):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()

    def _write(self, name: str, data: bytes) -> None:
        self._folder.mkdir(parents=True, exist_ok=True)
        path = self._folder / name
        temporary = path.with_name(f".{name}.{os.getpid()}.part")
        body = MAGIC + hashlib.sha256(data).digest() + data
        try:
            with open(temporary, "wb") as out:
                out.write(body)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
        with self._disk:
            files = self._index()
            files[name] = len(body)
            self._evict(files, keep=name)

    def _index(self) -> dict[str, int]:
        if self._files is None:
            files: dict[str, int] = {}
            for entry in os.scandir(self._folder):
                if entry.name.startswith("."):
                    # A temporary file a crash left behind (not one being written now).
                    if not entry.name.endswith(f".{os.getpid()}.part"):
                        with contextlib.suppress(OSError):
                            os.unlink(entry.path)
                    continue
                with contextlib.suppress(OSError):
                    files[entry.name] = entry.stat().st_size
            self._files = files
        return self._files

    def _evict(self, files: dict[str, int], keep: str) -> None:
        if sum(files.values()) <= self._budget:
            return
        ages: list[tuple[float, str]] = []
        for name in files:
            try:
                ages.append(((self._folder / name).stat().st_mtime, name))
            except OSError:
                ages.append((0.0, name))
        total = sum(files.values())
        for _, name in sorted(ages):
            if total <= self._budget:
                break
            if name == keep:
                continue
            with contextlib.suppress(OSError):
                (self._folder / name).unlink()
            total -= files.pop(name, 0)


def _host(url: str) -> str:
    rest = url.split("://", 1)[-1]
    return rest.split("/", 1)[0].rsplit("@", 1)[-1]

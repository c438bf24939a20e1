"""The membership image store (disk cache, one fetch per URL, failures remembered) and the fetcher
that gets images from their host (no credentials, only images, a size cap)."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from kiosk.checkout.images import MembershipImages, image_url
from kiosk.domain.catalog import Membership, MembershipType, Price
from kiosk.domain.money import Money
from kiosk.zenoti.media import MediaError, MediaFetcher

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64  # bytes enough to stand for a picture here
URL = "https://cdn.example.test/memberships/gold-large.png"


def membership(images: dict[str, str] | None = None) -> Membership:
    money = Money(Decimal("10.00"), "USD")
    return Membership(
        id="m1",
        version_id=None,
        code="",
        name="Gold",
        display_name="",
        description="",
        price=Price(money, Money(Decimal("0.00"), "USD"), money),
        show_price=True,
        type=MembershipType.NON_RECURRING,
        is_recurring=False,
        billing_frequency=None,
        first_collection_after_days=None,
        terms="",
        terms_acceptance_required=False,
        images={"large": URL} if images is None else images,
    )


class CountingFetch:
    """A fetch that counts its calls; it answers ``data`` once ``release`` is set."""

    def __init__(self, data: bytes = PNG, fail: bool = False) -> None:
        self.data = data
        self.fail = fail
        self.calls: list[str] = []
        self.release = asyncio.Event()
        self.release.set()
        self.called = asyncio.Event()

    async def __call__(self, url: str) -> bytes:
        self.calls.append(url)
        self.called.set()
        await self.release.wait()
        if self.fail:
            raise MediaError("HTTP 404")
        return self.data


def test_the_large_image_is_preferred_and_none_without_images() -> None:
    assert image_url(membership({"small": "s", "large": "l"})) == "l"
    assert image_url(membership({"odd": "o"})) == "o"
    assert image_url(membership({})) is None


@pytest.mark.asyncio
async def test_two_askers_make_one_fetch(tmp_path: Path) -> None:
    fetch = CountingFetch()
    fetch.release.clear()
    store = MembershipImages(fetch, tmp_path / "images")
    first = asyncio.ensure_future(store.image(membership()))
    await fetch.called.wait()  # the first fetch is under way, nothing on disk yet
    second = asyncio.ensure_future(store.image(membership()))
    fetch.release.set()
    assert await first == PNG
    assert await second == PNG
    assert fetch.calls == [URL]


@pytest.mark.asyncio
async def test_one_asker_going_away_does_not_cancel_the_others_fetch(tmp_path: Path) -> None:
    fetch = CountingFetch()
    fetch.release.clear()
    store = MembershipImages(fetch, tmp_path / "images")
    leaving = asyncio.ensure_future(store.image(membership()))
    staying = asyncio.ensure_future(store.image(membership()))
    await fetch.called.wait()
    leaving.cancel()
    fetch.release.set()
    assert await staying == PNG
    assert leaving.cancelled()


@pytest.mark.asyncio
async def test_the_disk_cache_answers_without_a_request(tmp_path: Path) -> None:
    fetch = CountingFetch()
    assert await MembershipImages(fetch, tmp_path / "images").image(membership()) == PNG
    # A new store (the kiosk started again) reads it from disk.
    again = CountingFetch(data=b"not asked")
    assert await MembershipImages(again, tmp_path / "images").image(membership()) == PNG
    assert again.calls == []
    assert fetch.calls == [URL]


@pytest.mark.asyncio
async def test_a_damaged_cache_file_is_fetched_again(tmp_path: Path) -> None:
    folder = tmp_path / "images"
    await MembershipImages(CountingFetch(), folder).image(membership())
    (cached,) = [p for p in folder.iterdir() if not p.name.startswith(".")]
    raw = bytearray(cached.read_bytes())
    raw[-1] ^= 0xFF  # one flipped byte: a torn write, a bad sector
    cached.write_bytes(bytes(raw))
    fetch = CountingFetch()
    assert await MembershipImages(fetch, folder).image(membership()) == PNG
    assert fetch.calls == [URL]
    assert cached.read_bytes()[-1] == PNG[-1]  # written again, whole


@pytest.mark.asyncio
async def test_an_unreadable_cache_entry_is_fetched_again(tmp_path: Path) -> None:
    folder = tmp_path / "images"
    await MembershipImages(CountingFetch(), folder).image(membership())
    (cached,) = [p for p in folder.iterdir() if not p.name.startswith(".")]
    cached.unlink()
    cached.mkdir()  # a name that cannot be read as a file
    fetch = CountingFetch()
    assert await MembershipImages(fetch, folder).image(membership()) == PNG
    assert fetch.calls == [URL]


@pytest.mark.asyncio
async def test_a_failed_url_is_remembered_for_a_while(tmp_path: Path) -> None:
    now = [1000.0]
    fetch = CountingFetch(fail=True)
    store = MembershipImages(fetch, tmp_path / "images", retry_after=60, clock=lambda: now[0])
    assert await store.image(membership()) is None
    assert await store.image(membership()) is None
    assert fetch.calls == [URL]  # the second ask made no request
    now[0] += 61
    fetch.fail = False
    assert await store.image(membership()) == PNG
    assert fetch.calls == [URL, URL]


@pytest.mark.asyncio
async def test_a_membership_without_images_asks_nothing(tmp_path: Path) -> None:
    fetch = CountingFetch()
    assert await MembershipImages(fetch, tmp_path / "images").image(membership({})) is None
    assert fetch.calls == []


@pytest.mark.asyncio
async def test_a_fetch_that_raises_anything_is_none_to_the_ui(tmp_path: Path) -> None:
    async def broken(url: str) -> bytes:
        raise RuntimeError("anything at all")

    assert await MembershipImages(broken, tmp_path / "images").image(membership()) is None


@pytest.mark.asyncio
async def test_the_disk_cache_stays_under_its_bound(tmp_path: Path) -> None:
    folder = tmp_path / "images"
    store = MembershipImages(CountingFetch(data=b"x" * 1000), folder, disk_budget=3500)
    for number in range(10):
        url = f"https://cdn.example.test/{number}.png"
        assert await store.image(membership({"large": url})) is not None
    sizes = [p.stat().st_size for p in folder.iterdir()]
    assert sum(sizes) <= 3500
    assert len(sizes) >= 2
    # The newest is kept.
    again = CountingFetch()
    newest = membership({"large": "https://cdn.example.test/9.png"})
    assert await MembershipImages(again, folder).image(newest) == b"x" * 1000
    assert again.calls == []


# ---------------------------------------------------------------------- the fetcher (HTTP)


def fetcher(handler: httpx.MockTransport, **options: int) -> MediaFetcher:
    return MediaFetcher(transport=handler, **options)  # type: ignore[arg-type]


@pytest.mark.asyncio
async def test_the_fetcher_sends_no_credentials() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=PNG, headers={"content-type": "image/png"})

    media = fetcher(httpx.MockTransport(answer))
    try:
        assert await media.fetch(URL) == PNG
    finally:
        await media.aclose()
    (request,) = seen
    names = {name.lower() for name in request.headers}
    assert not names & {"authorization", "cookie", "proxy-authorization"}
    assert not any("key" in name or "token" in name for name in names)


@pytest.mark.asyncio
async def test_the_fetcher_refuses_what_is_not_an_image() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, content=b"<html>hi</html>", headers={"content-type": "text/html"}
        )

    media = fetcher(httpx.MockTransport(answer))
    try:
        with pytest.raises(MediaError, match="not an image"):
            await media.fetch(URL)
    finally:
        await media.aclose()


@pytest.mark.asyncio
async def test_the_fetcher_refuses_an_oversized_answer() -> None:
    big = b"\xff" * 5000

    def declared(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=big, headers={"content-type": "image/jpeg"})

    def streamed(request: httpx.Request) -> httpx.Response:
        # No content-length: the cap is counted as the body streams in.
        chunks = iter([big[:2500], big[2500:]])
        return httpx.Response(
            200, stream=httpx.ByteStream(b"".join(chunks)), headers={"content-type": "image/jpeg"}
        )

    for handler in (declared, streamed):
        media = fetcher(httpx.MockTransport(handler), max_bytes=4000)
        try:
            with pytest.raises(MediaError, match="too large"):
                await media.fetch(URL)
        finally:
            await media.aclose()


@pytest.mark.asyncio
async def test_the_fetcher_refuses_an_error_status_and_other_schemes() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, content=b"gone", headers={"content-type": "image/png"})

    media = fetcher(httpx.MockTransport(answer))
    try:
        with pytest.raises(MediaError, match="404"):
            await media.fetch(URL)
        with pytest.raises(MediaError, match="http"):
            await media.fetch("file:///etc/passwd")
    finally:
        await media.aclose()

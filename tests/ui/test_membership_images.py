"""Membership pictures: on every catalogue card and large on a membership's page, fetched once,
a soft placeholder when there is none (or it cannot be had), never the wrong one."""

from __future__ import annotations

import asyncio
import dataclasses
from collections import Counter
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import QApplication

from kiosk.checkout.images import image_url
from kiosk.domain.catalog import Membership, MembershipType, Price
from kiosk.domain.money import Money
from kiosk.ui import routes
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.screens.catalog import CatalogScreen
from kiosk.ui.screens.membership import MembershipScreen
from kiosk.ui.widgets import membership_image
from kiosk.ui.widgets.decoded_pictures import pictures, pixmap_bytes
from kiosk.ui.widgets.membership_image import MembershipImage
from kiosk.ui.window import KioskWindow
from tests.support.sandbox_process import SandboxProcess
from tests.ui.conftest import KioskFactory, on_screen, until

pytestmark = [pytest.mark.asyncio, pytest.mark.sandbox]

BROWSE = [AttractScreen, CatalogScreen, MembershipScreen]


@pytest.fixture(autouse=True)
def no_pictures_kept() -> None:
    """Every test starts with no decoded picture in memory (each kiosk has its own disk cache)."""
    pictures.clear()


def media_requests(sandbox: SandboxProcess) -> Counter[str]:
    return Counter(r["path"] for r in sandbox.requests() if r["path"].startswith("/media/"))


def _shown_and_plain(image: MembershipImage) -> tuple[QImage, QImage]:
    """What the widget shows and its placeholder, inside the rounded corners (the grab paints
    the page's background there; the placeholder leaves them transparent)."""
    shown = image.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    plain = image.placeholder().toImage().convertToFormat(QImage.Format.Format_RGB32)
    inner = image.rect().adjusted(image.radius, image.radius, -image.radius, -image.radius)
    return shown.copy(inner), plain.copy(inner)


def differs_from_placeholder(image: MembershipImage) -> bool:
    shown, plain = _shown_and_plain(image)
    return shown.size() == plain.size() and shown != plain


def looks_like_placeholder(image: MembershipImage) -> bool:
    shown, plain = _shown_and_plain(image)
    return shown == plain


async def settled(image: MembershipImage) -> None:
    """Wait until the widget's own fetch and decode have ended, whatever they found."""
    task = image.wait_loaded()
    if task is not None:
        await asyncio.wait({task})


async def open_catalog(window: KioskWindow) -> CatalogScreen:
    attract = window.router.current
    assert isinstance(attract, AttractScreen)
    attract.start_button.click()
    catalog = await on_screen(window, "catalog")
    assert isinstance(catalog, CatalogScreen)
    await until(lambda: bool(catalog.cards), what="the catalogue's cards")
    return catalog


async def open_page(window: KioskWindow, membership: Membership) -> MembershipScreen:
    window.router.go(routes.Membership(membership=membership))
    screen = await on_screen(window, "membership")
    assert isinstance(screen, MembershipScreen)
    return screen


async def test_every_card_in_view_shows_its_picture_fetched_once(
    make_kiosk: KioskFactory, sandbox: SandboxProcess
) -> None:
    window = await make_kiosk(screens=BROWSE)
    sandbox.clear_requests()
    catalog = await open_catalog(window)
    visible = [card for card in catalog.cards if card.isVisible()]
    assert visible
    await until(lambda: all(card.image.has_image for card in visible), what="the cards' pictures")
    for card in visible:
        assert card.image.membership is card.membership
        assert differs_from_placeholder(card.image)
    # The same membership's page reuses the image already fetched: no request more.
    page = await open_page(window, visible[0].membership)
    assert page.image is not None
    await until(lambda: page.image is not None and page.image.has_image, what="the page picture")
    fetched = media_requests(sandbox)
    assert fetched, "the pictures came from the sandbox's media route"
    assert max(fetched.values()) == 1, fetched


async def test_the_membership_page_shows_its_picture_large(
    make_kiosk: KioskFactory, sandbox: SandboxProcess
) -> None:
    for profile in ("kiosk", "tablet"):
        window = await make_kiosk(screens=BROWSE, profile=profile)
        catalog = await window.flow.catalogue()
        glow = next(m for m in catalog if m.name == "Glow Monthly")
        page = await open_page(window, glow)
        image = page.image
        assert image is not None
        await until(lambda shown=image: shown.has_image, what="the membership's picture")
        assert differs_from_placeholder(image)
        # Large: the page's full content width on the kiosk, a column on the tablet.
        assert image.height() >= 220
        assert image.width() >= page.scroll_area.viewport().width() // 3


async def test_a_picture_the_host_does_not_have_leaves_the_placeholder(
    make_kiosk: KioskFactory, sandbox: SandboxProcess
) -> None:
    window = await make_kiosk(screens=BROWSE)
    catalog = await window.flow.catalogue()
    glow = next(m for m in catalog if m.name == "Glow Monthly")
    sandbox.clear_requests()
    sandbox.inject(method="GET", path="/media/*", kind="status", status=404, count=100)
    page = await open_page(window, glow)
    image = page.image
    assert image is not None
    await until(lambda: bool(media_requests(sandbox)), what="the picture asked for")
    await settled(image)
    assert not image.has_image
    assert looks_like_placeholder(image)
    # The dead link is remembered: looking again asks nothing more of the host.
    other = next(m for m in catalog if m.name == "Restore Annual")
    await open_page(window, other)
    page = await open_page(window, glow)
    assert page.image is not None
    assert page.image.membership is glow
    await settled(page.image)
    assert not page.image.has_image
    path = urlsplit(image_url(glow) or "").path
    assert media_requests(sandbox)[path] == 1


async def test_a_membership_without_a_picture_shows_the_placeholder(
    make_kiosk: KioskFactory, sandbox: SandboxProcess
) -> None:
    window = await make_kiosk(screens=BROWSE)
    catalog = await window.flow.catalogue()
    glow = next(m for m in catalog if m.name == "Glow Monthly")
    bare = dataclasses.replace(glow, id="no-picture", images={})
    sandbox.clear_requests()
    page = await open_page(window, bare)
    image = page.image
    assert image is not None
    await until(lambda: image.isVisible() and image.height() > 0, what="the page laid out")
    await settled(image)
    assert not image.has_image
    assert looks_like_placeholder(image)
    # The placeholder is no grey box: it is drawn in the brand's colour, softly.
    middle = image.placeholder().toImage().pixelColor(image.width() // 2, 8)
    assert middle.saturation() > 0
    assert media_requests(sandbox) == Counter()


# ------------------------------------------------------------------ the widget on its own


def picture(colour: str, fmt: str = "PNG") -> bytes:
    image = QImage(64, 32, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, fmt)  # type: ignore[call-overload]
    buffer.close()
    return bytes(data.data())


class Source:
    """Pictures by membership id; a membership's answer waits until its gate opens."""

    def __init__(self, answers: dict[str, bytes | None]) -> None:
        self.answers = answers
        self.gates: dict[str, asyncio.Event] = {}
        self.asked: list[str] = []

    def hold(self, membership_id: str) -> asyncio.Event:
        self.gates[membership_id] = asyncio.Event()
        return self.gates[membership_id]

    async def __call__(self, membership: Membership) -> bytes | None:
        self.asked.append(membership.id)
        gate = self.gates.get(membership.id)
        if gate is not None:
            await gate.wait()
        return self.answers.get(membership.id)


def a_membership(new_id: str) -> Membership:
    """A membership with a picture, for the widget on its own (no kiosk around it)."""
    money = Money(Decimal("10.00"), "USD")
    return Membership(
        id=new_id,
        version_id=None,
        code="",
        name="Glow",
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
        images={"large": f"https://cdn.example.test/{new_id}.png"},
    )


def centre(image: MembershipImage) -> QColor:
    return image.grab().toImage().pixelColor(image.width() // 2, image.height() // 2)


async def test_a_late_picture_never_shows_on_a_re_bound_widget() -> None:
    first = a_membership("first")
    second = dataclasses.replace(first, id="second")
    source = Source({"first": picture("#0000ff"), "second": picture("#ff0000")})
    gate = source.hold("first")
    image = MembershipImage(source=source)
    image.resize(300, 150)
    image.show()
    image.show_membership(first)
    late = image.wait_loaded()
    assert late is not None
    await until(lambda: "first" in source.asked, what="the first picture asked for")
    image.show_membership(second)  # the card re-bound while the first is on its way
    await until(lambda: image.has_image, what="the second picture")
    gate.set()
    await asyncio.wait({late})
    assert image.membership is second
    assert centre(image).red() > 200
    assert centre(image).blue() < 50
    image.deleteLater()


async def test_garbage_bytes_leave_the_placeholder() -> None:
    membership = a_membership("garbage")
    image = MembershipImage(source=Source({"garbage": b"\x89PNG but not really" * 20}))
    image.resize(300, 150)
    image.show()
    image.show_membership(membership)
    await settled(image)
    assert not image.has_image
    assert looks_like_placeholder(image)
    image.deleteLater()


async def test_a_widget_deleted_while_its_picture_decodes_does_not_crash(
    caplog: pytest.LogCaptureFixture,
) -> None:
    membership = a_membership("deleted")
    source = Source({"deleted": picture("#00ff00", "JPG")})
    gate = source.hold("deleted")
    image = MembershipImage(source=source)
    image.resize(300, 150)
    image.show()
    image.show_membership(membership)
    task = image.wait_loaded()
    assert task is not None
    await until(lambda: "deleted" in source.asked, what="the picture asked for")
    image.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    gate.set()
    await asyncio.wait({task})
    assert not task.cancelled()
    assert task.exception() is None
    assert not [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]


def _initial_drawn_as_text(image: MembershipImage) -> QImage:
    """The placeholder as it was painted before initials were kept: the initial drawn as text
    over the same backdrop, centred in the widget."""
    reference = image.placeholder().toImage()
    backdrop = image._wash_and_circles().toImage()  # the wash without the initial
    painter = QPainter(backdrop)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    ink = QColor(image._accent)
    ink.setAlphaF(0.45)
    font = QFont(image.font())
    font.setPixelSize(max(12, round(image.height() * 0.5)))
    font.setWeight(QFont.Weight.DemiBold)
    painter.setFont(font)
    painter.setPen(QPen(ink))
    painter.drawText(QRectF(backdrop.rect()), Qt.AlignmentFlag.AlignCenter, "G")
    painter.end()
    assert backdrop.size() == reference.size()
    return backdrop


def _differing(one: QImage, other: QImage, by: int = 48) -> int:
    return sum(
        1
        for y in range(0, one.height(), 2)
        for x in range(0, one.width(), 2)
        if max(
            abs(a - b)
            for a, b in zip(
                one.pixelColor(x, y).getRgb()[:3], other.pixelColor(x, y).getRgb()[:3], strict=True
            )
        )
        > by
    )


async def test_a_placeholders_initial_is_the_same_glyph_kept_for_every_painting() -> None:
    glow = dataclasses.replace(a_membership("glow"), images={})  # no picture: the placeholder
    sizes = [(984, 560), (438, 184)]  # a membership's page, a catalogue card
    for width, height in sizes:
        image = MembershipImage(source=Source({}))
        image.resize(width, height)
        image.show_membership(glow)
        shown = image.placeholder().toImage()
        backdrop = image._wash_and_circles().toImage()
        inked = _differing(shown, backdrop)
        assert inked > 50, "the initial is on the placeholder"
        # Where the glyph lands: as drawn as text (a pixel's rounding apart).
        assert _differing(shown, _initial_drawn_as_text(image)) < inked // 10
        # The next widget of that size paints the same kept glyph.
        kept = membership_image._initials.kept()
        assert kept, "the glyph was kept"
        again = MembershipImage(source=Source({}))
        again.resize(width, height)
        again.show_membership(glow)
        assert again.placeholder().toImage() == shown
        assert membership_image._initials.kept().keys() == kept.keys()
        # Kept without the empty room around the ink: on each axis one side or the other is
        # inked up to its edge (the room is cut evenly, so the centre stays).
        for glyph in kept.values():
            assert _inked_to_an_edge(glyph.toImage())
    assert (
        sum(pixmap_bytes(glyph) for glyph in membership_image._initials.kept().values())
        <= membership_image.KEPT_INITIALS_BYTES
    )


def _inked_to_an_edge(image: QImage) -> bool:
    """Whether, across and down, the first or the last line of pixels holds some ink."""
    width, height = image.width(), image.height()

    def inked(points: list[tuple[int, int]]) -> bool:
        return any(image.pixelColor(x, y).alpha() > 0 for x, y in points)

    columns = [[(x, y) for y in range(height)] for x in (0, width - 1)]
    rows = [[(x, y) for x in range(width)] for y in (0, height - 1)]
    return any(inked(c) for c in columns) and any(inked(r) for r in rows)

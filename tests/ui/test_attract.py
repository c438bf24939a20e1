"""The attract screen: start, languages, accessibility, and the SANDBOX ribbon."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest

from kiosk.checkout.health import Health
from kiosk.config import sandbox_hero
from kiosk.ui import routes
from kiosk.ui.i18n import translator
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.widgets.featured import FeaturedRow
from kiosk.ui.widgets.hero import hero_cache
from kiosk.ui.widgets.membership_image import MembershipImage
from kiosk.ui.window import KioskWindow
from tests.support.sandbox_process import SandboxProcess
from tests.support.selling import catalogue_membership
from tests.ui.conftest import KioskFactory, on_screen, until

pytestmark = [pytest.mark.asyncio, pytest.mark.sandbox]


async def test_the_kiosk_opens_on_attract_with_the_sandbox_ribbon(kiosk: KioskWindow) -> None:
    assert kiosk.router.current.name == "attract"
    assert kiosk.ribbon is not None
    assert kiosk.ribbon.isVisible()


async def test_switching_language_retranslates_live_and_mirrors_arabic(
    kiosk: KioskWindow,
) -> None:
    attract = kiosk.router.current
    assert isinstance(attract, AttractScreen)
    attract.language_buttons["es"].click()
    assert attract.start_button.text() == "Toca para empezar"
    attract.language_buttons["ar"].click()
    assert translator.language == "ar"
    assert kiosk.layoutDirection() is Qt.LayoutDirection.RightToLeft
    attract.language_buttons["en"].click()
    assert attract.start_button.text() == "Tap to start"
    assert kiosk.layoutDirection() is Qt.LayoutDirection.LeftToRight


async def test_large_text_and_high_contrast_restyle_the_kiosk(kiosk: KioskWindow) -> None:
    attract = kiosk.router.current
    assert isinstance(attract, AttractScreen)
    before = attract.start_button.font().pixelSize()
    attract.large_text.click()
    assert kiosk.look.scale == 1.5
    assert attract.start_button.font().pixelSize() > before
    attract.contrast.click()
    assert kiosk.look.high_contrast is True


async def test_with_no_catalogue_the_kiosk_says_it_is_unavailable_then_recovers(
    make_kiosk: KioskFactory, sandbox: SandboxProcess
) -> None:
    sandbox.inject(
        method="GET", path="/v1/centers/*/memberships", kind="status", status=503, count=10
    )
    window = await make_kiosk()
    await on_screen(window, "unavailable", timeout=30)
    assert window.banner.isVisible()
    window.router.current.retry_every_s = 1  # type: ignore[attr-defined]
    sandbox.clear_faults()
    await on_screen(window, "attract", timeout=40)


# ---------------------------------------------------------------------- brand and featured tiles

NOT_ON_SALE = "00000000-0000-4000-8000-000000000000"


def attract_of(window: KioskWindow) -> AttractScreen:
    screen = window.router.current
    assert isinstance(screen, AttractScreen)
    return screen


async def with_brand(window: KioskWindow, **changes: object) -> AttractScreen:
    """The business's ``[brand]`` changed, and attract shown again."""
    window.flow.brand = dataclasses.replace(window.flow.brand, **changes)  # type: ignore[arg-type]
    window.router.go(routes.Catalog())
    # The pictures the catalogue's cards asked for arrive first: a fetch still connecting when
    # the test's loop ends would take its last steps outside it.
    catalog = await on_screen(window, "catalog")
    await asyncio.sleep(0.1)  # the cards in view are bound, and ask for their pictures
    loading = [p.wait_loaded() for p in catalog.findChildren(MembershipImage)]
    await asyncio.gather(*(task for task in loading if task is not None))
    window.router.go(routes.Attract())
    return attract_of(window)


async def filled(attract: AttractScreen) -> None:
    await until(lambda: bool(attract.featured.shown), what="the featured tiles")


async def test_the_configured_memberships_are_featured_with_their_true_monthly_price(
    kiosk: KioskWindow, caplog: pytest.LogCaptureFixture
) -> None:
    catalog = await kiosk.flow.catalogue()
    glow = catalogue_membership(catalog, "GLOWMONTHL")
    founding = catalogue_membership(catalog, "FOUNDCIRC")
    caplog.set_level(logging.WARNING, logger="kiosk.ui")
    attract = await with_brand(kiosk, featured=(founding.id, NOT_ON_SALE, glow.id))
    await until(lambda: [t.membership for t in attract.featured.shown] == [founding, glow])
    first, second = attract.featured.shown
    # $89.00 a month plus tax is what the invoice charges every month: $96.90.
    assert second.texts() == ["Glow Monthly", "$96.90 a month"]
    # A joining fee is said on the tile (the monthly figure leaves it out).
    assert first.texts() == [
        "Founding Circle",
        "$129.56 a month",
        "+ a joining fee, charged once",
    ]
    assert "The joining fee is charged once, today" in first.fee.accessibleName()
    assert attract.featured_note.text() == "Prices include tax"
    assert len([t for t in attract.featured.tiles if not t.isHidden()]) == 2
    # The id not on sale is left out, and the log says which.
    said = [r.getMessage() for r in caplog.records if NOT_ON_SALE in r.getMessage()]
    assert len(said) == 1
    caplog.clear()
    await with_brand(kiosk)  # said once, not at every visit
    assert not [r for r in caplog.records if NOT_ON_SALE in r.getMessage()]
    attract.language_buttons["es"].click()
    assert second.texts() == ["Glow mensual", "$96.90 al mes"]


async def test_with_nothing_configured_the_first_recurring_memberships_are_featured(
    kiosk: KioskWindow,
) -> None:
    catalog = await kiosk.flow.catalogue()
    attract = attract_of(kiosk)
    await filled(attract)
    first_recurring = [m for m in catalog if m.is_recurring][:3]
    assert len(first_recurring) == 3
    # The catalogue's own first three include a prepaid pass: recurring ones come first.
    assert [m.id for m in list(catalog)[:3]] != [m.id for m in first_recurring]
    assert [t.membership for t in attract.featured.shown] == first_recurring


async def test_a_tap_on_a_tile_opens_that_memberships_page(
    make_kiosk: KioskFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The membership page itself stands in: what counts is the route the tap takes.
    kiosk = await make_kiosk(screens=[AttractScreen])
    catalog = await kiosk.flow.catalogue()
    thermal = catalogue_membership(catalog, "THERMALMON")
    attract = await with_brand(kiosk, featured=(thermal.id,))
    await until(lambda: [t.membership for t in attract.featured.shown] == [thermal])
    taken: list[routes.Route] = []
    go = kiosk.router.go

    def recorded(route: routes.Route) -> object:
        taken.append(route)
        return go(route)

    monkeypatch.setattr(kiosk.router, "go", recorded)
    tile = attract.featured.shown[0]
    QTest.mouseClick(tile, Qt.MouseButton.LeftButton, pos=tile.rect().center())
    await on_screen(kiosk, "membership")
    # The catalogue's own route to a membership's page, for the tapped membership.
    assert taken == [routes.Membership(thermal)]


async def test_the_tiles_show_the_memberships_pictures(kiosk: KioskWindow) -> None:
    attract = attract_of(kiosk)
    attract.tile_pictures = True  # as on a kiosk that watches its health
    attract = await with_brand(kiosk)
    await filled(attract)
    pictures = [tile.image for tile in attract.featured.shown]
    await until(lambda: all(p is not None and p.isVisible() for p in pictures), what="pictures")
    await until(
        lambda: all(p is not None and p.has_image for p in pictures), what="the tiles' pictures"
    )
    assert [p.membership for p in pictures if p] == [t.membership for t in attract.featured.shown]
    attract.large_text.click()  # large text: the pictures make room for the words
    assert not any(p is not None and p.isVisible() for p in pictures)


async def test_paused_sales_hide_the_tiles(kiosk: KioskWindow) -> None:
    attract = attract_of(kiosk)
    await filled(attract)
    assert attract.featured.isVisible()
    attract.show_health(Health(zenoti=False, reader=True))
    assert not attract.featured.isVisible()
    assert not attract.featured_note.isVisible()
    tile = attract.featured.tiles[0]
    tile.tap()  # even a tap that reaches it opens nothing
    assert kiosk.router.current is attract
    attract.show_health(Health(zenoti=True, reader=True))
    assert attract.featured.isVisible()


def top_of_hero(attract: AttractScreen) -> QColor:
    """A pixel near the top of the hero area, as painted (above the text and its shade)."""
    picture = attract.hero.grab().toImage()
    return picture.pixelColor(QPoint(picture.width() // 2, 2))


async def test_on_the_sandbox_the_hero_is_its_own_picture_decoded_once(
    kiosk: KioskWindow,
) -> None:
    attract = attract_of(kiosk)
    assert attract.hero_path == sandbox_hero()
    await until(lambda: attract.hero.has_image, what="the sandbox's picture")
    sky = top_of_hero(attract)
    # The picture's warm morning sky, not the brand's green composition.
    assert sky.red() > sky.green() > sky.blue()
    assert sky.red() > 200
    decoded = hero_cache.decoded
    await with_brand(kiosk)  # another visit: nothing is decoded again
    assert attract.hero.has_image
    assert hero_cache.decoded == decoded


async def test_the_configured_hero_covers_the_top_and_without_one_the_brand_colour(
    kiosk: KioskWindow, tmp_path: Path
) -> None:
    picture = tmp_path / "lobby.png"
    plain = QImage(400, 300, QImage.Format.Format_RGB32)
    plain.fill(QColor("#c21a8a"))
    assert plain.save(str(picture))
    attract = await with_brand(kiosk, hero=picture)
    assert attract.hero_path == picture
    await until(
        lambda: attract.hero.has_image and top_of_hero(attract).name() == "#c21a8a",
        what="the configured picture in the hero area",
    )
    # A kiosk on Zenoti with no picture configured: a composition in the brand colour.
    kiosk.flow.sandbox = False
    attract = await with_brand(kiosk, hero=None)
    assert attract.hero_path is None
    assert not attract.hero.has_image
    ground = top_of_hero(attract)
    assert ground.green() > ground.red()  # the brand's green, not the picture


async def test_before_the_catalogue_the_tiles_are_placeholders_that_open_nothing(
    kiosk: KioskWindow,
) -> None:
    attract = attract_of(kiosk)
    row = FeaturedRow()
    opened: list[object] = []
    row.opened.connect(opened.append)
    row.show()
    tile = row.tiles[0]
    assert tile.membership is None
    assert not tile.isEnabled()
    assert tile.accessibleName() == "Loading memberships…"
    QTest.mouseClick(tile, Qt.MouseButton.LeftButton, pos=tile.rect().center())
    assert opened == []
    # Filled from the catalogue, the same tile opens its membership.
    await filled(attract)
    row.show_memberships([m for m in (t.membership for t in attract.featured.shown) if m])
    QTest.mouseClick(tile, Qt.MouseButton.LeftButton, pos=tile.rect().center())
    assert opened == [attract.featured.shown[0].membership]
    row.deleteLater()


@pytest.mark.parametrize(("language", "tiles_fit"), [("en", True), ("es", True), ("ar", False)])
async def test_on_the_tablet_large_text_keeps_the_tiles_only_where_everything_fits(
    make_kiosk: KioskFactory, language: str, tiles_fit: bool
) -> None:
    tablet = await make_kiosk(profile="tablet")
    translator.set_language(language)
    attract = attract_of(tablet)
    await filled(attract)
    assert attract.featured.isVisible()
    attract.large_text.click()
    await until(lambda: tablet.look.scale > 1.0, what="large text")
    # Arabic's taller lines leave no room for the tiles in 800 px; English and Spanish do.
    await until(lambda: attract.featured.isVisible() == tiles_fit, what="the tiles in or out")
    # What is shown is whole inside the 800 px: the tiles (where kept), the start button and
    # the reading aids.
    kept = [attract.start_button, attract.large_text, attract.contrast]
    if tiles_fit:
        kept += attract.featured.shown

    def inside() -> bool:
        bottoms: list[int] = [w.mapTo(tablet, w.rect().bottomLeft()).y() for w in kept]
        return max(bottoms) <= int(tablet.height())

    await until(inside, what="everything shown inside the window")
    attract.large_text.click()
    await until(lambda: attract.featured.isVisible(), what="the tiles at normal text")

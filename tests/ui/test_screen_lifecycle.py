"""Screens are made when needed and leave nothing behind: attract alone before the first paint,
the guest's screens in idle time after it, staff screens only for staff; screen changes, visits
to many memberships and language switches do not pile up objects."""

from __future__ import annotations

import asyncio
import gc
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QPushButton

from kiosk.ui import allocator, routes
from kiosk.ui.i18n import translator
from kiosk.ui.screens import PLACES
from kiosk.ui.screens.catalog import CatalogScreen
from kiosk.ui.widgets.membership_card import MembershipCard
from kiosk.ui.window import KioskWindow
from tests.ui.conftest import KioskFactory, until

pytestmark = [pytest.mark.asyncio, pytest.mark.sandbox]

GUEST_SCREENS = {place.name for place in PLACES if not routes.is_staff(place.name)}


async def warmed_up(make_kiosk: KioskFactory, **options: Any) -> KioskWindow:
    """A kiosk whose start's idle work (its guest screens made, laid out, painted) is done."""
    window: KioskWindow = await make_kiosk(**options)
    assert window.warming_up is not None
    await asyncio.wait_for(window.warming_up, 30)
    return window


def _census(window: KioskWindow) -> int:
    """Every Qt object the window holds, its router's included (the router is not a widget)."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    gc.collect()
    return len(window.findChildren(QObject)) + len(window.router.findChildren(QObject))


async def test_only_attract_is_made_before_the_first_paint(make_kiosk: KioskFactory) -> None:
    # Started, its catalogue loaded and shown, but not yet painted (no turn of the loop since).
    window = await make_kiosk(screens=list(PLACES))  # as the kiosk names them: by module
    assert [screen.name for screen in window.router.made] == ["attract"]
    assert set(window.router.names) >= {place.name for place in PLACES}


async def test_the_guest_screens_are_made_in_idle_time_and_staff_screens_wait_for_staff(
    make_kiosk: KioskFactory,
) -> None:
    window = await warmed_up(make_kiosk)
    made = {screen.name for screen in window.router.made}
    assert made == GUEST_SCREENS & set(window.router.names)
    assert not any(routes.is_staff(name) for name in made)
    window.router.go(routes.StaffHome())  # the first visit makes it
    assert "staff_home" in {screen.name for screen in window.router.made}


async def test_screen_changes_leave_no_objects_behind(make_kiosk: KioskFactory) -> None:
    window = await warmed_up(make_kiosk)
    catalog = list(await window.flow.catalogue())
    tour = [routes.Catalog(), routes.Membership(catalog[0]), routes.Identify(), routes.Attract()]

    def go_round(times: int) -> None:
        for _ in range(times):
            for route in tour:
                window.router.go(route)

    go_round(2)  # every screen of the tour shown once
    before = _census(window)
    go_round(25)  # a hundred screen changes
    assert _census(window) == before


async def test_the_start_and_each_sale_give_the_memory_they_freed_back_in_idle_time(
    make_kiosk: KioskFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    given_back: list[str] = []
    monkeypatch.setattr(
        allocator, "give_back", lambda: given_back.append(window.router.current.name)
    )
    window = await make_kiosk()  # bound before the warm-up ends: the stand-in above reads it
    assert window.warming_up is not None
    await asyncio.wait_for(window.warming_up, 30)
    assert given_back == ["attract"], "the start's, once its screens were made in idle time"
    catalog = list(await window.flow.catalogue())
    await window.flow.begin([catalog[0].id])
    window.router.go(routes.Membership(catalog[0]))
    assert window.reset()
    assert given_back == ["attract"], "given back in the turn of the reset: attract not on its way"
    await until(lambda: len(given_back) == 2, what="the sale's freed memory given back")
    assert given_back == ["attract", "attract"]


class _Moves(QObject):
    """Counts the move and resize events Qt delivers to buttons."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Move, QEvent.Type.Resize) and isinstance(
            watched, QPushButton
        ):
            self.count += 1
        return False


async def test_the_first_guests_first_fade_delivers_no_events_kept_for_hidden_widgets(
    make_kiosk: KioskFactory,
) -> None:
    window = await warmed_up(make_kiosk)
    moves = _Moves()
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(moves)
    try:
        window.router.go(routes.Catalog())
        await until(lambda: window.router.fade.picture is not None, 2, "the picture")
    finally:
        app.removeEventFilter(moves)
    # The catalogue's own buttons, placed as it shows; not the ~600 of the hidden keyboards.
    assert moves.count < 100


async def test_the_fades_canvas_is_made_in_idle_time_and_kept_for_the_first_guest(
    make_kiosk: KioskFactory,
) -> None:
    window = await warmed_up(make_kiosk)
    fade = window.router.fade
    canvas = fade.canvas
    # Made and filled after start, at the screens' size: the first guest's first screen change
    # does not wait for the system to hand a new picture its memory.
    assert canvas is not None
    assert canvas.size() == window.router.current.parentWidget().parentWidget().size()
    window.router.go(routes.Catalog())
    await until(lambda: fade.picture is not None, 2, "the picture")
    assert fade.picture is canvas
    assert fade.canvas is canvas


async def test_a_new_screen_fades_in_from_one_picture_taken_in_a_turn_of_its_own(
    make_kiosk: KioskFactory,
) -> None:
    window = await warmed_up(make_kiosk)
    fade = window.router.fade
    window.router.go(routes.Catalog())
    assert fade.running
    assert fade.isVisible()
    QApplication.sendPostedEvents()
    window.repaint()  # the painting of the turn that showed it: the background, not the screen
    assert fade.picture is None
    await until(lambda: fade.picture is not None, 2, "the picture")
    await until(lambda: not fade.running, 2, "the end of the fade")
    assert not fade.isVisible()

    window.router.go(routes.Attract())
    window.router.settle()  # a touch before the picture: the live screen at once, for good
    assert not fade.running
    assert not fade.isVisible()
    await asyncio.sleep(0.05)
    assert fade.picture is None
    assert not fade.isVisible()

    # A picture painted over another screen's is the new screen itself, every pixel of it.
    window.router.go(routes.Catalog())
    await until(lambda: not fade.running, 2, "the end of the catalogue's fade")
    window.router.go(routes.Attract())
    await until(lambda: fade.picture is not None, 2, "attract's picture")
    await until(lambda: not fade.running, 2, "the end of attract's fade")
    shown = window.router.go(routes.Catalog())
    await until(lambda: fade.picture is not None, 2, "the picture")
    holder = shown.parentWidget().parentWidget()  # the screen's viewport, then its holder
    assert fade.picture is not None
    expected = QImage(fade.picture.size(), QImage.Format.Format_RGB32)
    expected.fill(window.palette().color(QPalette.ColorRole.Window))
    painter = QPainter(expected)
    painter.drawPixmap(0, 0, holder.grab())  # the screen over the window's background
    painter.end()
    got = fade.picture.toImage()
    # Equal but for rounding at anti-aliased edges (painted straight onto the opaque picture).
    painted, seen = bytes(got.constBits()), bytes(expected.constBits())
    assert len(painted) == len(seen)
    assert all(abs(a - b) <= 1 for a, b in zip(painted, seen, strict=True))


async def test_many_memberships_and_languages_keep_a_bounded_number_of_pages(
    make_kiosk: KioskFactory,
) -> None:
    window = await make_kiosk()
    memberships = list(await window.flow.catalogue())
    assert len(memberships) > 8  # more than the membership screen keeps

    def visit_all() -> None:
        for membership in memberships:
            window.router.go(routes.Membership(membership))
        window.router.go(routes.Catalog())

    visit_all()
    before = _census(window)
    for language in ("es", "ar", "en"):
        translator.set_language(language)
        visit_all()
    assert _census(window) == before


@pytest.mark.parametrize("profile", ["kiosk", "tablet"])
async def test_cards_made_in_idle_time_show_only_where_the_grid_places_them(
    make_kiosk: KioskFactory, profile: str
) -> None:
    window = await warmed_up(make_kiosk, profile=profile)
    catalog = window.router.screen("catalog")
    assert isinstance(catalog, CatalogScreen)
    made_ahead = catalog.findChildren(MembershipCard)
    assert made_ahead  # the first visit finds its cards made
    window.router.go(routes.Catalog())
    await until(lambda: bool(catalog.cards), what="the catalogue's cards")
    shown = {id(card) for card in made_ahead if card.isVisibleTo(catalog)}
    assert shown == {id(card) for card in catalog.cards}
    assert len(catalog.findChildren(MembershipCard)) == len(made_ahead)  # none made on the visit

"""A catalogue of a thousand memberships: cards are made for the rows near the view only, and
re-used as the guest scrolls, yet every membership can be reached and none overlap."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect

from kiosk.commands.scripted_guest import card_titles
from kiosk.domain.catalog import Membership
from kiosk.ui.i18n import translator
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.screens.catalog import CatalogScreen
from kiosk.ui.screens.compare import CompareScreen
from kiosk.ui.screens.membership import MembershipScreen
from kiosk.ui.widgets.membership_card import MembershipCard
from kiosk.ui.window import KioskWindow
from tests.support.sandbox_process import SandboxProcess, start_sandbox
from tests.ui.conftest import KioskFactory, on_screen, until

pytestmark = [pytest.mark.asyncio, pytest.mark.sandbox]

BROWSE = [AttractScreen, CatalogScreen, MembershipScreen, CompareScreen]
SIZE = 1000
MOST_CARDS = 40  # about three screens of rows, whatever the catalogue's size


@pytest.fixture(scope="module")
def large_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxProcess]:
    db = Path(tmp_path_factory.mktemp("large")) / "sandbox.sqlite3"
    server = start_sandbox(db, "--catalogue-size", str(SIZE))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def sandbox(large_sandbox: SandboxProcess) -> SandboxProcess:
    """This module's kiosks sell from the large catalogue."""
    large_sandbox.reset()
    large_sandbox.settings(rate_limit={"enabled": False})
    return large_sandbox


async def open_catalog(window: KioskWindow) -> tuple[CatalogScreen, list[Membership]]:
    attract = window.router.current
    assert isinstance(attract, AttractScreen)
    attract.start_button.click()
    catalog = await on_screen(window, "catalog")
    assert isinstance(catalog, CatalogScreen)
    await until(lambda: bool(catalog.cards), timeout=30, what="the catalogue's cards")
    return catalog, list(await window.flow.catalogue())


def made(catalog: CatalogScreen) -> int:
    return len(catalog.findChildren(MembershipCard))


def in_view(catalog: CatalogScreen, card: MembershipCard) -> bool:
    viewport = catalog.scroll_area.viewport()
    return viewport.rect().contains(QRect(card.mapTo(viewport, QPoint(0, 0)), card.size()))


def overlapping(catalog: CatalogScreen) -> list[tuple[str, str]]:
    cards = catalog.cards
    return [
        (a.membership.title, b.membership.title)
        for a, b in combinations(cards, 2)
        if a.geometry().intersects(b.geometry())
    ]


@pytest.mark.parametrize("profile", ["kiosk", "tablet"])
async def test_a_thousand_memberships_make_a_few_cards_and_the_last_one_can_be_reached(
    make_kiosk: KioskFactory, profile: str
) -> None:
    window = await make_kiosk(screens=BROWSE, profile=profile)
    catalog, memberships = await open_catalog(window)
    assert len(memberships) == SIZE
    assert made(catalog) <= MOST_CARDS
    bar = catalog.scroll_area.verticalScrollBar()
    bar.setValue(bar.maximum())  # a long flick to the end
    last = memberships[-1]
    assert card_titles(catalog)[-1] == last.title
    (card,) = [c for c in catalog.cards if c.membership.id == last.id]
    assert in_view(catalog, card)
    assert card.details.text() == "See details"
    assert not overlapping(catalog)
    assert made(catalog) <= MOST_CARDS


async def test_scrolling_down_shows_every_membership_once_on_a_few_re_used_cards(
    make_kiosk: KioskFactory,
) -> None:
    window = await make_kiosk(screens=BROWSE)
    catalog, memberships = await open_catalog(window)
    bar = catalog.scroll_area.verticalScrollBar()
    seen: list[str] = []
    while True:
        seen += [c.membership.id for c in catalog.cards if in_view(catalog, c)]
        assert not overlapping(catalog)
        if bar.value() >= bar.maximum():
            break
        bar.setValue(bar.value() + bar.pageStep() // 2)
    assert set(seen) == {m.id for m in memberships}
    assert made(catalog) <= MOST_CARDS


async def test_a_chosen_card_stays_chosen_when_scrolled_away_and_back(
    make_kiosk: KioskFactory,
) -> None:
    window = await make_kiosk(screens=BROWSE)
    catalog, memberships = await open_catalog(window)
    catalog.cards[0].compare.click()
    bar = catalog.scroll_area.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert not any(card.compare.isChecked() for card in catalog.cards)  # re-used: not chosen
    bar.setValue(0)
    first = catalog.cards[0]
    assert first.membership.id == memberships[0].id
    assert first.compare.isChecked()


async def test_large_text_and_arabic_reflow_the_cards_without_overlap(
    make_kiosk: KioskFactory,
) -> None:
    window = await make_kiosk(screens=BROWSE)
    catalog, _ = await open_catalog(window)
    window.apply_look(window.look.with_(scale=1.5))
    await until(lambda: catalog.column_count() == 1, what="one column of larger cards")
    assert not overlapping(catalog)
    window.apply_look(window.base_look)
    await until(lambda: catalog.column_count() == 2, what="two columns again")
    translator.set_language("ar")
    first, second = catalog.cards[:2]
    assert first.geometry().top() == second.geometry().top()
    assert first.geometry().left() > second.geometry().left()  # read from the right
    assert not overlapping(catalog)
    assert made(catalog) <= MOST_CARDS

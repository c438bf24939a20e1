"""Browsing: the catalogue, a membership's detail, comparing, and choosing one to buy."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.ui import routes
from kiosk.ui.i18n import translator
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.screens.catalog import CatalogScreen, Filter
from kiosk.ui.screens.compare import CompareScreen
from kiosk.ui.screens.membership import MembershipScreen
from kiosk.ui.widgets.membership_card import Bullet, MembershipCard
from kiosk.ui.window import KioskWindow
from tests.support.sandbox_process import SandboxProcess
from tests.ui.conftest import KioskFactory, on_screen, until
from tests.ui.walk import unnamed_controls

pytestmark = [pytest.mark.asyncio, pytest.mark.sandbox]

BROWSE = [AttractScreen, CatalogScreen, MembershipScreen, CompareScreen]
RECURRING = {
    "Glow Monthly",
    "Restore Annual",
    "Founding Circle",
    "Couples Retreat Monthly",
    "Thermal Circuit Monthly",
    "Lumen All-Access Monthly",
    "Lumen All-Access Annual",
}
PREPAID = {"Serenity 3-Month Pass", "Serenity 6-Month Pass", "Radiance 12-Month Pass"}


async def open_catalog(window: KioskWindow) -> CatalogScreen:
    attract = window.router.current
    assert isinstance(attract, AttractScreen)
    attract.start_button.click()
    catalog = await on_screen(window, "catalog")
    assert isinstance(catalog, CatalogScreen)
    await until(lambda: bool(catalog.cards), what="the catalogue's cards")
    return catalog


def card_named(catalog: CatalogScreen, title: str) -> MembershipCard:
    return next(card for card in catalog.cards if card.membership.title == title)


def shown_titles(catalog: CatalogScreen) -> set[str]:
    return {card.membership.title for card in catalog.cards if not card.isHidden()}


def texts(page: QWidget | None) -> list[str]:
    """What a page says: its labels, and its list items as written (not as rich text)."""
    assert page is not None
    labels = [w.text() for w in page.findChildren(QLabel) if not w.isHidden()]
    return labels + [b.text() for b in page.findChildren(Bullet) if not b.isHidden()]


async def test_the_catalogue_lists_every_membership_on_sale_and_nothing_out_of_period(
    make_kiosk: KioskFactory,
) -> None:
    window = await make_kiosk(screens=BROWSE)
    catalog = await open_catalog(window)
    assert shown_titles(catalog) == RECURRING | PREPAID
    assert "Summer Solstice Pass 2023" not in {c.membership.title for c in catalog.cards}


async def test_the_filter_narrows_to_recurring_or_prepaid(make_kiosk: KioskFactory) -> None:
    window = await make_kiosk(screens=BROWSE)
    catalog = await open_catalog(window)
    catalog.filter_buttons[Filter.RECURRING].click()
    assert shown_titles(catalog) == RECURRING
    catalog.filter_buttons[Filter.PREPAID].click()
    assert shown_titles(catalog) == PREPAID
    catalog.filter_buttons[Filter.ALL].click()
    assert shown_titles(catalog) == RECURRING | PREPAID


async def test_a_card_shows_the_price_how_often_and_its_best_benefits(
    make_kiosk: KioskFactory,
) -> None:
    window = await make_kiosk(screens=BROWSE)
    catalog = await open_catalog(window)
    glow = card_named(catalog, "Glow Monthly").texts()
    assert "$96.90" in glow  # $89 and the center's 8.875 % tax
    assert "$96.90 / month" in glow
    assert "due today, incl. tax" in glow
    # Zenoti's benefit entries carry no period the kiosk can read: the count, without "every …".
    assert "1 × Signature Glow Facial (50 min)" in glow
    founding = card_named(catalog, "Founding Circle").texts()
    # The catalogue does not know the joining fee: the figure says it leaves it out.
    assert "+ joining fee, due today (incl. tax)" in founding
    assert "due today, incl. tax" not in founding
    assert "$924.35 once" in card_named(catalog, "Radiance 12-Month Pass").texts()


async def test_tapping_a_card_opens_its_detail_with_grouped_benefits_and_terms(
    make_kiosk: KioskFactory,
) -> None:
    window = await make_kiosk(screens=BROWSE)
    catalog = await open_catalog(window)
    card = card_named(catalog, "Glow Monthly")
    QTest.mouseClick(card, Qt.MouseButton.LeftButton, pos=card.name.geometry().center())
    detail = await on_screen(window, "membership")
    assert isinstance(detail, MembershipScreen)
    assert detail.title.text() == "Glow Monthly"
    shown = texts(detail.scroll_area.widget())
    assert {"Services", "Products", "Discounts"} <= set(shown)
    assert "Classes" not in shown
    assert "20% off Facials off-peak, 15% at peak times" in shown
    assert any(t.startswith("Your next payment is on ") for t in shown)
    assert detail.terms is not None
    assert detail.terms_button is not None
    assert detail.terms.isHidden()
    detail.terms_button.click()
    assert not detail.terms.isHidden()
    assert "recurring membership" in detail.terms.text()
    detail.back_button.click()
    await on_screen(window, "catalog")


async def test_choose_this_membership_starts_one_sale_however_often_it_is_tapped(
    make_kiosk: KioskFactory,
) -> None:
    window = await make_kiosk(screens=BROWSE)
    catalog = await open_catalog(window)
    card_named(catalog, "Serenity 3-Month Pass").details.click()
    detail = await on_screen(window, "membership")
    assert isinstance(detail, MembershipScreen)
    begun: list[Sequence[str]] = []
    begin = window.flow.begin

    async def counting_begin(ids: Sequence[str]) -> Any:
        begun.append(ids)
        return await begin(ids)

    window.flow.begin = counting_begin
    detail.choose_button.click()
    detail.choose_button.click()
    assert not detail.choose_button.isEnabled()
    await on_screen(window, "identify")
    assert window.flow.has_sale
    assert len(begun) == 1
    assert [m.title for m in window.flow.sale.view.memberships] == ["Serenity 3-Month Pass"]
    assert detail.choose_button.isEnabled()


async def test_compare_takes_up_to_three_and_refuses_a_fourth(make_kiosk: KioskFactory) -> None:
    window = await make_kiosk(screens=BROWSE)
    catalog = await open_catalog(window)
    assert catalog.compare_bar.isHidden()
    first, second, third, fourth = catalog.cards[:4]
    first.compare.click()
    assert catalog.compare_bar.isHidden()  # one is nothing to compare yet
    second.compare.click()
    assert not catalog.compare_bar.isHidden()
    assert catalog.compare_button.text() == "Compare 2"
    third.compare.click()
    fourth.compare.click()
    assert [m.id for m in catalog.compared] == [c.membership.id for c in (first, second, third)]
    assert not fourth.compare.isChecked()
    assert catalog.compare_note.text() == "You can compare up to three memberships"
    third.compare.click()  # un-choosing one makes room again
    assert len(catalog.compared) == 2


async def test_compare_shows_the_chosen_memberships_side_by_side(
    make_kiosk: KioskFactory,
) -> None:
    window = await make_kiosk(screens=BROWSE)
    catalog = await open_catalog(window)
    card_named(catalog, "Glow Monthly").compare.click()
    card_named(catalog, "Radiance 12-Month Pass").compare.click()
    catalog.compare_button.click()
    compare = await on_screen(window, "compare")
    assert isinstance(compare, CompareScreen)
    assert compare.column_count() == 2
    assert len(compare.choose_buttons) == 2
    shown = texts(compare.scroll_area.widget())
    assert {"Glow Monthly", "Radiance 12-Month Pass", "$96.90 / month", "$924.35 once"} <= set(
        shown
    )
    compare.choose_buttons[1].click()
    await on_screen(window, "identify")
    assert [m.title for m in window.flow.sale.view.memberships] == ["Radiance 12-Month Pass"]


@pytest.mark.parametrize(("profile", "columns"), [("kiosk", 2), ("tablet", 3)])
async def test_the_grid_has_two_columns_on_the_kiosk_and_three_on_the_tablet(
    make_kiosk: KioskFactory, profile: str, columns: int
) -> None:
    window = await make_kiosk(screens=BROWSE, profile=profile)
    catalog = await open_catalog(window)
    await until(lambda: catalog.column_count() == columns, what=f"{columns} columns")
    first, second = catalog.cards[0], catalog.cards[1]
    same_row = first.geometry().top() == second.geometry().top()
    assert same_row
    window.apply_look(window.look.with_(scale=1.5))  # larger text: fewer, wider cards
    await until(lambda: catalog.column_count() == columns - 1, what="a column fewer")
    window.apply_look(window.base_look)
    await until(lambda: catalog.column_count() == columns, what=f"{columns} columns again")
    window.resize(600, window.height())  # narrow: one column
    await until(lambda: catalog.column_count() == 1, what="one column")


async def test_switching_to_spanish_retranslates_the_cards_live(make_kiosk: KioskFactory) -> None:
    window = await make_kiosk(screens=BROWSE)
    catalog = await open_catalog(window)
    card_named(catalog, "Glow Monthly").compare.click()
    card_named(catalog, "Restore Annual").compare.click()
    translator.set_language("es")
    glow = card_named(catalog, "Glow Monthly").texts()
    assert "$96.90 / mes" in glow
    assert "1 × Signature Glow Facial (50 min)" in glow
    assert {"a pagar hoy, impuestos incluidos", "Comparar", "Ver detalles"} <= set(glow)
    english = {
        "due today, incl. tax",
        "Compare",
        "See details",
        "+ joining fee, due today (incl. tax)",
    }
    for card in catalog.cards:
        said = " | ".join(card.texts())
        assert not any(word in card.texts() for word in english), said
        assert "/ month" not in said
        assert "every month" not in said
        assert "once" not in said
    assert catalog.compare_button.text() == "Comparar 2"
    assert catalog.filter_buttons[Filter.PREPAID].text() == "Pago único"


async def test_forgetting_the_guest_clears_the_comparison(make_kiosk: KioskFactory) -> None:
    window = await make_kiosk(screens=BROWSE)
    catalog = await open_catalog(window)
    catalog.filter_buttons[Filter.RECURRING].click()
    card_named(catalog, "Glow Monthly").compare.click()
    card_named(catalog, "Restore Annual").compare.click()
    assert window.reset()
    assert catalog.compared == []
    assert not any(card.compare.isChecked() for card in catalog.cards)
    assert catalog.compare_bar.isHidden()
    assert catalog.filter is Filter.ALL


async def test_back_from_the_catalogue_starts_over(make_kiosk: KioskFactory) -> None:
    window = await make_kiosk(screens=BROWSE)
    catalog = await open_catalog(window)
    card_named(catalog, "Glow Monthly").compare.click()
    catalog.back_button.click()
    await on_screen(window, "attract")
    assert catalog.compared == []


async def test_a_catalogue_that_cannot_refresh_keeps_showing_the_last_good_copy(
    make_kiosk: KioskFactory, sandbox: SandboxProcess
) -> None:
    window = await make_kiosk(screens=BROWSE)  # the catalogue loads at start
    sandbox.inject(
        method="GET", path="/v1/centers/*/memberships", kind="status", status=503, count=1000
    )
    window.flow.engine._catalogue.invalidate()
    attract = window.router.current
    assert isinstance(attract, AttractScreen)
    attract.start_button.click()
    catalog = await on_screen(window, "catalog")
    assert isinstance(catalog, CatalogScreen)
    await until(lambda: bool(catalog.cards), timeout=30, what="the cards from before")
    assert catalog.pages.currentWidget() is catalog.scroll_area
    assert window.router.current.name == "catalog"  # still selling, not "unavailable"


async def test_every_control_has_an_accessible_name(make_kiosk: KioskFactory) -> None:
    window = await make_kiosk(screens=BROWSE)
    catalog = await open_catalog(window)
    catalog.cards[0].compare.click()
    catalog.cards[1].compare.click()
    catalog.compare_button.click()
    await on_screen(window, "compare")
    window.router.go(routes.Membership(membership=catalog.cards[0].membership))
    for name in ("catalog", "membership", "compare"):
        assert not unnamed_controls(window.router.screen(name)), name
    compare_toggle = catalog.cards[0].compare
    assert compare_toggle.accessibleName() == "Compare Glow Monthly"
    assert compare_toggle.accessibleDescription() == "Chosen for comparison"

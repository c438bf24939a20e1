"""A scripted guest: drives the real kiosk window by what its buttons say, with real input events.

Taps are mouse presses and releases delivered to the button (``QTest``), so they pass through the
same event filters as a finger (the idle watcher sees them), unlike ``button.click()``. The UI
tests, ``kiosk autopilot`` and the benchmarks all drive the kiosk through these steps, so a whole
sale means the same thing everywhere.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import httpx
from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QLabel, QWidget

from kiosk.tls import context_for
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets.membership_card import MembershipCard
from kiosk.ui.window import KioskWindow

if TYPE_CHECKING:  # imported where they are used: the kiosk's start does not need them
    from kiosk.ui.widgets.signature_pad import SignaturePad

POLL_S = 0.02  # how often a waiting guest looks at the screen again, at the latest


class GuestStuck(RuntimeError):
    """The kiosk did not show what the scripted guest waited for, or the button to tap."""


_lookers: list[asyncio.Future[None]] = []  # guests waiting for the screen to change


class _FrameWatch(QObject):
    """Wakes the waiting guest as soon as the window paints a new frame, so a sale driven by the
    script is paced by the kiosk, not by the script's polling (the benchmarks time it). Watches
    the window's top-level widget, which Qt asks to paint once a frame (``UpdateRequest``), and
    its QWindow, which is told when it is exposed: one event a frame, not every widget's."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.UpdateRequest, QEvent.Type.Expose):
            looking = list(_lookers)
            _lookers.clear()
            for look in looking:
                if not look.done():
                    look.get_loop().call_soon(_wake, look)  # after this frame
        return False


def _wake(look: asyncio.Future[None]) -> None:
    if not look.done():  # its time ran out, or it was cancelled, since this frame
        look.set_result(None)


def _watch_frames(window: KioskWindow) -> None:
    for watched in (window, window.windowHandle()):
        if watched is None:
            continue
        if watched.findChild(_FrameWatch, "", Qt.FindChildOption.FindDirectChildrenOnly) is None:
            watched.installEventFilter(_FrameWatch(watched))


async def _next_frame(at_most: float) -> None:
    """Until the next frame painted, or ``at_most`` seconds."""
    loop = asyncio.get_running_loop()
    look: asyncio.Future[None] = loop.create_future()
    _lookers.append(look)

    def give_up() -> None:
        if not look.done():
            look.set_result(None)

    timer = loop.call_later(at_most, give_up)
    try:
        await look
    finally:
        timer.cancel()
        if look in _lookers:
            _lookers.remove(look)


async def until(condition: Callable[[], bool], timeout: float = 10.0, what: str = "") -> None:
    """Let the loop run until ``condition`` holds; ``GuestStuck`` after ``timeout`` seconds.

    The guest looks again after every frame the kiosk paints, and at least every ``POLL_S``.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise GuestStuck(f"timed out waiting for {what or condition}")
        await _next_frame(POLL_S)


async def on_screen(window: KioskWindow, name: str, timeout: float = 10.0) -> Screen:
    """Wait until the window shows screen ``name``; if it never does, say what it shows."""
    _watch_frames(window)
    try:
        await until(lambda: window.router.current.name == name, timeout, f"the {name} screen")
    except GuestStuck as stuck:
        raise GuestStuck(f"{stuck}; {where(window)}") from None
    return window.router.current


def where(window: KioskWindow) -> str:
    """Where the kiosk stands, as a stuck guest would report it: the screen, the sale's state
    and problem, and any error message shown (never guest data: states and the kiosk's words)."""
    screen = window.router.current
    view = window.flow.view
    sale = "no sale" if view is None else f"sale {view.state.name}"
    if view is not None and view.problem is not None:
        sale += f" ({view.problem.value})"
    errors = [
        shown.text()
        for shown in screen.findChildren(QLabel)
        if shown.property("role") == "error" and shown.isVisibleTo(screen) and shown.text()
    ]
    said = f", saying {errors}" if errors else ""
    return f"on {screen.name} with {sale}{said}"


def _matching(root: QWidget, text: str, exact: bool) -> list[QAbstractButton]:
    found = []
    for button in root.findChildren(QAbstractButton):
        shown = button.text().replace("&&", "&")
        hit = shown == text if exact else text in shown
        if hit and button.isVisibleTo(root) and button.isEnabled():
            found.append(button)
    return found


def touch(widget: QWidget, at: QPoint | None = None) -> None:
    """A finger's press and release on ``widget`` (its centre unless ``at``)."""
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=at or widget.rect().center())


async def press(widget: QWidget) -> None:
    """Touch ``widget``, then let the kiosk answer: the guest's next move is in a later turn of
    the event loop, never in the one this touch is handled in (a stall is the step's own)."""
    touch(widget)
    await asyncio.sleep(0)


def find_button(
    window: KioskWindow, text: str, *, nth: int = 0, exact: bool = True
) -> QAbstractButton | None:
    """The ``nth`` visible, enabled button saying ``text`` (an open overlay's first)."""
    roots: list[QWidget] = [window.router.current]
    if window.overlay.isVisible():
        roots.insert(0, window.overlay)
    buttons = [b for root in roots for b in _matching(root, text, exact)]
    return buttons[nth] if len(buttons) > nth else None


async def tap(
    window: KioskWindow, text: str, *, nth: int = 0, exact: bool = True, timeout: float = 10.0
) -> QAbstractButton:
    """Tap the ``nth`` visible, enabled button on the current screen that says ``text``."""
    _watch_frames(window)
    deadline = time.monotonic() + timeout
    while True:
        button = find_button(window, text, nth=nth, exact=exact)
        if button is not None:
            await press(button)
            return button
        if time.monotonic() > deadline:
            seen = [b.text() for b in window.router.current.findChildren(QAbstractButton)]
            raise GuestStuck(f"no button {text!r} on {window.router.current.name}: {seen}")
        await _next_frame(POLL_S)


async def tap_digits(window: KioskWindow, digits: str) -> None:
    """Type a number on the screen's keypad, key by key."""
    for digit in digits:
        await tap(window, digit)


async def type_on_keyboard(window: KioskWindow, text: str) -> None:
    """Type ``text`` on the kiosk's own on-screen keyboard, key by key (letters as shown)."""
    for char in text:
        if char.isalpha():
            key = next(
                (
                    k
                    for k in (char.upper(), char.lower())
                    if _matching(window.router.current, k, True)
                ),
                char.upper(),
            )
            await tap(window, key)
        else:
            await tap(window, char)


def scroll_to_end(window: KioskWindow) -> None:
    """Scroll every scroll area of the current screen to its end."""
    for area in window.router.current.findChildren(QAbstractScrollArea):
        bar = area.verticalScrollBar()
        bar.setValue(bar.maximum())


async def read_the_terms(window: KioskWindow, timeout: float = 10.0) -> None:
    """Scroll the terms to their end until the screen has seen it. A screen just shown may not
    be laid out yet: scrolling it then reaches an end of nothing, and the real end appears
    below once the layout runs — so the guest scrolls again, as a finger would."""
    from kiosk.ui.screens.terms import TermsScreen

    def read() -> bool:
        scroll_to_end(window)
        screen = window.router.current
        return not isinstance(screen, TermsScreen) or screen.has_been_read

    await until(read, timeout, "the end of the terms")


def membership_cards(screen: QWidget) -> list[MembershipCard]:
    """The membership cards the screen shows, in reading order (the catalogue re-uses its
    cards as it scrolls, so the order they were made in says nothing)."""
    cards = [c for c in screen.findChildren(MembershipCard) if c.isVisibleTo(screen)]
    mirrored = screen.layoutDirection() is Qt.LayoutDirection.RightToLeft

    def reading(card: MembershipCard) -> tuple[int, int]:
        corner = card.mapTo(screen, QPoint(0, 0))
        return corner.y(), -corner.x() if mirrored else corner.x()

    return sorted(cards, key=reading)


def card_titles(screen: QWidget) -> list[str]:
    """The titles of the membership cards the screen shows, in reading order."""
    return [card.membership.title for card in membership_cards(screen)]


async def sign(pad: SignaturePad) -> None:
    """Draw a wavy line across the signature pad with a pressed finger, a move a turn of the
    event loop (a finger's moves arrive one a frame, each painted before the next)."""
    middle = pad.height() // 2
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(20, middle))
    for x in range(30, min(pad.width() - 10, 300), 10):
        await asyncio.sleep(0)
        QTest.mouseMove(pad, QPoint(x, middle + (x % 40) - 20))
    await asyncio.sleep(0)
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(300, middle))
    await asyncio.sleep(0)


# ---------------------------------------------------------------------- the steps of a sale


async def choose(window: KioskWindow, name: str | None = None) -> None:
    """From attract to the identify screen, choosing the membership ``name`` (else the first)."""
    await tap(window, "Tap to start")
    catalog = await on_screen(window, "catalog")
    await until(
        lambda: bool(card_titles(catalog)) and (name is None or name in card_titles(catalog)),
        what="the cards",
    )
    card = next(c for c in membership_cards(catalog) if name in (None, c.membership.title))
    await press(_matching(card, "See details", True)[0])
    await on_screen(window, "membership")
    await tap(window, "Choose this membership")
    await on_screen(window, "identify")


async def identify_returning_guest(window: KioskWindow, digits: str) -> None:
    """Find the guest by phone on the keypad and confirm it is them."""
    await tap_digits(window, digits)
    await tap(window, "Find me")
    await tap(window, "Yes, that's me")
    await on_screen(window, "terms")


async def accept_terms(window: KioskWindow) -> None:
    """Read to the end; for a recurring membership also consent and sign; then accept."""
    from kiosk.ui.widgets.consent import ConsentCheck
    from kiosk.ui.widgets.signature_pad import SignaturePad

    await read_the_terms(window)
    screen = window.router.current
    for consent in screen.findChildren(ConsentCheck):
        if consent.isVisibleTo(screen) and not consent.given:
            await press(consent)
    pad = screen.findChild(SignaturePad)
    if pad is not None and pad.isVisibleTo(screen):
        await sign(pad)
    await tap(window, "I accept the terms")
    await on_screen(window, "review", timeout=15)


async def pay_by_card(window: KioskWindow, *cards: str) -> None:
    """From review to the reader: pay by card and tap each test card on the sandbox reader."""
    await tap(window, "Pay", exact=False)
    await on_screen(window, "payment")
    await tap(window, "Pay by card")
    for card in cards:
        await tap(window, card, timeout=15)


async def save_card_on_phone(window: KioskWindow, number: str = "4242424242424242") -> None:
    """A recurring membership paid without a saved card: scan the add-card code with the phone
    and type ``number`` on Zenoti's page there (the sandbox's), then wait for the receipt."""
    screen = await on_screen(window, "save_card", timeout=20)
    await until(lambda: window.flow.view is not None and bool(window.flow.view.add_card_uri))
    view = window.flow.view
    uri = view.add_card_uri if view is not None else None
    if uri is None or uri not in _shown_payloads(screen):
        raise GuestStuck("the code on the save-card screen is not Zenoti's add-card page")
    async with httpx.AsyncClient(timeout=10.0, verify=context_for(uri)) as phone:
        answer = await phone.post(uri, data={"number": number, "expiry": "12/39", "cvc": "123"})
        answer.raise_for_status()
    await on_screen(window, "receipt", timeout=20)


def _shown_payloads(screen: QWidget) -> list[str]:
    from kiosk.ui.widgets.qr_view import QRView

    return [code.payload for code in screen.findChildren(QRView) if code.payload]

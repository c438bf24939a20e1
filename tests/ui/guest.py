"""Driving the kiosk the way a guest does: by what the buttons say."""

from __future__ import annotations

import asyncio
import time

from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QWidget

from kiosk.ui.window import KioskWindow


def _matching(root: QWidget, text: str, exact: bool) -> list[QAbstractButton]:
    found = []
    for button in root.findChildren(QAbstractButton):
        shown = button.text().replace("&&", "&")
        hit = shown == text if exact else text in shown
        if hit and button.isVisibleTo(root) and button.isEnabled():
            found.append(button)
    return found


async def tap(
    window: KioskWindow, text: str, *, nth: int = 0, exact: bool = True, timeout: float = 10.0
) -> QAbstractButton:
    """Tap the ``nth`` visible, enabled button on the current screen that says ``text``."""
    deadline = time.monotonic() + timeout
    while True:
        roots: list[QWidget] = [window.router.current]
        if window.overlay.isVisible():
            roots.insert(0, window.overlay)
        buttons = [b for root in roots for b in _matching(root, text, exact)]
        if len(buttons) > nth:
            button = buttons[nth]
            button.click()
            await asyncio.sleep(0)
            return button
        if time.monotonic() > deadline:
            seen = [b.text() for b in window.router.current.findChildren(QAbstractButton)]
            raise AssertionError(f"no button {text!r} on {window.router.current.name}: {seen}")
        await asyncio.sleep(0.02)


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
    """Scroll every scroll area of the current screen to its end (reading the terms)."""
    for area in window.router.current.findChildren(QAbstractScrollArea):
        bar = area.verticalScrollBar()
        bar.setValue(bar.maximum())

"""Captions that would run past a button wrap instead; the staff bar keeps its buttons whole."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from kiosk.ui.theme import PROFILES, Look, apply
from kiosk.ui.widgets.staff_bar import StaffBar
from kiosk.ui.widgets.wrapping_button import WrappingButton

LONG = "Añadir a una factura abierta"


def test_a_wrapping_button_may_be_as_narrow_as_its_longest_word(qtbot: QtBot) -> None:
    wrapping, plain = WrappingButton(LONG), QPushButton(LONG)
    qtbot.addWidget(wrapping)
    qtbot.addWidget(plain)
    assert wrapping.text() == LONG  # whole, for its accessible name and for tapping by text
    longest = wrapping.fontMetrics().horizontalAdvance("factura")
    assert longest < wrapping.minimumSizeHint().width() < plain.minimumSizeHint().width()


def test_the_staff_bar_keeps_its_buttons_whole_on_a_portrait_kiosk_at_large_text(
    qtbot: QtBot,
) -> None:
    window = QWidget()  # the kiosk's portrait width, text at 1.5x: the name wraps instead
    window.setFixedWidth(1080)
    qtbot.addWidget(window)
    bar = StaffBar()
    QVBoxLayout(window).addWidget(bar)
    apply(Look(profile=PROFILES["kiosk"], scale=1.5), window)
    bar.show_member("Sandbox staff")
    window.show()
    qtbot.waitExposed(window)
    for button in (bar.menu_button, bar.lock_button):
        assert button.width() >= button.sizeHint().width(), button.text()

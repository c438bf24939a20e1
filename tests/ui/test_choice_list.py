"""The staff screens' touch list: rows follow the reading direction, and ticks are remembered."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.ui.widgets.choice_list import ChoiceList, Row


def test_rows_start_on_the_right_in_a_right_to_left_language(qtbot: QtBot) -> None:
    rows = ChoiceList()
    qtbot.addWidget(rows)
    rows.set_rows([Row("glow", "Glow Monthly", "$96.90")])
    assert rows.buttons["glow"].property("rtl") is False
    rows.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    assert rows.buttons["glow"].property("rtl") is True
    rows.set_rows([Row("restore", "Restore Annual")])  # rows made while right-to-left, too
    assert rows.buttons["restore"].property("rtl") is True


def test_ticked_rows_are_listed_in_order(qtbot: QtBot) -> None:
    rows = ChoiceList(multiple=True)
    qtbot.addWidget(rows)
    rows.set_rows([Row("a", "A"), Row("b", "B"), Row("c", "C")])
    with qtbot.waitSignal(rows.toggled):
        rows.buttons["c"].click()
    rows.buttons["a"].click()
    assert rows.checked == ["a", "c"]

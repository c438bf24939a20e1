"""The in-app on-screen keyboard: QWERTY with shift, the keys an email needs, and a 123 layer.

It types into whichever of its attached fields has focus (or had it last). Its keys never take
focus themselves, so the field keeps its cursor. The kiosk never shows the operating system's
keyboard: fields attached here have input methods switched off.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.i18n import tr, translator
from kiosk.ui.theme import set_role

# Rows of (name, label, width in half keys); a row is 20 half keys wide. Names of letters,
# digits and symbols are what they type.
_Row = tuple[tuple[str, str, int], ...]


def _plain(keys: str) -> _Row:
    # Letter keys wear capitals, as on a physical keyboard: the clearest at arm's length.
    return tuple((k, k.upper(), 2) for k in keys)


_LETTERS: tuple[tuple[int, _Row], ...] = (
    (0, _plain("qwertyuiop")),
    (1, _plain("asdfghjkl")),
    (0, (("shift", "⇧", 3), *_plain("zxcvbnm"), ("backspace", "⌫", 3))),
    (0, (("symbols", "123", 3), ("@", "@", 2), ("-", "-", 2), ("_", "_", 2),
         ("space", "", 5), (".", ".", 2), (".com", ".com", 4))),
)  # fmt: skip
_SYMBOLS: tuple[tuple[int, _Row], ...] = (
    (0, _plain("1234567890")),
    (0, _plain("+'&()/#!?*")),
    (3, (*_plain(",;:=$%~"), ("backspace", "⌫", 3))),
    (0, (("letters", "ABC", 3), ("@", "@", 2), ("-", "-", 2), ("_", "_", 2),
         ("space", "", 5), (".", ".", 2), (".com", ".com", 4))),
)  # fmt: skip
_NUMERIC_HINTS = (
    Qt.InputMethodHint.ImhDigitsOnly
    | Qt.InputMethodHint.ImhDialableCharactersOnly
    | Qt.InputMethodHint.ImhPreferNumbers
)


class OnScreenKeyboard(QWidget):
    """Letters (with shift) and a numbers-and-symbols layer; ``focused`` names its field."""

    focused = Signal(object)  # the QLineEdit keys now type into

    def __init__(self) -> None:
        super().__init__()
        # QWERTY is a physical layout: it never mirrors, in Arabic too.
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self._fields: list[QLineEdit] = []
        self._target: QLineEdit | None = None
        self._shift = False
        self.layers = QStackedWidget()
        self._letters: dict[str, QPushButton] = {}
        self._symbols: dict[str, QPushButton] = {}
        self.layers.addWidget(self._layer(_LETTERS, self._letters))
        self.layers.addWidget(self._layer(_SYMBOLS, self._symbols))
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.layers)
        self._letters["shift"].setCheckable(True)
        for keys in (self._letters, self._symbols):
            keys["backspace"].setAutoRepeat(True)
        translator.changed.connect(self._translate)
        self._translate()

    # ------------------------------------------------------------------ fields

    def attach(self, *fields: QLineEdit) -> None:
        """Type into these fields when they have focus; switch off the system keyboard for them."""
        for field in fields:
            field.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
            field.installEventFilter(self)
            self._fields.append(field)

    def set_target(self, field: QLineEdit) -> None:
        """Type into ``field`` (as if it had been tapped), choosing the layer it needs."""
        self._target = field
        self.show_layer(symbols=bool(field.inputMethodHints() & _NUMERIC_HINTS))
        self._auto_shift()
        self.focused.emit(field)

    def target(self) -> QLineEdit | None:
        """The field keys type into: the focused attached field, else the last one focused."""
        # The window's focus widget, not only the application's: a window that is not active
        # (a kiosk shell without window activation, a test) still knows which field has focus.
        for focused in (QApplication.focusWidget(), self.window().focusWidget()):
            if isinstance(focused, QLineEdit) and any(focused is f for f in self._fields):
                return focused
        return self._target

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() is QEvent.Type.FocusIn and isinstance(watched, QLineEdit):
            self.set_target(watched)
        return False

    # ------------------------------------------------------------------ keys

    def key(self, name: str) -> QPushButton:
        """The key called ``name`` ("a", "shift", "@", "backspace"...) on the layer showing."""
        return self._current()[name]

    @property
    def shifted(self) -> bool:
        return self._shift

    def show_layer(self, *, symbols: bool) -> None:
        self.layers.setCurrentIndex(1 if symbols else 0)

    def _current(self) -> dict[str, QPushButton]:
        return self._symbols if self.layers.currentIndex() == 1 else self._letters

    def _layer(self, rows: tuple[tuple[int, _Row], ...], keys: dict[str, QPushButton]) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        grid.setContentsMargins(0, 0, 0, 0)
        for column in range(20):
            grid.setColumnStretch(column, 1)
        for row, (offset, row_keys) in enumerate(rows):
            column = offset
            for name, text, width in row_keys:
                keys[name] = self._make_key(name, text)
                grid.addWidget(keys[name], row, column, 1, width)
                column += width
        return page

    def _make_key(self, name: str, text: str) -> QPushButton:
        key = QPushButton(text)
        set_role(key, "key")
        # The field keeps focus (and its cursor) while the guest taps keys.
        key.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # Half-key columns: a key may be narrower than its text hint; on a short screen also lower
        # (a tall Arabic label), but never below the touch size the stylesheet sets.
        key.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Maximum)
        key.setAccessibleName(text)
        key.clicked.connect(lambda _=False, n=name: self._press(n))
        return key

    def _press(self, name: str) -> None:
        field = self.target()
        if field is not None and field is not self._target:
            self.set_target(field)  # focus moved without a focus event: adapt to the new field
        if name == "shift":
            self._set_shift(not self._shift)
            return
        if name in ("symbols", "letters"):
            self.show_layer(symbols=name == "symbols")
            return
        if name == "backspace":
            self._send(Qt.Key.Key_Backspace, "")
        else:
            text = " " if name == "space" else name
            if len(text) == 1 and text.isalpha() and self._shift:
                text = text.upper()
            self._send(Qt.Key.Key_unknown, text)
        self._auto_shift()

    def _send(self, key: Qt.Key, text: str) -> None:
        field = self.target()
        if field is None or not field.isEnabled():
            return
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text)
            QApplication.sendEvent(field, event)

    def _auto_shift(self) -> None:
        """Capitals at the start of a name and of each part of it; never in an email."""
        field = self.target()
        if field is None or field.inputMethodHints() & (
            Qt.InputMethodHint.ImhNoAutoUppercase | _NUMERIC_HINTS
        ):
            self._set_shift(False)
            return
        before = field.text()[: field.cursorPosition()]
        self._set_shift(not before or before[-1] in " -'")

    def _set_shift(self, on: bool) -> None:
        self._shift = on
        shift = self._letters["shift"]
        shift.setChecked(on)
        shift.setAccessibleDescription(tr("Capitals on") if on else tr("Capitals off"))

    def _translate(self, _language: str = "") -> None:
        names = {
            "shift": tr("Shift"),
            "backspace": tr("Delete"),
            "space": tr("Space"),
            "symbols": tr("Numbers and symbols"),
            "letters": tr("Letters"),
        }
        for keys in (self._letters, self._symbols):
            for name, spoken in names.items():
                if name in keys:
                    keys[name].setAccessibleName(spoken)
            keys["space"].setText(tr("space"))
        self._set_shift(self._shift)

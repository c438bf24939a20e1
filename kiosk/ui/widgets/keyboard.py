"""The in-app on-screen keyboard: QWERTY with shift, the keys an email needs, a 123 layer, an
"áé" layer of accented letters, and Arabic letters when the guest reads Arabic (with "ABC" to
type Latin, which an email field always opens on). The layers are ``keyboard_layouts``'.

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
from kiosk.ui.widgets.keyboard_layouts import (
    ACCENTS,
    ARABIC,
    LATIN,
    LAYERS,
    SWITCHES,
    SYMBOLS,
    Layer,
)

_NUMERIC_HINTS = (
    Qt.InputMethodHint.ImhDigitsOnly
    | Qt.InputMethodHint.ImhDialableCharactersOnly
    | Qt.InputMethodHint.ImhPreferNumbers
)


_LATIN_ONLY = Qt.InputMethodHint.ImhEmailCharactersOnly | Qt.InputMethodHint.ImhLatinOnly


class OnScreenKeyboard(QWidget):
    """Letters (with shift), numbers and symbols, accents, Arabic; ``focused`` names its field."""

    focused = Signal(object)  # the QLineEdit keys now type into

    def __init__(self) -> None:
        super().__init__()
        # QWERTY is a physical layout: it never mirrors, in Arabic too.
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self._fields: list[QLineEdit] = []
        self._target: QLineEdit | None = None
        self._shift = False
        self.layers = QStackedWidget()
        # Every layer's keys by name, in stacking order (a layer's index is its place here).
        self._keys: dict[str, dict[str, QPushButton]] = {}
        for layer in LAYERS.values():
            self._keys[layer.name] = {}
            self.layers.addWidget(self._layer(layer, self._keys[layer.name]))
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.layers)
        for keys in self._keys.values():
            keys["backspace"].setAutoRepeat(True)
            if "shift" in keys:
                keys["shift"].setCheckable(True)
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
        hints = field.inputMethodHints()
        if hints & _NUMERIC_HINTS:
            self.open_layer(SYMBOLS)
        else:
            self.open_layer(self._letters_for(field))
        self._auto_shift()
        self.focused.emit(field)

    def _letters_for(self, field: QLineEdit | None) -> str:
        """Arabic letters for a guest reading Arabic, except in an email (always Latin)."""
        latin_only = field is not None and bool(field.inputMethodHints() & _LATIN_ONLY)
        return ARABIC if translator.language == "ar" and not latin_only else LATIN

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
        """The numbers-and-symbols layer, or the letters the current field takes."""
        self.open_layer(SYMBOLS if symbols else self._letters_for(self.target()))

    def open_layer(self, layer: str) -> None:
        """Show one layer: ``latin``, ``symbols``, ``accents`` or ``arabic``."""
        self.layers.setCurrentIndex(list(self._keys).index(layer))

    @property
    def layer(self) -> str:
        """The name of the layer showing."""
        return list(self._keys)[self.layers.currentIndex()]

    def _current(self) -> dict[str, QPushButton]:
        return self._keys[self.layer]

    def _layer(self, layer: Layer, keys: dict[str, QPushButton]) -> QWidget:
        page = QWidget()
        page.setObjectName(f"keyboard-{layer.name}")
        grid = QGridLayout(page)
        grid.setContentsMargins(0, 0, 0, 0)
        for column in range(layer.columns):
            grid.setColumnStretch(column, 1)
        for row, (offset, row_keys) in enumerate(layer.rows):
            column = offset
            for name, text, width in row_keys:
                keys[name] = self._make_key(name, text)
                grid.addWidget(keys[name], row, column, 1, width)
                if name == ACCENTS:
                    # A guest reading Arabic gets the way back to Arabic letters in its place.
                    keys[ARABIC] = self._make_key(ARABIC, "ع")
                    grid.addWidget(keys[ARABIC], row, column, 1, width)
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
        if name in SWITCHES:
            self.open_layer(name)
            return
        if name == "backspace":
            self._send(Qt.Key.Key_Backspace, "")
        else:
            text = " " if name == "space" else name
            if len(text) == 1 and text.isalpha() and self._shift:
                text = text.upper()
            self._send(Qt.Key.Key_unknown, text)
            if self.layer == ACCENTS and text.isalpha():
                self.open_layer(LATIN)  # one accented letter, then back to the letters
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
        for name in (LATIN, ACCENTS):
            shift = self._keys[name]["shift"]
            shift.setChecked(on)
            shift.setAccessibleDescription(tr("Capitals on") if on else tr("Capitals off"))

    def _translate(self, _language: str = "") -> None:
        names = {
            "shift": tr("Shift"),
            "backspace": tr("Delete"),
            "space": tr("Space"),
            SYMBOLS: tr("Numbers and symbols"),
            LATIN: tr("Latin letters"),
            ACCENTS: tr("Accented letters"),
            ARABIC: tr("Arabic letters"),
        }
        for keys in self._keys.values():
            for name, spoken in names.items():
                if name in keys:
                    keys[name].setAccessibleName(spoken)
            keys["space"].setText(tr("space"))
        self._set_shift(self._shift)
        arabic = translator.language == "ar"
        for name, keys in self._keys.items():
            if name != ARABIC and ARABIC in keys:
                keys[ARABIC].setVisible(arabic)
                keys[ACCENTS].setVisible(not arabic)
        # The guest switched language: the letters follow it (Arabic, or Latin).
        if self.layer in (LATIN, ARABIC):
            self.open_layer(self._letters_for(self.target()))

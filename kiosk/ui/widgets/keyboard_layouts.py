"""The on-screen keyboard's layers, as rows of keys: Latin letters (QWERTY), numbers and symbols,
accented Latin letters, and Arabic letters (the layout Arabic tablets use).

A row is (offset, keys) and a key is (name, label, width), widths and offsets in half keys. The
name of a letter, digit or symbol is what it types; other names are actions (shift, backspace,
space, and the layer to switch to).
"""

from __future__ import annotations

from dataclasses import dataclass

Key = tuple[str, str, int]
Row = tuple[int, tuple[Key, ...]]

LATIN, SYMBOLS, ACCENTS, ARABIC = "latin", "symbols", "accents", "arabic"
# The keys that switch to a layer, named after it.
SWITCHES = {LATIN, SYMBOLS, ACCENTS, ARABIC}


def plain(keys: str) -> tuple[Key, ...]:
    # Letter keys wear capitals, as on a physical keyboard: the clearest at arm's length.
    return tuple((k, k.upper(), 2) for k in keys)


def letters(keys: str) -> tuple[Key, ...]:
    """Keys labelled as they type (Arabic has no capitals)."""
    return tuple((k, k, 2) for k in keys)


@dataclass(frozen=True, slots=True)
class Layer:
    """One layer: its rows, and how many half-key columns wide it is."""

    name: str
    rows: tuple[Row, ...]
    columns: int = 20


_EMAIL_ROW = (("@", "@", 2), ("-", "-", 2), ("space", "", 5), (".", ".", 2), (".com", ".com", 4))

LAYERS: dict[str, Layer] = {
    LATIN: Layer(
        LATIN,
        (
            (0, plain("qwertyuiop")),
            (1, plain("asdfghjkl")),
            (0, (("shift", "⇧", 3), *plain("zxcvbnm"), ("backspace", "⌫", 3))),
            (0, ((SYMBOLS, "123", 3), (ACCENTS, "áé", 2), *_EMAIL_ROW)),
        ),
    ),
    SYMBOLS: Layer(
        SYMBOLS,
        (
            (0, plain("1234567890")),
            (0, plain("+'&()/#!?*")),
            (1, (("_", "_", 2), *plain(",;:=$%~"), ("backspace", "⌫", 3))),
            (0, ((LATIN, "ABC", 3), (ACCENTS, "áé", 2), *_EMAIL_ROW)),
        ),
    ),
    # Spanish, Portuguese, French, German and Nordic names: "Lucía Fernández", "François".
    ACCENTS: Layer(
        ACCENTS,
        (
            (0, plain("áéíóúñüçàè")),
            (0, plain("ìòùâêîôûäë")),
            (0, (("shift", "⇧", 3), *plain("ïöãõåøÿ"), ("backspace", "⌫", 3))),
            (0, ((LATIN, "ABC", 3), ("'", "'", 2), ("-", "-", 2), ("space", "", 9), (".", ".", 4))),
        ),
    ),
    ARABIC: Layer(
        ARABIC,
        (
            (0, letters("ضصثقفغعهخحج")),
            (0, letters("شسيبلاتنمكط")),
            (0, (*letters("ذءؤرىةوزظد"), ("backspace", "⌫", 2))),
            (
                0,
                (
                    (SYMBOLS, "123", 3),
                    (LATIN, "ABC", 3),
                    *letters("أإ"),
                    ("space", "", 6),
                    *letters("آئ"),
                    ("-", "-", 2),
                ),
            ),
        ),
        columns=22,
    ),
}

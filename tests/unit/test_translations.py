"""Every guest-facing string in the UI is translated into every language, placeholders intact."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from kiosk.ui.i18n import LANGUAGES, catalog

UI = Path(__file__).resolve().parents[2] / "kiosk" / "ui"

# Calls whose first string argument (or second, for text/bind) is English shown to a guest.
FIRST_ARGUMENT = {"tr"}
SECOND_ARGUMENT = {"text", "bind"}


def _english_literals() -> dict[str, str]:
    """Every literal English string the UI passes for translation, with where it stands."""
    found: dict[str, str] = {}
    for path in sorted(UI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            index = 0 if name in FIRST_ARGUMENT else 1 if name in SECOND_ARGUMENT else None
            if index is None or len(node.args) <= index:
                continue
            argument = node.args[index]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                found.setdefault(argument.value, f"{path.relative_to(UI)}:{node.lineno}")
    return found


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


ENGLISH = _english_literals()


def test_the_ui_has_strings_to_translate() -> None:
    assert len(ENGLISH) > 20


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_every_ui_string_is_translated(language: str) -> None:
    translations = catalog(language)
    missing = {text: where for text, where in ENGLISH.items() if text not in translations}
    assert missing == {}, f"untranslated into {language}: {missing}"


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_translations_keep_their_placeholders(language: str) -> None:
    broken = {
        english: translated
        for english, translated in catalog(language).items()
        if _placeholders(english) != _placeholders(translated)
    }
    assert broken == {}

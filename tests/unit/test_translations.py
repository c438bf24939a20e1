"""Every guest-facing string in the UI is translated into every language, placeholders intact;
the catalogues are gettext .po files with CLDR plural rules, and the compiled .mo is current."""

from __future__ import annotations

import ast
import importlib.util
import string
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from kiosk.ui.i18n import LANGUAGES, translator, trn

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "kiosk" / "ui"
I18N = ROOT / "resources" / "i18n"
TRANSLATED = [code for code in LANGUAGES if code != "en"]

# Calls whose first string argument (or second, for text/bind) is English shown to a guest.
FIRST_ARGUMENT = {"tr"}
SECOND_ARGUMENT = {"text", "bind"}
PLURAL = {"trn"}  # trn("singular", "plural", count)


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _calls() -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """Every literal English string the UI passes for translation, and every plural pair, with
    where each stands."""
    singular: dict[str, str] = {}
    plural: dict[tuple[str, str], str] = {}
    for path in sorted(UI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            where = f"{path.relative_to(UI)}:{node.lineno}"
            if name in PLURAL and len(node.args) >= 2:
                pair = (_literal(node.args[0]), _literal(node.args[1]))
                if pair[0] is not None and pair[1] is not None:
                    plural.setdefault((pair[0], pair[1]), where)
                continue
            index = 0 if name in FIRST_ARGUMENT else 1 if name in SECOND_ARGUMENT else None
            if index is None or len(node.args) <= index:
                continue
            text = _literal(node.args[index])
            if text is not None:
                singular.setdefault(text, where)
    return singular, plural


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


ENGLISH, PLURALS = _calls()


@cache
def catalogues(language: str) -> tuple[Catalog, ...]:
    """The language's .po files, as a translator's tool reads them."""
    catalogues = []
    for path in sorted((I18N / language).glob("*.po")):
        with path.open("rb") as file:
            catalogues.append(read_po(file, locale=language))
    return tuple(catalogues)


def translated(language: str) -> dict[str, str]:
    """English text → its translation, for every singular entry of the language's .po files."""
    return {
        m.id: m.string
        for c in catalogues(language)
        for m in c
        if m.id and not m.pluralizable and m.string and not m.fuzzy
    }


def _plural(language: str) -> dict[tuple[str, str], tuple[str, ...]]:
    return {
        (m.id[0], m.id[1]): tuple(m.string)
        for c in catalogues(language)
        for m in c
        if m.pluralizable and not m.fuzzy
    }


def _build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "translations", ROOT / "scripts" / "translations.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_ui_has_strings_to_translate() -> None:
    assert len(ENGLISH) > 20
    assert len(PLURALS) >= 8


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_ui_string_is_translated(language: str) -> None:
    translations = translated(language)
    missing = {text: where for text, where in ENGLISH.items() if text not in translations}
    assert missing == {}, f"untranslated into {language}: {missing}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_plural_has_each_form_the_language_has(language: str) -> None:
    forms = Locale.parse(language).plural_form.rules
    expected = len(forms) + 1  # the rules name every category but "other"
    translations = _plural(language)
    for pair, where in PLURALS.items():
        written = translations.get(pair)
        assert written is not None, f"no plural entry in {language} for {pair} ({where})"
        assert len(written) == expected, f"{language} {pair}: {written}"
        assert all(written), f"{language} {pair}: {written}"


def test_arabic_counts_in_six_forms_and_spanish_in_three() -> None:
    for language, count in (("ar", 6), ("es", 3)):
        for catalogue in catalogues(language):
            assert catalogue.num_plurals == count, catalogue.domain


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_their_placeholders(language: str) -> None:
    broken = {
        english: translated
        for english, translation in translated(language).items()
        if _placeholders(english) != _placeholders(translation)
    }
    assert broken == {}
    for (singular, plural), forms in _plural(language).items():
        allowed = _placeholders(singular) | _placeholders(plural)
        # A form may say the number in words ("شهران", two months) and drop {count}.
        assert all(_placeholders(form) <= allowed for form in forms), (plural, forms)
        assert _placeholders(forms[-1]) == _placeholders(plural), (plural, forms[-1])


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalogue_is_the_po_files(language: str) -> None:
    script = _build_script()
    compiled = I18N / language / script.COMPILED
    assert compiled.read_bytes() == script.compiled(language), (
        "run `.venv/bin/python scripts/translations.py`"
    )


def test_no_catalogue_is_left_in_the_old_json_form() -> None:
    left = sorted(str(p.relative_to(I18N)) for p in I18N.glob("*/*.json"))
    assert left == [], "run `.venv/bin/python scripts/translations.py` to move them into .po"


@pytest.mark.parametrize(
    ("count", "arabic"),
    [(1, "كل شهر"), (2, "كل شهرين"), (3, "كل 3 أشهر"), (11, "كل 11 شهرًا"), (100, "كل 100 شهر")],
)
def test_arabic_months_take_the_form_cldr_gives_the_count(count: int, arabic: str) -> None:
    before = translator.language
    translator.set_language("ar")
    try:
        assert trn("every {count} month", "every {count} months", count) == arabic
    finally:
        translator.set_language(before)

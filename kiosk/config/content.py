"""``[content] translations``: the folder of the business's own translations, one file per
language (``es.toml``, ``ar.toml``), read and checked at start-up (``kiosk.domain.content`` says
what a file holds)."""

from __future__ import annotations

import re
from pathlib import Path

from kiosk.domain.content import ContentTranslations, TranslationsInvalid, read_translations
from kiosk.resources import resource

LANGUAGE_FILE = re.compile(r"^[a-z]{2,3}$")


def read_folder(folder: Path) -> ContentTranslations:
    """Every ``<language>.toml`` in ``folder``; a file named otherwise, or one that does not
    read, raises :class:`TranslationsInvalid` naming it."""
    languages = {}
    for file in sorted(folder.glob("*.toml")):
        if not LANGUAGE_FILE.match(file.stem):
            raise TranslationsInvalid(
                f'{file.name}: name the file after its language, such as "es.toml"'
            )
        try:
            text = file.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise TranslationsInvalid(f"{file.name}: save it as UTF-8 text") from None
        languages[file.stem] = read_translations(file.stem, text, file.name)
    return ContentTranslations(languages)


def sandbox_translations() -> ContentTranslations:
    """The sandbox business's own translations of its seed catalogue (Spanish and Arabic)."""
    return read_folder(resource("sandbox", "translations"))

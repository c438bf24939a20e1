"""The UI's translation catalogues: gettext .po files that translators' tools read, compiled to
the one .mo per language the kiosk loads.

    .venv/bin/python scripts/translations.py            # import any JSON, then compile
    .venv/bin/python scripts/translations.py --check    # exit 1 if a .mo is out of date

``resources/i18n/<language>/<area>.po`` holds one area of the kiosk (browse, guest, pay, ...);
the English text is the msgid. Plural messages carry every form of the language's CLDR plural
rules (Babel's: Arabic has six). Each language compiles to ``resources/i18n/<language>/kiosk.mo``
(all its areas merged), which the kiosk reads with the standard library's gettext at start-up.

Strings written in the older JSON form (``resources/i18n/<language>/<area>.json``, English text to
translation) are merged into the area's .po and the JSON file is removed: an entry already in the
.po is updated, a new one added at the end, and a key that a plural entry replaced (its plural
English text) is dropped. Running it again with no JSON left only compiles.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

I18N = Path(__file__).resolve().parents[1] / "resources" / "i18n"
PROJECT = "zenoti-membership-kiosk"
COMPILED = "kiosk.mo"
# Header dates of a new catalogue: fixed, so that a re-run writes the same bytes.
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def read(path: Path, language: str) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=language, domain=path.stem)


def new_catalogue(language: str, area: str) -> Catalog:
    return Catalog(
        locale=language,
        domain=area,
        project=PROJECT,
        header_comment=f"# {area}: the kiosk's words, in {language}.\n#",
        creation_date=EPOCH,
        revision_date=EPOCH,
        fuzzy=False,
    )


def write(path: Path, catalogue: Catalog) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=100, include_lineno=False)
    path.write_bytes(buffer.getvalue())


def import_json(language: str, json_path: Path, *, keep: bool = False) -> int:
    """Merge one JSON file into its area's .po; returns how many entries it brought."""
    po_path = json_path.with_suffix(".po")
    catalogue = (
        read(po_path, language) if po_path.exists() else new_catalogue(language, json_path.stem)
    )
    replaced = {m.id[1] for m in catalogue if m.pluralizable}
    entries: dict[str, str] = json.loads(json_path.read_text(encoding="utf-8"))
    brought = 0
    for english, translated in entries.items():
        if english in replaced:
            continue
        existing = catalogue.get(english)
        if existing is not None and not existing.pluralizable:
            existing.string = translated
        elif existing is None:
            catalogue.add(english, translated)
        brought += 1
    write(po_path, catalogue)
    if not keep:
        json_path.unlink()
    return brought


def compiled(language: str) -> bytes:
    """The .mo of every area of ``language``, merged (deterministic bytes)."""
    merged = new_catalogue(language, "kiosk")
    for po_path in sorted((I18N / language).glob("*.po")):
        for message in read(po_path, language):
            if message.id and message.string and not message.fuzzy:
                merged[message.id] = message
    buffer = io.BytesIO()
    write_mo(buffer, merged)
    return buffer.getvalue()


def languages() -> list[str]:
    return sorted(p.name for p in I18N.iterdir() if p.is_dir())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check every .mo is current")
    parser.add_argument("--keep-json", action="store_true", help="import JSON, do not remove it")
    args = parser.parse_args(argv)
    stale = []
    for language in languages():
        folder = I18N / language
        if not args.check:
            for json_path in sorted(folder.glob("*.json")):
                count = import_json(language, json_path, keep=args.keep_json)
                print(f"{json_path.relative_to(I18N)}: {count} entries into {json_path.stem}.po")
        target = folder / COMPILED
        data = compiled(language)
        if target.exists() and target.read_bytes() == data:
            continue
        if args.check:
            stale.append(str(target.relative_to(I18N)))
            continue
        target.write_bytes(data)
        print(f"{target.relative_to(I18N)}: compiled")
    if stale:
        print("out of date (run scripts/translations.py):", ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

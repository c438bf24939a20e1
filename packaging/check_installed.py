"""Checks run by an *installed* kiosk (the wheel in a fresh venv, outside the repository):
every bundled resource is there and is the one the program actually uses.

Usage: ``python check_installed.py MANIFEST`` where MANIFEST lists the repository's
``resources/`` files, one relative path per line. Prints one line per check; exit 1 on a failure.
A checkout would find its own ``resources/`` and hide a broken package, so the first check is that
the resources come from the installed package.
"""

from __future__ import annotations

import os
import sys
import tempfile
from importlib.util import cache_from_source
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import httpx
from PySide6.QtGui import QFontDatabase, QGuiApplication

import kiosk
from kiosk.resources import resource_dir
from kiosk.sandbox_process import start_sandbox
from kiosk.ui.i18n import catalog
from kiosk.ui.theme import FONT_FILES, PROFILES, Look

failures: list[str] = []


def check(ok: bool, what: str) -> None:
    print(("ok    " if ok else "FAIL  ") + what, flush=True)
    if not ok:
        failures.append(what)


def main(manifest: Path) -> int:
    expected = [line for line in manifest.read_text().splitlines() if line.strip()]
    folder = resource_dir()
    package = Path(kiosk.__file__).resolve().parent
    check(folder == package / "resources", f"resources come from the installed package ({folder})")
    missing = [name for name in expected if not (folder / name).is_file()]
    check(not missing, f"all {len(expected)} resource files installed (missing: {missing[:5]})")
    sources = sorted(package.rglob("*.py"))
    uncompiled = [
        str(p.relative_to(package))
        for p in sources
        if not Path(cache_from_source(str(p))).is_file()
    ]
    check(
        bool(sources) and not uncompiled,
        f"bytecode installed for all {len(sources)} modules (missing: {uncompiled[:5]})",
    )

    app = QGuiApplication(["check"])
    for name in FONT_FILES:
        loaded = QFontDatabase.addApplicationFont(str(folder / "theme" / "fonts" / name))
        check(loaded != -1, f"font {name} loads")
    sheet = Look(profile=PROFILES["kiosk"]).stylesheet()
    check("QPushButton" in sheet, f"theme stylesheet builds ({len(sheet)} characters)")
    for language in ("es", "ar"):
        check(len(catalog(language)) > 100, f"{language} translations load")
    del app

    images = [name.rsplit("/", 1)[1] for name in expected if name.startswith("sandbox/images/")]
    with tempfile.TemporaryDirectory() as scratch:
        sandbox = start_sandbox(Path(scratch) / "sandbox.sqlite3")
        try:
            check(bool(sandbox.info()["centers"]), "the sandbox starts from the bundled seed")
            with httpx.Client(base_url=sandbox.base_url) as http:
                served = [http.get(f"/media/{name}") for name in images]
            check(
                bool(images) and all(r.status_code == 200 and b"<svg" in r.content for r in served),
                f"the sandbox serves all {len(images)} membership images",
            )
        finally:
            sandbox.stop()
    print(f"{len(failures)} failed" if failures else "all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))

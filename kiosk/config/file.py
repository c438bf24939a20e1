"""Where the configuration's values come from: the TOML file, its secrets file, the environment.

Precedence, highest first: ``KIOSK_<SECTION>_<KEY>`` environment variables, the ``secrets_file``,
then ``kiosk.toml``. Secrets (the Zenoti API key, the reader's secret key, staff PIN hashes) may be
written only in a file nobody else can read — the secrets file, or ``kiosk.toml`` itself when it is
private — because a kiosk stands in a public lobby and its disk may be copied.
"""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from kiosk.config.errors import ConfigError, Problem
from kiosk.config.schema import BY_NAME, LISTS, MOST_ROWS, SECTIONS, STAFF_ENV, shown

CONFIG_ENV = "KIOSK_CONFIG"
CONFIG_DIR_NAME = "kiosk"  # short: installers and staff type it
SECRETS_ENV = "KIOSK_SECRETS_FILE"
DOCS = "docs/configuration.md lists every key"


@dataclass(frozen=True, slots=True)
class Entry:
    """A value and where it came from (a file's path, or an environment variable's name)."""

    value: Any
    origin: str


@dataclass
class Sources:
    """Every value found, by dotted key, plus the lists (staff, other payment types)."""

    path: Path  # the main file (it may not exist: then everything comes from the environment)
    values: dict[str, Entry] = field(default_factory=dict)
    lists: dict[str, Entry] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def fix(self, dotted: str) -> str:
        """How to set a key: in the file, or through its environment variable."""
        section, _, name = dotted.partition(".")
        env = BY_NAME[dotted].env if dotted in BY_NAME else STAFF_ENV
        where = f"[{section}] {name}" if name else f"[[{section}]]"
        return f"set {where} in {self.path} or {env}"


def default_config_path() -> Path:
    """``kiosk.toml`` in the platform's configuration folder for this user (``~/.config/kiosk``)."""
    return Path(platformdirs.user_config_dir(CONFIG_DIR_NAME, appauthor=False)) / "kiosk.toml"


def read_sources(explicit: Path | None, environ: Mapping[str, str]) -> Sources:
    """Gather the values of the file named by ``--config``, ``KIOSK_CONFIG`` or the default."""
    chosen = explicit or (Path(environ[CONFIG_ENV]) if environ.get(CONFIG_ENV) else None)
    sources = Sources(path=(chosen or default_config_path()).expanduser())
    if sources.path.is_dir():
        how = "--config" if explicit else CONFIG_ENV if chosen else "the default place"
        raise ConfigError(
            [
                Problem(
                    "config",
                    f"{sources.path} is a folder, not a configuration file",
                    f"point {how} at the kiosk.toml inside it, or move the folder away",
                )
            ]
        )
    if chosen is not None and not sources.path.is_file():
        how = "--config" if explicit else CONFIG_ENV
        raise ConfigError(
            [Problem("config", f"{sources.path} does not exist", f"create it or correct {how}")]
        )
    secrets_file: Entry | None = None
    if sources.path.is_file():
        document = _read_toml(sources.path, sources)
        if "secrets_file" in document:
            secrets_file = Entry(document.pop("secrets_file"), str(sources.path))
        _take(document, sources, str(sources.path), private=_privacy(sources.path) is None)
    if environ.get(SECRETS_ENV):
        secrets_file = Entry(environ[SECRETS_ENV], SECRETS_ENV)
    if secrets_file is not None:
        _read_secrets(secrets_file, sources)
    _read_environment(environ, sources)
    return sources


def _read_toml(path: Path, sources: Sources) -> dict[str, Any]:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except UnicodeDecodeError as error:
        problem = Problem(
            str(path),
            f"is not UTF-8 text ({error.reason} at byte {error.start})",
            f"save it as UTF-8 (from Latin-1: iconv -f latin1 -t utf-8 {path} > kiosk.toml.new)",
        )
    except tomllib.TOMLDecodeError as error:
        problem = Problem(str(path), f"not valid TOML ({error})", "correct the file's syntax")
    except OSError as error:
        problem = Problem(str(path), f"cannot be read ({error.strerror})", "check its permissions")
    raise ConfigError([*sources.problems, problem])


def _privacy(path: Path) -> str | None:
    """Why ``path`` is not private to the kiosk's user, or None when it is."""
    info = path.stat()
    if info.st_uid != os.getuid():
        return f"{path} belongs to another user (uid {info.st_uid})"
    if info.st_mode & 0o077:
        return f"{path} can be read by others (mode {stat.S_IMODE(info.st_mode):04o})"
    return None


def _take(document: dict[str, Any], sources: Sources, origin: str, *, private: bool) -> None:
    """File values into ``sources``; secrets only when the file is private."""
    for section, body in document.items():
        if section == "staff":
            _take_list("staff", body, sources, origin, private=private)
            continue
        if section not in SECTIONS or not isinstance(body, dict):
            what = "unknown section" if section not in SECTIONS else "expected a [section]"
            sources.problems.append(Problem(section, what, f"remove it; {DOCS}"))
            continue
        for name, value in body.items():
            dotted = f"{section}.{name}"
            if dotted in LISTS:
                _take_list(dotted, value, sources, origin, private=True)
            elif dotted not in BY_NAME:
                sources.problems.append(Problem(dotted, "unknown key", f"remove it; {DOCS}"))
            elif BY_NAME[dotted].secret and not private:
                sources.problems.append(_exposed(dotted, origin))
            else:
                sources.values[dotted] = Entry(value, origin)


def _take_list(dotted: str, value: Any, sources: Sources, origin: str, *, private: bool) -> None:
    fields = LISTS[dotted]
    rows = value if isinstance(value, list) else None
    if rows is not None and len(rows) > MOST_ROWS[dotted]:
        sources.problems.append(
            Problem(dotted, f"expected at most {MOST_ROWS[dotted]} rows, got {len(rows)}", DOCS)
        )
        return
    if rows is None or not all(isinstance(row, dict) and set(row) == set(fields) for row in rows):
        wanted = ", ".join(fields)
        sources.problems.append(
            Problem(dotted, f"expected a list of tables with {wanted}", f"{DOCS} with an example")
        )
        return
    if dotted == "staff" and rows and not private:
        sources.problems.append(_exposed("staff.pin_hash", origin))
        return
    sources.lists[dotted] = Entry(rows, origin)


def _exposed(dotted: str, origin: str) -> Problem:
    env = BY_NAME[dotted].env if dotted in BY_NAME else STAFF_ENV
    return Problem(
        dotted,
        f"a secret written in {origin}, which others can read",
        f"move it to a secrets_file of mode 0600, or set {env}, or chmod 600 {origin}",
    )


def _read_secrets(entry: Entry, sources: Sources) -> None:
    if not isinstance(entry.value, str) or not entry.value.strip():
        sources.problems.append(
            Problem(
                "secrets_file",
                f"expected a path, got {shown(entry.value)}",
                f"set secrets_file in {sources.path} or {SECRETS_ENV}",
            )
        )
        return
    path = Path(entry.value).expanduser()
    path = path if path.is_absolute() else sources.path.parent / path
    if not path.is_file():
        sources.problems.append(
            Problem(
                "secrets_file", f"{path} does not exist", f"create it or correct {entry.origin}"
            )
        )
        return
    why = _privacy(path)
    if why is not None:
        fix = f"chmod 600 {path} and make the kiosk's user its owner"
        sources.problems.append(Problem("secrets_file", f"refused: {why}", fix))
        return
    document = _read_toml(path, sources)
    for section, body in document.items():
        keys = body if isinstance(body, dict) else {}
        for name in keys:
            dotted = f"{section}.{name}"
            if dotted not in BY_NAME or not BY_NAME[dotted].secret:
                sources.problems.append(
                    Problem(dotted, f"not a secret, in {path}", f"move it to {sources.path}")
                )
    secrets = {
        section: {k: v for k, v in body.items() if f"{section}.{k}" in BY_NAME}
        for section, body in document.items()
        if isinstance(body, dict)
    }
    secrets.update({"staff": document["staff"]} if "staff" in document else {})
    _take(secrets, sources, str(path), private=True)


def _read_environment(environ: Mapping[str, str], sources: Sources) -> None:
    for dotted, key in BY_NAME.items():
        if key.env in environ:
            sources.values[dotted] = Entry(environ[key.env], key.env)
    if STAFF_ENV in environ:
        rows = []
        for member in filter(None, (m.strip() for m in environ[STAFF_ENV].split(";"))):
            name, _, pin_hash = member.rpartition(":")
            rows.append({"name": name.strip(), "pin_hash": pin_hash.strip()})
        sources.lists["staff"] = Entry(rows, STAFF_ENV)

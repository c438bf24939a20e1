"""Writing TOML: the few shapes ``kiosk setup`` needs (top-level keys, tables of scalars), with
strings escaped as the TOML specification says and the result read back by ``tomllib``."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from typing import Any

BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f"}
_ESCAPES["\r"] = "\\r"


def toml_string(value: str) -> str:
    """``value`` as a TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for char in value:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return toml_string(value)
    raise TypeError(f"kiosk setup writes text, numbers and booleans, not {type(value).__name__}")


def _key(name: str) -> str:
    return name if BARE_KEY.match(name) else toml_string(name)


def comment(text: str) -> str:
    """A comment line; control characters (a newline in a name) become spaces."""
    return "# " + "".join(" " if ord(c) < 0x20 or ord(c) == 0x7F else c for c in text).rstrip()


def render_toml(document: Mapping[str, Any], header: Sequence[str] = ()) -> str:
    """Top-level keys, then one ``[table]`` of scalars per section; verified by ``tomllib``."""
    lines = [comment(line) for line in header]
    scalars = {k: v for k, v in document.items() if not isinstance(v, Mapping)}
    tables = {k: v for k, v in document.items() if isinstance(v, Mapping)}
    for name, value in scalars.items():
        lines.append(f"{_key(name)} = {_scalar(value)}")
    for section, body in tables.items():
        lines += ["", f"[{_key(section)}]"]
        lines += [f"{_key(name)} = {_scalar(value)}" for name, value in body.items()]
    text = "\n".join(lines).lstrip("\n") + "\n"
    if tomllib.loads(text) != document:  # the escaping is the point: prove it, every time
        raise ValueError("the TOML written does not read back as the answers")
    return text

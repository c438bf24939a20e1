"""Qt loaded, with Python's own ``import`` kept.

Loading PySide6 replaces ``builtins.__import__`` with a hook for PySide's opt-in
``from __feature__ import snake_case, true_property``. Besides that, after every later import of
a module it has not seen, the hook reads the module's whole source (``inspect.getsource``) to
look for the word "PySide6", and ``linecache`` keeps the text for the life of the process. The
kiosk uses no ``__feature__``: at its start the hook read about 250 files and kept their text,
about 8 MB of resident memory at the kiosk's ready (129.4 MB with it, 121.4 MB without); the
start's time did not move measurably. Putting the original ``import`` back changes nothing else:
a module PySide has not looked at reads Qt's classes with no feature, as every module of the
kiosk does.
"""

from __future__ import annotations

import builtins

import PySide6.QtCore  # noqa: F401  (loading Qt installs the hook)


def keep_python_import() -> None:
    """Put Python's own ``import`` back if PySide's hook replaced it."""
    hook = getattr(builtins, "__feature_import__", None)
    original = getattr(builtins, "__orig_import__", None)
    if hook is not None and original is not None and builtins.__import__ is hook:
        builtins.__import__ = original

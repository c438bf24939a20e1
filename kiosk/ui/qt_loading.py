"""Qt loaded, with Python's own ``import`` kept.

Loading PySide6 replaces ``builtins.__import__`` with a hook for PySide's opt-in
``from __feature__ import snake_case, true_property``. Besides that, after every later import of
a module it has not seen, the hook reads the module's whole source (``inspect.getsource``) to
look for the word "PySide6", and ``linecache`` keeps the text for the life of the process. The
kiosk uses no ``__feature__``: at its start the hook read about 310 files, 35-50 ms of the start,
and kept about 4 MB of their text in memory. Putting the original ``import`` back changes nothing
else: a module PySide has not looked at reads Qt's classes with no feature, as every module of the
kiosk does.
"""

from __future__ import annotations

import builtins

import PySide6.QtCore  # noqa: F401  (loading Qt installs the hook)


def keep_python_import() -> bool:
    """Put Python's own ``import`` back if PySide's hook replaced it; True when it did."""
    hook = getattr(builtins, "__feature_import__", None)
    original = getattr(builtins, "__orig_import__", None)
    if hook is None or original is None or builtins.__import__ is not hook:
        return False
    builtins.__import__ = original
    return True

"""Load sqlite-utils without its optional pandas and numpy support.

sqlite-utils imports pandas and numpy at import time whenever they are installed (the
``formats`` extra brings them in for Hugging Face exports). That costs about half a second on
every CLI call and GUI start, and the store never hands DataFrames or arrays to sqlite-utils,
so they are hidden while it loads. If either is already imported, nothing changes.
"""

from __future__ import annotations

import sys


def load_sqlite_utils() -> None:
    if "sqlite_utils.db" in sys.modules:
        return
    hidden = [name for name in ("pandas", "numpy") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import` raise ImportError
    try:
        import sqlite_utils.db  # noqa: F401
    finally:
        for name in hidden:
            if sys.modules.get(name) is None:
                del sys.modules[name]


load_sqlite_utils()

"""Shared test helpers: builders, fixtures and child-process tools, one module per concern.

``tests/conftest.py`` puts ``tests/`` on ``sys.path``, so every test imports them as
``helpers.<module>``; the per-folder ``conftest.py`` files import the fixtures they offer.

- ``foundation``: projects, JSONL records, import/export callables (Qt-free).
- ``fixtures``: the pytest fixtures built on ``foundation`` (project, project_path, ...).
- ``corpus``: a small hard corpus (emoji, ZWJ, RTL, CRLF, discontinuous spans) for exports.
- ``importing``, ``brat``, ``quality``, ``teams``, ``assist``: builders for those tests.
- ``optional``: skip or fail tests that need the ``formats`` extra.
- ``locking``, ``damage``: another process holding the write lock; real damage (chattr,
  tmpfs, SIGKILL) for the reliability tests.
- ``windows``, ``panels``, ``projects``, ``jobs``, ``team_windows``: Qt helpers for tests/ui.
- ``packaging``: paths and switches for the packaging smoke tests.
"""

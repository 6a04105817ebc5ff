"""Fixtures for the format tests; builders live in tests/helpers/foundation.py."""

from helpers.fixtures import export_records, import_records, project, project_path  # noqa: F401

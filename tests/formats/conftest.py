"""Fixtures for the format tests; builders live in tests/helpers_foundation.py."""

from fixtures_foundation import export_records, import_records, project, project_path  # noqa: F401

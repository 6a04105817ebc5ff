"""Fixtures for the store tests; builders live in tests/helpers_foundation.py."""

from fixtures_foundation import project, project_path  # noqa: F401

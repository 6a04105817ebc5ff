"""Fixtures for the tests of desktop.suggesting; builders live in the tests/ helper modules."""

from fixtures_foundation import project, project_path  # noqa: F401

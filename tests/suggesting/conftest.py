"""Fixtures for the tests of desktop.suggesting; builders live in the tests/ helper modules."""

from helpers.fixtures import project, project_path  # noqa: F401

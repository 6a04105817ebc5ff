"""Fixtures for the command-line tests; builders live in tests/helpers/foundation.py."""

from helpers.fixtures import project, project_path  # noqa: F401

"""Fixtures for the Qt-free foundation tests; builders live in tests/helpers_foundation.py."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

_TESTS = str(Path(__file__).resolve().parent.parent)
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)

from helpers_foundation import new_project_file  # noqa: E402

from desktop.store import Project, open_project  # noqa: E402


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    """A new, empty project file with the default codebook."""
    return new_project_file(tmp_path / "test.claimdesk")


@pytest.fixture
def project(project_path: Path) -> Iterator[Project]:
    with open_project(project_path) as p:
        yield p

"""Fixtures shared by the Qt-free foundation tests (store, formats, cli).

Each of those folders' ``conftest.py`` imports the ones it offers; builders live in
tests/helpers/foundation.py.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from desktop.formats.exporting import export
from desktop.formats.importing import import_paths
from desktop.formats.records import ImportReport
from desktop.store import Project, open_project
from helpers.foundation import ExportFn, ImportFn, new_project_file, read_jsonl, write_jsonl


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    """A new, empty project file with the default codebook."""
    return new_project_file(tmp_path / "test.claimdesk")


@pytest.fixture
def project(project_path: Path) -> Iterator[Project]:
    with open_project(project_path) as p:
        yield p


@pytest.fixture
def import_records(project: Project, tmp_path: Path) -> ImportFn:
    """Write records to a JSONL file and import it: ``import_records(records, **kwargs)``."""
    counter = iter(range(1, 10_000))

    def run(records: Sequence[Mapping[str, Any]], **kwargs: Any) -> ImportReport:
        path = write_jsonl(tmp_path / f"in-{next(counter)}.jsonl", records)
        return import_paths(project, [path], **kwargs)

    return run


@pytest.fixture
def export_records(project: Project, tmp_path: Path) -> ExportFn:
    """Export a layer and read it back as dicts: ``export_records(annotator=..., ...)``."""
    counter = iter(range(1, 10_000))

    def run(**kwargs: Any) -> list[dict[str, Any]]:
        out = tmp_path / f"out-{next(counter)}.jsonl"
        report = export(project, fmt="jsonl", out=out, **kwargs)
        rows = read_jsonl(out)
        assert report.documents == len(rows)
        return rows

    return run

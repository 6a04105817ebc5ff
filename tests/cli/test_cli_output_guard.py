"""An export or report can never be written onto a project (defect: it replaced it, exit 0)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers.foundation import (
    assert_clean_failure,
    fingerprint,
    record,
    run_cli,
    write_jsonl,
)

from desktop.formats.exporting import export
from desktop.store import open_project


@pytest.fixture
def filled(project_path: Path, tmp_path: Path) -> Path:
    src = write_jsonl(tmp_path / "in.jsonl", [record("d1", "Officials said so."),
                                              record("d2", "The minister denied it.")])
    assert run_cli("import", project_path, src).code == 0
    return project_path


def _same_project(path: Path, before: dict[str, object]) -> None:
    assert fingerprint(path) == before
    with open_project(path) as project:
        assert project.documents.ids() == ["d1", "d2"]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "conll"])
def test_export_onto_the_project_is_refused(filled: Path, fmt: str) -> None:
    before = fingerprint(filled)
    result = run_cli("export", filled, "--format", fmt, "--out", filled)
    assert_clean_failure(result, "--out", "is the project file", "would destroy it")
    _same_project(filled, before)


@pytest.mark.parametrize("how", ["relative", "symlink", "hardlink", "dotdot"])
def test_export_onto_another_name_of_the_project_is_refused(filled: Path, how: str,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    before = fingerprint(filled)
    folder = filled.parent
    if how == "relative":
        monkeypatch.chdir(folder)
        out = Path(filled.name)
    elif how == "symlink":
        out = folder / "alias.jsonl"
        out.symlink_to(filled)
    elif how == "hardlink":
        out = folder / "second-name.jsonl"
        os.link(filled, out)
    else:
        (folder / "sub").mkdir()
        out = folder / "sub" / ".." / filled.name
    result = run_cli("export", filled, "--format", "jsonl", "--out", out)
    assert_clean_failure(result, "--out", "would destroy it")
    _same_project(filled, before)


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
def test_export_onto_the_projects_sqlite_files_is_refused(filled: Path, suffix: str) -> None:
    before = fingerprint(filled)
    out = filled.with_name(filled.name + suffix)
    result = run_cli("export", filled, "--format", "jsonl", "--out", out)
    assert_clean_failure(result, "--out", suffix, "would destroy it")
    assert not out.exists() or suffix != "-journal"
    _same_project(filled, before)


def test_export_onto_another_project_is_refused(filled: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.claimdesk"
    assert run_cli("init", other).code == 0
    before = other.read_bytes()
    result = run_cli("export", filled, "--format", "jsonl", "--out", other)
    assert_clean_failure(result, "--out", "is a Claimdesk project file")
    assert other.read_bytes() == before


def test_skip_report_onto_the_project_is_refused_before_importing(filled: Path,
                                                                  tmp_path: Path) -> None:
    before = fingerprint(filled)
    bad = write_jsonl(tmp_path / "x.jsonl", [{"id": "x"}, record("d3", "A third text.")])
    result = run_cli("import", filled, bad, "--skip-bad", "--report", filled)
    assert_clean_failure(result, "--report", "would destroy it")
    _same_project(filled, before)  # nothing imported either: the refusal came first


def test_api_export_into_an_open_projects_wal_is_refused(filled: Path, tmp_path: Path) -> None:
    """A project open in this process (the window) is protected whatever project exports."""
    other = tmp_path / "second.claimdesk"
    assert run_cli("init", other).code == 0
    with open_project(filled) as window, open_project(other) as exporting:
        assert window.path is not None
        with pytest.raises(Exception, match="would destroy it"):
            export(exporting, fmt="jsonl", out=filled.with_name(filled.name + "-wal"))
    with open_project(filled) as again:
        assert again.documents.ids() == ["d1", "d2"]


def test_export_to_a_new_file_still_works(filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = run_cli("export", filled, "--format", "jsonl", "--out", out)
    assert result.code == 0, result
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2

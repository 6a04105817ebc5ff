"""The command line on a read-only project: reading commands work, writing ones say why."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers.damage import listing, unwritable
from helpers.foundation import assert_clean_failure, record, run_cli, write_jsonl


@pytest.fixture
def locked(project_path: Path, tmp_path: Path) -> Path:
    path = tmp_path / "ro" / project_path.name
    path.parent.mkdir()
    shutil.move(project_path, path)
    src = write_jsonl(tmp_path / "in.jsonl", [record("d1", "The envoy said talks went well.")])
    assert run_cli("import", path, src).code == 0
    return path


@pytest.mark.parametrize("which", ["file", "folder"])
def test_reading_commands_work_and_leave_nothing(locked: Path, which: str,
                                                 tmp_path: Path) -> None:
    before = listing(locked.parent)
    with unwritable(locked if which == "file" else locked.parent):
        stats = run_cli("stats", locked, "--json")
        assert stats.code == 0, stats
        assert json.loads(stats.out)["documents"] == 1
        check = run_cli("check", locked)
        assert check.code == 0, check
        assert "0 problems" in check.out
        out = tmp_path / "export.jsonl"
        result = run_cli("export", locked, "--format", "jsonl", "--out", out)
        assert result.code == 0, result
        assert json.loads(out.read_text(encoding="utf-8"))["id"] == "d1"
        assert listing(locked.parent) == before


def test_import_into_a_read_only_project_says_why_and_creates_nothing(locked: Path,
                                                                      tmp_path: Path) -> None:
    before = listing(locked.parent)
    src = write_jsonl(tmp_path / "more.jsonl", [record("d2", "Another text.")])
    with unwritable(locked):
        result = run_cli("import", locked, src)
        assert_clean_failure(result, "cannot write to the project", "the file is read-only")
        assert listing(locked.parent) == before


def test_scoring_commands_only_read(project_path: Path, tmp_path: Path) -> None:
    """Agreement and scoring the assistant read the project: they work when it is read-only
    and leave nothing behind (they used to open it for writing and refuse)."""
    path = tmp_path / "ro" / project_path.name
    path.parent.mkdir()
    shutil.move(project_path, path)
    text = "The envoy said talks went well."
    claim = {"id": "s1", "label": "CLAIM", "start": 15, "end": 30, "text": "talks went well",
             "attrs": {}, "actor": None}
    src = write_jsonl(tmp_path / "in.jsonl", [record("d1", text, spans=[claim]),
                                              record("d1", text, annotator="bob",
                                                     spans=[claim])])
    assert run_cli("import", path, src).code == 0
    before = listing(path.parent)
    with unwritable(path):
        agree = run_cli("agree", path, "--json")
        assert agree.code == 0, agree
        assert json.loads(agree.out)
        scored = run_cli("suggest", path, "--evaluate", "--against", "alice", "--json")
        assert scored.code == 0, scored
        assert json.loads(scored.out)["against"] == "alice"
        assert listing(path.parent) == before

"""`claimdesk backup`, `restore` and `history`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers.foundation import (
    add_document,
    assert_clean_failure,
    hard_record,
    macron_record,
    run_cli,
    write_jsonl,
)

from desktop.core.model import Actor, DocStatus, Span
from desktop.store import list_backups, open_project


@pytest.fixture
def filled(project_path: Path, tmp_path: Path) -> Path:
    src = write_jsonl(tmp_path / "in.jsonl", [macron_record(), hard_record()])
    assert run_cli("import", project_path, src).code == 0
    return project_path


def _ids(path: Path) -> list[str]:
    with open_project(path, readonly=True) as project:
        return project.documents.ids()


def test_backup_list_and_restore(filled: Path, tmp_path: Path) -> None:
    result = run_cli("backup", filled)
    assert result.code == 0, result
    assert "backed up" in result.out
    with open_project(filled) as project:
        add_document(project, "late", "Late text.")
    listing = run_cli("restore", filled, "--list")
    assert listing.code == 0
    assert "  1  " in listing.out
    assert "manual" in listing.out
    restored = run_cli("restore", filled, "--from", "1")
    assert restored.code == 0, restored
    assert "late" not in _ids(filled)
    assert "before-restore" in restored.out
    # ... and undone again, from the backup the restore kept
    kept = next(b for b in list_backups(filled) if b.reason == "before-restore")
    assert run_cli("restore", filled, "--from", kept.path).code == 0
    assert "late" in _ids(filled)


def test_backup_out(filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "copy.claimdesk"
    assert run_cli("backup", filled, "--out", out).code == 0
    assert _ids(out) == _ids(filled)
    assert_clean_failure(run_cli("backup", filled, "--out", out), "--out",
                         "is a Claimdesk project file")
    taken = tmp_path / "taken.txt"
    taken.write_text("mine", encoding="utf-8")
    assert_clean_failure(run_cli("backup", filled, "--out", taken), "--out", "exists")
    assert_clean_failure(run_cli("backup", filled, "--out", filled), "--out",
                         "is the project file")


def test_restore_needs_a_choice_and_a_real_backup(filled: Path, tmp_path: Path) -> None:
    assert run_cli("restore", filled).code == 2
    assert_clean_failure(run_cli("restore", filled, "--from", "3"), "--from",
                         "no backup number 3")
    assert_clean_failure(run_cli("restore", filled, "--from", tmp_path / "absent.claimdesk"),
                         "--from", "no such backup file")
    empty = run_cli("restore", filled, "--list")
    assert empty.code == 0
    assert "no backups" in empty.out


def test_history_says_who_changed_what(filled: Path) -> None:
    with open_project(filled) as project:
        text = project.documents.get("doc-1").text
        start = text.index("AFP")
        span = project.spans.add("doc-1", "carol", Span.from_text(
            text, id="", label="ACTOR", fragments=((start, start + 3),)), who="carol").value
        project.status.set("doc-1", "carol", DocStatus.DONE, who="carol")
        project.actors.add(Actor(id="", name="Agence France-Presse", kind="organisation"),
                           who="dave")
        project.spans.delete("doc-1", "carol", span.id, who="carol")
    result = run_cli("history", filled, "--limit", "4")
    assert result.code == 0, result
    lines = result.out.splitlines()
    assert len(lines) == 4
    assert "carol" in lines[0]
    assert f'delete ACTOR {span.id} "AFP" (layer carol)' in lines[0]
    assert "[doc-1]" in lines[0]
    assert 'add actor a' in lines[1]
    assert "Agence France-Presse" in lines[1]
    assert "status in progress → done (layer carol)" in lines[2]
    assert f'add ACTOR {span.id} "AFP"' in lines[3]
    mine = run_cli("history", filled, "--who", "dave")
    assert len(mine.out.splitlines()) == 1
    doc = run_cli("history", filled, "--doc", "doc-2")
    assert doc.code == 0
    assert all("carol" not in line for line in doc.out.splitlines())
    rows = [json.loads(x) for x in run_cli("history", filled, "--json").out.splitlines()]
    assert rows[0]["action"] == "delete"
    assert rows[0]["before"]["text"] == "AFP"
    assert_clean_failure(run_cli("history", filled, "--doc", "nope"), "no document")


def test_history_of_an_import(filled: Path) -> None:
    result = run_cli("history", filled)
    assert "import documents: 2 added, 0 already there" in result.out
    assert "import into layer alice" in result.out

"""The command line, command by command (in-process, plus the real entry points)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.foundation import (
    ARABIC,
    assert_clean_failure,
    hard_record,
    macron_record,
    raw_connect,
    read_jsonl,
    record,
    run_cli,
    write_jsonl,
)

from desktop import __version__


def test_version_in_process() -> None:
    result = run_cli("--version")
    assert result.code == 0
    assert result.out.strip() == f"claimdesk {__version__}"


@pytest.mark.parametrize("command", [
    pytest.param([str(Path(sys.executable).with_name("claimdesk"))], id="claimdesk"),
    pytest.param([sys.executable, "-m", "desktop"], id="python-m-desktop"),
])
def test_version_from_the_real_entry_points(command: list[str]) -> None:
    proc = subprocess.run([*command, "--version"], capture_output=True, text=True,
                          timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"claimdesk {__version__}"
    assert proc.stderr == ""


def test_no_command_prints_help_and_exits_2() -> None:
    result = run_cli()
    assert result.code == 2
    assert "COMMAND" in result.out


def test_init(tmp_path: Path) -> None:
    path = tmp_path / "new.claimdesk"
    result = run_cli("init", path)
    assert result.code == 0, result
    assert "News attribution" in result.out
    assert path.exists()
    again = run_cli("init", path)
    assert_clean_failure(again, str(path), "already exists")


def test_init_with_codebooks(tmp_path: Path) -> None:
    good = tmp_path / "mine.toml"
    good.write_text('[codebook]\nname = "Mine"\n[[labels]]\nname = "QUOTE"\nkey = "q"\n',
                    encoding="utf-8")
    assert run_cli("init", tmp_path / "a.claimdesk", "--codebook", good).code == 0
    stats = json.loads(run_cli("stats", tmp_path / "a.claimdesk", "--json").out)
    assert stats["codebook"]["name"] == "Mine"
    bad = tmp_path / "bad.toml"
    bad.write_text('[[labels]]\nname = "QUOTE"\ncolor = "blue"\n', encoding="utf-8")
    result = run_cli("init", tmp_path / "b.claimdesk", "--codebook", bad)
    assert_clean_failure(result, "bad.toml", "labels[0].color")
    assert not (tmp_path / "b.claimdesk").exists()


def test_import_text_files_and_folders(project_path: Path, tmp_path: Path) -> None:
    one = tmp_path / "lone-article.md"
    one.write_text("# Breaking: truce agreed\n\nThe envoy said so.\n", encoding="utf-8")
    folder = tmp_path / "batch"
    (folder / "sub").mkdir(parents=True)
    (folder / "first.txt").write_text(f"First headline\r\nBody {ARABIC}.\r\n",
                                      encoding="utf-8")
    (folder / "sub" / "second.markdown").write_text("## Second\nBody.", encoding="utf-8")
    (folder / "sub" / "notes.xyz").write_text("ignored", encoding="utf-8")
    result = run_cli("import", project_path, one, folder)
    assert result.code == 0, result
    assert "3 documents added" in result.out
    out = tmp_path / "all.jsonl"
    assert run_cli("export", project_path, "--format", "jsonl", "--out", out).code == 0
    rows = read_jsonl(out)
    assert [(r["id"], r["title"]) for r in rows] == [
        ("lone-article", "Breaking: truce agreed"), ("first", "First headline"),
        ("second", "Second")]
    assert rows[1]["text"] == f"First headline\nBody {ARABIC}.\n"
    assert all(r["annotator"] == "gold" and r["spans"] == [] for r in rows)


@pytest.fixture
def two_annotators(project_path: Path, tmp_path: Path) -> Path:
    alice = [macron_record("doc-1"), dict(hard_record("doc-2"), status="in progress")]
    bob = [dict(macron_record("doc-1"), annotator="bob", status="done",
                spans=[macron_record()["spans"][2]], frames=[], relations=[], actors=[])]
    plain = [record("doc-3", "Just text, nobody annotated it.", annotator="", status="new")]
    result = run_cli("import", project_path, write_jsonl(tmp_path / "alice.jsonl", alice),
                     write_jsonl(tmp_path / "bob.jsonl", bob),
                     write_jsonl(tmp_path / "plain.jsonl", plain))
    assert result.code == 0, result
    return project_path


def test_stats_json(two_annotators: Path) -> None:
    result = run_cli("stats", two_annotators, "--json")
    assert result.code == 0
    stats = json.loads(result.out)
    assert {k: stats[k] for k in ("documents", "annotators", "spans", "frames", "relations",
                                  "actors")} == {
        "documents": 3, "annotators": 2, "spans": 4 + 6 + 1, "frames": 1 + 2,
        "relations": 1 + 2, "actors": 4}
    text = run_cli("stats", two_annotators)
    assert text.code == 0
    assert "documents   3" in text.out


def test_export_needs_a_layer_choice(two_annotators: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = run_cli("export", two_annotators, "--format", "jsonl", "--out", out)
    assert_clean_failure(result, "several annotators", "--annotator")
    assert not out.exists()
    result = run_cli("export", two_annotators, "--format", "jsonl", "--out", out,
                     "--annotator", "carol")
    assert_clean_failure(result, "carol")


def test_export_annotator_gold_and_status(two_annotators: Path, tmp_path: Path) -> None:
    out = tmp_path / "alice-export.jsonl"
    assert run_cli("export", two_annotators, "--format", "jsonl", "--out", out,
                   "--annotator", "alice").code == 0
    rows = read_jsonl(out)
    assert rows[:2] == [macron_record("doc-1"), dict(hard_record("doc-2"),
                                                     status="in progress")]
    assert rows[2]["status"] == "new"
    assert rows[2]["spans"] == []

    done = tmp_path / "done.jsonl"
    assert run_cli("export", two_annotators, "--format", "jsonl", "--out", done,
                   "--annotator", "alice", "--status", "done").code == 0
    assert [r["id"] for r in read_jsonl(done)] == ["doc-1"]
    both = tmp_path / "both.jsonl"
    assert run_cli("export", two_annotators, "--format", "jsonl", "--out", both,
                   "--annotator", "alice", "--status", "done", "--status", "new").code == 0
    assert [r["id"] for r in read_jsonl(both)] == ["doc-1", "doc-3"]

    bob = tmp_path / "bob-export.jsonl"
    assert run_cli("export", two_annotators, "--format", "jsonl", "--out", bob,
                   "--annotator", "bob", "--status", "done").code == 0
    [row] = read_jsonl(bob)
    assert [s["text"] for s in row["spans"]] == ["said"]

    gold = tmp_path / "gold.jsonl"
    # Nobody adjudicated: every document would read as "no attribution". Refused ...
    assert_clean_failure(run_cli("export", two_annotators, "--format", "jsonl", "--out", gold,
                                 "--gold"), "the gold layer is empty", "--force")
    assert not gold.exists()
    assert run_cli("export", two_annotators, "--format", "jsonl", "--out", gold,
                   "--gold", "--force").code == 0  # ... unless asked for
    assert [(r["annotator"], r["spans"]) for r in read_jsonl(gold)] == [("gold", [])] * 3

    result = run_cli("export", two_annotators, "--format", "jsonl", "--out", gold,
                     "--gold", "--annotator", "bob")
    assert_clean_failure(result, "not allowed with")


def test_check_sound_then_tampered(two_annotators: Path) -> None:
    result = run_cli("check", two_annotators)
    assert result.code == 0, result
    assert "0 problems" in result.out
    conn = raw_connect(two_annotators)
    try:
        conn.execute("UPDATE spans SET text = 'sad' WHERE text = 'said' AND annotator = 'bob'")
    finally:
        conn.close()
    result = run_cli("check", two_annotators)
    assert result.code == 1
    problems = [line for line in result.out.splitlines() if line.startswith("problem:")]
    assert len(problems) == 1
    assert "layer bob" in problems[0]
    assert "'sad'" in problems[0]
    assert "1 problems" in result.out


def test_check_finds_a_tampered_document(two_annotators: Path) -> None:
    conn = raw_connect(two_annotators)
    try:
        conn.execute("UPDATE documents SET text = replace(text, 'Just', 'Only') "
                     "WHERE id = 'doc-3'")
    finally:
        conn.close()
    result = run_cli("check", two_annotators)
    assert result.code == 1
    assert "problem: document doc-3: text does not match its stored SHA-256" in result.out

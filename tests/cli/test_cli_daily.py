"""The command line for a working day: no accidental overwrites or misleading exports, text in
other encodings, per-annotator statistics, review findings per document, mistyped commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers.foundation import (
    assert_clean_failure,
    hard_record,
    macron_record,
    read_jsonl,
    record,
    run_cli,
    write_jsonl,
)

from desktop.app import main as app_main
from desktop.app import missing_display
from desktop.cli import unknown_command


@pytest.fixture
def corpus(project_path: Path, tmp_path: Path) -> Path:
    """doc-1 done and doc-2 in progress for alice; doc-3 and doc-4 untouched."""
    alice = [macron_record("doc-1"), dict(hard_record("doc-2"), status="in progress")]
    plain = [record("doc-3", "Just text, nobody annotated it.", annotator="", status="new"),
             record("doc-4", "More text nobody has read yet.", annotator="", status="new")]
    result = run_cli("import", project_path, write_jsonl(tmp_path / "in-alice.jsonl", alice),
                     write_jsonl(tmp_path / "in-plain.jsonl", plain))
    assert result.code == 0, result
    return project_path


def test_single_file_export_refuses_to_overwrite_without_force(corpus: Path,
                                                               tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("yesterday's export\n", encoding="utf-8")
    result = run_cli("export", corpus, "--format", "jsonl", "--out", out, "--annotator", "alice")
    assert_clean_failure(result, "exists", "--force")
    assert out.read_text(encoding="utf-8") == "yesterday's export\n"
    assert run_cli("export", corpus, "--format", "jsonl", "--out", out, "--annotator", "alice",
                   "--force").code == 0
    assert len(read_jsonl(out)) == 4


def test_training_formats_leave_untouched_documents_out_unless_asked(corpus: Path,
                                                                    tmp_path: Path) -> None:
    out = tmp_path / "train.conll"
    result = run_cli("export", corpus, "--format", "conll", "--out", out, "--annotator", "alice")
    assert result.code == 0, result
    assert "2 documents (" in result.out  # doc-1 and doc-2, not doc-3 and doc-4
    assert "warning: 2 untouched documents (status new, nothing in layer alice) left out" \
        in result.err
    assert "warning: 1 document is still in progress" in result.err
    assert not any(line.startswith("Just") for line in out.read_text("utf-8").splitlines())

    both = tmp_path / "all.conll"
    result = run_cli("export", corpus, "--format", "conll", "--out", both, "--annotator",
                     "alice", "--include-untouched")
    assert result.code == 0, result
    assert "4 documents (" in result.out
    assert "2 untouched documents are exported without annotations" in result.err
    assert any(line.startswith("Just") for line in both.read_text("utf-8").splitlines())


def test_native_jsonl_keeps_untouched_documents_without_a_warning(corpus: Path,
                                                                  tmp_path: Path) -> None:
    result = run_cli("export", corpus, "--format", "jsonl", "--out", tmp_path / "a.jsonl",
                     "--annotator", "alice")
    assert result.code == 0
    assert "untouched" not in result.err
    result = run_cli("export", corpus, "--format", "jsonl", "--out", tmp_path / "b.jsonl",
                     "--annotator", "alice", "--no-include-untouched")
    assert "2 untouched documents" in result.err
    assert [r["id"] for r in read_jsonl(tmp_path / "b.jsonl")] == ["doc-1", "doc-2"]


def test_empty_split_part_is_refused_before_writing(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "split"
    result = run_cli("export", corpus, "--format", "jsonl", "--out", out, "--annotator",
                     "alice", "--split", "96/2/2")
    assert_clean_failure(result, "without documents", "--force")
    assert not out.exists()


def test_text_import_takes_an_encoding_and_reads_utf16_boms(project_path: Path,
                                                            tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "utf16.txt").write_bytes("Le ministre a déclaré « ça suffit » 🇫🇷.".encode("utf-16"))
    (folder / "utf16be.txt").write_bytes(b"\xfe\xff" + "Γεια σου κόσμε.".encode("utf-16-be"))
    result = run_cli("import", project_path, folder)
    assert result.code == 0, result
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Der Minister sagte: „Schluss“ – café.".encode("cp1252"))
    assert_clean_failure(run_cli("import", project_path, latin), "not valid UTF-8",
                         "--encoding")
    assert run_cli("import", project_path, latin, "--encoding", "cp1252").code == 0
    assert_clean_failure(run_cli("import", project_path, latin, "--encoding", "klingon"),
                         "unknown encoding")
    out = tmp_path / "all.jsonl"
    assert run_cli("export", project_path, "--format", "jsonl", "--out", out).code == 0
    texts = sorted(r["text"] for r in read_jsonl(out))
    assert texts == ["Der Minister sagte: „Schluss“ – café.", "Le ministre a déclaré "
                     "« ça suffit » 🇫🇷.", "Γεια σου κόσμε."]


def test_stats_text_shows_status_per_annotator(corpus: Path) -> None:
    result = run_cli("stats", corpus)
    assert result.code == 0
    lines = result.out.splitlines()
    header = next(line for line in lines if line.startswith("annotator "))
    assert header.split() == ["annotator", "new", "in", "progr.", "done", "skipped", "spans",
                              "frames", "relations"]
    alice = next(line for line in lines if line.startswith("alice "))
    assert alice.split()[:5] == ["alice", "2", "1", "1", "0"]
    stats = json.loads(run_cli("stats", corpus, "--json").out)
    assert stats["by_annotator"]["alice"]["status"] == {"done": 1, "in progress": 1}


def test_check_reports_review_findings_per_document(project_path: Path, tmp_path: Path) -> None:
    lonely = macron_record("doc-1")
    lonely["frames"] = []  # the CLAIM loses its frame; the SOURCE is linked, the rest fine
    assert run_cli("import", project_path, write_jsonl(tmp_path / "x.jsonl", [lonely])).code == 0
    result = run_cli("check", project_path)
    assert result.code == 0  # findings are warnings, not integrity problems
    assert ("warning: document doc-1, layer alice: CLAIM s1 “\"We are moving towards a truce "
            "tonight or tomorrow…” is in no attribution frame") in result.out
    assert result.out.rstrip().endswith("0 problems, 1 warnings (in 1 document)")


@pytest.mark.parametrize(("word", "hint"), [("improt", "did you mean `claimdesk import`"),
                                             ("stat", "did you mean `claimdesk stats`"),
                                             ("frobnicate", "commands: init")])
def test_a_mistyped_command_is_an_error_not_a_gui_launch(word: str, hint: str,
                                                         capsys: pytest.CaptureFixture[str],
                                                         tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    message = unknown_command(word)
    assert message is not None
    assert hint in message
    assert app_main([word]) == 2  # returns before any Qt import or window
    assert hint in capsys.readouterr().err


def test_paths_and_commands_are_not_mistaken_for_typos(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "corpus").write_text("")
    for word in ("import", "new.claimdesk", "sub/dir", "corpus", "--help"):
        assert unknown_command(word) is None, word


def test_no_display_is_said_plainly() -> None:
    message = missing_display({}, "linux")
    assert message is not None
    assert "xvfb-run -a claimdesk" in message
    assert missing_display({"DISPLAY": ":0"}, "linux") is None
    assert missing_display({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert missing_display({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert missing_display({}, "win32") is None

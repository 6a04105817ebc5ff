"""Standoff re-hydration, --skip-bad reports and the `claimdesk import` command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers.foundation import fingerprint, macron_record, write_jsonl
from helpers.importing import HARD, run

from desktop.cli import main
from desktop.core.errors import InputError
from desktop.store import open_project


def standoff(rec: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in rec.items() if k != "text"}


def test_standoff_needs_the_text(tmp_path: Path, project_path: Path) -> None:
    rec = macron_record()
    src = write_jsonl(tmp_path / "so.jsonl", [standoff(rec)])
    with pytest.raises(InputError) as err:
        run(project_path, src, standoff=True)
    assert (err.value.line, err.value.field) == (1, "text")
    assert "https://example.org/1" in err.value.reason
    texts = tmp_path / "articles"
    texts.mkdir()
    (texts / "unrelated.txt").write_text("something else", encoding="utf-8")
    (texts / "macron.txt").write_bytes(rec["text"].replace("\n", "\r\n").encode("utf-8"))
    report = run(project_path, src, standoff=True, texts=texts)
    assert (report.documents_added, report.spans, report.frames) == (1, 4, 1)
    with open_project(project_path) as project:
        assert project.documents.get("doc-1").text == rec["text"]


def test_standoff_attaches_to_a_document_already_in_the_project(
        tmp_path: Path, project_path: Path) -> None:
    rec = macron_record()
    plain = tmp_path / "a.txt"
    plain.write_text(rec["text"], encoding="utf-8")
    run(project_path, plain)
    src = write_jsonl(tmp_path / "so.jsonl", [standoff(rec)])
    report = run(project_path, src, standoff=True)
    assert (report.documents_added, report.documents_known, report.spans) == (0, 1, 4)


def _cli(*args: str | Path) -> int:
    return main([str(a) for a in args])


def test_cli_skip_bad_writes_a_report(tmp_path: Path, project_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    good = {"text": "Fine text.", "label": [[0, 4, "ACTOR"]]}
    bad = {"text": "Bad text.", "label": [[0, 99, "ACTOR"]]}
    src = tmp_path / "mix.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in (good, bad, good | {"text": "More."}))
                   + "\n", encoding="utf-8")
    assert _cli("import", project_path, src, "--skip-bad", "--annotator", "ann") == 0
    out = capsys.readouterr()
    report = project_path.with_name(project_path.name + ".import-report.txt")
    assert str(report) in out.out
    lines = report.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "file\tline\tfield\treason"
    assert lines[1].startswith(f"{src}\t2\tlabel[0][1]\t")
    with open_project(project_path) as project:
        assert project.stats()["documents"] == 2


def test_cli_error_is_one_line_exit_2_and_writes_nothing(
        tmp_path: Path, project_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "t.csv"
    src.write_text("id,text\n1,ok\n2,\n", encoding="utf-8")
    before = fingerprint(project_path)
    assert _cli("import", project_path, src) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err
    assert "Traceback" not in err
    assert f"{src}:3" in err
    assert "column 'text'" in err
    assert fingerprint(project_path) == before


def test_cli_options_reach_the_readers(tmp_path: Path, project_path: Path) -> None:
    src = tmp_path / "t.tsv"
    src.write_text(f"k\tbody\tsite\tx\nid-1\t{HARD}\tS\tX\n".replace("\r\n", " "),
                   encoding="utf-8")
    assert _cli("import", project_path, src, "--format", "csv", "--id-col", "k",
                "--text-col", "body", "--meta-col", "site") == 0
    with open_project(project_path) as project:
        assert dict(project.documents.get("id-1").meta) == {"site": "S"}


def test_cli_extend_codebook(tmp_path: Path, project_path: Path) -> None:
    src = tmp_path / "d.jsonl"
    src.write_text(json.dumps({"text": "Paris is nice.", "label": [[0, 5, "LOCATION"]]}) + "\n",
                   encoding="utf-8")
    assert _cli("import", project_path, src) == 2
    assert _cli("import", project_path, src, "--extend-codebook") == 0
    with open_project(project_path) as project:
        assert project.codebook.label("LOCATION") is not None
        assert project.stats()["spans"] == 1


def test_module_entry_point_never_shows_a_traceback(tmp_path: Path,
                                                    project_path: Path) -> None:
    src = tmp_path / "x.json"
    src.write_text('[{"data": {"text": "abc"}, "annotations": [{"result": [{"id": "r", '
                   '"type": "labels", "value": {"start": 0, "end": 9, "labels": ["CUE"]}}]}]}]',
                   encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "desktop.cli", "import", str(project_path),
                           str(src)], capture_output=True, text=True, check=False,
                          cwd=Path(__file__).resolve().parents[2])
    if proc.returncode != 2 or not proc.stderr:  # desktop.cli may have no __main__ guard
        proc = subprocess.run([sys.executable, "-c", "import sys; from desktop.cli import "
                               "main; sys.exit(main(sys.argv[1:]))", "import",
                               str(project_path), str(src)], capture_output=True, text=True,
                              check=False, cwd=Path(__file__).resolve().parents[2])
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "x.json" in proc.stderr
    assert "[0].annotations[0].result[0]" in proc.stderr

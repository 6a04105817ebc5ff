"""Issue "Formats on real corpora": one minimal case per defect, in the tools' real shapes.

Each test failed before its fix. The realistic files of every tool are in
tests/formats/conformance/.
"""

from __future__ import annotations

import json
from pathlib import Path

from helpers_import import run

from desktop.formats.exporting import export
from desktop.store import open_project


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _brat(folder: Path, stem: str, text: str, ann: list[str]) -> Path:
    _write(folder / f"{stem}.txt", text)
    _write(folder / f"{stem}.ann", "\n".join(ann) + "\n")
    return folder


def _ann_lines(folder: Path, stem: str) -> list[str]:
    return (folder / f"{stem}.ann").read_text("utf-8").splitlines()


# -- 1. --skip-bad --extend-codebook never drops the rest of a file ---------------------------


def test_skip_bad_extend_imports_every_doccano_line(tmp_path: Path, project_path: Path) -> None:
    lines = [{"id": n, "text": f"{who} spoke to the council.", "Comments": [],
              "label": [[0, len(who), "Person Name"]]}
             for n, who in enumerate(["Anna Berg", "Carl Dahl", "Eva Fors"], start=1)]
    path = _write(tmp_path / "people.jsonl", "".join(json.dumps(x) + "\n" for x in lines))
    report = run(project_path, path, skip_bad=True, extend=True)
    assert (report.documents_added, report.spans, report.skipped) == (3, 3, [])


def test_skip_bad_extend_reports_a_label_no_codebook_can_hold(tmp_path: Path,
                                                              project_path: Path) -> None:
    lines = [{"text": "Anna Berg spoke.", "label": [[0, 9, "Person Name"]]},
             {"text": "A bell rang.", "label": [[2, 6, "bell\u0007"]]},
             {"text": "Eva Fors spoke.", "label": [[0, 8, "Person Name"]]}]
    path = _write(tmp_path / "mixed.jsonl", "".join(json.dumps(x) + "\n" for x in lines))
    report = run(project_path, path, skip_bad=True, extend=True)
    assert report.documents_added == 2
    (bad,) = report.skipped
    assert (bad.line, "U+0007" in bad.reason) == (2, True)


# -- 2. label names real projects use -----------------------------------------------------------


def test_real_label_names_are_kept_and_exported_safely(tmp_path: Path,
                                                       project_path: Path) -> None:
    text = "Der Preis für 商品名称 stieg, sagte Label Studio."
    names = {"Label 1": "Label Studio", "商品名称": "商品名称", "_gt_N": "Preis"}
    lab = [[text.index(v), text.index(v) + len(v), k] for k, v in names.items()]
    path = _write(tmp_path / "d.jsonl", json.dumps({"text": text, "label": lab}) + "\n")
    run(project_path, path, extend=True)
    with open_project(project_path) as project:
        assert {s.label for s in project.annotations.layer("d-1", "doccano").spans} == set(names)
        out = tmp_path / "c.conll"
        report = export(project, fmt="conll", out=out)
        tags = {line.split()[-1] for line in out.read_text("utf-8").splitlines() if line}
        assert {"B-Label_1", "B-商品名称", "B-_gt_N"} <= tags
        manifest = json.loads((tmp_path / "c.conll.manifest.json").read_text("utf-8"))
        assert manifest["label_names"] == {"Label_1": "Label 1"}
        assert any("'Label 1' as 'Label_1'" in w for w in report.warnings)


# -- 4. brat fragments out of text order ----------------------------------------------------------


def test_brat_fragments_out_of_text_order_keep_their_order(tmp_path: Path,
                                                           project_path: Path) -> None:
    text = "Calm, he said: rates will hold.\n"
    folder = _brat(tmp_path / "in", "d", text, [
        "T1\tContent 15 30;0 4\trates will hold Calm", "T2\tCue 9 13\tsaid"])
    run(project_path, folder, extend=True)
    with open_project(project_path) as project:
        (claim, _cue) = sorted(project.annotations.layer("d", "brat").spans, key=lambda s: s.id)
        assert claim.fragments == ((15, 30), (0, 4))
        assert claim.text == "rates will hold Calm"
        export(project, fmt="brat", out=tmp_path / "out")
    assert "T1\tCLAIM 15 30;0 4\trates will hold Calm" in _ann_lines(tmp_path / "out", "d")

"""Issue "Formats on real corpora": one minimal case per defect, in the tools' real shapes.

Each test failed before its fix. The realistic files of every tool are in
tests/formats/conformance/.
"""

from __future__ import annotations

import json
from pathlib import Path

from helpers.importing import run

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


# -- 3. frames come back exactly from Label Studio and doccano ------------------------------------

FRAMES_TEXT = ("Rates will hold, Ann said, and Bob agreed. "
               "Prices rose and wages fell, the report said. Officials warned.")


def _at(needle: str) -> list[int]:
    a = FRAMES_TEXT.index(needle)
    return [a, a + len(needle)]


def _sp(sid: str, label: str, needle: str) -> dict[str, object]:
    a, b = _at(needle)
    return {"id": sid, "label": label, "start": a, "end": b, "text": needle}


FRAMES_RECORD = {
    "id": "frames", "text": FRAMES_TEXT, "annotator": "alice", "status": "done",
    "spans": [_sp("s1", "CLAIM", "Rates will hold"), _sp("s2", "SOURCE", "Ann"),
              _sp("s3", "CUE", "said"), _sp("s4", "SOURCE", "Bob"), _sp("s5", "CUE", "agreed"),
              _sp("s6", "CLAIM", "Prices rose"), _sp("s7", "CLAIM", "wages fell"),
              _sp("s8", "SOURCE", "the report"), _sp("s9", "CUE", "warned")],
    "frames": [
        {"id": "f1", "type": "attribution", "attrs": {},
         "roles": {"content": ["s1"], "source": ["s2"], "cue": ["s3"]}},
        {"id": "f2", "type": "attribution", "attrs": {"channel": "interview"},
         "roles": {"content": ["s1"], "source": ["s4"], "cue": ["s5"]}},
        {"id": "f3", "type": "attribution", "attrs": {},
         "roles": {"content": ["s6", "s7"], "source": ["s8"]}},
        {"id": "f4", "type": "attribution", "attrs": {}, "roles": {"cue": ["s9"]}}]}


def _frames(project_path: Path) -> list[tuple[str, dict[str, tuple[str, ...]], dict[str, str]]]:
    with open_project(project_path) as project:
        (doc_id,) = project.documents.ids()
        (layer,) = project.annotations.layers_of(doc_id)
        spans = {s.id: s.text for s in project.annotations.layer(doc_id, layer).spans}
        return sorted(((f.type, {r: tuple(spans[x] for x in xs) for r, xs in f.roles.items()},
                        dict(f.attrs)) for f in project.annotations.layer(doc_id, layer).frames),
                      key=repr)


def test_frames_come_back_as_themselves(tmp_path: Path, project_path: Path) -> None:
    from helpers.foundation import new_project_file

    src = _write(tmp_path / "frames.jsonl", json.dumps(FRAMES_RECORD) + "\n")
    run(project_path, src)
    want = _frames(project_path)
    assert len(want) == 4
    for fmt, name in (("labelstudio", "tasks.json"), ("doccano", "d.jsonl")):
        out = tmp_path / fmt / name
        with open_project(project_path) as project:
            export(project, fmt=fmt, out=out)
        back = new_project_file(tmp_path / fmt / "back.claimdesk")
        run(back, out, annotator="alice")
        assert _frames(back) == want, fmt
        # without the side channel: what the tool itself holds
        if fmt == "labelstudio":
            tasks = json.loads(out.read_text("utf-8"))
            del tasks[0]["data"]["claimdesk"]
            out.write_text(json.dumps(tasks), "utf-8")
        else:
            rec = json.loads(out.read_text("utf-8"))
            del rec["claimdesk"]
            out.write_text(json.dumps(rec) + "\n", "utf-8")
        plain = new_project_file(tmp_path / fmt / "plain.claimdesk")
        run(plain, out, annotator="alice")
        expected = want if fmt == "labelstudio" else [(t, r, {}) for t, r, _ in want]
        assert _frames(plain) == expected, fmt


# -- 8. Label Studio: unlabelled relations and the older "completions" key ---------------------


def _region(rid: str, text: str, needle: str, label: str) -> dict[str, object]:
    a = text.index(needle)
    return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels",
            "value": {"start": a, "end": a + len(needle), "text": needle, "labels": [label]}}


def test_label_studio_unlabelled_relations_and_completions(tmp_path: Path,
                                                           project_path: Path) -> None:
    text = "Maria Lind joined Northwind in May."
    result = [_region("a1", text, "Maria Lind", "Label 1"),
              _region("a2", text, "Northwind", "Label 2"),
              {"from_id": "a1", "to_id": "a2", "type": "relation", "direction": "right",
               "labels": []}]
    tasks = [{"id": 1, "data": {"text": text},
              "annotations": [{"id": 11, "completed_by": 1, "result": result}]},
             {"id": 2, "data": {"text": text + " She left in June."},
              "completions": [{"id": 21, "completed_by": 2, "result": result}]}]
    path = _write(tmp_path / "project-1.json", json.dumps(tasks))
    report = run(project_path, path, extend=True)
    assert (report.documents_added, report.spans, report.relations) == (2, 4, 2)
    with open_project(project_path) as project:
        assert {r.label for d in project.documents.ids()
                for a in project.annotations.layers_of(d)
                for r in project.annotations.layer(d, a).relations} == {"unlabelled"}
        assert {"ls-1", "ls-2"} <= set(project.annotations.annotators())
        out = tmp_path / "back.json"
        export(project, fmt="labelstudio", out=out, annotator="ls-1")
    (rel,) = [r for r in json.loads(out.read_text("utf-8"))[0]["annotations"][0]["result"]
              if r["type"] == "relation"]
    assert rel["labels"] == []


# -- 9. doccano: top-level metadata keys ----------------------------------------------------


def test_doccano_top_level_metadata_is_kept(tmp_path: Path, project_path: Path) -> None:
    line = {"id": 7, "text": "Die Miete stieg um 😀 zehn Prozent.", "label": [[4, 9, "商品名称"]],
            "Comments": ["check"], "source": "Stadtblatt", "published": "2024-03-01"}
    path = _write(tmp_path / "d.jsonl", json.dumps(line, ensure_ascii=False) + "\n")
    run(project_path, path, extend=True)
    with open_project(project_path) as project:
        (doc,) = project.documents.iter_all()
        assert dict(doc.meta) == {"Comments": ["check"], "source": "Stadtblatt",
                                  "published": "2024-03-01"}
        out = tmp_path / "out.jsonl"
        export(project, fmt="doccano", out=out)
    rec = json.loads(out.read_text("utf-8"))
    assert (rec["Comments"], rec["source"], rec["published"]) == (
        ["check"], "Stadtblatt", "2024-03-01")


# -- 7. one text annotated by several people (X_ann1.ann, X_ann2.ann over X.txt) -------------------

POLNEAR_TEXT = "The mayor said the bridge would reopen in May.\n"


def _polnear(folder: Path) -> Path:
    base = ["T1\tSource 0 9\tThe mayor", "T2\tCue 10 14\tsaid",
            "T4\tAttribution 10 14\tsaid", "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1"]
    _write(folder / "article.txt", POLNEAR_TEXT)
    _write(folder / "article_ann1.ann",
           "\n".join([*base, "T3\tContent 15 45\tthe bridge would reopen in May"]) + "\n")
    _write(folder / "article_ann2.ann",
           "\n".join([*base, "T3\tContent 15 31\tthe bridge would"]) + "\n")
    return folder


def test_the_merge_warning_names_files_given_one_by_one(tmp_path: Path,
                                                        project_path: Path) -> None:
    """Two files named on the command line (not a folder) that annotate one text: warned;
    records of one file never are (a file is one annotator's work)."""
    from helpers.foundation import record, write_jsonl

    text = "The mayor said the bridge would reopen in May."
    claim = {"id": "s1", "label": "CLAIM", "start": 15, "end": 45,
             "text": "the bridge would reopen in May", "attrs": {}, "actor": None}
    a = write_jsonl(tmp_path / "a.jsonl", [record("d1", text, spans=[claim])])
    b = write_jsonl(tmp_path / "b.jsonl", [record("d1", text, spans=[claim])])
    both = run(project_path, a, b)
    assert [w for w in both.warnings if "merged into layer 'alice'" in w] == [
        f"{b}: its annotations are merged into layer 'alice' of the document {a} also "
        "annotated (same text); to keep each file's annotator apart pass "
        "--annotator-from-filename"]
    again = text + " Again."
    one = write_jsonl(tmp_path / "one.jsonl", [record("d2", again, spans=[claim]),
                                               record("d2", again, spans=[claim])])
    assert not any("merged" in w for w in run(project_path, one).warnings)


def test_several_annotators_of_one_text_are_never_merged_silently(tmp_path: Path,
                                                                   project_path: Path) -> None:
    from helpers.foundation import new_project_file

    folder = _polnear(tmp_path / "corpus")
    merged = run(project_path, folder)
    assert any("article_ann2.ann: its annotations are merged into layer 'brat'" in w
               for w in merged.warnings)
    apart = new_project_file(tmp_path / "apart.claimdesk")
    report = run(apart, folder, annotator_from_filename=r"_(?P<annotator>ann\d+)$")
    assert (report.documents_added, report.spans, report.frames) == (1, 6, 2)
    assert not any("merged" in w for w in report.warnings)
    with open_project(apart) as project:
        assert {a: [s.text for s in project.annotations.layer("article", a).spans
                    if s.label == "CLAIM"] for a in ("ann1", "ann2")} == {
            "ann1": ["the bridge would reopen in May"], "ann2": ["the bridge would"]}


def test_annotator_from_filename_on_the_command_line(tmp_path: Path) -> None:
    from desktop.cli import main

    folder = _polnear(tmp_path / "corpus")
    project = tmp_path / "p.claimdesk"
    assert main(["init", str(project)]) == 0
    assert main(["import", str(project), str(folder), "--annotator-from-filename"]) == 0
    with open_project(project) as p:
        assert set(p.annotations.layers_of("article")) == {"ann1", "ann2"}
    assert main(["import", str(project), str(folder),
                 "--annotator-from-filename", "(unclosed"]) == 2


# -- 11. re-importing a Claimdesk brat export says nothing about its own files --------------------


def test_reimporting_a_brat_export_is_quiet_about_its_manifest(tmp_path: Path,
                                                                project_path: Path) -> None:
    from helpers.foundation import new_project_file

    run(project_path, _polnear(tmp_path / "corpus"), annotator_from_filename="_(ann1)$")
    out = tmp_path / "export"
    with open_project(project_path) as project:
        export(project, fmt="brat", out=out, annotator="ann1")
    assert (out / "manifest.json").exists()
    for fmt in ("auto", "brat"):
        back = new_project_file(tmp_path / f"back-{fmt}.claimdesk")
        report = run(back, out, fmt=fmt)
        assert report.documents_added == 1
        assert not [w for w in report.warnings if "manifest" in w], report.warnings


# -- 5/10. brat export of frames outside the codebook's role limits stays valid ----------------


def test_brat_export_with_frames_outside_the_limits_validates(tmp_path: Path,
                                                              project_path: Path) -> None:
    from helpers.brat import parse_ann, parse_conf, problems

    run(project_path, _write(tmp_path / "f.jsonl", json.dumps(FRAMES_RECORD) + "\n"))
    out = tmp_path / "brat"
    with open_project(project_path) as project:
        export(project, fmt="brat", out=out)
    conf_text = (out / "annotation.conf").read_text("utf-8")
    assert "attribution\tcontent{0-2}:CLAIM, source*:SOURCE, cue*:CUE" in conf_text
    ann = parse_ann((out / "frames.ann").read_text("utf-8"))
    assert problems(parse_conf(conf_text), ann, (out / "frames.txt").read_text("utf-8")) == []
    assert any("content:T" in e[0] and "content2:T" in e[0] for k, e in ann.items()
               if k.startswith("E"))
    # the two frames anchored on "said"/"agreed" and the cue-only frame: one T per extent
    triggers = [f[0] for k, f in ann.items() if k.startswith("T") and
                f[0].startswith("attribution ")]
    assert len(triggers) == len(set(triggers)) == 4
    back = tmp_path / "back.claimdesk"
    from helpers.foundation import new_project_file

    report = run(new_project_file(back), out)
    assert sum("kept outside the codebook's role limits" in w for w in report.warnings) == 2

"""brat standoff import: T (discontinuous), E events -> frames, R, A, N, #, CRLF."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.importing import HARD, assert_exact, find, run, zip_bytes

from desktop.core.errors import InputError
from desktop.store import open_project

TEXT = ('"The decision," the minister said, "is final." 😀\r\n'
        f"{HARD}")


def _t(n: int, label: str, *needles: str, text: str = TEXT) -> str:
    frags = [find(text, x) for x in needles]
    offs = ";".join(f"{a} {b}" for a, b in frags)
    return f"T{n}\t{label} {offs}\t{' '.join(text[a:b] for a, b in frags)}"


def _pair(folder: Path, stem: str, ann: list[str], text: str = TEXT) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stem}.txt").write_bytes(text.encode("utf-8"))
    (folder / f"{stem}.ann").write_text("\n".join(ann) + "\n", encoding="utf-8")
    return folder


POLNEAR = [
    _t(1, "Content", '"The decision,"', '"is final."'),
    _t(2, "Source", "the minister"),
    _t(3, "Cue", "said"),
    _t(4, "ACTOR", "AFP"),
    _t(5, "SOURCE", "l'Élysée"),
    "E1\tAttribution:T3 Source:T2 Content:T1",
    "A1\tform T1 direct",
    "A2\tChannel E1 interview",
    "R1\tabout Arg1:T1 Arg2:T4",
    "N1\tReference T4 Wikipedia:1234\tAgence France-Presse",
    "N2\tReference T2 Claimdesk:a7\tJean Dupont",
    "#1\tAnnotatorNotes T3\tverb of saying",
    "*\tEquiv T2 T5",
]


def test_polnear_style_folder(tmp_path: Path, project_path: Path) -> None:
    folder = _pair(tmp_path / "corpus", "art1", POLNEAR)
    (folder / "annotation.conf").write_text("[entities]\n", encoding="utf-8")
    report = run(project_path, folder, annotator="bob")
    assert (report.documents_added, report.spans, report.frames, report.relations) == \
        (1, 5, 1, 1)
    assert report.actors_added == 2
    assert any("equivalence" in w for w in report.warnings)
    with open_project(project_path) as project:
        assert assert_exact(project) == 5
        (doc_id,) = project.documents.ids()
        assert doc_id == "art1"
        doc = project.documents.get(doc_id)
        lay = project.annotations.layer(doc_id, "bob")
        spans = {s.id: s for s in lay.spans}
        claim = spans["s1"]
        assert claim.label == "CLAIM"
        assert claim.discontinuous
        assert claim.text == '"The decision," "is final."'
        assert [doc.text[a:b] for a, b in claim.fragments] == ['"The decision,"',
                                                              '"is final."']
        assert claim.attrs == {"form": "direct"}
        assert spans["s2"].label == "SOURCE"
        assert spans["s3"].note == "verb of saying"
        s, _ = find(doc.text, "AFP")
        assert spans["s4"].start == s  # two CRs removed before it
        (frame,) = lay.frames
        assert frame.id == "f1"
        assert frame.roles == {"source": ("s2",), "content": ("s1",), "cue": ("s3",)}
        assert frame.attrs == {"channel": "interview"}
        (rel,) = lay.relations
        assert (rel.id, rel.label, rel.head, rel.tail) == ("r1", "about", "s1", "s4")
        afp = project.actors.get(spans["s4"].actor or "")
        assert afp.name == "Agence France-Presse"
        assert afp.attrs == {"ref": "Wikipedia:1234"}
        assert project.actors.get(spans["s2"].actor or "").name == "Jean Dupont"


def test_claimdesk_export_style_trigger_and_numbered_roles(tmp_path: Path,
                                                           project_path: Path) -> None:
    said = find(TEXT, "said")
    ann = [_t(1, "CLAIM", '"The decision,"', '"is final."'),
           _t(2, "SOURCE", "the minister"),
           _t(3, "CUE", "said"),
           _t(4, "SOURCE", "l'Élysée"),
           f"T5\tattribution {said[0]} {said[1]}\tsaid",
           "E1\tattribution:T5 content:T1 source:T2 source2:T4 cue:T3",
           "A1\tchannel E1 statement"]
    folder = _pair(tmp_path / "exp", "doc-1", ann)
    report = run(project_path, folder, annotator="alice")
    assert (report.spans, report.frames) == (4, 1)
    with open_project(project_path) as project:
        (frame,) = project.annotations.layer("doc-1", "alice").frames
        assert frame.roles == {"content": ("s1",), "source": ("s2", "s4"), "cue": ("s3",)}
        assert frame.attrs == {"channel": "statement"}


def test_offsets_counting_crlf_as_one_are_recognised(tmp_path: Path,
                                                     project_path: Path) -> None:
    lf = TEXT.replace("\r\n", "\n")
    ann = [_t(1, "ACTOR", "AFP", text=lf), _t(2, "CUE", "told", text=lf)]
    folder = _pair(tmp_path / "c", "d", ann, text=TEXT)
    run(project_path, folder, annotator="x")
    with open_project(project_path) as project:
        assert sorted(s.text for s in project.annotations.layer("d", "x").spans) == \
            ["AFP", "told"]


def test_text_mismatch_names_ann_file_line_and_field(tmp_path: Path,
                                                     project_path: Path) -> None:
    a, b = find(TEXT, "AFP")
    ann = [_t(1, "ACTOR", "AFP"), f"T2\tACTOR {a} {b + 1}\tAFP"]
    folder = _pair(tmp_path / "bad", "doc", ann)
    with pytest.raises(InputError) as err:
        run(project_path, folder, annotator="x")
    assert err.value.file is not None
    assert err.value.file.endswith("doc.ann")
    assert err.value.line == 2
    assert err.value.field == "text"
    with open_project(project_path) as project:
        assert project.stats()["documents"] == 0


def test_unknown_label_without_and_with_extend(tmp_path: Path, project_path: Path) -> None:
    folder = _pair(tmp_path / "u", "doc", [_t(1, "Location", "AFP"),
                                            "A1\tConfidence T1 high"])
    with pytest.raises(InputError) as err:
        run(project_path, folder, annotator="x")
    assert err.value.line == 1
    assert err.value.field == "type"
    report = run(project_path, folder, annotator="x", extend=True)
    assert report.spans == 1
    with open_project(project_path) as project:
        cb = project.codebook
        label = cb.label("Location")
        assert label is not None
        conf = label.attribute("Confidence")
        assert conf is not None
        assert conf.values == ("high",)
        assert project.codebook_version == 2


def test_ann_without_txt_and_nested_event(tmp_path: Path, project_path: Path) -> None:
    (tmp_path / "lonely").mkdir()
    (tmp_path / "lonely" / "x.ann").write_text("T1\tCUE 0 1\tx\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"no x\.txt"):
        run(project_path, tmp_path / "lonely")
    folder = _pair(tmp_path / "n", "d", [_t(1, "CUE", "said"), _t(2, "CLAIM", "is final"),
                                         "E1\tAttribution:T1 Content:T2",
                                         "E2\tAttribution:T1 Content:E1"])
    report = run(project_path, folder, annotator="x")  # nesting: that event is left out
    assert (report.spans, report.frames) == (2, 1)
    assert any("d.ann:4: event E2 left out" in w and "Content:E1" in w
               for w in report.warnings)


def test_brat_pairs_inside_a_zip(tmp_path: Path, project_path: Path) -> None:
    archive = tmp_path / "brat.zip"
    archive.write_bytes(zip_bytes({"set/a.txt": TEXT, "set/a.ann": "\n".join(POLNEAR),
                                   "set/annotation.conf": "[entities]\n"}))
    report = run(project_path, archive, annotator="z")
    assert (report.documents_added, report.spans, report.frames) == (1, 5, 1)


def test_typed_notes_come_back_with_their_types(tmp_path: Path, project_path: Path) -> None:
    """brat note types other than AnnotatorNotes (``#2 Comment T1 ...``) are kept as
    ``[Type] text`` lines of the span note and written back with their type."""
    from desktop.formats.exporting import export

    ann = [_t(1, "Cue", "said"),
           "#1\tAnnotatorNotes T1\tverb of saying",
           "#2\tComment T1\tcheck the tense",
           "#3\tCorrection T1\tsays -> said"]
    folder = _pair(tmp_path / "notes", "art1", ann)
    report = run(project_path, folder, annotator="bob", extend=True)
    assert report.spans == 1
    with open_project(project_path) as project:
        (span,) = project.annotations.layer("art1", "bob").spans
        assert span.note.splitlines() == ["verb of saying", "[Comment] check the tense",
                                          "[Correction] says -> said"]
        out = tmp_path / "out"
        export(project, fmt="brat", out=out, annotator="bob")
    written = (out / "art1.ann").read_text(encoding="utf-8").splitlines()
    notes = sorted(line.split("\t", 1)[1] for line in written if line.startswith("#"))
    (tid,) = [line.split("\t")[0] for line in written if line.startswith("T")]
    assert notes == sorted([f"AnnotatorNotes {tid}\tverb of saying",
                            f"Comment {tid}\tcheck the tense",
                            f"Correction {tid}\tsays -> said"])

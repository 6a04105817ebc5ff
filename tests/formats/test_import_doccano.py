"""doccano JSONL and JSONL(relation) import: UTF-16 offsets, CRLF, frames from relations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers.importing import HARD, assert_exact, find, run, u16

from desktop.core.errors import InputError
from desktop.core.model import Origin
from desktop.store import open_project


def _ent(eid: int, text: str, needle: str, label: str) -> dict[str, Any]:
    s, e = find(text, needle)
    return {"id": eid, "start_offset": u16(text, s), "end_offset": u16(text, e), "label": label}


def _write(path: Path, *records: dict[str, Any], crlf_file: bool = False) -> Path:
    nl = "\r\n" if crlf_file else "\n"
    path.write_text(nl.join(json.dumps(r, ensure_ascii=False) for r in records) + nl,
                    encoding="utf-8", newline="")
    return path


def relation_record(text: str = HARD) -> dict[str, Any]:
    return {"id": 7, "text": text,
            "entities": [_ent(1, text, '"Nous avançons 😀 vers une trêve,"', "CLAIM"),
                         _ent(2, text, "Le président e\u0301lu", "SOURCE"),
                         _ent(3, text, "dit", "CUE"),
                         _ent(4, text, "AFP", "ACTOR"),
                         _ent(5, text, "l'Élysée", "SOURCE")],
            "relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": "source"},
                          {"id": 2, "from_id": 1, "to_id": 3, "type": "cue"},
                          {"id": 3, "from_id": 1, "to_id": 5, "type": "source"},
                          {"id": 4, "from_id": 1, "to_id": 4, "type": "about"}]}


def test_relation_offsets_are_exact_code_points_after_astral_and_crlf(
        tmp_path: Path, project_path: Path) -> None:
    src = _write(tmp_path / "d.jsonl", relation_record())
    report = run(project_path, src, fmt="doccano")
    assert (report.documents_added, report.spans, report.frames, report.relations) == (1, 5, 1, 1)
    with open_project(project_path) as project:
        assert assert_exact(project) == 5
        doc = project.documents.get("7")
        assert doc.text == HARD.replace("\r\n", "\n")
        lay = project.annotations.layer("7", "doccano")
        by = {s.label + s.text[:3]: s for s in lay.spans}
        claim = by['CLAIM"No']
        assert doc.text[claim.start:claim.end] == '"Nous avançons 😀 vers une trêve,"'
        s, _ = find(doc.text, "AFP")
        assert by["ACTORAFP"].start == s  # after the flag, ZWJ family and a removed CR
        assert by["ACTORAFP"].origin is Origin.IMPORTED
        (frame,) = lay.frames
        assert frame.type == "attribution"
        assert frame.roles["content"] == (claim.id,)
        assert set(frame.roles["source"]) == {by["SOURCELe "].id, by["SOURCEl'É"].id}
        assert frame.roles["cue"] == (by["CUEdit"].id,)
        (rel,) = lay.relations
        assert (rel.label, rel.head, rel.tail) == ("about", claim.id, by["ACTORAFP"].id)


def test_ner_format_and_crlf_file(tmp_path: Path, project_path: Path) -> None:
    text = f"{HARD}"
    s, e = find(text, "AFP")
    c0, c1 = find(text, "dit")
    rec = {"text": text, "label": [[u16(text, s), u16(text, e), "ACTOR"],
                                   [u16(text, c0), u16(text, c1), "CUE"]]}
    src = _write(tmp_path / "ner.jsonl", rec, crlf_file=True)
    report = run(project_path, src)  # sniffed: "label" and no "spans"
    assert report.spans == 2
    with open_project(project_path) as project:
        assert assert_exact(project) == 2
        (doc_id,) = project.documents.ids()
        texts = sorted(x.text for x in project.annotations.layer(doc_id, "doccano").spans)
        assert texts == ["AFP", "dit"]


def test_offset_inside_surrogate_pair_is_rejected(tmp_path: Path, project_path: Path) -> None:
    text = f"a{EMOJI_}b"
    src = _write(tmp_path / "bad.jsonl", {"text": text, "label": [[0, 2, "ACTOR"]]})
    with pytest.raises(InputError) as err:
        run(project_path, src, fmt="doccano")
    msg = str(err.value)
    assert "bad.jsonl:1" in msg
    assert "label[0][1]" in msg
    assert "surrogate pair" in msg


EMOJI_ = "😀"


def test_unknown_label_names_line_and_field(tmp_path: Path, project_path: Path) -> None:
    good = relation_record()
    bad = {"text": "Paris said so.", "label": [[0, 5, "LOCATION"]]}
    src = _write(tmp_path / "x.jsonl", good, bad)
    with pytest.raises(InputError) as err:
        run(project_path, src, fmt="doccano")
    assert err.value.line == 2
    assert err.value.field == "label[0][2]"
    assert "LOCATION" in err.value.reason
    with open_project(project_path) as project:
        assert project.stats()["documents"] == 0


def test_duplicate_text_and_identical_spans_are_merged(tmp_path: Path,
                                                       project_path: Path) -> None:
    src = _write(tmp_path / "d.jsonl", relation_record())
    run(project_path, src, fmt="doccano")
    again = run(project_path, src, fmt="doccano")
    assert (again.documents_added, again.documents_known, again.spans) == (0, 1, 0)
    assert again.duplicates == 5 + 1 + 1
    with open_project(project_path) as project:
        assert project.stats()["spans"] == 5


def test_fragment_relations_and_native_side_data(tmp_path: Path, project_path: Path) -> None:
    text = '"The decision," he said, "is final." 👍🏽'
    a, b = find(text, '"The decision,"')
    c, d = find(text, '"is final."')
    h0, h1 = find(text, "he")
    k0, k1 = find(text, "said")
    rec = {"id": 1, "doc_id": "split-quote", "text": text,
           "entities": [{"id": 10, "label": "CLAIM", "start_offset": u16(text, a),
                         "end_offset": u16(text, b)},
                        {"id": 11, "label": "CLAIM", "start_offset": u16(text, c),
                         "end_offset": u16(text, d)},
                        {"id": 12, "label": "SOURCE", "start_offset": u16(text, h0),
                         "end_offset": u16(text, h1)},
                        {"id": 13, "label": "CUE", "start_offset": u16(text, k0),
                         "end_offset": u16(text, k1)}],
           "relations": [{"id": 1, "from_id": 10, "to_id": 11, "type": "fragment"},
                         {"id": 2, "from_id": 10, "to_id": 12, "type": "source"},
                         {"id": 3, "from_id": 10, "to_id": 13, "type": "cue"}],
           "claimdesk": {"annotator": "alice", "status": "done",
                         "spans": [{"id": "s1", "label": "CLAIM", "start": a, "end": d,
                                    "fragments": [[a, b], [c, d]],
                                    "attrs": {"form": "direct"}, "actor": None},
                                   {"id": "s2", "label": "SOURCE", "start": h0, "end": h1,
                                    "attrs": {}, "actor": "a1"},
                                   {"id": "s3", "label": "CUE", "start": k0, "end": k1,
                                    "attrs": {}, "actor": None}],
                         "frames": [{"id": "f9", "type": "attribution",
                                     "roles": {"content": ["s1"], "source": ["s2"],
                                               "cue": ["s3"]},
                                     "attrs": {"channel": "interview"}}],
                         "relations": [],
                         "actors": [{"id": "a1", "name": "Jean Dupont", "kind": "person",
                                     "aliases": [], "attrs": {}}]}}
    src = _write(tmp_path / "split.jsonl", rec)
    run(project_path, src)
    with open_project(project_path) as project:
        lay = project.annotations.layer("split-quote", "alice")
        claim = next(s for s in lay.spans if s.label == "CLAIM")
        assert claim.id == "s1"
        assert claim.fragments == ((a, b), (c, d))
        assert claim.text == '"The decision," "is final."'
        assert claim.attrs == {"form": "direct"}
        (frame,) = lay.frames
        assert frame.id == "f9"
        assert frame.attrs == {"channel": "interview"}
        source = next(s for s in lay.spans if s.label == "SOURCE")
        assert source.actor is not None
        assert project.actors.get(source.actor).name == "Jean Dupont"
        assert lay.status.value == "done"

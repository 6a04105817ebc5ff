"""Native JSONL: import then export gives back exactly what went in; offsets stay exact."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from helpers.foundation import (
    ARMENIAN,
    EMOJI,
    ExportFn,
    ImportFn,
    actor,
    fingerprint,
    hard_record,
    macron_record,
    record,
    span,
    span_at,
    write_jsonl,
)

from desktop.core.errors import ClaimdeskError, InputError
from desktop.core.model import DocStatus
from desktop.core.offsets import sha256_text
from desktop.formats.exporting import export
from desktop.formats.importing import import_paths
from desktop.store import Project


def _check_offsets(rec: dict[str, Any]) -> None:
    text = rec["text"]
    assert rec["sha256"] == sha256_text(text)
    for s in rec["spans"]:
        frags = s.get("fragments", [[s["start"], s["end"]]])
        assert (frags[0][0], frags[-1][1]) == (s["start"], s["end"])
        assert " ".join(text[a:b] for a, b in frags) == s["text"]
        if "fragments" not in s:
            assert text[s["start"]:s["end"]] == s["text"]


def test_round_trip_is_identical(import_records: ImportFn, export_records: ExportFn) -> None:
    records = [macron_record("doc-1"), hard_record("doc-2")]
    report = import_records(records)
    assert (report.documents_added, report.spans, report.frames, report.relations,
            report.actors_added) == (2, 10, 3, 3, 4)
    exported = export_records(annotator="alice")
    assert exported == records
    for rec in exported:
        _check_offsets(rec)


def test_round_trip_twice_is_stable(import_records: ImportFn, export_records: ExportFn,
                                    tmp_path: Path) -> None:
    import_records([hard_record()])
    first = export_records()
    import_records(first, annotator="bob")
    second = export_records(annotator="bob")
    assert second == [dict(first[0], annotator="bob")]


def test_origin_state_and_note_survive(import_records: ImportFn,
                                       export_records: ExportFn) -> None:
    rec = macron_record()
    rec["spans"][0] |= {"origin": "suggested", "state": "pending", "note": "check the quote"}
    rec["spans"][1] |= {"origin": "manual"}
    rec["spans"][2] |= {"state": "rejected"}
    import_records([rec])
    assert export_records() == [rec]


def test_crlf_offsets_are_remapped(import_records: ImportFn, export_records: ExportFn) -> None:
    raw = ('Macron said on Friday:\r\n"We will win," he told AFP.\r\r\n'
           f"{EMOJI} Later\rthe office said \"it is\r\nover.\"\r\n")
    lf = raw.replace("\r\n", "\n").replace("\r", "\n")
    rec = record("crlf", raw, spans=[
        span_at("s1", "SOURCE", raw, "Macron"),
        span_at("s2", "CUE", raw, "said"),
        span_at("s3", "CLAIM", raw, 'Friday:\r\n"We will win,"'),
        span_at("s4", "ACTOR", raw, "AFP"),
        span("s5", "CLAIM", raw, [(raw.index("Later"), raw.index("Later") + 5),
                                  (raw.index('"it is'), raw.index('over."') + 6)]),
        span_at("s6", "CUE", raw, "said", nth=1),
    ])
    rec["sha256"] = sha256_text(raw)  # the hash of the text as given is accepted too
    import_records([rec])
    [out] = export_records()
    assert out["text"] == lf
    assert "\r" not in out["text"]
    assert out["sha256"] == sha256_text(lf)
    _check_offsets(out)
    by_id = {s["id"]: s for s in out["spans"]}
    assert (by_id["s1"]["start"], by_id["s1"]["end"]) == (0, 6)
    assert by_id["s3"]["text"] == 'Friday:\n"We will win,"'
    assert (by_id["s4"]["start"], by_id["s4"]["end"]) == (lf.index("AFP"), lf.index("AFP") + 3)
    assert by_id["s5"]["fragments"] == [[lf.index("Later"), lf.index("Later") + 5],
                                        [lf.index('"it is'), lf.index('over."') + 6]]
    assert by_id["s5"]["text"] == 'Later "it is\nover."'
    second_said = lf.index("said", lf.index("said") + 1)
    assert (by_id["s6"]["start"], by_id["s6"]["end"]) == (second_said, second_said + 4)


def test_importing_the_same_file_twice_changes_nothing(project: Project, project_path: Path,
                                                       tmp_path: Path,
                                                       export_records: ExportFn) -> None:
    path = write_jsonl(tmp_path / "twice.jsonl", [macron_record(), hard_record()])
    import_paths(project, [path])
    before = fingerprint(project_path)
    exported = export_records()
    report = import_paths(project, [path])
    assert (report.documents_added, report.documents_known) == (0, 2)
    assert (report.spans, report.frames, report.relations, report.actors_added) == (0, 0, 0, 0)
    assert report.duplicates == 10 + 3 + 3
    assert fingerprint(project_path) == before
    assert export_records() == exported


def test_same_text_under_another_id_joins_the_existing_document(
        import_records: ImportFn, export_records: ExportFn) -> None:
    import_records([macron_record("doc-1")])
    rec = macron_record("copy")
    rec["annotator"] = "bob"
    report = import_records([rec])
    assert report.documents_known == 1
    assert "'copy' has the same text as 'doc-1'" in report.warnings[0]
    [out] = export_records(annotator="bob")
    assert out["id"] == "doc-1"


def test_taken_id_gets_a_suffix(import_records: ImportFn, export_records: ExportFn) -> None:
    import_records([record("doc", "first text")])
    report = import_records([record("doc", "second text")])
    assert "imported as 'doc-2'" in report.warnings[0]
    assert [r["id"] for r in export_records()] == ["doc", "doc-2"]


def test_annotator_override_and_known_actor(import_records: ImportFn,
                                            export_records: ExportFn) -> None:
    import_records([macron_record()])
    rec = hard_record()
    rec["actors"][0] = actor("a7", "Emmanuel Macron", aliases=["Mr Macron"])  # same name
    rec["spans"][1]["actor"] = "a7"
    rec["actors"][1]["id"] = "a1"  # taken by Emmanuel Macron: this one gets a fresh id
    rec["spans"][5]["actor"] = "a1"
    report = import_records([rec], annotator="carol")
    assert report.actors_added == 1
    [_, out] = export_records(annotator="carol")
    assert out["annotator"] == "carol"
    links = {s["id"]: s["actor"] for s in out["spans"]}
    assert links["s2"] == "a1"  # a7 is Emmanuel Macron, known as a1
    assert links["s6"] == "a3"
    assert [a["name"] for a in out["actors"]] == ["Emmanuel Macron", ARMENIAN]


def test_export_choices(import_records: ImportFn, export_records: ExportFn,
                        tmp_path: Path, project: Project) -> None:
    one = macron_record("doc-1")
    two = dict(hard_record("doc-2"), status="in progress")
    import_records([one, two])
    assert [r["id"] for r in export_records(statuses=frozenset({DocStatus.DONE}))] == ["doc-1"]
    import_records([dict(macron_record("doc-1"), annotator="bob", spans=[], frames=[],
                         relations=[], actors=[], status="skipped")])
    with pytest.raises(InputError, match="several annotators") as info:
        export_records()
    assert info.value.field == "--annotator"
    with pytest.raises(InputError, match="no annotator 'zed'"):
        export_records(annotator="zed")
    bob = export_records(annotator="bob")
    assert [(r["status"], r["spans"]) for r in bob] == [("skipped", []), ("new", [])]
    with pytest.raises(InputError, match="the gold layer is empty"):
        export_records(gold=True)  # every document would read as "no attribution"
    gold = export_records(gold=True, force=True)
    assert [(r["annotator"], r["status"], r["spans"], r["actors"]) for r in gold] == [
        ("gold", "new", [], [])] * 2
    with pytest.raises(InputError, match="unknown export format"):
        export(project, fmt="xml", out=tmp_path / "x.xml")


def test_export_refuses_a_tampered_project_and_writes_nothing(
        import_records: ImportFn, project: Project, tmp_path: Path) -> None:
    import_records([macron_record()])
    with project.transaction():
        project._db.execute("UPDATE spans SET text = 'said!' WHERE id = 's3'")
    out = tmp_path / "out.jsonl"
    out.write_text("previous export\n", encoding="utf-8")
    with pytest.raises(ClaimdeskError, match="run `claimdesk check`"):
        export(project, fmt="jsonl", out=out, force=True)
    assert out.read_text(encoding="utf-8") == "previous export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_records_without_optional_fields(import_records: ImportFn,
                                         export_records: ExportFn) -> None:
    text = "# Heading line\n\nBody said here."
    import_records([{"text": text}, {"text": "Other.", "id": "x", "spans": None,
                                     "annotator": "alice"}])
    out = export_records()  # no annotator layer was made: the gold layer
    assert out[0]["title"] == "# Heading line"
    assert out[0]["id"].startswith("doc-")
    assert out[0]["meta"] == {}
    assert out[1]["id"] == "x"

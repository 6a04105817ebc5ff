"""Spans, frames, relations and status: every write logged, undoable, and all or nothing."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from helpers.foundation import ARABIC, EMOJI, FLAG, ZWJ_FAMILY, add_document, fingerprint

from desktop.core.errors import InputError, NotFoundError
from desktop.core.model import Actor, DocStatus, Frame, Layer, Origin, Relation, Span, SpanState
from desktop.core.validate import span_problems
from desktop.store import Project

TEXT = (f'{EMOJI} "The decision," {FLAG} Minister Varga said, "is final." '
        f"He told {ARABIC} TV and {ZWJ_FAMILY} AFP.")


def _at(needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(needle, start + 1)
    return (start, start + len(needle))


def _span(label: str, *fragments: tuple[int, int], sid: str = "", text: str = "",
          **kw: Any) -> Span:
    return Span(id=sid, label=label, fragments=tuple(fragments), text=text, **kw)


@pytest.fixture
def doc(project: Project) -> str:
    add_document(project, "d1", TEXT)
    return "d1"


@pytest.fixture
def annotated(project: Project, doc: str) -> Project:
    """alice's layer: a two-fragment claim, source, two cues, two actors, frame, relations."""
    project.spans.add(doc, "alice", _span("CLAIM", _at('"The decision,"'), _at('"is final."'),
                                     attrs={"form": "direct"}), who="alice")          # s1
    project.spans.add(doc, "alice", _span("SOURCE", _at("Minister Varga")), who="alice")   # s2
    project.spans.add(doc, "alice", _span("CUE", _at("said")), who="alice")                # s3
    project.spans.add(doc, "alice", _span("CUE", _at("told")), who="alice")                # s4
    project.spans.add(doc, "alice", _span("ACTOR", _at("AFP")), who="alice")               # s5
    project.spans.add(doc, "alice", _span("ACTOR", _at(f"{ARABIC} TV")), who="alice")      # s6
    project.frames.add(doc, "alice", Frame(id="", type="attribution", roles={
        "content": ("s1",), "source": ("s2",), "cue": ("s3", "s4")},
        attrs={"channel": "statement"}), who="alice")
    project.relations.add(doc, "alice", Relation(id="", label="about", head="s1", tail="s5"),
                     who="alice")
    project.relations.add(doc, "alice", Relation(id="", label="about", head="s1", tail="s6"),
                     who="alice")
    return project


def test_add_span_assigns_ids_and_takes_text_from_the_document(project: Project,
                                                               doc: str) -> None:
    ann = project.annotations
    s1 = project.spans.add(doc, "alice", _span("CLAIM", _at('"The decision,"'), _at('"is final."'),
                                          text="ignored"), who="alice").value
    s2 = project.spans.add(doc, "alice", _span("ACTOR", _at(f"{ZWJ_FAMILY} AFP")),
                           who="alice").value
    assert (s1.id, s2.id) == ("s1", "s2")
    assert s1.text == '"The decision," "is final."'
    assert s2.text == f"{ZWJ_FAMILY} AFP"
    assert ann.spans(doc, "alice") == [s1, s2]
    assert ann.span(doc, "alice", "s1") == s1
    assert ann.spans(doc, "bob") == []
    assert ann.status(doc, "alice") is DocStatus.IN_PROGRESS
    assert ann.status(doc, "bob") is DocStatus.NEW
    assert "alice" in ann.annotators()
    for s in ann.spans(doc, "alice"):
        assert span_problems(s, TEXT) == []


def test_spans_keep_every_field(project: Project, doc: str) -> None:
    project.actors.add(Actor(id="a1", name="Anton Varga"), who="alice")
    s = _span("SOURCE", _at("Minister Varga"), sid="src", attrs={"anonymity": "named"},
              actor="a1", origin=Origin.SUGGESTED, state=SpanState.PENDING, note="check")
    added = project.spans.add(doc, "alice", s, who="alice").value
    assert project.annotations.span(doc, "alice", "src") == added
    assert added == replace(s, text="Minister Varga")


@pytest.mark.parametrize(("span", "field"), [
    (_span("NOPE", (0, 1)), "label"),
    (_span("CLAIM", (0, 1), attrs={"form": "sung"}), "attrs.form"),
    (_span("CLAIM", (0, 1), attrs={"loud": "yes"}), "attrs.loud"),
    (_span("CUE", (0, len(TEXT) + 1)), "start"),
    (_span("CUE", (0, 1), actor="a404"), "actor"),
])
def test_invalid_span_leaves_nothing_behind(project: Project, project_path: Path, doc: str,
                                            span: Span, field: str) -> None:
    before = fingerprint(project_path)
    with pytest.raises(InputError) as info:
        project.spans.add(doc, "carol", span, who="carol")
    assert info.value.field == field
    assert fingerprint(project_path) == before
    assert "carol" not in project.annotations.annotators()


def test_unknown_document_and_span(project: Project, doc: str) -> None:
    with pytest.raises(NotFoundError):
        project.spans.add("nope", "alice", _span("CUE", (0, 1)), who="alice")
    with pytest.raises(NotFoundError):
        project.annotations.span(doc, "alice", "s99")
    with pytest.raises(NotFoundError):
        project.spans.delete(doc, "alice", "s99", who="alice")


def test_update_span(annotated: Project) -> None:
    ann = annotated.annotations
    before = ann.span("d1", "alice", "s3")
    changed = replace(before, fragments=(_at("Minister Varga said"),), label="CUE")
    annotated.spans.update("d1", "alice", changed, who="bob")
    after = ann.span("d1", "alice", "s3")
    assert after.text == "Minister Varga said"
    entry = annotated.log.recent(limit=1)[0]
    assert (entry.action, entry.entity, entry.who, entry.entity_id) == (
        "update", "span", "bob", "s3")
    assert json.loads(entry.before or "")["text"] == "said"
    assert json.loads(entry.after or "")["text"] == "Minister Varga said"
    with pytest.raises(InputError):
        annotated.spans.update("d1", "alice", replace(after, label="NOPE"), who="bob")
    assert ann.span("d1", "alice", "s3") == after


def test_delete_and_restore_span_gives_back_the_identical_layer(annotated: Project) -> None:
    ann = annotated.annotations
    whole = ann.layer("d1", "alice")
    for sid in ("s1", "s3", "s5", "s2"):
        snap = annotated.spans.delete("d1", "alice", sid, who="alice").value
        assert sid not in {s.id for s in ann.spans("d1", "alice")}
        assert all(sid not in f.span_ids() for f in ann.frames("d1", "alice"))
        assert all(sid not in (r.head, r.tail) for r in ann.relations("d1", "alice"))
        annotated.spans.restore("d1", "alice", snap, who="alice")
        assert ann.layer("d1", "alice") == whole, sid


def test_restore_keeps_the_order_of_spans_with_the_same_bounds(project: Project,
                                                               doc: str) -> None:
    ann = project.annotations
    project.spans.add(doc, "alice", _span("SOURCE", _at("Minister Varga")), who="alice")
    project.spans.add(doc, "alice", _span("ACTOR", _at("Minister Varga")), who="alice")
    whole = ann.layer(doc, "alice")
    project.spans.restore(doc, "alice", project.spans.delete(doc, "alice", "s1", who="alice").value,
                     who="alice")
    assert ann.layer(doc, "alice") == whole


def test_frames(annotated: Project) -> None:
    ann = annotated.annotations
    [f1] = ann.frames("d1", "alice")
    assert f1.id == "f1"
    assert f1.roles == {"content": ("s1",), "source": ("s2",), "cue": ("s3", "s4")}
    updated = replace(f1, roles={"cue": ("s4", "s3"), "content": ("s1",)}, attrs={})
    annotated.frames.update("d1", "alice", updated, who="alice")
    [f1b] = ann.frames("d1", "alice")
    assert f1b.roles == {"content": ("s1",), "cue": ("s4", "s3")}  # codebook role order
    assert list(f1b.roles) == ["content", "cue"]
    removed = annotated.frames.delete("d1", "alice", "f1", who="alice").value
    assert removed == f1b
    assert ann.frames("d1", "alice") == []
    assert len(ann.spans("d1", "alice")) == 6  # the spans stay


@pytest.mark.parametrize(("roles", "field"), [
    ({"content": ("s9",)}, "roles.content"),
    ({"content": ("s2",)}, "roles.content"),
    ({"speaker": ("s2",)}, "roles.speaker"),
    ({"content": ("s1",), "cue": ("s3", "s3")}, "roles.cue"),
])
def test_invalid_frame_leaves_nothing_behind(annotated: Project, project_path: Path,
                                             roles: dict[str, tuple[str, ...]],
                                             field: str) -> None:
    before = fingerprint(project_path)
    with pytest.raises(InputError) as info:
        annotated.frames.add("d1", "alice", Frame(id="", type="attribution",
                                                             roles=roles), who="alice")
    assert info.value.field == field
    assert fingerprint(project_path) == before


def test_relations(annotated: Project, project_path: Path) -> None:
    ann = annotated.annotations
    assert [(r.id, r.head, r.tail) for r in ann.relations("d1", "alice")] == [
        ("r1", "s1", "s5"), ("r2", "s1", "s6")]
    before = fingerprint(project_path)
    with pytest.raises(InputError) as info:
        annotated.relations.add("d1", "alice", Relation("", "about", "s2", "s5"), who="alice")
    assert info.value.field == "head"
    assert fingerprint(project_path) == before
    gone = annotated.relations.delete("d1", "alice", "r1", who="alice").value
    assert gone == Relation("r1", "about", "s1", "s5")
    assert [r.id for r in ann.relations("d1", "alice")] == ["r2"]
    entry = annotated.log.recent(limit=1)[0]
    assert json.loads(entry.before or "")["layer"] == "alice"  # enough to undo after restart
    with pytest.raises(NotFoundError):
        annotated.relations.delete("d1", "alice", "r1", who="alice")


def test_status(project: Project, doc: str) -> None:
    ann = project.annotations
    assert project.status.set(doc, "alice", DocStatus.DONE, who="alice").value is DocStatus.NEW
    assert ann.status(doc, "alice") is DocStatus.DONE
    project.spans.add(doc, "alice", _span("CUE", _at("said")), who="alice")
    assert ann.status(doc, "alice") is DocStatus.DONE  # editing does not reopen a done doc
    assert project.status.set(doc, "alice", DocStatus.SKIPPED, who="alice").value is DocStatus.DONE
    assert ann.layers_of(doc) == ["alice"]


def test_every_write_appends_exactly_one_change(annotated: Project) -> None:
    ann = annotated.annotations
    writes: list[tuple[str, Callable[[], object]]] = [
        ("add", lambda: annotated.spans.add("d1", "bob", _span("CUE", _at("said")),
                                            who="bob").value),
        ("update", lambda: annotated.spans.update("d1", "bob", replace(
            ann.span("d1", "bob", "s1"), label="ACTOR"), who="bob").value),
        ("status", lambda: annotated.status.set("d1", "bob", DocStatus.DONE, who="bob").value),
        ("add", lambda: annotated.relations.add("d1", "alice", Relation("", "about", "s1", "s5"),
                                         who="alice").value),
        ("delete", lambda: annotated.relations.delete("d1", "alice", "r3", who="alice").value),
        ("update", lambda: annotated.frames.update("d1", "alice", replace(
            ann.frames("d1", "alice")[0], attrs={}), who="alice").value),
        ("delete", lambda: annotated.spans.delete("d1", "alice", "s4", who="alice").value),
        ("delete", lambda: annotated.frames.delete("d1", "alice", "f1", who="alice").value),
        ("add", lambda: annotated.frames.add("d1", "alice", Frame("", "attribution", {
            "content": ("s1",)}), who="alice").value),
        ("add", lambda: annotated.actors.add(Actor("", "Someone"), who="alice").value),
    ]
    for action, write in writes:
        n = annotated.log.count()
        write()
        assert annotated.log.count() == n + 1, action
        entry = annotated.log.recent(limit=1)[0]
        assert entry.action == action
        assert entry.at.endswith("Z")
    assert [c.seq for c in annotated.log.recent(limit=5, doc="d1")] == sorted(
        (c.seq for c in annotated.log.recent(limit=5, doc="d1")), reverse=True)


def test_change_log_is_append_only(annotated: Project) -> None:
    n = annotated.log.count()
    assert n > 0
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        annotated._db.execute("UPDATE changes SET who = 'mallory'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        annotated._db.execute("DELETE FROM changes")
    assert annotated.log.count() == n
    assert {c.who for c in annotated.log.recent(limit=n)} <= {"alice", "claimdesk"}


# -- bulk merge (what importers use) ---------------------------------------------------------


def test_merge_layer_skips_identical_annotations(annotated: Project) -> None:
    ann = annotated.annotations
    layer = ann.layer("d1", "alice")
    counts = annotated.bulk.merge("d1", layer, who="import").value
    assert dict(counts) == {"spans": 0, "frames": 0, "relations": 0, "duplicates": 9}
    assert ann.layer("d1", "alice") == layer


def test_merge_layer_renames_taken_ids(annotated: Project) -> None:
    ann = annotated.annotations
    incoming = Layer(annotator="alice", spans=(
        _span("ACTOR", _at("Minister Varga"), sid="s1"),), relations=(
        Relation("r1", "about", "s1", "s1"),))
    # s1 is taken by the claim: the new actor span gets s7; its relation is remapped
    with pytest.raises(InputError):
        annotated.bulk.merge("d1", incoming, who="import")  # about: head must be a CLAIM
    incoming = replace(incoming, relations=())
    counts = annotated.bulk.merge("d1", incoming, who="import").value
    assert counts["spans"] == 1
    assert ann.span("d1", "alice", "s7").text == "Minister Varga"


def test_merge_layer_with_two_identical_spans_in_one_role(project: Project, doc: str) -> None:
    cue = _at("said")
    incoming = Layer(annotator="alice", spans=(
        _span("CLAIM", _at('"is final."'), sid="c"),
        _span("CUE", cue, sid="x"), _span("CUE", cue, sid="y")),
        frames=(Frame("f1", "attribution", {"content": ("c",), "cue": ("x", "y")}),))
    counts = project.bulk.merge(doc, incoming, who="import").value
    assert (counts["spans"], counts["frames"], counts["duplicates"]) == (2, 1, 1)
    [f] = project.annotations.frames(doc, "alice")
    assert f.roles == {"content": ("c",), "cue": ("x",)}


def test_relabelling_a_span_must_fit_its_frames_and_relations(annotated: Project,
                                                              project_path: Path) -> None:
    ann = annotated.annotations
    before = fingerprint(project_path)
    for sid, label in (("s1", "ACTOR"), ("s3", "SOURCE"), ("s5", "CUE")):
        with pytest.raises(InputError, match="takes") as info:
            annotated.spans.update("d1", "alice", replace(ann.span("d1", "alice", sid), label=label,
                                                   attrs={}), who="alice")
        assert info.value.field == "label"
    assert fingerprint(project_path) == before
    # a span in no frame or relation may take any label
    annotated.spans.add("d1", "alice", _span("CUE", _at("He")), who="alice")
    annotated.spans.update("d1", "alice", replace(ann.span("d1", "alice", "s7"), label="ACTOR"),
                    who="alice")
    assert ann.span("d1", "alice", "s7").label == "ACTOR"

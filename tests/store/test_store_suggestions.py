"""project.suggestions: pending suggestions replace pending suggestions, never accepted or
rejected work; decisions change only the state; evidence goes with its row."""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop.core.errors import NotFoundError
from desktop.core.model import (
    DocStatus,
    Document,
    Evidence,
    Frame,
    Layer,
    Origin,
    Relation,
    Span,
    SpanState,
)
from desktop.core.offsets import sha256_text
from desktop.store import PendingSet, Project

TEXT = ('"We are ready," Varga said. The envoy said talks would resume on Monday. '
        'Officials said nothing. 👩\u200d👩\u200d👧 "Fine," she said.')
PENDING, REJECTED, ACCEPTED = SpanState.PENDING, SpanState.REJECTED, SpanState.ACCEPTED


def _at(needle: str, nth: int = 0) -> tuple[tuple[int, int], ...]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(needle, start + 1)
    return ((start, start + len(needle)),)


def _span(sid: str, label: str, needle: str, nth: int = 0, *,
          state: SpanState = PENDING) -> Span:
    origin = Origin.MANUAL if state is ACCEPTED else Origin.SUGGESTED
    return Span.from_text(TEXT, id=sid, label=label, fragments=_at(needle, nth),
                          origin=origin, state=state)


def _frame(fid: str, content: str, source: str | None = None, cue: str | None = None, *,
           state: SpanState = PENDING) -> Frame:
    roles = {"content": (content,)}
    if source:
        roles["source"] = (source,)
    if cue:
        roles["cue"] = (cue,)
    return Frame(id=fid, type="attribution", roles=roles, origin=Origin.SUGGESTED, state=state)


def _set(spans: tuple[Span, ...], frames: tuple[Frame, ...] = ()) -> PendingSet:
    ev = Evidence("rules", "quote-said", 0.9)
    return PendingSet(Layer(annotator="alice", spans=spans, frames=frames),
                      {s.id: ev for s in spans}, {f.id: ev for f in frames})


@pytest.fixture
def doc(project: Project) -> str:
    with project.transaction():
        project.documents.insert_many([Document(id="d1", title="t", text=TEXT,
                                                sha256=sha256_text(TEXT))])
    return "d1"


def _first_run(project: Project) -> PendingSet:
    return _set((_span("s1", "CLAIM", '"We are ready,"'), _span("s2", "SOURCE", "Varga"),
                 _span("s3", "CUE", "said")),
                (_frame("f1", "s1", "s2", "s3"),))


def test_replace_writes_pending_spans_frames_and_evidence(project: Project, doc: str) -> None:
    written = project.suggestions.replace(doc, _first_run(project), who="assistant")
    layer = project.annotations.layer(doc, "alice")
    assert {s.id for s in layer.spans} == {"s1", "s2", "s3"}
    assert all(s.state is PENDING and s.origin is Origin.SUGGESTED for s in layer.spans)
    (frame,) = layer.frames
    assert (frame.state, frame.origin) == (PENDING, Origin.SUGGESTED)
    spans_ev, frames_ev = project.suggestions.evidence(doc, "alice")
    assert spans_ev["s2"] == Evidence("rules", "quote-said", 0.9)
    assert set(frames_ev) == {"f1"}
    change = written.change
    assert change.spans_added == {"s1", "s2", "s3"}
    assert change.frames == {"f1"}
    assert not change.status
    assert project.annotations.status(doc, "alice") is DocStatus.NEW  # not yet worked on
    assert written.value.previous.empty


def test_a_new_run_replaces_pending_only(project: Project, doc: str) -> None:
    project.suggestions.replace(doc, _first_run(project), who="assistant")
    # The annotator accepts the claim and rejects the source; the cue stays pending.
    project.suggestions.decide(doc, "alice", spans={"s1": ACCEPTED, "s2": REJECTED},
                               who="alice")
    manual = project.spans.add(doc, "alice", _span("", "CLAIM", "talks would resume on Monday",
                                                   state=ACCEPTED), who="alice").value
    second = _set((_span("s9", "SOURCE", "The envoy"), _span("s10", "CUE", "said", 1)),
                  (_frame("f9", manual.id, "s9", "s10"),))
    replaced = project.suggestions.replace(doc, second, who="assistant").value
    layer = project.annotations.layer(doc, "alice")
    states = {s.text: s.state for s in layer.spans}
    assert states['"We are ready,"'] is ACCEPTED
    assert states["Varga"] is REJECTED
    assert "said" in states  # the second "said", pending
    assert [s.text for s in replaced.previous.layer.spans] == ["said"]  # the old pending cue
    assert [f.id for f in replaced.previous.layer.frames] == ["f1"]
    assert {f.id for f in layer.frames} == {"f9"}
    assert {s.id for s in replaced.written.layer.spans} == {"s9", "s10"}
    # Decided suggestions keep their evidence; the withdrawn cue's went with it.
    assert set(project.suggestions.evidence(doc, "alice")[0]) == {"s1", "s2", "s9", "s10"}


def test_replace_with_the_previous_set_undoes_it(project: Project, doc: str) -> None:
    project.suggestions.replace(doc, _first_run(project), who="assistant")
    before = project.annotations.layer(doc, "alice")
    before_ev = project.suggestions.evidence(doc, "alice")
    second = _set((_span("s1", "CLAIM", '"Fine,"'),))
    done = project.suggestions.replace(doc, second, who="assistant").value
    assert [s.id for s in done.written.layer.spans] == ["s4"]  # s1 was still there
    assert {s.id for s in project.annotations.spans(doc, "alice")} == {"s4"}
    project.suggestions.replace(doc, done.previous, who="assistant")
    assert project.annotations.layer(doc, "alice") == before
    assert project.suggestions.evidence(doc, "alice") == before_ev


def test_ids_taken_by_the_annotator_get_fresh_ones_and_keep_their_evidence(
        project: Project, doc: str) -> None:
    project.spans.add(doc, "alice", _span("s1", "ACTOR", "Officials", state=ACCEPTED),
                      who="alice")
    written = project.suggestions.replace(doc, _first_run(project), who="assistant").value
    ids = {s.text: s.id for s in written.written.layer.spans}
    assert ids['"We are ready,"'] != "s1"
    (frame,) = written.written.layer.frames
    assert frame.roles["content"] == (ids['"We are ready,"'],)
    assert set(project.suggestions.evidence(doc, "alice")[0]) == set(ids.values())
    assert project.annotations.span(doc, "alice", "s1").text == "Officials"


def test_a_rejected_frame_and_rejected_span_are_not_written_again(project: Project,
                                                                  doc: str) -> None:
    project.suggestions.replace(doc, _first_run(project), who="assistant")
    project.suggestions.decide(doc, "alice", spans={"s1": REJECTED}, frames={"f1": REJECTED},
                               who="alice")
    again = project.suggestions.replace(doc, _first_run(project), who="assistant")
    layer = project.annotations.layer(doc, "alice")
    assert [f.state for f in layer.frames] == [REJECTED]
    claims = [s for s in layer.spans if s.label == "CLAIM"]
    assert [c.state for c in claims] == [REJECTED]
    assert again.value.written.layer.frames == ()


def test_pending_spans_an_accepted_frame_or_a_relation_uses_stay(project: Project,
                                                                  doc: str) -> None:
    first = _first_run(project)
    first = _set((*first.layer.spans, _span("s4", "ACTOR", "Officials")), first.layer.frames)
    project.suggestions.replace(doc, first, who="assistant")
    # The annotator builds a frame by hand around the pending cue and relates the pending
    # claim to the pending actor.
    project.frames.add(doc, "alice", Frame(id="", type="attribution",
                                           roles={"cue": ("s3",)}), who="alice")
    project.relations.add(doc, "alice", Relation(id="", label="about", head="s1", tail="s4"),
                          who="alice")
    project.suggestions.replace(doc, _set(()), who="assistant")
    assert {s.id for s in project.annotations.spans(doc, "alice")} == {"s1", "s3", "s4"}
    assert [f.state for f in project.annotations.frames(doc, "alice")] == [ACCEPTED]


def test_decide_returns_the_states_before_and_logs_updates(project: Project, doc: str) -> None:
    project.suggestions.replace(doc, _first_run(project), who="assistant")
    seq = project.log.count()
    written = project.suggestions.decide(doc, "alice", spans={"s1": ACCEPTED, "s2": ACCEPTED},
                                         frames={"f1": ACCEPTED}, who="alice")
    assert written.value.spans == {"s1": PENDING, "s2": PENDING}
    assert written.value.frames == {"f1": PENDING}
    assert written.change.spans_updated == {"s1", "s2"}
    assert written.change.frames == {"f1"}
    assert written.change.status  # reviewing is work: the document is in progress
    entries = project.log.recent(limit=project.log.count() - seq)
    assert {(e.action, e.entity, e.entity_id) for e in entries} == {
        ("update", "span", "s1"), ("update", "span", "s2"), ("update", "frame", "f1")}
    undo = project.suggestions.decide(doc, "alice", spans=written.value.spans,
                                      frames=written.value.frames, who="alice")
    assert all(s.state is PENDING for s in project.annotations.spans(doc, "alice"))
    assert undo.value.frames == {"f1": ACCEPTED}


def test_decide_on_a_missing_id_writes_nothing(project: Project, doc: str) -> None:
    project.suggestions.replace(doc, _first_run(project), who="assistant")
    with pytest.raises(NotFoundError):
        project.suggestions.decide(doc, "alice", spans={"s1": ACCEPTED, "s99": ACCEPTED},
                                   who="alice")
    assert project.annotations.span(doc, "alice", "s1").state is PENDING


def test_evidence_goes_with_its_span(project: Project, doc: str) -> None:
    project.suggestions.replace(doc, _first_run(project), who="assistant")
    project.spans.delete(doc, "alice", "s2", who="alice")
    assert "s2" not in project.suggestions.evidence(doc, "alice")[0]
    project.frames.delete(doc, "alice", "f1", who="alice")
    assert project.suggestions.evidence(doc, "alice")[1] == {}


def test_write_many_writes_every_document_in_one_go(project: Project) -> None:
    with project.transaction():
        project.documents.insert_many([Document(id=f"d{i}", title="t", text=TEXT,
                                                sha256=sha256_text(TEXT + str(i)))
                                       for i in range(3)])
    items = [(f"d{i}", _first_run(project)) for i in range(3)]
    written = project.suggestions.write_many(items, who="assistant")
    assert written.value.documents == 3
    assert written.value.spans == 9
    assert written.value.frames == 3
    assert written.change.reload
    # The same suggestions again: nothing is rewritten, ids and evidence stay.
    before = project.annotations.layer("d0", "alice")
    again = project.suggestions.write_many(items[:1], who="assistant")
    assert (again.value.spans, again.value.new_spans, again.value.withdrawn_spans) == (3, 0, 0)
    assert again.change.doc == "d0"
    assert not again.change
    assert project.annotations.layer("d0", "alice") == before
    assert project.suggestions.documents_with_pending("alice") == ["d0", "d1", "d2"]


def test_a_suggestion_made_again_keeps_its_id_and_takes_new_attributes(project: Project,
                                                                       doc: str) -> None:
    project.suggestions.replace(doc, _first_run(project), who="assistant")
    first = _first_run(project)
    named = replace(first.layer.spans[1], id="x7", attrs={"anonymity": "named"})
    frame = replace(first.layer.frames[0], id="fx", roles={"content": ("s1",),
                                                           "source": ("x7",), "cue": ("s3",)})
    ev = Evidence("rules", "another rule", 0.5)
    again = PendingSet(replace(first.layer, spans=(first.layer.spans[0], named,
                                                   first.layer.spans[2]), frames=(frame,)),
                       {"s1": ev, "x7": ev, "s3": ev}, {"fx": ev})
    written = project.suggestions.replace(doc, again, who="assistant")
    assert {s.id for s in written.value.written.layer.spans} == {"s1", "s2", "s3"}
    assert [f.id for f in written.value.written.layer.frames] == ["f1"]
    assert written.change.spans_updated == {"s2"}
    assert not written.change.spans_added
    assert not written.change.frames
    assert project.annotations.span(doc, "alice", "s2").attrs == {"anonymity": "named"}
    assert project.suggestions.evidence(doc, "alice")[0]["s2"] == ev
    assert project.suggestions.evidence(doc, "alice")[1]["f1"] == ev


def test_learned_phrases_count_accepted_and_rejected(project: Project, doc: str) -> None:
    project.suggestions.replace(doc, _first_run(project), who="assistant")
    project.suggestions.decide(doc, "alice", spans={"s2": ACCEPTED, "s3": REJECTED},
                               who="alice")
    assert project.suggestions.learned_phrases("alice") == [("CUE", "said", 0, 1),
                                                            ("SOURCE", "Varga", 1, 0)]
    assert project.suggestions.learned_phrases("bob") == []

"""Properties of project.suggestions over random runs and decisions: decided work never
changes, the pending set is what the last run proposed (less what was decided), and
replacing with the previous set undoes a run exactly."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from helpers.foundation import new_project_file
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.model import Document, Evidence, Frame, Layer, Origin, Span, SpanState
from desktop.core.offsets import sha256_text
from desktop.core.pending import replaceable
from desktop.store import PendingSet, Project, open_project

# Astral characters, a flag, a ZWJ sequence, a combining mark and Arabic come before and
# between the words, so any mix-up of code points and code units shows.
TEXT = ("🇫🇷 Paris 👩\u200d👩\u200d👧 — “We are ready,” Varga said on Monday. Officials cafe\u0301 "
        "said talks would resume. قال المتحدث 👍🏽 The envoy told reporters that nothing changed.")
WORDS = [(m.start(), m.end()) for m in re.finditer(r"\w+", TEXT)]
LABELS = ("CLAIM", "SOURCE", "CUE", "ACTOR")
PENDING, ACCEPTED, REJECTED = SpanState.PENDING, SpanState.ACCEPTED, SpanState.REJECTED
EV = Evidence("rules", "property", 0.5)


@st.composite
def runs(draw: st.DrawFn) -> PendingSet:
    """One run's suggestions: spans on distinct words, and frames of a CLAIM with a SOURCE."""
    picked = draw(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(LABELS)),
                           max_size=8, unique_by=lambda t: t[0]))
    spans = tuple(Span.from_text(TEXT, id=f"s{i + 1}", label=label, fragments=(word,),
                                 origin=Origin.SUGGESTED, state=PENDING)
                  for i, (word, label) in enumerate(picked))
    claims = [s.id for s in spans if s.label == "CLAIM"]
    sources = [s.id for s in spans if s.label == "SOURCE"]
    frames = tuple(Frame(id=f"f{i + 1}", type="attribution",
                         roles={"content": (c,), "source": (src,)},
                         origin=Origin.SUGGESTED, state=PENDING)
                   for i, (c, src) in enumerate(zip(claims, sources, strict=False)))
    return PendingSet(Layer(annotator="alice", spans=spans, frames=frames),
                      {s.id: EV for s in spans}, {f.id: EV for f in frames})


def _decided(layer: Layer) -> tuple[dict[str, Span], dict[str, Frame]]:
    return ({s.id: s for s in layer.spans if s.state is not PENDING},
            {f.id: f for f in layer.frames if f.state is not PENDING})


def _project() -> tuple[Project, Path]:
    folder = Path(tempfile.mkdtemp(prefix="claimdesk-prop-"))
    project = open_project(new_project_file(folder / "p.claimdesk"))
    with project.transaction():
        project.documents.insert_many([Document(id="d1", title="t", text=TEXT,
                                                sha256=sha256_text(TEXT))])
    return project, folder


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(st.tuples(runs(), st.lists(st.sampled_from((ACCEPTED, REJECTED, None)),
                                                 max_size=10)), min_size=1, max_size=4))
def test_runs_keep_decided_work_and_undo_exactly(
        steps: list[tuple[PendingSet, list[SpanState | None]]]) -> None:
    project, folder = _project()
    try:
        for suggestions, decisions in steps:
            before = project.annotations.layer("d1", "alice")
            decided_spans, decided_frames = _decided(before)
            done = project.suggestions.replace("d1", suggestions, who="assistant")
            after = project.annotations.layer("d1", "alice")
            # Decided work is untouched, to the object.
            assert _decided(after) == (decided_spans, decided_frames)
            # Every span is text at its offsets; pending ones are what this run proposed,
            # less what is already decided with the same label and place, plus pending spans
            # a decided frame uses (the annotator's work, not the run's to take away).
            for s in after.spans:
                assert s.text == TEXT[s.start:s.end]
            taken = {(s.label, s.fragments) for s in decided_spans.values()}
            proposed = {(s.label, s.fragments) for s in suggestions.layer.spans} - taken
            used = {(s.label, s.fragments) for s in before.spans if s.state is PENDING
                    and s.id not in replaceable(before)[0]}
            assert {(s.label, s.fragments) for s in after.spans if s.state is PENDING} == \
                proposed | used
            assert done.value.written.layer.spans == tuple(
                s for s in done.value.written.layer.spans if s in after.spans)
            # Replacing with the previous set is undo; with the written set, redo.
            project.suggestions.replace("d1", done.value.previous, who="assistant")
            assert project.annotations.layer("d1", "alice") == before
            project.suggestions.replace("d1", done.value.written, who="assistant")
            assert project.annotations.layer("d1", "alice") == after
            # Then the annotator decides some of them.
            pending = [s for s in after.spans if s.state is PENDING]
            spans = {s.id: d for s, d in zip(pending, decisions, strict=False) if d}
            frames = {f.id: d for f, d in zip(
                [f for f in after.frames if f.state is PENDING], reversed(decisions),
                strict=False) if d}
            project.suggestions.decide("d1", "alice", spans=spans, frames=frames, who="alice")
    finally:
        project.close()
        shutil.rmtree(folder, ignore_errors=True)

"""Adjudication without the window: agreed items (frames with their spans) into gold, a
preferred annotator's versions, decisions already in gold kept."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from helpers.teams import add, annotate_truce, doc_id_of, finish, make_lead

from desktop.core.model import GOLD, DocStatus, SpanState
from desktop.store import Project, open_project
from desktop.teams import adjudicate


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return open_project(make_lead(tmp_path / "lead.claimdesk"))


def test_agreed_frames_come_with_their_spans_and_attributes(project: Project) -> None:
    annotate_truce(project, "alice")
    annotate_truce(project, "bob")
    run = adjudicate(project, who="lead", finish=True)
    assert (run.documents, run.agreed, run.preferred, run.undecided, run.finished) == \
        (1, 4, 0, 0, 1)
    gold = project.annotations.layer(doc_id_of(project, "d1"), GOLD)
    assert sorted(s.label for s in gold.spans) == ["CLAIM", "CUE", "SOURCE"]
    (frame,) = gold.frames
    by_id = {s.id: s for s in gold.spans}
    assert {role: by_id[ids[0]].label for role, ids in frame.roles.items()} == {
        "content": "CLAIM", "source": "SOURCE", "cue": "CUE"}
    claim = next(s for s in gold.spans if s.label == "CLAIM")
    assert claim.attrs["form"] == "direct"
    assert gold.status is DocStatus.DONE


def test_differences_wait_for_the_window_or_the_preferred_annotator(project: Project) -> None:
    annotate_truce(project, "alice")
    annotate_truce(project, "bob", claim='"The truce is fragile," Ida Berg')
    run = adjudicate(project, who="lead", finish=True)
    # SOURCE and CUE agree; the CLAIM boundary and so the frame differ.
    assert (run.agreed, run.undecided, run.finished) == (2, 2, 0)
    doc = doc_id_of(project, "d1")
    assert run.open_documents == [doc]
    taken = adjudicate(project, who="lead", prefer="bob", finish=True)
    assert (taken.agreed, taken.preferred, taken.undecided, taken.finished) == (0, 2, 0, 1)
    gold = project.annotations.layer(doc, GOLD)
    claim = next(s for s in gold.spans if s.label == "CLAIM")
    assert claim.text == '"The truce is fragile," Ida Berg'


def test_a_decision_already_in_gold_is_kept(project: Project) -> None:
    annotate_truce(project, "alice")
    annotate_truce(project, "bob", claim='"The truce is fragile," Ida Berg')
    doc = doc_id_of(project, "d1")
    # The lead rejected bob's CLAIM in the window (a rejected gold span decides the item).
    bob_claim = next(s for s in project.annotations.layer(doc, "bob").spans
                     if s.label == "CLAIM")
    project.spans.add(doc, GOLD, replace(bob_claim, id="", state=SpanState.REJECTED),
                      who="lead")
    run = adjudicate(project, who="lead", prefer="bob")
    gold = project.annotations.layer(doc, GOLD)
    claims = [s for s in gold.spans if s.label == "CLAIM"]
    assert [s.state for s in claims] == [SpanState.REJECTED]
    # bob's frame needs the CLAIM the lead rejected: left for the window, not forced in.
    assert (run.preferred, run.undecided) == (0, 1)
    assert gold.frames == ()


def test_only_finished_layers_are_compared_by_default(project: Project) -> None:
    annotate_truce(project, "alice")
    add(project, "d1", "bob", "CLAIM", '"The truce is fragile,"', form="direct")
    with pytest.raises(Exception, match="no document has two annotators"):
        adjudicate(project, who="lead")
    finish(project, "d1", "bob")
    assert adjudicate(project, who="lead").documents == 1

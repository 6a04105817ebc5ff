"""Suggesting over a project: runs write pending suggestions page by page, replace only
pending work, remember rejections, stop on cancel, and evaluate like the folder evaluator."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.assist import DEV, story_project

from desktop.assist.engine import span_key
from desktop.assist.evaluate import evaluate_folder
from desktop.assist.goldmarkup import iter_stories
from desktop.core.errors import Cancelled, InputError
from desktop.core.model import DocStatus, SpanState
from desktop.store import Project, open_project
from desktop.suggesting import (
    evaluate_against,
    suggest_document,
    suggest_documents,
    suggester_for,
)

PENDING, ACCEPTED, REJECTED = SpanState.PENDING, SpanState.ACCEPTED, SpanState.REJECTED


@pytest.fixture(scope="module")
def dev_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return story_project(tmp_path_factory.mktemp("dev") / "dev.claimdesk")


@pytest.fixture
def dev(dev_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "dev.claimdesk"
    path.write_bytes(dev_template.read_bytes())
    return path


def _pending(project: Project, annotator: str) -> int:
    return sum(1 for d in project.documents.ids()
               for s in project.annotations.spans(d, annotator) if s.state is PENDING)


def test_a_run_writes_pending_suggestions_and_a_second_replaces_them(dev: Path) -> None:
    with open_project(dev) as p:
        first = suggest_documents(p, "alice", page_size=5).value
        assert first.documents == 18
        assert first.spans > 500
        assert first.frames > 150
        assert first.withdrawn == 0
        assert _pending(p, "alice") == first.spans
        assert p.status_counts("alice") == {}  # suggesting is not working on a document
        assert first.new == first.spans + first.frames
        before = [p.annotations.layer(d, "alice") for d in p.documents.ids()]
        second = suggest_documents(p, "alice").value
        assert (second.new, second.withdrawn) == (0, 0)  # the same suggestions, left as are
        assert (second.spans, second.frames) == (first.spans, first.frames)
        assert [p.annotations.layer(d, "alice") for d in p.documents.ids()] == before
        assert _pending(p, "alice") == first.spans
        assert p.suggestions.evidence("01-ceasefire-talks", "alice")[0]


def test_accepted_work_stays_and_rejected_suggestions_are_not_proposed_again(
        dev: Path) -> None:
    doc = "01-ceasefire-talks"
    with open_project(dev) as p:
        suggest_documents(p, "alice", doc_ids=[doc])
        layer = p.annotations.layer(doc, "alice")
        claims = [s for s in layer.spans if s.label == "CLAIM"]
        frame = next(f for f in layer.frames if f.roles["content"] == (claims[0].id,))
        p.suggestions.decide(doc, "alice", spans={s: ACCEPTED for s in frame.span_ids()},
                             frames={frame.id: ACCEPTED}, who="alice")
        rejected = claims[1]
        p.suggestions.decide(doc, "alice", spans={rejected.id: REJECTED}, who="alice")
        suggest_documents(p, "alice", doc_ids=[doc])
        again = p.annotations.layer(doc, "alice")
        by_id = {s.id: s for s in again.spans}
        assert all(by_id[s].state is ACCEPTED for s in frame.span_ids())
        assert next(f for f in again.frames if f.id == frame.id).state is ACCEPTED
        same = [s for s in again.spans if span_key(s) == span_key(rejected)]
        assert [s.state for s in same] == [REJECTED]
        # The accepted claim got no second frame.
        assert sum(1 for f in again.frames if claims[0].id in f.roles["content"]) == 1


def test_suggesting_on_open_only_where_nothing_is_pending_and_work_is_open(dev: Path) -> None:
    with open_project(dev) as p:
        s = suggester_for(p, "alice")
        assert suggest_document(p, "alice", "02-port-strike", only_new=True,
                                suggester=s) is not None
        assert suggest_document(p, "alice", "02-port-strike", only_new=True,
                                suggester=s) is None
        p.status.set("03-court-ruling", "alice", DocStatus.DONE, who="alice")
        assert suggest_document(p, "alice", "03-court-ruling", only_new=True,
                                suggester=s) is None
        assert suggest_document(p, "alice", "03-court-ruling", suggester=s) is not None


class _StopAfter:
    def __init__(self, n: int) -> None:
        self.n = n

    def check(self) -> None:
        self.n -= 1
        if self.n < 0:
            raise Cancelled()


def test_cancel_stops_between_documents_and_keeps_whole_pages(dev: Path) -> None:
    with open_project(dev) as p:
        run = suggest_documents(p, "alice", cancel=_StopAfter(7), page_size=5).value
        assert run.cancelled
        assert run.documents == 7
        assert len(p.suggestions.documents_with_pending("alice")) == 7
        assert "cancelled after 7 documents" in run.summary()


def test_unknown_documents_are_refused_before_anything_is_written(dev: Path) -> None:
    with open_project(dev) as p:
        with pytest.raises(InputError) as err:
            suggest_documents(p, "alice", doc_ids=["01-ceasefire-talks", "nope"])
        assert err.value.field == "--docs"
        assert p.suggestions.documents_with_pending("alice") == []


def test_evaluating_a_project_scores_like_the_folder_evaluator(dev: Path) -> None:
    with open_project(dev) as p:
        report = evaluate_against(p, "gold")
        assert p.suggestions.documents_with_pending("gold") == []  # nothing written
    folder = evaluate_folder(DEV)
    assert report.to_json() == folder.to_json()
    assert report.documents == 18


def test_evaluation_scores_only_accepted_annotations_of_done_documents(dev: Path) -> None:
    with open_project(dev) as p:
        ids = p.documents.ids()
        for d in ids[:3]:
            p.status.set(d, "gold", DocStatus.IN_PROGRESS, who="lead")
        # Pending suggestions in the gold layer are not gold.
        suggest_documents(p, "gold", doc_ids=ids[3:5])
        report = evaluate_against(p, "gold")
    assert report.documents == 15
    claims = sum(1 for st in iter_stories(DEV) if st.document.id in ids[3:]
                 for s in st.layer.spans if s.label == "CLAIM")
    claim = report.label("CLAIM")
    assert claim.tp + claim.fn == claims  # the pending suggestions did not count as gold


def test_evaluation_refuses_an_unknown_layer_and_learning_from_the_evaluated_one(
        dev: Path) -> None:
    with open_project(dev) as p:
        with pytest.raises(InputError) as err:
            evaluate_against(p, "nobody")
        assert err.value.field == "--against"
        with pytest.raises(InputError) as err:
            evaluate_against(p, "gold", learned_from="gold")
        assert err.value.field == "--annotator"

"""Learning from an annotator's layer: a phrase labelled once is proposed in other documents;
the model trains on done documents, is stored in the project and reports held-out scores."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.assist import DEV, story_project

from desktop.core.errors import Cancelled, InputError
from desktop.core.model import Document, Origin, Span, SpanState
from desktop.core.offsets import sha256_text
from desktop.store import Project, open_project
from desktop.suggesting import (
    compute_for,
    forget_model,
    learned_for,
    stored_model,
    suggest_documents,
    train_model,
    training_documents,
)

FIRST = "Shares of Havstad Securities fell on Monday after the bank cut its forecast."
SECOND = ("Havstad Securities will appeal the ruling. Analysts at Havstad Securities were "
          "not available.")
THIRD = "Shares in Havstad Securities rose."


def _docs(project: Project) -> None:
    with project.transaction():
        project.documents.insert_many(
            Document(id=i, title=i, text=t, sha256=sha256_text(t))
            for i, t in (("d1", FIRST), ("d2", SECOND), ("d3", THIRD)))


def test_labelling_a_phrase_once_gets_it_proposed_in_other_documents(project: Project
                                                                     ) -> None:
    _docs(project)
    start = FIRST.index("Havstad Securities")
    project.spans.add("d1", "alice", Span.from_text(
        FIRST, id="", label="ACTOR", fragments=((start, start + 18),)), who="alice")
    pending = compute_for(project, "alice", "d2")
    found = [(s.label, s.text, pending.spans[s.id].engine) for s in pending.layer.spans
             if s.text == "Havstad Securities"]
    assert found == [("ACTOR", "Havstad Securities", "strings")] * 2
    assert pending.spans[pending.layer.spans[0].id].score == round(2 / 3, 2)
    # Written by a run, the suggestions carry their evidence into the project.
    suggest_documents(project, "alice", doc_ids=["d3"])
    (span,) = project.annotations.spans("d3", "alice")
    assert (span.label, span.state, span.origin) == ("ACTOR", SpanState.PENDING,
                                                     Origin.SUGGESTED)
    assert project.suggestions.evidence("d3", "alice")[0][span.id].engine == "strings"
    # Another annotator's layer teaches alice nothing.
    assert not [s for s in compute_for(project, "bob", "d2").layer.spans
                if s.text == "Havstad Securities"]


def test_a_rejected_suggestion_counts_against_the_phrase(project: Project) -> None:
    _docs(project)
    start = FIRST.index("Havstad Securities")
    project.spans.add("d1", "alice", Span.from_text(
        FIRST, id="", label="ACTOR", fragments=((start, start + 18),)), who="alice")
    suggest_documents(project, "alice", doc_ids=["d2"])
    layer = project.annotations.layer("d2", "alice")
    project.suggestions.decide("d2", "alice", spans={s.id: SpanState.REJECTED
                                                     for s in layer.spans}, who="alice")
    # One acceptance, two rejections: (1 + 1) / (1 + 2 + 2) = 0.4, below 0.5.
    assert compute_for(project, "alice", "d3").layer.spans == ()


@pytest.fixture(scope="module")
def done_dev(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = story_project(tmp_path_factory.mktemp("dev") / "dev.claimdesk", DEV,
                         annotator="alice")
    return path


def test_training_stores_the_model_and_its_held_out_scores(done_dev: Path,
                                                           tmp_path: Path) -> None:
    path = tmp_path / "p.claimdesk"
    path.write_bytes(done_dev.read_bytes())
    with open_project(path) as p:
        assert training_documents(p, "alice") == 18
        assert stored_model(p, "alice") is None
        stored = train_model(p, "alice", epochs=2)
        report = stored.report
        assert report is not None
        assert report.held_out_documents == 4
        assert report.train_documents == 14
        assert set(report.rules) == {"ACTOR", "CLAIM", "CUE", "SOURCE"}
        assert 0.0 < report.model["CUE"].f1 <= 1.0
    with open_project(path) as p:  # stored: not retrained at the next start
        again = stored_model(p, "alice")
        assert again is not None
        assert again.documents == 18
        assert again.report is not None
        assert again.report.to_json() == report.to_json()
        assert again.model.used == stored.model.used
        learned = learned_for(p, "alice")
        assert (learned.model is None) == (not stored.model.used)
        forget_model(p, "alice")
        assert stored_model(p, "alice") is None


def test_training_needs_done_documents_and_can_be_cancelled(done_dev: Path,
                                                            tmp_path: Path) -> None:
    path = tmp_path / "p.claimdesk"
    path.write_bytes(done_dev.read_bytes())

    class Stop:
        calls = 0

        def check(self) -> None:
            self.calls += 1
            if self.calls > 3:
                raise Cancelled()

    with open_project(path) as p:
        with pytest.raises(InputError) as err:
            train_model(p, "bob")
        assert "at least 4 documents marked done" in str(err.value)
        with pytest.raises(Cancelled):
            train_model(p, "alice", epochs=1, cancel=Stop())
        assert stored_model(p, "alice") is None

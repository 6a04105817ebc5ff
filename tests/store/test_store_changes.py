"""What each store write reports as changed (``Written.change``): computed where the SQL
runs, so the window refreshes exactly what moved and nothing else."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from desktop.core.changes import Change
from desktop.core.model import DocStatus, Document, Frame, Span
from desktop.core.offsets import sha256_text
from desktop.store import Project, open_project

TEXT = "Officials said the talks would resume."


def _project(tmp_path: Path) -> Project:
    project = open_project(tmp_path / "p.claimdesk", create=True)
    with project.transaction():
        project.documents.insert_many([Document(id="d1", title="t", text=TEXT,
                                                sha256=sha256_text(TEXT))])
    return project


def test_span_writes_report_their_span_and_nothing_else(tmp_path: Path) -> None:
    with _project(tmp_path) as project:
        first = project.spans.add("d1", "alice", Span.from_text(
            TEXT, id="", label="CUE", fragments=((10, 14),)), who="alice")
        # The layer's first span starts the document: its status moves to "in progress".
        assert first.change.status
        assert project.annotations.status("d1", "alice") is DocStatus.IN_PROGRESS
        added = project.spans.add("d1", "alice", Span.from_text(
            TEXT, id="", label="SOURCE", fragments=((0, 9),)), who="alice")
        sid = added.value.id
        assert added.change == Change(doc="d1", layer="alice", spans_added=frozenset({sid}))
        moved = project.spans.update("d1", "alice", replace(
            added.value, label="ACTOR"), who="alice")
        assert moved.change == Change(doc="d1", layer="alice",
                                      spans_updated=frozenset({sid}))
        gone = project.spans.delete("d1", "alice", sid, who="alice")
        assert gone.change.spans_removed == {sid}
        assert not gone.change.spans_added
        assert not gone.change.spans_updated
        assert (gone.change.doc, gone.change.layer) == ("d1", "alice")


def test_deleting_a_frames_filler_reports_the_frame(tmp_path: Path) -> None:
    with _project(tmp_path) as project:
        s = project.spans.add("d1", "alice", Span.from_text(
            TEXT, id="", label="SOURCE", fragments=((0, 9),)), who="alice").value
        f = project.frames.add("d1", "alice", Frame(id="", type="attribution",
                                                    roles={"source": (s.id,)}),
                               who="alice").value
        gone = project.spans.delete("d1", "alice", s.id, who="alice")
        assert gone.change.spans_removed == {s.id}
        assert f.id in gone.change.frames


def test_a_status_set_to_what_it_is_changes_nothing(tmp_path: Path) -> None:
    with _project(tmp_path) as project:
        first = project.status.set("d1", "alice", DocStatus.DONE, who="alice")
        assert first.change == Change(doc="d1", layer="alice", status=True)
        again = project.status.set("d1", "alice", DocStatus.DONE, who="alice")
        assert not again.change
        assert again.value is DocStatus.DONE

"""Store functions added for the annotation workspace (Qt-free)."""

from __future__ import annotations

from helpers_foundation import add_document

from desktop.core.model import DocStatus
from desktop.store import Project
from desktop.store.documents import DocumentFilter


def test_count_filtered_counts_an_annotators_statuses(project: Project) -> None:
    for i in range(4):
        add_document(project, f"d{i}", f"Text number {i} about talks.")
    project.annotations.set_status("d1", "alice", DocStatus.DONE, who="alice")
    project.annotations.set_status("d2", "alice", DocStatus.DONE, who="alice")
    project.annotations.set_status("d3", "bob", DocStatus.DONE, who="bob")
    done = frozenset({DocStatus.DONE})
    assert project.documents.count_filtered(DocumentFilter("alice", done)) == 2
    assert project.documents.count_filtered(DocumentFilter("bob", done)) == 1
    assert project.documents.count_filtered(
        DocumentFilter("alice", frozenset({DocStatus.NEW}))) == 2
    assert project.documents.count_filtered(DocumentFilter("alice")) == 4
    assert project.documents.count_filtered(DocumentFilter("alice", query="number 3")) == 1
    for f in (DocumentFilter("alice", done), DocumentFilter("alice", query="talks")):
        assert project.documents.count_filtered(f) == len(project.documents.filtered_ids(f))

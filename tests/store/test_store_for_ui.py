"""Store functions added for the annotation workspace (Qt-free)."""

from __future__ import annotations

from helpers.foundation import add_document

from desktop.core.model import DocStatus
from desktop.store import DocumentFilter, Project


def test_count_filtered_counts_an_annotators_statuses(project: Project) -> None:
    for i in range(4):
        add_document(project, f"d{i}", f"Text number {i} about talks.")
    project.status.set("d1", "alice", DocStatus.DONE, who="alice")
    project.status.set("d2", "alice", DocStatus.DONE, who="alice")
    project.status.set("d3", "bob", DocStatus.DONE, who="bob")
    done = frozenset({DocStatus.DONE})
    assert project.documents.count_filtered(DocumentFilter("alice", done)) == 2
    assert project.documents.count_filtered(DocumentFilter("bob", done)) == 1
    assert project.documents.count_filtered(
        DocumentFilter("alice", frozenset({DocStatus.NEW}))) == 2
    assert project.documents.count_filtered(DocumentFilter("alice")) == 4
    assert project.documents.count_filtered(DocumentFilter("alice", query="number 3")) == 1
    for f in (DocumentFilter("alice", done), DocumentFilter("alice", query="talks")):
        assert project.documents.count_filtered(f) == len(project.documents.filtered_ids(f))


def test_new_ids_follow_the_largest_numeric_id(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop.core.model import Document, Span
    from desktop.core.offsets import sha256_text
    from desktop.store import open_project

    text = "alpha beta gamma delta"
    with open_project(tmp_path / "ids.claimdesk", create=True) as p:
        with p.transaction():
            p.documents.insert_many([Document(id="d", title="t", text=text,
                                              sha256=sha256_text(text))])
        for sid, (a, b) in (("s2", (0, 5)), ("s10", (6, 10)), ("sx9", (11, 16))):
            p.spans.add("d", "ann", Span.from_text(
                text, id=sid, label="ACTOR", fragments=((a, b),)), who="t")
        new = p.spans.add("d", "ann", Span.from_text(
            text, id="", label="ACTOR", fragments=((17, 22),)), who="t").value
        assert new.id == "s11"

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


def test_pages_and_counts_agree_with_the_full_lists(project: Project) -> None:
    for i in range(23):
        topic = "talks" if i % 3 else "a vote"
        add_document(project, f"d{i:02d}", f"Text number {i} about {topic}.")
    for i, status in ((1, DocStatus.DONE), (2, DocStatus.DONE), (4, DocStatus.SKIPPED),
                      (5, DocStatus.IN_PROGRESS), (7, DocStatus.NEW), (8, DocStatus.DONE)):
        project.status.set(f"d{i:02d}", "alice", status, who="alice")
    project.status.set("d03", "bob", DocStatus.DONE, who="bob")
    docs = project.documents
    statuses = [frozenset(), frozenset({DocStatus.DONE}), frozenset({DocStatus.NEW}),
                frozenset({DocStatus.NEW, DocStatus.IN_PROGRESS}),
                frozenset({DocStatus.SKIPPED, DocStatus.DONE})]
    for st in statuses:
        for query in ("", "talks", "vote", "nothing"):
            f = DocumentFilter("alice", st, query)
            want = docs.filtered_ids(f)
            got: list[str] = []
            after = 0
            while True:
                page = docs.filtered_page(f, after=after, limit=4)
                got += [doc_id for _, doc_id in page]
                if len(page) < 4:
                    break
                after = page[-1][0]
            assert got == want, (st, query)
            assert docs.count_filtered(f) == len(want), (st, query)

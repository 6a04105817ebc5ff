"""ActorRepo.mentions: every span linked to an actor, across documents and layers."""

from __future__ import annotations

import pytest

from desktop.core.errors import NotFoundError
from desktop.core.model import Actor, Document, Span
from desktop.core.offsets import sha256_text
from desktop.store import Project


def _doc(doc_id: str, title: str, text: str) -> Document:
    return Document(id=doc_id, title=title, text=text, sha256=sha256_text(text))


def _span(text: str, needle: str, label: str = "SOURCE", actor: str | None = None) -> Span:
    start = text.index(needle)
    return Span.from_text(text, id="", label=label, fragments=((start, start + len(needle)),),
                          actor=actor)


def test_mentions_lists_linked_spans_in_corpus_order(project: Project) -> None:
    t1 = "Macron said so. AFP reported it."
    t2 = "President Macron 😀 denied it."
    with project.transaction():
        project.documents.insert_many([_doc("d1", "First", t1), _doc("d2", "Second", t2)])
    macron = project.actors.add(Actor(id="", name="Emmanuel Macron", kind="person"), who="t").value
    afp = project.actors.add(Actor(id="", name="AFP", kind="organisation"), who="t").value
    s_b = project.spans.add("d2", "bob", _span(t2, "President Macron", actor=macron.id),
                            who="t").value
    s_a = project.spans.add("d1", "alice", _span(t1, "Macron", actor=macron.id), who="t").value
    project.spans.add("d1", "alice", _span(t1, "AFP", label="ACTOR", actor=afp.id), who="t")
    project.spans.add("d1", "bob", _span(t1, "AFP", label="ACTOR"), who="t")  # not linked

    got = project.actors.mentions(macron.id)
    assert [tuple(m) for m in got] == [
        ("d1", "First", "alice", s_a.id, "Macron"),
        ("d2", "Second", "bob", s_b.id, "President Macron"),
    ]
    assert got[0].doc_id == "d1"
    assert got[1].text == "President Macron"
    assert [m.span_id for m in project.actors.mentions(afp.id)] == ["s2"]
    assert len(project.actors.mentions(macron.id, limit=1)) == 1


def test_mentions_of_unlinked_and_missing_actor(project: Project) -> None:
    lone = project.actors.add(Actor(id="", name="Nobody"), who="t").value
    assert project.actors.mentions(lone.id) == []
    with pytest.raises(NotFoundError):
        project.actors.mentions("nope")

"""The actor registry: add, update, merge/unmerge, delete/restore, lookups, change log."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from helpers.foundation import add_document, fingerprint

from desktop.core.errors import InputError, NotFoundError
from desktop.core.model import Actor, Span
from desktop.store import Project

TEXT = "President Emmanuel Macron said Macron's office told AFP and Agence France-Presse."


@pytest.fixture
def linked(project: Project) -> Project:
    """Two actors, each linked from spans in two layers."""
    add_document(project, "d1", TEXT)
    project.actors.add(Actor(id="a1", name="Emmanuel Macron", kind="person",
                             aliases=("Macron", "President Emmanuel Macron"),
                             attrs={"wikidata": "Q3052772"}), who="lead")
    project.actors.add(Actor(id="a2", name="Élysée Palace", kind="organisation",
                             aliases=("Macron's office",)), who="lead")
    for who in ("alice", "bob"):
        project.spans.add("d1", who, Span.from_text(TEXT, id="s1", label="SOURCE",
                                               fragments=((0, 25),), actor="a1"), who=who)
        project.spans.add("d1", who, Span.from_text(TEXT, id="s2", label="SOURCE",
                                               fragments=((31, 46),), actor="a2"), who=who)
    return project


def _links(project: Project) -> dict[tuple[str, str], str | None]:
    return {(who, s.id): s.actor for who in ("alice", "bob")
            for s in project.annotations.spans("d1", who)}


def test_add_get_and_ids(project: Project) -> None:
    a = project.actors.add(Actor(id="", name="AFP", kind="organisation",
                                 aliases=("Agence France-Presse", "AFP", "", "Agence "
                                          "France-Presse")), who="lead").value
    assert a.id == "a1"
    assert a.aliases == ("Agence France-Presse", "AFP")  # empty and repeated aliases dropped
    b = project.actors.add(Actor(id="", name="Reuters"), who="lead").value
    assert b.id == "a2"
    assert project.actors.get("a1") == a
    assert project.actors.find("a9") is None
    assert project.actors.count() == 2
    assert [x.name for x in project.actors.all()] == ["AFP", "Reuters"]
    with pytest.raises(NotFoundError):
        project.actors.get("a9")


def test_invalid_actors_leave_nothing_behind(linked: Project, project_path: Path) -> None:
    before = fingerprint(project_path)
    with pytest.raises(InputError) as info:
        linked.actors.add(Actor(id="", name="  "), who="lead")
    assert info.value.field == "name"
    with pytest.raises(InputError) as info:
        linked.actors.add(Actor(id="a1", name="Someone else"), who="lead")
    assert info.value.field == "id"
    with pytest.raises(InputError):
        linked.actors.merge("a1", "a1", who="lead")
    with pytest.raises(NotFoundError):
        linked.actors.merge("a1", "a9", who="lead")
    assert fingerprint(project_path) == before


def test_update(linked: Project) -> None:
    a1 = linked.actors.get("a1")
    n = linked.log.count()
    linked.actors.update(replace(a1, name="Emmanuel Jean-Michel Macron",
                                 aliases=("Macron",), attrs={}), who="lead")
    got = linked.actors.get("a1")
    assert (got.name, got.aliases, got.attrs) == ("Emmanuel Jean-Michel Macron", ("Macron",), {})
    assert linked.log.count() == n + 1
    assert _links(linked)[("alice", "s1")] == "a1"


def test_lookups(linked: Project) -> None:
    assert linked.actors.by_name("macron") == linked.actors.get("a1")
    assert linked.actors.by_name("Élysée Palace") == linked.actors.get("a2")
    assert linked.actors.by_name("nobody") is None
    assert [a.id for a in linked.actors.search("office")] == ["a2"]
    assert [a.id for a in linked.actors.search("mac")] == ["a1", "a2"]
    assert [a.id for a in linked.actors.many(["a2", "a1", "a2"])] == ["a1", "a2"]
    assert linked.actors.mention_counts() == {"a1": 2, "a2": 2}


def test_merge_and_unmerge(linked: Project) -> None:
    before_links = _links(linked)
    keep, drop = linked.actors.get("a1"), linked.actors.get("a2")
    n = linked.log.count()
    moved = linked.actors.merge("a1", "a2", who="lead").value
    assert len(moved) == 2
    assert linked.log.count() == n + 1
    assert linked.actors.find("a2") is None
    merged = linked.actors.get("a1")
    assert merged.aliases == ("Macron", "President Emmanuel Macron", "Élysée Palace",
                              "Macron's office")
    assert set(_links(linked).values()) == {"a1"}
    assert linked.actors.mention_counts() == {"a1": 4}

    linked.actors.unmerge(keep, drop, moved, who="lead")
    assert linked.actors.get("a1") == keep
    assert linked.actors.get("a2") == drop
    assert _links(linked) == before_links


def test_delete_and_restore(linked: Project) -> None:
    before_links = _links(linked)
    a2 = linked.actors.get("a2")
    n = linked.log.count()
    removed, spans = linked.actors.delete("a2", who="lead").value
    assert removed == a2
    assert len(spans) == 2
    assert linked.log.count() == n + 1
    assert linked.actors.find("a2") is None
    assert {k: v for k, v in _links(linked).items() if k[1] == "s2"} == {
        ("alice", "s2"): None, ("bob", "s2"): None}
    linked.actors.restore(removed, spans, who="lead")
    assert linked.actors.get("a2") == a2
    assert _links(linked) == before_links
    entries = [c.action for c in linked.log.recent(limit=2)]
    assert entries == ["add", "delete"]

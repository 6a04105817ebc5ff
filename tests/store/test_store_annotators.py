"""Renaming a misspelt annotator moves every layer row; the summary counts per annotator."""

from __future__ import annotations

import pytest
from helpers.foundation import add_document

from desktop.core.annotators import annotator_name_problem, clean_annotator_name
from desktop.core.errors import InputError, NotFoundError
from desktop.core.model import DocStatus, Frame, Relation, Span
from desktop.core.offsets import sha256_text
from desktop.store import Project

TEXT = '"The truce is fragile," the envoy said, quoting the Kremlin.'


def _annotate(project: Project, who: str) -> None:
    """Four spans, one frame, one relation and the status done in ``who``'s layer."""
    if project.documents.id_for_hash(sha256_text(TEXT)) is None:
        add_document(project, "doc-1", TEXT)
    made = {}
    for label, needle in (("CLAIM", '"The truce is fragile,"'), ("SOURCE", "the envoy"),
                          ("CUE", "said"), ("ACTOR", "Kremlin")):
        start = TEXT.index(needle)
        span = Span.from_text(TEXT, id="", label=label, fragments=((start, start + len(needle)),))
        made[label] = project.spans.add("doc-1", who, span, who=who).value.id
    project.frames.add("doc-1", who, Frame(id="", type="attribution", roles={
        "content": (made["CLAIM"],), "source": (made["SOURCE"],), "cue": (made["CUE"],)}),
        who=who)
    project.relations.add("doc-1", who, Relation(id="", label="about", head=made["CLAIM"],
                                                  tail=made["ACTOR"]), who=who)
    project.status.set("doc-1", who, DocStatus.DONE, who=who)


def _layer(project: Project, who: str) -> tuple[int, int, int, str]:
    layer = project.annotations.layer("doc-1", who)
    return (len(layer.spans), len(layer.frames), len(layer.relations), layer.status.value)


def test_rename_moves_spans_frames_relations_and_status(project: Project) -> None:
    _annotate(project, "alcie")
    project.set_meta("last_annotator", "alcie")
    before = _layer(project, "alcie")
    assert before[0] == 4

    written = project.annotators.rename("alcie", "  alice ", who="alcie")

    assert written.value == "alice"
    assert written.change.reload
    assert _layer(project, "alice") == before
    assert "alcie" not in project.annotators.names()
    assert project.meta("last_annotator") == "alice"
    entry = project.log.recent(limit=1)[0]
    assert (entry.action, entry.entity, entry.entity_id) == ("rename", "annotator", "alcie")


def test_rename_refuses_gold_bad_names_and_names_with_work(project: Project) -> None:
    _annotate(project, "alice")
    _annotate(project, "bob")
    with pytest.raises(InputError, match="already has annotations"):
        project.annotators.rename("alice", "bob", who="alice")
    with pytest.raises(InputError, match="adjudicated"):
        project.annotators.rename("alice", "gold", who="alice")
    with pytest.raises(InputError, match="cannot be renamed"):
        project.annotators.rename("gold", "carol", who="alice")
    with pytest.raises(InputError, match="empty"):
        project.annotators.rename("alice", "   ", who="alice")
    with pytest.raises(NotFoundError):
        project.annotators.rename("nobody", "carol", who="alice")
    assert _layer(project, "alice")[0] == 4  # nothing moved


def test_an_empty_registration_of_the_new_name_is_taken_over(project: Project) -> None:
    _annotate(project, "alcie")
    with project.transaction():
        project.annotations.ensure_annotator("alice")
    project.annotators.rename("alcie", "alice", who="x")
    assert _layer(project, "alice")[0] == 4


def test_summary_counts_status_and_annotations_per_annotator(project: Project) -> None:
    _annotate(project, "alice")
    summary = project.annotators.summary()
    assert summary["alice"] == {"status": {"done": 1}, "spans": 4, "frames": 1,
                                "relations": 1}
    assert summary["gold"]["spans"] == 0
    assert project.stats()["by_annotator"] == summary


def test_annotator_names_are_cleaned_and_checked() -> None:
    assert clean_annotator_name("  Anna   Karenina ") == "Anna Karenina"
    assert annotator_name_problem("") is not None
    assert annotator_name_problem("gold") is not None
    assert annotator_name_problem("a\tb") is not None
    assert annotator_name_problem("x" * 65) is not None
    assert annotator_name_problem("Zoë 张") is None

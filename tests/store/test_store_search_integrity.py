"""Full-text search and the corpus filter; `check_project` on sound and tampered files."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.foundation import ARABIC, EMOJI, add_document, raw_connect

from desktop.core.model import DocStatus, Frame, Relation, Span
from desktop.store import Project, open_project
from desktop.store.documents import DocumentFilter, fts_query
from desktop.store.integrity import check_project

DOCS = {
    "d1": ("Truce talks resume", f"Envoys report progress on a truce {EMOJI} in Yerevan."),
    "d2": ("Café owners protest", "The café association said prices would rise."),
    "d3": ("أخبار", f"قالت المنظمة {ARABIC} إن المساعدات وصلت."),
    "d4": ("Markets", "Shares rose; analysts said the truce helped."),
}


@pytest.fixture
def corpus(project: Project) -> Project:
    for doc_id, (title, text) in DOCS.items():
        add_document(project, doc_id, text, title=title, meta={"outlet": "Wire",
                                                               "published": "2020-10-09"})
    return project


@pytest.mark.parametrize(("query", "ids"), [
    ("", ["d1", "d2", "d3", "d4"]),
    ("truce", ["d1", "d4"]),
    ("TRU", ["d1", "d4"]),  # prefix, case-insensitive
    ("truce yerevan", ["d1"]),  # every word must match
    ("talks", ["d1"]),  # the title is indexed too
    ("cafe", ["d2"]),  # diacritics removed
    (ARABIC, ["d3"]),
    ("nothing-like-this", []),
    ('"truce" (', ["d1", "d4"]),  # FTS syntax in user input is just words
    ("truce AND", []),  # ... so AND is a word that must match, not an operator
    ('*"', ["d1", "d2", "d3", "d4"]),
])
def test_full_text_search(corpus: Project, query: str, ids: list[str]) -> None:
    assert corpus.documents.filtered_ids(DocumentFilter(query=query)) == ids


def test_fts_query_quotes_every_word() -> None:
    assert fts_query('say "hi" OR x*') == '"say"* "hi"* "OR"* "x"*'
    assert fts_query("  ") == ""


def test_search_follows_edits_of_the_text(corpus: Project) -> None:
    with corpus.transaction():
        corpus._db.execute("UPDATE documents SET title = 'Ceasefire' WHERE id = 'd2'")
    assert corpus.documents.filtered_ids(DocumentFilter(query="ceasefire")) == ["d2"]
    assert corpus.documents.filtered_ids(DocumentFilter(query="café owners")) == []


def test_status_filter_and_summaries(corpus: Project) -> None:
    corpus.status.set("d2", "alice", DocStatus.DONE, who="alice")
    corpus.spans.add("d1", "alice", Span.from_text(DOCS["d1"][1], id="", label="CLAIM",
                                               fragments=((0, 6),)), who="alice")
    done = DocumentFilter(annotator="alice", statuses=frozenset({DocStatus.DONE}))
    assert corpus.documents.filtered_ids(done) == ["d2"]
    new = DocumentFilter(annotator="alice", statuses=frozenset({DocStatus.NEW}))
    assert corpus.documents.filtered_ids(new) == ["d3", "d4"]
    both = DocumentFilter(annotator="alice", query="truce",
                          statuses=frozenset({DocStatus.NEW, DocStatus.IN_PROGRESS}))
    assert corpus.documents.filtered_ids(both) == ["d1", "d4"]
    bob = DocumentFilter(annotator="bob", statuses=frozenset({DocStatus.NEW}))
    assert corpus.documents.filtered_ids(bob) == ["d1", "d2", "d3", "d4"]
    rows = corpus.documents.summaries(["d2", "d1", "zz"], "alice")
    assert [(r.id, r.status, r.span_count, r.outlet) for r in rows] == [
        ("d2", DocStatus.DONE, 0, "Wire"), ("d1", DocStatus.IN_PROGRESS, 1, "Wire")]
    assert corpus.documents.summaries([], "alice") == []


# -- integrity ---------------------------------------------------------------------------------


@pytest.fixture
def sound(corpus: Project) -> Project:
    text = DOCS["d1"][1]
    for sid, label, needle in (("s1", "CLAIM", "progress on a truce"), ("s2", "SOURCE", "Envoys"),
                               ("s3", "CUE", "report"), ("s4", "ACTOR", "Yerevan")):
        start = text.index(needle)
        # "Envoys" is an unnamed source: the codebook asks for no actor link.
        attrs = {"anonymity": "unnamed"} if label == "SOURCE" else {}
        corpus.spans.add("d1", "alice", Span.from_text(text, id=sid, label=label,
                                                   fragments=((start, start + len(needle)),),
                                                   attrs=attrs),
                     who="alice")
    corpus.frames.add("d1", "alice", Frame("f1", "attribution", {
        "content": ("s1",), "source": ("s2",), "cue": ("s3",)}), who="alice")
    corpus.relations.add("d1", "alice", Relation("r1", "about", "s1", "s4"), who="alice")
    return corpus


def _tamper(path: Path, *statements: str) -> None:
    conn = raw_connect(path)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        for sql in statements:
            conn.execute(sql)
    finally:
        conn.close()


def _check(path: Path) -> tuple[list[str], list[str]]:
    with open_project(path) as project:
        return check_project(project)


def test_sound_project_has_no_problems(sound: Project) -> None:
    assert check_project(sound) == ([], [])


def test_review_findings_are_warnings_per_document(sound: Project) -> None:
    text = DOCS["d1"][1]
    start = text.index("Envoys")
    sound.spans.update("d1", "alice", Span.from_text(
        text, id="s2", label="SOURCE", fragments=((start, start + 6),)), who="alice")
    problems, warnings = check_project(sound)
    assert problems == []
    assert warnings == ["document d1, layer alice: SOURCE s2 “Envoys” is not linked to an "
                        "actor"]


def test_incomplete_frame_is_a_warning_not_a_problem(sound: Project) -> None:
    sound.frames.add("d1", "alice", Frame("f2", "attribution", {"cue": ("s3",)}),
                                who="alice")
    problems, warnings = check_project(sound)
    assert problems == []
    assert len(warnings) == 1
    assert "f2" in warnings[0]
    assert "content" in warnings[0]


def test_tampered_span_text(sound: Project, project_path: Path) -> None:
    sound.close()
    _tamper(project_path, "UPDATE spans SET text = 'progress on a truth' WHERE id = 's1'")
    problems, _ = _check(project_path)
    assert len(problems) == 1
    assert "span s1" in problems[0]
    assert "progress on a truth" in problems[0]


def test_tampered_document_text(sound: Project, project_path: Path) -> None:
    sound.close()
    _tamper(project_path, "UPDATE documents SET text = 'X' || text WHERE id = 'd1'")
    problems, _ = _check(project_path)
    assert any("document d1: text does not match its stored SHA-256" in p for p in problems)
    assert any("span s1" in p for p in problems)  # the offsets no longer fit either


def test_tampered_document_hash_only(sound: Project, project_path: Path) -> None:
    sound.close()
    _tamper(project_path, "UPDATE documents SET sha256 = 'beef' WHERE id = 'd2'")
    problems, _ = _check(project_path)
    assert problems == ["document d2: text does not match its stored SHA-256"]


@pytest.mark.parametrize(("sql", "expected"), [
    ('UPDATE spans SET "end" = 10000 WHERE id = \'s4\'', "past the end"),
    ("UPDATE spans SET label = 'QUOTE' WHERE id = 's4'", "label QUOTE is not in the codebook"),
    ("UPDATE spans SET fragments = '[[0,6],[3,9]]', \"end\" = 9 WHERE id = 's2'",
     "overlap"),
    ("UPDATE spans SET fragments = '[[1,6]]' WHERE id = 's2'", "outer bounds"),
    ("UPDATE frames SET type = 'quotation'", "frame type quotation"),
    ("UPDATE documents SET text = text || char(13) || char(10), sha256 = 'x' WHERE id = 'd4'",
     "CR characters"),
    ("DELETE FROM documents WHERE id = 'd1'", "points to a missing"),
    ("UPDATE spans SET annotator = 'gold' WHERE id = 's3'", "outside its document layer"),
    ("DELETE FROM frames", "frame_roles row 1 points to a missing frames row"),
    ("DELETE FROM spans WHERE id = 's1'", "outside its document layer"),
    ("UPDATE spans SET fragments = '[[1]]' WHERE id = 's2'", "fragments"),
    ("UPDATE spans SET fragments = '{\"a\": 1}' WHERE id = 's2'", "fragments"),
    ("UPDATE spans SET fragments = '[[0, \"x\"]]' WHERE id = 's2'", "fragments"),
])
def test_other_tampering_is_found(sound: Project, project_path: Path, sql: str,
                                  expected: str) -> None:
    sound.close()
    _tamper(project_path, sql)
    problems, _ = _check(project_path)
    assert any(expected in p for p in problems), problems

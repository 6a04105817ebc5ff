"""What the store refuses (defects: an actor ``kind`` was not validated; NUL in actor ids and
control or bidirectional-override characters in annotator names were accepted) and damaged
files said in plain words (a dropped table gave "unexpected error", also in ``check``)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from helpers.foundation import add_document, assert_clean_failure, record, run_cli, write_jsonl

from desktop.core.errors import InputError, ProjectCorrupt
from desktop.core.identifiers import display_name_problem, identifier_problem
from desktop.core.model import Actor, Span
from desktop.formats.importing import ImportOptions, import_paths
from desktop.store import Project, open_project

BAD_NAMES = {
    "nul": "ali\x00ce",
    "newline": "alice\nbob",
    "escape": "alice\x1b[31m",
    "rlo": "\u202eecila",  # shows as "alice"
    "isolate": "al\u2066ice",
    "zero-width": "ali\u200bce",
    "bom": "\ufeffalice",
    "padded": " alice",
}


@pytest.mark.parametrize("name", list(BAD_NAMES.values()), ids=list(BAD_NAMES))
def test_unsafe_annotator_names_are_refused(project: Project, name: str) -> None:
    add_document(project, "d1", "Some text here.")
    assert identifier_problem(name) is not None
    with pytest.raises(InputError) as err:
        project.spans.add("d1", name, Span.from_text("Some text here.", id="", label="CLAIM",
                                                     fragments=((0, 4),)), who=name)
    assert err.value.field == "annotator"
    with pytest.raises(InputError):
        project.annotations.ensure_annotator(name)
    assert name not in project.annotations.annotators()


def test_an_unsafe_annotator_in_an_import_names_the_line(project: Project,
                                                         tmp_path: Path) -> None:
    text = "The envoy said so."
    src = write_jsonl(tmp_path / "in.jsonl", [
        record("d1", text, annotator="alice"),
        record("d2", "Another text.", annotator="\u202eecila",
               spans=[{"id": "s1", "label": "CLAIM", "start": 0, "end": 7, "text": "Another",
                       "attrs": {"form": "direct"}, "actor": None}])])
    with pytest.raises(InputError) as err:
        import_paths(project, [src])
    assert (err.value.line, err.value.field) == (2, "annotator")
    assert "bidirectional override" in str(err.value)
    assert project.documents.count() == 0
    result = run_cli("import", project.path, src, "--annotator", "bob\x07")  # type: ignore[arg-type]
    assert result.code == 2
    assert "control character" in result.err


def test_good_names_still_work(project: Project) -> None:
    for name in ("alice", "Zoë Ødegaard", "محمد", "李雷", "o'brien-2"):
        assert identifier_problem(name) is None
        project.annotations.ensure_annotator(name)
    assert display_name_problem("خانه\u200cها") is None  # Persian needs the ZWNJ


@pytest.mark.parametrize(("actor", "field"), [
    (Actor(id="a\x00x", name="Macron", kind="person"), "id"),
    (Actor(id="a1", name="Macron", kind="wizard"), "kind"),
    (Actor(id="", name="Ma\x00cron", kind="person"), "name"),
    (Actor(id="", name="Macron", kind="person", aliases=("Mac\x00",)), "aliases"),
    (Actor(id="a\u202e1", name="Macron", kind="person"), "id"),
])
def test_actors_are_checked(project: Project, actor: Actor, field: str) -> None:
    with pytest.raises(InputError) as err:
        project.actors.add(actor, who="alice")
    assert err.value.field == field
    assert project.actors.count() == 0
    ok = project.actors.add(Actor(id="", name="Macron", kind="person"), who="alice").value
    with pytest.raises(InputError):
        project.actors.update(Actor(id=ok.id, name="Macron", kind="wizard"), who="alice")


def test_an_unknown_actor_kind_in_an_import_names_the_line(project: Project,
                                                           tmp_path: Path) -> None:
    text = "Macron spoke."
    rec = record("d1", text, spans=[{"id": "s1", "label": "SOURCE", "start": 0, "end": 6,
                                     "text": "Macron", "attrs": {}, "actor": "a1"}],
                 actors=[{"id": "a1", "name": "Emmanuel Macron", "kind": "wizard",
                          "aliases": [], "attrs": {}}])
    src = write_jsonl(tmp_path / "in.jsonl", [record("d0", "Fine."), rec])
    with pytest.raises(InputError) as err:
        import_paths(project, [src])
    assert (err.value.line, err.value.field) == (2, "kind")
    report = import_paths(project, [src], skip_bad=True)
    assert report.documents_added == 1
    assert [(b.line, b.field) for b in report.skipped] == [(2, "kind")]
    # The skipped record left nothing behind: not its document either.
    assert project.documents.ids() == ["d0"]


@pytest.mark.parametrize("fmt", ["jsonl", "doccano", "labelstudio"])
def test_empty_documents_are_refused_in_every_format(project: Project, tmp_path: Path,
                                                     fmt: str) -> None:
    """An empty .txt was refused while an empty JSONL text was accepted: now one rule."""
    src = tmp_path / f"in-{fmt}.json{'l' if fmt != 'labelstudio' else ''}"
    if fmt == "jsonl":
        write_jsonl(src, [record("d1", "Real text."), record("d2", "   ")])
    elif fmt == "doccano":
        write_jsonl(src, [{"text": "Real text.", "label": []}, {"text": "  ", "label": []}])
    else:
        src.write_text('[{"data": {"text": "Real text."}}, {"data": {"text": " "}}]',
                       encoding="utf-8")
    with pytest.raises(InputError) as err:
        import_paths(project, [src], options=ImportOptions(fmt=fmt))
    assert "empty" in str(err.value)
    assert err.value.field == "text"
    assert project.documents.count() == 0


@pytest.mark.parametrize("fmt", ["jsonl", "doccano", "labelstudio"])
def test_deeply_nested_json_is_bad_input_not_a_crash(project_path: Path, tmp_path: Path,
                                                     fmt: str) -> None:
    deep = "[" * 50_000 + "]" * 50_000
    src = tmp_path / "deep.json"
    src.write_text(deep + "\n" if fmt != "jsonl" else
                   '{"id": "x", "text": "t", "meta": {"a": ' + deep + "}}\n", encoding="utf-8")
    result = run_cli("import", project_path, src, "--format", fmt)
    assert_clean_failure(result, "nested")
    shallow_but_too_deep = '{"id": "x", "text": "t", "meta": {"a": ' + "[" * 100 + "]" * 100 + "}}"
    src.write_text(shallow_but_too_deep + "\n", encoding="utf-8")
    if fmt == "jsonl":
        assert_clean_failure(run_cli("import", project_path, src), "nested more than 64")


# -- damaged files ----------------------------------------------------------------------------


@pytest.fixture
def dropped(project_path: Path) -> Path:
    with open_project(project_path) as project:
        add_document(project, "d1", "Some text.")
    conn = sqlite3.connect(project_path)
    conn.execute("DROP TABLE frame_roles")
    conn.commit()
    conn.close()
    return project_path


def test_a_dropped_table_is_a_plain_sentence(dropped: Path) -> None:
    with pytest.raises(ProjectCorrupt, match="the table frame_roles is missing"):
        open_project(dropped)
    result = run_cli("stats", dropped)
    assert_clean_failure(result, "damaged", "frame_roles is missing", "claimdesk restore")


def test_check_reports_a_dropped_table(dropped: Path) -> None:
    result = run_cli("check", dropped)
    assert result.code == 1, result
    assert "problem: sqlite: the table frame_roles is missing" in result.out
    assert "unexpected" not in result.out + result.err


def test_check_reports_tampered_text(project_path: Path) -> None:
    with open_project(project_path) as project:
        add_document(project, "d1", "The minister said the talks would resume.")
    conn = sqlite3.connect(project_path)
    conn.execute("UPDATE documents SET text = 'Something else entirely.'")
    conn.commit()
    conn.close()
    result = run_cli("check", project_path)
    assert result.code == 1
    assert "document d1: text does not match its stored SHA-256" in result.out

"""Builders for the team-workflow tests: a lead project, batch copies, edits in a copy."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from desktop.core.model import Actor, DocStatus, Document, Frame, Span
from desktop.core.offsets import sha256_text
from desktop.store import Project, open_project
from helpers.foundation import new_project_file

# Fictional wire copy, written for these tests; the first one has astral characters and RTL
# text before the quote so offset mistakes show.
TEXTS = {
    "d1": ('🇫🇷 Paris 👩\u200d👩\u200d👧 — قال المتحدث. "The truce is fragile," Ida Berg said on '
           "Friday."),
    "d2": "The council said the bridge would reopen in May, according to a spokesperson.",
    "d3": '"We will not sign," Ivan Petrov told reporters after the talks.',
    "d4": "Officials denied that the budget had been cut, a ministry statement said.",
    "d5": "Nothing was said about the harbour.",
}


def make_lead(path: Path, *, actors: Sequence[Actor] = ()) -> Path:
    """A lead project with the five documents (ids d1..d5) and ``actors``."""
    new_project_file(path)
    with open_project(path) as p:
        with p.transaction():
            p.documents.insert_many([Document(id=i, title=f"Article {i}", text=t,
                                              sha256=sha256_text(t), meta={"outlet": "Wire"})
                                     for i, t in TEXTS.items()])
        for a in actors:
            p.actors.add(a, who="lead")
    return path


def at(doc_text: str, needle: str) -> tuple[int, int]:
    s = doc_text.index(needle)
    return s, s + len(needle)


def doc_id_of(project: Project, key: str) -> str:
    """The id ``project`` gives the text of ``TEXTS[key]`` (ids may differ between files)."""
    found = project.documents.id_for_hash(sha256_text(TEXTS[key]))
    assert found is not None, key
    return found


def add(project: Project, key: str, annotator: str, label: str, needle: str, *,
        actor: str | None = None, **attrs: str) -> Span:
    doc = doc_id_of(project, key)
    text = project.documents.get(doc).text
    return project.spans.add(doc, annotator, Span.from_text(
        text, id="", label=label, fragments=(at(text, needle),), actor=actor,
        attrs=attrs), who=annotator).value


def attribute(project: Project, key: str, annotator: str, claim: Span, source: Span | None,
              cue: Span) -> Frame:
    roles = {"content": (claim.id,), "cue": (cue.id,)}
    if source is not None:
        roles["source"] = (source.id,)
    return project.frames.add(doc_id_of(project, key), annotator,
                              Frame(id="", type="attribution", roles=roles),
                              who=annotator).value


def finish(project: Project, key: str, annotator: str) -> None:
    project.status.set(doc_id_of(project, key), annotator, DocStatus.DONE, who=annotator)


def annotate_truce(project: Project, annotator: str, *, claim: str = '"The truce is fragile,"',
                   source_label: str = "SOURCE", actor: str | None = None) -> None:
    """d1: CLAIM, SOURCE (or ACTOR), CUE and a frame; then done."""
    c = add(project, "d1", annotator, "CLAIM", claim, form="direct")
    s = add(project, "d1", annotator, source_label, "Ida Berg", actor=actor)
    q = add(project, "d1", annotator, "CUE", "said")
    attribute(project, "d1", annotator, c, s if source_label == "SOURCE" else None, q)
    finish(project, "d1", annotator)


def tick() -> None:
    """Let the clock move on (layer stamps have millisecond resolution)."""
    time.sleep(0.005)

"""A frame's trigger span (brat event triggers): stored, read, shared, undone, bulk-imported."""

from __future__ import annotations

from pathlib import Path

from helpers.foundation import add_document

from desktop.core.codebook import parse_codebook
from desktop.core.codebook_toml import extend, to_toml
from desktop.core.model import Frame, Layer, Span
from desktop.core.native import frame_dict
from desktop.store import Project, check_project

TEXT = "Northwind paid Contoso 5 million and Contoso paid Fabrikam."


def _span(sid: str, label: str, needle: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(needle, start + 1)
    return Span.from_text(TEXT, id=sid, label=label, fragments=((start, start + len(needle)),))


def _codebook(project: Project) -> None:
    cb = extend(project.codebook, labels=["Organization", "Money", "Transfer-money"],
                frame_roles={"Transfer-money": {"Giver-Arg": ["Organization"],
                                                "Recipient-Arg": ["Organization"]}})
    project.set_codebook(parse_codebook(to_toml(cb)), who="t")


def test_trigger_is_stored_shared_and_restored_on_undo(project: Project,
                                                       tmp_path: Path) -> None:
    add_document(project, "d1", TEXT)
    _codebook(project)
    spans = [_span("s1", "Organization", "Northwind"), _span("s2", "Organization", "Contoso"),
             _span("s3", "Transfer-money", "paid"), _span("s4", "Organization", "Fabrikam")]
    for s in spans:
        project.spans.add("d1", "a", s, who="t")
    f1 = Frame(id="f1", type="Transfer-money", trigger="s3",
               roles={"Giver-Arg": ("s1",), "Recipient-Arg": ("s2",)})
    f2 = Frame(id="f2", type="Transfer-money", trigger="s3",
               roles={"Giver-Arg": ("s2",), "Recipient-Arg": ("s4",)})
    project.frames.add("d1", "a", f1, who="t")
    project.frames.add("d1", "a", f2, who="t")
    assert project.annotations.layer("d1", "a").frames == (f1, f2)
    assert frame_dict(f1)["trigger"] == "s3"
    assert "trigger" not in frame_dict(Frame(id="f", type="t", roles={}))
    snap = project.spans.delete("d1", "a", "s3", who="t").value
    assert [f.trigger for f in project.annotations.layer("d1", "a").frames] == [None, None]
    project.spans.restore("d1", "a", snap, who="t")
    assert project.annotations.layer("d1", "a").frames == (f1, f2)
    assert check_project(project)[0] == []


def test_bulk_import_keeps_triggers_and_tells_frames_apart_by_them(project: Project) -> None:
    add_document(project, "d1", TEXT)
    _codebook(project)
    spans = (_span("s1", "Organization", "Northwind"), _span("s2", "Organization", "Contoso"),
             _span("s3", "Transfer-money", "paid"), _span("s5", "Transfer-money", "paid", 1))
    roles = {"Giver-Arg": ("s1",), "Recipient-Arg": ("s2",)}
    frames = (Frame(id="f1", type="Transfer-money", roles=roles, trigger="s3"),
              Frame(id="f2", type="Transfer-money", roles=roles, trigger="s5"))
    project.bulk.merge("d1", Layer(annotator="a", spans=spans, frames=frames), who="t")
    assert project.annotations.layer("d1", "a").frames == frames

"""--extend-codebook adds exactly what the validator finds missing, and every record is checked
once: by its reader, never again by the store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from helpers.foundation import macron_record, record, span_at, write_jsonl
from helpers.importing import run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.codebook import Codebook, load_codebook
from desktop.core.codebook_toml import extend
from desktop.core.errors import CodebookError, InputError
from desktop.core.model import Frame, Layer, Relation, Span
from desktop.core.validate import (
    Problem,
    frame_problems,
    relation_problems,
    span_codebook_problems,
)
from desktop.formats.extending import missing
from desktop.resources import default_codebook_path
from desktop.store import open_project

CODEBOOK = load_codebook(default_codebook_path())

_names = st.sampled_from(["CLAIM", "SOURCE", "CUE", "ACTOR", "PLACE", "Place", "bad name"])
_attr_names = st.sampled_from(["form", "kind", "anonymity", "channel", "tone", "bad key"])
_values = st.sampled_from(["direct", "person", "named", "statement", "loud", "x y"])


@st.composite
def layers(draw: Any) -> Layer:
    n = draw(st.integers(1, 5))
    spans = tuple(Span(id=f"s{i}", label=draw(_names), fragments=((i, i + 1),), text="x",
                       attrs=draw(st.dictionaries(_attr_names, _values, max_size=2)))
                  for i in range(n))
    ids = st.sampled_from([s.id for s in spans])
    frames = tuple(Frame(id=f"f{k}", type=draw(st.sampled_from(["attribution", "denial"])),
                         roles=draw(st.dictionaries(
                             st.sampled_from(["content", "source", "cue", "target"]),
                             st.lists(ids, min_size=0, max_size=2, unique=True).map(tuple),
                             max_size=3)),
                         attrs=draw(st.dictionaries(st.sampled_from(["channel", "mood"]),
                                                    _values, max_size=1)))
                   for k in range(draw(st.integers(0, 2))))
    relations = tuple(Relation(id=f"r{k}", label=draw(st.sampled_from(["about", "cites"])),
                               head=draw(ids), tail=draw(ids))
                      for k in range(draw(st.integers(0, 2))))
    return Layer(annotator="a", spans=spans, frames=frames, relations=relations)


def _problems(layer: Layer, codebook: Codebook) -> list[Problem]:
    labels = {s.id: s.label for s in layer.spans}
    out = [p for s in layer.spans for p in span_codebook_problems(s, codebook)]
    out += [p for f in layer.frames for p in frame_problems(f, labels=labels, codebook=codebook)]
    out += [p for r in layer.relations
            for p in relation_problems(r, labels=labels, codebook=codebook)]
    return out


@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(layers())
def test_the_extension_covers_every_problem_a_reader_lets_through(layer: Layer) -> None:
    before = _problems(layer, CODEBOOK)
    if any(not p.codebook_extensible for p in before):
        return  # a reader rejects this record even with --extend-codebook
    wanted = missing(CODEBOOK, layer)
    assert bool(wanted) == bool(before)
    try:
        extended = extend(CODEBOOK, **wanted)
    except CodebookError:
        return  # a name the codebook cannot hold: the import fails, naming it
    assert _problems(layer, extended) == []


def test_what_no_codebook_can_hold_fails_the_extension() -> None:
    spans = (Span(id="s1", label="CLAIM", fragments=((0, 1),), text="x"),)
    empty_role = Layer(annotator="a", spans=spans, frames=(
        Frame(id="f1", type="attribution", roles={"content": ("s1",), "target": ()}),))
    no_roles = Layer(annotator="a", spans=spans, frames=(Frame(id="f1", type="denial",
                                                               roles={}),))
    for layer in (empty_role, no_roles):
        with pytest.raises(CodebookError):
            extend(CODEBOOK, **missing(CODEBOOK, layer))


TEXT = 'Officials said "talks will go on" today, according to AFP.'


def frame(fid: str, roles: dict[str, list[str]], *, ftype: str = "attribution",
          attrs: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"id": fid, "type": ftype, "roles": roles, "attrs": attrs or {}}


def relation(rid: str, head: str, tail: str, *, label: str = "about") -> dict[str, Any]:
    return {"id": rid, "label": label, "head": head, "tail": tail, "attrs": {}}


def _record(**changes: Any) -> dict[str, Any]:
    rec = record("doc-x", TEXT, spans=[
        span_at("s1", "SOURCE", TEXT, "Officials"),
        span_at("s2", "CUE", TEXT, "said"),
        span_at("s3", "CLAIM", TEXT, '"talks will go on"', attrs={"form": "direct"}),
        span_at("s4", "ACTOR", TEXT, "AFP"),
    ], frames=[frame("f1", {"content": ["s3"], "source": ["s1"], "cue": ["s2"]})],
        relations=[relation("r1", "s3", "s4")])
    rec.update(changes)
    return rec


@pytest.mark.parametrize(("change", "field", "reason"), [
    pytest.param({"frames": [frame("f1", {"content": ["s3"], "cue": ["s2", "s2"]})]},
                 "frames[0].roles.cue", "twice", id="same-span-twice"),
    pytest.param({"frames": [frame("f1", {"content": ["s3"], "source": ["s9"]},
                                   ftype="denial")]},
                 "frames[0].roles.source", "does not exist", id="missing-span-new-type"),
    pytest.param({"relations": [relation("r1", "s3", "s9", label="cites")]},
                 "relations[0].tail", "does not exist", id="missing-span-new-relation"),
    pytest.param({"relations": [dict(relation("r1", "s3", "s4"), attrs={"w": "1"})]},
                 "relations[0].attrs.w", "unknown attribute", id="relation-attribute"),
])
def test_extend_codebook_still_rejects_what_it_cannot_add(
        project_path: Path, tmp_path: Path, change: dict[str, Any], field: str,
        reason: str) -> None:
    src = write_jsonl(tmp_path / "x.jsonl", [_record(**change)])
    with pytest.raises(InputError) as err:
        run(project_path, src, extend=True)
    assert (err.value.line, err.value.field) == (1, field)
    assert reason in err.value.reason


def test_a_non_string_attribute_is_named_even_with_extend(project_path: Path,
                                                          tmp_path: Path) -> None:
    rec = _record()
    rec["spans"][2]["attrs"] = {"tone": 3}
    src = write_jsonl(tmp_path / "x.jsonl", [rec])
    with pytest.raises(InputError) as err:
        run(project_path, src, extend=True)
    assert (err.value.field, err.value.reason) == ("spans[2].attrs.tone",
                                                   "must be a string, not int")


def test_extension_adds_new_names_and_imports(project_path: Path, tmp_path: Path) -> None:
    rec = _record(frames=[frame("f1", {"content": ["s3"], "speaker": ["s1"]},
                                attrs={"channel": "radio"})],
                  relations=[relation("r1", "s3", "s4", label="cites")])
    rec["spans"][3]["label"] = "PLACE"
    src = write_jsonl(tmp_path / "x.jsonl", [rec])
    report = run(project_path, src, extend=True)
    assert (report.spans, report.frames, report.relations) == (4, 1, 1)
    with open_project(project_path) as p:
        cb = p.codebook
        att = cb.frame_type("attribution")
        assert att is not None
        assert att.role("speaker") is not None
        assert cb.label("PLACE") is not None
        assert cb.relation_type("cites") is not None


def test_the_store_does_not_check_imported_records_again(
        project_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def checked_twice(*_args: object, **_kwargs: object) -> list[Problem]:
        raise AssertionError("the store re-validated an imported record")

    import desktop.store.merge as merge

    for name in ("validated_span", "frame_problems", "relation_problems"):
        monkeypatch.setattr(merge, name, checked_twice)
    first = write_jsonl(tmp_path / "a.jsonl", [macron_record("doc-1"), _record()])
    report = run(project_path, first)
    assert (report.documents_added, report.frames, report.relations) == (2, 2, 2)
    again = write_jsonl(tmp_path / "b.jsonl", [dict(_record(), annotator="bob")])
    assert run(project_path, again).spans == 4  # merged into a stored document


def test_skip_bad_with_extend_skips_a_record_that_cannot_extend_and_goes_on(
        project_path: Path, tmp_path: Path) -> None:
    bad = _record(id="bad", text=TEXT + " More.", sha256=None)
    bad["frames"] = [frame("f1", {"content": ["s3"], "target": []})]  # a role no span fills
    good = _record(id="good", text=TEXT + " Again.", sha256=None)
    good["spans"][3]["label"] = "PLACE"
    src = write_jsonl(tmp_path / "x.jsonl", [bad, good, _record()])
    report = run(project_path, src, extend=True, skip_bad=True)
    assert [(e.line, e.field) for e in report.skipped] == [(1, "frames[0].roles[3].labels")]
    assert "cannot extend the codebook" in report.skipped[0].reason
    assert report.documents_added == 2

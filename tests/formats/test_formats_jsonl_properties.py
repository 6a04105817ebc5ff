"""Property: any valid document with any valid annotations survives import -> export exactly."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from helpers.foundation import (
    HARD_PIECES,
    actor,
    deterministic,
    new_project_file,
    read_jsonl,
    record,
    relation,
    span,
    write_jsonl,
)
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.codebook import load_codebook
from desktop.core.offsets import normalize_newlines, sha256_text
from desktop.formats.exporting import export
from desktop.formats.importing import import_paths
from desktop.resources import default_codebook_path
from desktop.store import open_project

CODEBOOK = load_codebook(default_codebook_path())
LABELS = [x.name for x in CODEBOOK.labels]
NO_CR = st.characters(exclude_characters="\r")
texts = st.lists(st.sampled_from([p for p in HARD_PIECES if "\r" not in p])
                 | st.text(NO_CR, max_size=6), min_size=1, max_size=20).map("".join)


@st.composite
def fragments(draw: st.DrawFn, length: int) -> list[tuple[int, int]]:
    n = draw(st.integers(1, min(3, length // 2)))
    cuts = sorted(draw(st.lists(st.integers(0, length), min_size=2 * n, max_size=2 * n,
                                unique=True)))
    return [(cuts[i], cuts[i + 1]) for i in range(0, 2 * n, 2)]


@st.composite
def annotated_records(draw: st.DrawFn) -> dict[str, Any]:
    text = draw(texts)
    if len(text) < 2:
        text += " ."
    actors = [actor(f"a{i}", f"Actor {i} " + draw(st.text(NO_CR, max_size=5)),
                    kind=draw(st.sampled_from(CODEBOOK.actor_kinds)),
                    aliases=[f"alias {i}.{j} {a}" for j, a in enumerate(draw(
                        st.lists(st.text(NO_CR, max_size=4), max_size=3)))])
              for i in range(1, draw(st.integers(0, 3)) + 1)]
    shapes: dict[tuple[str, tuple[tuple[int, int], ...]], dict[str, Any]] = {}
    for _ in range(draw(st.integers(0, 8))):
        label = draw(st.sampled_from(LABELS))
        frags = tuple(draw(fragments(len(text))))
        ldef = CODEBOOK.label(label)
        assert ldef is not None
        attrs = {a.name: draw(st.sampled_from(a.values)) for a in ldef.attributes
                 if draw(st.booleans())}
        linked = None
        if ldef.links_actor and actors and draw(st.booleans()):
            linked = draw(st.sampled_from(actors))["id"]
        shapes.setdefault((label, frags), {"label": label, "frags": frags, "attrs": attrs,
                                           "actor": linked})
    # ids in the order the store reads spans back: by start, end, then id
    ordered = sorted(shapes.values(), key=lambda s: (s["frags"][0][0], s["frags"][-1][1]))
    spans = [span(f"s{i}", s["label"], text, s["frags"], attrs=s["attrs"], actor=s["actor"])
             for i, s in enumerate(ordered, 1)]
    by_label: dict[str, list[str]] = {}
    for s in spans:
        by_label.setdefault(s["label"], []).append(s["id"])
    frames = []
    for i, claim in enumerate(by_label.get("CLAIM", []), 1):
        roles: dict[str, list[str]] = {"content": [claim]}
        for role, label in (("source", "SOURCE"), ("cue", "CUE")):
            available = by_label.get(label, [])
            chosen = draw(st.lists(st.sampled_from(available), unique=True,
                                   max_size=2)) if available else []
            if chosen:
                roles[role] = chosen
        attrs = {}
        if draw(st.booleans()):
            attrs["channel"] = draw(st.sampled_from(["statement", "interview", "other"]))
        frames.append({"id": f"f{i}", "type": "attribution", "roles": roles, "attrs": attrs})
    pairs = [(c, a) for c in by_label.get("CLAIM", []) for a in by_label.get("ACTOR", [])]
    chosen_pairs = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=3)) if pairs \
        else []
    relations = [relation(f"r{i}", h, t) for i, (h, t) in enumerate(chosen_pairs, 1)]
    used = {s["actor"] for s in spans if s["actor"]}
    return record("doc", text, title=draw(st.text(NO_CR, min_size=1, max_size=10)),
                  meta={"outlet": draw(st.text(max_size=5)), "n": draw(st.integers())},
                  annotator=draw(st.sampled_from(["alice", "Zoë", "注釈者"])),
                  status=draw(st.sampled_from(["new", "in progress", "done", "skipped"])),
                  spans=spans, frames=frames, relations=relations,
                  actors=[a for a in actors if a["id"] in used])


def _round_trip(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = new_project_file(folder / "p.claimdesk")
        with open_project(path) as project:
            import_paths(project, [write_jsonl(folder / "in.jsonl", records)])
            export(project, fmt="jsonl", out=folder / "out.jsonl",
                   annotator=records[0]["annotator"])
        return read_jsonl(folder / "out.jsonl")


@deterministic(max_examples=50)
@given(annotated_records())
def test_random_documents_round_trip_exactly(rec: dict[str, Any]) -> None:
    if rec["status"] == "new" and not rec["spans"]:
        rec["status"] = "done"  # a layer with nothing in it is not a layer anyone made
    [out] = _round_trip([rec])
    assert out == rec
    text = out["text"]
    for s in out["spans"]:
        frags = s.get("fragments", [[s["start"], s["end"]]])
        assert " ".join(text[a:b] for a, b in frags) == s["text"]


@st.composite
def crlf_records(draw: st.DrawFn) -> tuple[dict[str, Any], list[tuple[int, int]]]:
    """A record whose text has CRLF and lone CR, with spans counted on that raw text."""
    raw = draw(st.lists(st.sampled_from(HARD_PIECES), min_size=2, max_size=25).map("".join))
    cuts = [o for o in range(len(raw) + 1)
            if not (0 < o < len(raw) and raw[o - 1] == "\r" and raw[o] == "\n")]
    bounds = sorted(draw(st.lists(st.sampled_from(cuts), min_size=0, max_size=8, unique=True)))
    pairs = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds) - 1, 2)]
    spans = [span(f"s{i}", "CUE", raw, [p]) for i, p in enumerate(pairs, 1)]
    return record("crlf", raw, status="done", spans=spans), pairs


@deterministic(max_examples=40)
@given(crlf_records())
def test_crlf_offsets_map_onto_the_lf_text(case: tuple[dict[str, Any], list[tuple[int, int]]],
                                           ) -> None:
    rec, pairs = case
    raw = rec["text"]
    lf, remap = normalize_newlines(raw)
    [out] = _round_trip([rec])
    assert out["text"] == lf
    assert out["sha256"] == sha256_text(lf)
    got = [(s["start"], s["end"], s["text"]) for s in out["spans"]]
    want = [(remap(a), remap(b), lf[remap(a):remap(b)]) for a, b in pairs
            if remap(a) < remap(b)]
    assert got == want

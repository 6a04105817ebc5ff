"""Round trips export -> import -> native JSONL for jsonl, brat, Label Studio and doccano.

The acceptance bar of issue 4: a project exported in a format and imported into a fresh project
(same annotator) exports as native JSONL exactly like the original, for everything the format
can hold. Each format has an explicit ``project_view`` below that drops only what the format
genuinely cannot carry (with the reason per field) and compares the rest through a canonical
form (spans keyed by label and fragments, actors by name) because some formats rename ids.

Label Studio and doccano exports carry a native copy of the layer (``data.claimdesk`` /
``claimdesk``) that both tools keep as task data: with it the round trip must be identical
field for field. The ``*_plain`` round trips strip that copy, so only what the tool itself
holds (regions, choices, relations) is read back.

The fixture corpus has astral characters, flags, ZWJ sequences, skin tones, combining marks,
Arabic, Hebrew and Armenian, CRLF and lone CR input, a split quote (two fragments), nested and
overlapping spans, span attributes, actor links with aliases, frames without a cue and without
a source (with channel), an ``about`` relation and a span note. A hypothesis property per
format repeats each round trip on generated texts and spans.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from helpers.foundation import (
    ARABIC,
    ARMENIAN,
    COMBINING,
    EMOJI,
    FLAG,
    HEBREW,
    SKIN_TONE,
    ZWJ_FAMILY,
    deterministic,
    hard_text,
    new_project_file,
    read_jsonl,
    write_jsonl,
)
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.offsets import normalize_newlines, sha256_text
from desktop.formats.exporting import export
from desktop.formats.importing import import_paths
from desktop.store import open_project

Record = dict[str, Any]
BREAKS = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
"""Line breaks as ``str.splitlines`` sees them."""
FORMATS = ("brat", "labelstudio", "doccano")
OUT_NAME = {"brat": "brat", "labelstudio": "tasks.json", "doccano": "doccano.jsonl"}

# -- the fixture corpus (raw input: CRLF, lone CR; offsets count code points of the raw text)

T1 = (f"Le {FLAG} président {COMBINING}lu {SKIN_TONE} a dit :\r\n"
      f'"La décision {EMOJI}," a-t-il déclaré, "est finale." {ZWJ_FAMILY}\r\n'
      "Selon l'AFP, rien n'est joué.\r\n")
T2 = (f"قال الوزير إن «السلام قريب». {HEBREW} אמר השר: \"שלום עכשיו\". "
      f"{ARMENIAN} 🇦🇲 a réagi sur les réseaux. {ARABIC}")
T3 = (f"The spokeswoman {SKIN_TONE} told reporters:\r\n\"Cafe\u0301 prices will rise,\" "
      f"citing {ZWJ_FAMILY} families.\rNo further comment 🇫🇷.")


def at(text: str, needle: str, nth: int = 0) -> list[int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return [start, start + len(needle)]


def sp(sid: str, label: str, text: str, *needles: str, attrs: Mapping[str, str] | None = None,
       actor: str | None = None, note: str = "") -> Record:
    """A span over ``needles`` (several: one fragment each, in order)."""
    frags: list[list[int]] = []
    for n in needles:
        a = text.index(n, frags[-1][1] if frags else 0)
        frags.append([a, a + len(n)])
    out: Record = {"id": sid, "label": label, "start": frags[0][0], "end": frags[-1][1],
                   "text": " ".join(text[a:b] for a, b in frags), "attrs": dict(attrs or {}),
                   "actor": actor}
    if len(frags) > 1:
        out["fragments"] = frags
    if note:
        out["note"] = note
    return out


def fr(fid: str, channel: str, **roles: list[str]) -> Record:
    return {"id": fid, "type": "attribution", "roles": roles, "attrs": {"channel": channel}}


def rel(rid: str, head: str, tail: str) -> Record:
    return {"id": rid, "label": "about", "head": head, "tail": tail, "attrs": {}}


def act(aid: str, name: str, kind: str, *aliases: str) -> Record:
    return {"id": aid, "name": name, "kind": kind, "aliases": list(aliases), "attrs": {}}


def doc(doc_id: str, text: str, title: str, meta: Mapping[str, str], spans: list[Record],
        frames: list[Record], relations: list[Record], actors: list[Record]) -> Record:
    return {"id": doc_id, "title": title, "text": text, "sha256": sha256_text(text),
            "meta": dict(meta), "annotator": "alice", "status": "done", "spans": spans,
            "frames": frames, "relations": relations, "actors": actors}


def corpus() -> list[Record]:
    d1 = doc("doc-1", T1, f"{FLAG} Trêve {EMOJI}",
             {"outlet": "AFP", "url": "https://example.org/1", "published": "2020-10-09"},
             [sp("s1", "CLAIM", T1, f'"La décision {EMOJI},"', '"est finale."',
                 attrs={"form": "direct"}),
              sp("s2", "SOURCE", T1, f"Le {FLAG} président {COMBINING}lu",
                 attrs={"anonymity": "named"}, actor="a1"),
              sp("s3", "ACTOR", T1, f"président {COMBINING}lu", attrs={"kind": "person"},
                 actor="a1"),  # nested in s2
              sp("s4", "CUE", T1, "déclaré"),
              sp("s5", "ACTOR", T1, "AFP", attrs={"kind": "organisation"}, actor="a2",
                 note=f"wire agency {EMOJI}, not the source"),
              sp("s6", "CUE", T1, "dit"),
              sp("s7", "CLAIM", T1, "La décision", attrs={"form": "partial"})],  # overlaps s1
             [fr("f1", "press conference", content=["s1"], source=["s2"], cue=["s4", "s6"])],
             [rel("r1", "s1", "s5")],
             [act("a1", "Emmanuel Macron", "person", "Macron", f"le président {COMBINING}lu"),
              act("a2", "AFP", "organisation", "Agence France-Presse")])
    d2 = doc("doc-2", T2, f"{ARABIC} {HEBREW} {ARMENIAN}", {"outlet": f"Wire {ZWJ_FAMILY}"},
             [sp("s1", "CLAIM", T2, "«السلام قريب»", attrs={"form": "direct"}),
              sp("s2", "SOURCE", T2, "الوزير", attrs={"anonymity": "unnamed"}),
              sp("s3", "CUE", T2, "قال"),
              sp("s4", "CLAIM", T2, '"שלום עכשיו"', attrs={"form": "direct"}),
              sp("s5", "CUE", T2, "אמר"),
              sp("s6", "ACTOR", T2, f"{ARMENIAN} 🇦🇲", attrs={"kind": "state"}, actor="a3"),
              sp("s7", "ACTOR", T2, "השר", attrs={"kind": "person"})],
             [fr("f1", "interview", content=["s1"], source=["s2"]),  # no cue
              fr("f2", "social media", content=["s4"], cue=["s5"])],  # no source
             [rel("r1", "s4", "s6")],
             [act("a3", "Armenia", "state", ARMENIAN, "Yerevan", f"{ARMENIAN} 🇦🇲")])
    d3 = doc("doc-3", T3, "Prices", {},
             [sp("s1", "SOURCE", T3, "The spokeswoman", attrs={"anonymity": "unnamed"}),
              sp("s2", "CUE", T3, "told"),
              sp("s3", "ACTOR", T3, "reporters", attrs={"kind": "group"}),
              sp("s4", "CLAIM", T3, '"Cafe\u0301 prices will rise,"',
                 attrs={"form": "direct"}),
              sp("s5", "CLAIM", T3, "Cafe\u0301 prices", attrs={"form": "partial"}),
              sp("s6", "ACTOR", T3, f"{ZWJ_FAMILY} families.\rNo", attrs={"kind": "group"},
                 actor="a4")],  # crosses a (lone CR) line break
             [fr("f1", "statement", content=["s4"], source=["s1"], cue=["s2"])],
             [rel("r1", "s4", "s3")],
             [act("a4", f"Families {ZWJ_FAMILY}", "group")])
    return [d1, d2, d3]


# -- running round trips ---------------------------------------------------------------------


class Runner:
    """Fresh projects in one folder: import, export, and read native JSONL back."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.n = 0

    def fresh(self) -> Path:
        self.n += 1
        return new_project_file(self.root / f"p{self.n}.claimdesk")

    def load(self, path: Path, fmt: str) -> Path:
        """A fresh project with ``path`` imported into the layer ``alice``."""
        project = self.fresh()
        with open_project(project) as p:
            import_paths(p, [path], fmt=fmt, annotator="alice")
        return project

    def export(self, project: Path, fmt: str) -> Path:
        self.n += 1
        out = self.root / f"out{self.n}-{OUT_NAME.get(fmt, 'x.jsonl')}"
        with open_project(project) as p:
            export(p, fmt=fmt, out=out, annotator="alice")
        return out

    def native(self, project: Path) -> list[Record]:
        return read_jsonl(self.export(project, "jsonl"))

    def original(self, records: Sequence[Record]) -> tuple[Path, list[Record]]:
        self.n += 1
        project = self.load(write_jsonl(self.root / f"in{self.n}.jsonl", records), "jsonl")
        return project, self.native(project)

    def through(self, project: Path, fmt: str,
                edit: Callable[[Path], None] | None = None) -> list[Record]:
        """Export ``project`` as ``fmt``, (edit the files,) import fresh, export natively."""
        out = self.export(project, fmt)
        if edit is not None:
            edit(out)
        return self.native(self.load(out, fmt))


def strip_side(fmt: str) -> Callable[[Path], None]:
    """Remove the exporter's native copy: what is left is only what the tool itself holds."""
    def edit(out: Path) -> None:
        if fmt == "labelstudio":
            tasks = json.loads(out.read_text("utf-8"))
            for t in tasks:
                del t["data"]["claimdesk"]
            out.write_text(json.dumps(tasks, ensure_ascii=False), "utf-8")
        else:
            recs = read_jsonl(out)
            for r in recs:
                del r["claimdesk"]
            write_jsonl(out, recs)
    return edit


# -- canonical form and per-format views --------------------------------------------------------


def fragments(s: Mapping[str, Any]) -> list[list[int]]:
    return [list(f) for f in s.get("fragments") or [[s["start"], s["end"]]]]


def _sorted(items: list[Any]) -> list[Any]:
    return sorted(items, key=lambda x: json.dumps(x, sort_keys=True, ensure_ascii=False))


def canonical(rec: Record, *, actor_key: str = "name") -> Record:
    """``rec`` with ids replaced by content: a span is (label, fragments), an actor its
    ``actor_key``; lists sorted. Two records with equal canonical forms say the same thing."""
    key = {s["id"]: [s["label"], fragments(s)] for s in rec["spans"]}
    actors = {a["id"]: a for a in rec["actors"]}
    spans = []
    for s in rec["spans"]:
        c = {k: v for k, v in s.items() if k != "id"}
        if s["actor"] is not None:
            c["actor"] = actors[s["actor"]][actor_key] if actor_key != "id" else s["actor"]
        spans.append(c)
    frames = [{"type": f["type"], "attrs": f["attrs"],
               "roles": {r: _sorted([key[x] for x in ids]) for r, ids in f["roles"].items()
                         if ids}} for f in rec["frames"]]
    relations = [{"label": r["label"], "head": key[r["head"]], "tail": key[r["tail"]],
                  "attrs": r["attrs"]} for r in rec["relations"]]
    return {k: v for k, v in rec.items() if k not in ("spans", "frames", "relations",
                                                        "actors")} | {
        "spans": _sorted(spans), "frames": _sorted(frames), "relations": _sorted(relations),
        "actors": _sorted([{k: v for k, v in a.items() if k != "id"}
                           for a in rec["actors"]])}


def _drop(rec: Record, *keys: str) -> Record:
    return {k: v for k, v in rec.items() if k not in keys}


def view_jsonl(rec: Record) -> Record:
    """Native JSONL is the contract: nothing is dropped and ids are compared as they are."""
    return rec


def view_brat(rec: Record) -> Record:
    """What a brat ``.txt`` + ``.ann`` pair holds."""
    text = rec["text"]
    spans = []
    kept: dict[str, str] = {}  # (label, fragments) -> id of the span that holds it
    alias: dict[str, str] = {}
    for s in rec["spans"]:
        # A T line's text may not contain a newline: brat itself cuts a selection across a
        # line break into fragments that leave the newline out (brat#1042), so does the export.
        pieces = [[a, b] for f0, f1 in fragments(s)
                  for a, b in _cut_at_newlines(text, f0, f1)]
        if not pieces:
            continue  # a span of only newlines has no brat form
        shape = json.dumps([s["label"], pieces])
        if shape in kept:  # differed only by a newline at its edge: one span on import
            alias[s["id"]] = kept[shape]
            continue
        kept[shape] = s["id"]
        c = dict(s, start=pieces[0][0], end=pieces[-1][1],
                 text=" ".join(text[a:b] for a, b in pieces))
        c.pop("fragments", None)
        if len(pieces) > 1:
            c["fragments"] = pieces
        if c.get("note"):  # a # line ends at a line break
            c["note"] = BREAKS.sub(" ", c["note"])
        spans.append(c)
    ids = set(kept.values())
    linked = {s["actor"] for s in spans if s["actor"] is not None}
    frames = [dict(f, roles={r: list(dict.fromkeys(alias.get(x, x) for x in xs
                                                     if alias.get(x, x) in ids))
                             for r, xs in f["roles"].items()}) for f in rec["frames"]]
    frames = [f for f in frames if any(f["roles"].values())]  # no span left: no E line
    # - title, meta: a .txt/.ann pair has no document metadata (the importer sets the title
    #   to the first line and meta to the file name);
    # - status: brat has no per-document workflow status;
    # - actor kind, aliases, attrs: an N line is "Reference T1 DB:ID<TAB>name", nothing more,
    #   and the name ends at a line break (and is read stripped);
    # - relation attributes: R lines cannot carry attributes;
    # - ids: T/E/R numbers are renumbered (compared through the canonical form).
    return canonical(_drop(rec, "title", "meta", "status") | {
        "spans": spans, "frames": frames,
        "actors": [{"id": a["id"], "name": BREAKS.sub(" ", a["name"]).strip()}
                   for a in rec["actors"] if a["id"] in linked],
        "relations": list({(r["label"], r["head"], r["tail"]): r for r in reversed([
            dict(r, head=alias.get(r["head"], r["head"]), tail=alias.get(r["tail"], r["tail"]),
                 attrs={}) for r in rec["relations"]]) if {r["head"], r["tail"]} <= ids
            }.values())})  # (relations that became identical are one on import)


def _cut_at_newlines(text: str, a: int, b: int) -> list[tuple[int, int]]:
    out, k = [], a
    for j in range(a, b):
        if text[j] == "\n":
            if j > k:
                out.append((k, j))
            k = j + 1
    if b > k:
        out.append((k, b))
    return out


def view_with_side(rec: Record) -> Record:
    """Label Studio and doccano exports keep a native copy of the layer (``claimdesk``) as task
    data, which both tools preserve: nothing is dropped, ids included."""
    return rec


def _expressible_frames(rec: Record) -> list[Record]:
    # Each frame is an anchor region/entity with a relation to every filler: any frame with a
    # filler comes back as itself (a frame with no span at all has nothing to anchor on).
    return [f for f in rec["frames"] if any(ids for ids in f["roles"].values())]


def view_labelstudio_plain(rec: Record) -> Record:
    """What Label Studio regions, per-region choices/textareas and relations hold."""
    # - status and the layer's annotator: Label Studio tasks have no workflow status; the
    #   annotator is given with --annotator on import;
    # - actor name, kind, aliases, attrs: a per-region textarea holds only the actor id (the
    #   registry entry travels in data.claimdesk), so links are compared by actor id;
    # - relation attributes: relation results carry only labels;
    # - ids of frames and relations: relation results have no id (canonical form).
    return canonical(_drop(rec, "status") | {
        "actors": [], "frames": _expressible_frames(rec),
        "relations": [dict(r, attrs={}) for r in rec["relations"]]}, actor_key="id")


def view_doccano_plain(rec: Record) -> Record:
    """What doccano JSONL(relation) entities and relations hold."""
    # - status: doccano has no per-document workflow status;
    # - span attributes, frame attributes, actor links and registry entries, span notes:
    #   doccano entities are (label, start, end) and relations (from, to, type) only;
    # - ids: entity and relation ids are integers renumbered over the file (canonical form).
    spans = [dict(s, attrs={}, actor=None) for s in rec["spans"]]
    for s in spans:
        s.pop("note", None)
    return canonical(_drop(rec, "status") | {
        "spans": spans, "actors": [],
        "frames": [dict(f, attrs={}) for f in _expressible_frames(rec)],
        "relations": [dict(r, attrs={}) for r in rec["relations"]]})


VIEWS: dict[str, Callable[[Record], Record]] = {
    "jsonl": view_jsonl, "brat": view_brat, "labelstudio": view_with_side,
    "doccano": view_with_side, "labelstudio_plain": view_labelstudio_plain,
    "doccano_plain": view_doccano_plain}


def assert_exact_offsets(records: Sequence[Record]) -> None:
    """``text[start:end] == span.text`` (fragments joined by a space) for every span."""
    for rec in records:
        text = rec["text"]
        assert "\r" not in text
        assert rec["sha256"] == sha256_text(text)
        for s in rec["spans"]:
            frags = fragments(s)
            assert (frags[0][0], frags[-1][1]) == (s["start"], s["end"])
            assert " ".join(text[a:b] for a, b in frags) == s["text"], s
            if "fragments" not in s:
                assert text[s["start"]:s["end"]] == s["text"]


def assert_same(variant: str, original: Sequence[Record], back: Sequence[Record]) -> None:
    assert_exact_offsets(back)
    view = VIEWS[variant]
    key = {r["sha256"]: r for r in back}
    assert sorted(key) == sorted(r["sha256"] for r in original)
    for rec in original:
        assert view(key[rec["sha256"]]) == view(rec), (variant, rec["id"])


def round_trip(runner: Runner, project: Path, variant: str) -> list[Record]:
    fmt, _, plain = variant.partition("_")
    if fmt == "jsonl":
        out = runner.export(project, "jsonl")
        return runner.native(runner.load(out, "jsonl"))
    return runner.through(project, fmt, strip_side(fmt) if plain else None)


# -- the fixture round trips -----------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Runner, Path, list[Record]]:
    runner = Runner(tmp_path_factory.mktemp("roundtrip"))
    project, original = runner.original(corpus())
    return runner, project, original


def test_fixture_is_hard(built: tuple[Runner, Path, list[Record]]) -> None:
    _, _, original = built
    assert_exact_offsets(original)
    assert len(original) == 3
    text = "".join(r["text"] for r in original)
    for piece in (EMOJI, FLAG, ZWJ_FAMILY, SKIN_TONE, COMBINING, ARABIC, HEBREW, ARMENIAN):
        assert piece in text
    spans = [s for r in original for s in r["spans"]]
    assert any("fragments" in s for s in spans)
    assert any("\n" in s["text"] for s in spans)
    assert any(s.get("note") for s in spans)
    frames = [f for r in original for f in r["frames"]]
    assert any(not f["roles"].get("cue") for f in frames)
    assert any(not f["roles"].get("source") for f in frames)
    # CRLF and the lone CR were normalised and the offsets remapped
    assert original[0]["text"] == T1.replace("\r\n", "\n")
    assert original[2]["text"] == normalize_newlines(T3)[0]


def test_jsonl_round_trip_is_identical(built: tuple[Runner, Path, list[Record]]) -> None:
    runner, project, original = built
    assert round_trip(runner, project, "jsonl") == original


@pytest.mark.parametrize("fmt", ["labelstudio", "doccano"])
def test_task_formats_round_trip_identically(built: tuple[Runner, Path, list[Record]],
                                             fmt: str) -> None:
    runner, project, original = built
    back = round_trip(runner, project, fmt)
    assert_exact_offsets(back)
    assert back == original


@pytest.mark.parametrize("variant", ["brat", "labelstudio_plain", "doccano_plain"])
def test_round_trip_keeps_what_the_format_holds(built: tuple[Runner, Path, list[Record]],
                                                variant: str) -> None:
    runner, project, original = built
    assert_same(variant, original, round_trip(runner, project, variant))


def test_brat_keeps_links_notes_and_frames(built: tuple[Runner, Path, list[Record]]) -> None:
    """Spot checks that the brat view did not compare away what brat must hold."""
    runner, project, _ = built
    back = {r["id"]: r for r in round_trip(runner, project, "brat")}
    d1 = back["doc-1"]
    by_text = {s["text"]: s for s in d1["spans"]}
    names = {a["id"]: a["name"] for a in d1["actors"]}
    assert names[by_text["AFP"]["actor"]] == "AFP"
    assert by_text["AFP"]["note"] == f"wire agency {EMOJI}, not the source"
    assert by_text[f'"La décision {EMOJI}," "est finale."']["attrs"] == {"form": "direct"}
    assert [f["attrs"] for f in d1["frames"]] == [{"channel": "press conference"}]
    assert sorted(f["attrs"]["channel"] for f in back["doc-2"]["frames"]) == [
        "interview", "social media"]


# -- hypothesis: generated documents ---------------------------------------------------------

ATTRS = {"ACTOR": ("kind", ("person", "organisation", "state", "group", "other")),
         "CLAIM": ("form", ("direct", "indirect", "mixed", "partial")),
         "SOURCE": ("anonymity", ("named", "unnamed", "anonymous"))}
LABELS = ("ACTOR", "CLAIM", "SOURCE", "CUE")


def _raw_offsets(raw: str) -> list[int]:
    """For each code point of the normalised text, where it starts in ``raw``; plus the end."""
    starts, i = [], 0
    while i < len(raw):
        starts.append(i)
        i += 2 if raw.startswith("\r\n", i) else 1
    return [*starts, len(raw)]


CHANNELS = ("statement", "interview", "press conference", "social media", "document", "other")
names = st.text(st.characters(codec="utf-8", blacklist_characters="\x00"),
                min_size=1, max_size=12).filter(str.strip)
"""Actor names (a NUL is refused on import: see test_nul_in_a_name_is_bad_input)."""


@st.composite
def documents(draw: st.DrawFn) -> Record:
    """One document: random text (raw: CRLF and lone CR allowed) with random spans, some
    with attributes, notes and actor links, attribution frames and ``about`` relations."""
    raw = draw(hard_text) + draw(st.sampled_from(["a", EMOJI, ARABIC, ZWJ_FAMILY, COMBINING])) \
        + draw(hard_text)
    text, _ = normalize_newlines(raw)
    to_raw = _raw_offsets(raw)
    n = len(text)
    actors = [{"id": f"a{k + 1}", "name": f"{draw(names)} {k}",
               "kind": draw(st.sampled_from(ATTRS["ACTOR"][1])),
               "aliases": draw(st.lists(names, max_size=2, unique=True)), "attrs": {}}
              for k in range(draw(st.integers(0, 2)))]
    spans: list[Record] = []
    shapes: set[str] = set()
    for _ in range(draw(st.integers(1, 6))):
        label = draw(st.sampled_from(LABELS))
        cuts = sorted(draw(st.lists(st.integers(0, n), min_size=2, max_size=4, unique=True)))
        pairs = [(cuts[0], cuts[1])] if len(cuts) < 4 or draw(st.booleans()) \
            else [(cuts[0], cuts[1]), (cuts[2], cuts[3])]
        shape = json.dumps([label, pairs])
        if shape in shapes:  # one span per label and extent (the store merges the rest)
            continue
        shapes.add(shape)
        frags = [[to_raw[a], to_raw[b]] for a, b in pairs]
        s: Record = {"id": f"s{len(spans) + 1}", "label": label, "start": frags[0][0],
                     "end": frags[-1][1], "attrs": {}, "actor": None}
        if len(frags) > 1:
            s["fragments"] = frags
        if label in ATTRS and draw(st.booleans()):
            name, values = ATTRS[label]
            s["attrs"] = {name: draw(st.sampled_from(values))}
        if label in ("ACTOR", "SOURCE") and actors and draw(st.booleans()):
            s["actor"] = draw(st.sampled_from(actors))["id"]
        if draw(st.integers(0, 3)) == 0:
            s["note"] = draw(st.text(min_size=1, max_size=8))
        spans.append(s)
    of = {lab: [s["id"] for s in spans if s["label"] == lab] for lab in LABELS}
    frames: list[Record] = []
    relations: list[Record] = []
    for claim in of["CLAIM"]:
        if draw(st.booleans()):
            roles: dict[str, list[str]] = {"content": [claim]}
            for role, lab in (("source", "SOURCE"), ("cue", "CUE")):
                if of[lab]:
                    roles[role] = draw(st.lists(st.sampled_from(of[lab]), max_size=2,
                                                unique=True))
            attrs: dict[str, str] = {}
            if draw(st.booleans()):
                attrs["channel"] = draw(st.sampled_from(CHANNELS))
            frames.append({"id": f"f{len(frames) + 1}", "type": "attribution",
                           "roles": roles, "attrs": attrs})
        if len(of["ACTOR"]) > 0 and draw(st.booleans()):
            relations.append({"id": f"r{len(relations) + 1}", "label": "about", "head": claim,
                              "tail": draw(st.sampled_from(of["ACTOR"])), "attrs": {}})
    return {"id": "gen-1", "text": raw, "annotator": "alice", "status": "done", "spans": spans,
            "frames": frames, "relations": relations, "actors": actors}


@pytest.mark.parametrize("fmt", FORMATS)
def test_generated_documents_round_trip(fmt: str, tmp_path_factory: pytest.TempPathFactory
                                        ) -> None:
    root = tmp_path_factory.mktemp(f"gen-{fmt}")

    @deterministic(max_examples=25)
    @given(rec=documents())
    def check(rec: Record) -> None:
        runner = Runner(Path(tempfile.mkdtemp(dir=root)))
        project, original = runner.original([rec])
        assert_exact_offsets(original)
        if fmt == "brat":
            if not view_brat(original[0])["spans"]:  # only newlines: nothing for brat to hold
                back = runner.load(runner.export(project, "brat"), "brat")
                with open_project(back) as p:
                    assert [d.sha256 for d in p.documents.iter_all()] == [
                        original[0]["sha256"]]
                    assert "alice" not in p.annotations.annotators()
                return
            assert_same("brat", original, round_trip(runner, project, "brat"))
            return
        out = runner.export(project, fmt)
        assert runner.native(runner.load(out, fmt)) == original
        strip_side(fmt)(out)
        assert_same(f"{fmt}_plain", original, runner.native(runner.load(out, fmt)))

    check()


@pytest.mark.parametrize("where", ["actor", "annotator"])
def test_nul_in_a_name_is_bad_input(tmp_path: Path, where: str) -> None:
    """SQLite's length() stops at NUL: the import refuses such names cleanly (no traceback)."""
    from desktop.core.errors import InputError

    rec: Record = {"id": "d", "text": "Macron", "annotator": "alice", "status": "done",
           "spans": [sp("s1", "ACTOR", "Macron", "Macron", actor="a1")],
           "actors": [act("a1", "Macron", "person")]}
    if where == "actor":
        rec["actors"][0]["name"] = "\x00 Macron"
    else:
        rec["annotator"] = "\x00"
    path = write_jsonl(tmp_path / "nul.jsonl", [rec])
    with open_project(new_project_file(tmp_path / "p.claimdesk")) as p:
        with pytest.raises(InputError, match="NUL") as err:
            import_paths(p, [path])
        assert err.value.line == 1
        assert list(p.documents.iter_all()) == []

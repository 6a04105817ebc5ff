"""Gold markup for evaluation stories (docs/assist-gold-markup.md) and their actor files.

``[[ID:LABEL;attr=value text]]`` marks a span; the same ID twice makes one discontinuous span;
spans nest. After a line ``---``, ``frame CLAIM_ID source=S1,S2 cue=C1`` lines list the
attribution frames. The document text is the file without the markup.
"""

from __future__ import annotations

import itertools
import json
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core.errors import InputError
from desktop.core.model import Actor, DocStatus, Document, Frame, Layer, Span
from desktop.core.offsets import normalize_newlines, sha256_text

GOLD_ANNOTATOR = "gold"
LABELS = ("ACTOR", "CLAIM", "SOURCE", "CUE")
FRAME_ROLES = {"source": "SOURCE", "cue": "CUE"}
FRAME_ATTRS = ("channel",)
_HEAD = re.compile(r"\[\[([A-Za-z0-9]+):([A-Z]+)((?:;[A-Za-z_][A-Za-z0-9_]*=[^;\s\]]*)*) ")
_FRAME = re.compile(r"frame\s+(\S+)((?:\s+\S+)*)\s*")


@dataclass(frozen=True, slots=True)
class GoldStory:
    """One parsed story: its document and its gold layer."""

    document: Document
    layer: Layer
    path: str = ""


def parse_markup(raw: str, *, doc_id: str, source_name: str = "story") -> GoldStory:
    """Parse one story; errors name the file, the 1-based line and the field."""
    raw, _ = normalize_newlines(raw.removeprefix("\ufeff"))
    lines = raw.split("\n")
    sep = next((i for i, line in enumerate(lines) if line.strip() == "---"), None)
    body = "\n".join(lines[:sep]) + "\n" if sep is not None else raw
    if sep is not None and body.endswith("\n\n"):
        body = body.rstrip("\n") + "\n"
    text, spans = _parse_spans(body, source_name)
    if not text.strip():
        raise InputError("the story has no text", file=source_name, line=1)
    frames = _parse_frames(lines[sep + 1:] if sep is not None else [], sep or 0, spans,
                           source_name)
    title = text.split("\n", 1)[0].strip()
    doc = Document(id=doc_id, title=title, text=text, sha256=sha256_text(text),
                   meta={"file": source_name})
    layer = Layer(annotator=GOLD_ANNOTATOR, status=DocStatus.DONE,
                  spans=tuple(spans.values()), frames=tuple(frames))
    return GoldStory(doc, layer, source_name)


def _parse_spans(body: str, source_name: str) -> tuple[str, dict[str, Span]]:
    out: list[str] = []
    pos = 0  # length of the text produced so far
    stack: list[tuple[str, str, dict[str, str], int, int]] = []  # id, label, attrs, start, line
    pieces: dict[str, list[tuple[int, int]]] = {}
    heads: dict[str, tuple[str, dict[str, str], int]] = {}
    line = 1
    i = 0
    n = len(body)
    while i < n:
        if body.startswith("[[", i):
            m = _HEAD.match(body, i)
            if m is None:
                raise InputError("'[[' must be followed by ID:LABEL and one space",
                                 file=source_name, line=line, field="span")
            sid, label, attr_text = m.group(1), m.group(2), m.group(3)
            if label not in LABELS:
                raise InputError(f"unknown label {label!r} (expected {', '.join(LABELS)})",
                                 file=source_name, line=line, field=f"{sid}")
            attrs = dict(a.split("=", 1) for a in attr_text.split(";") if a)
            prior = heads.get(sid)
            if prior is not None and prior[0] != label:
                raise InputError(f"{sid} is {prior[0]} earlier and {label} here",
                                 file=source_name, line=line, field=sid)
            merged = {**(prior[1] if prior else {}), **attrs}
            heads[sid] = (label, merged, prior[2] if prior else line)
            if any(entry[0] == sid for entry in stack):
                raise InputError(f"{sid} is nested in itself", file=source_name, line=line,
                                 field=sid)
            stack.append((sid, label, attrs, pos, line))
            i = m.end()
            continue
        if body.startswith("]]", i):
            if not stack:
                raise InputError("']]' closes no span", file=source_name, line=line,
                                 field="span")
            sid, _label, _attrs, start, opened = stack.pop()
            if pos == start:
                raise InputError(f"{sid} is empty", file=source_name, line=opened, field=sid)
            pieces.setdefault(sid, []).append((start, pos))
            i += 2
            continue
        ch = body[i]
        if ch == "\n":
            line += 1
        out.append(ch)
        pos += 1
        i += 1
    if stack:
        sid, _label, _attrs, _start, opened = stack[-1]
        raise InputError(f"{sid} is never closed with ']]'", file=source_name, line=opened,
                         field=sid)
    text = "".join(out)
    spans: dict[str, Span] = {}
    for sid, frags in sorted(pieces.items(), key=lambda kv: (kv[1][0][0], kv[0])):
        label, attrs, first_line = heads[sid]
        frags.sort()
        for (_s1, e1), (s2, _e2) in itertools.pairwise(frags):
            if s2 < e1:
                raise InputError(f"the pieces of {sid} overlap", file=source_name,
                                 line=first_line, field=sid)
        spans[sid] = Span.from_text(text, id=sid, label=label, fragments=tuple(frags),
                                    attrs=attrs)
    return text, spans


def _parse_frames(lines: list[str], offset: int, spans: Mapping[str, Span],
                  source_name: str) -> list[Frame]:
    frames: list[Frame] = []
    seen: set[str] = set()
    for k, raw_line in enumerate(lines):
        line_no = offset + 2 + k
        line = raw_line.split("#", 1)[0].strip()
        if not line:
            continue
        m = _FRAME.fullmatch(line)
        if m is None:
            raise InputError("expected 'frame CLAIM_ID role=ID[,ID...] ...'", file=source_name,
                             line=line_no, field="frame")
        content = m.group(1)
        _check_ref(spans, content, "CLAIM", source_name, line_no, "content")
        if content in seen:
            raise InputError(f"{content} has a second frame line", file=source_name,
                             line=line_no, field="content")
        seen.add(content)
        roles: dict[str, tuple[str, ...]] = {"content": (content,)}
        attrs: dict[str, str] = {}
        for pair in m.group(2).split():
            key, eq, value = pair.partition("=")
            if not eq or not value:
                raise InputError(f"{pair!r} is not role=ID", file=source_name, line=line_no,
                                 field=key or "frame")
            if key in FRAME_ATTRS:
                attrs[key] = value.replace("_", " ")
                continue
            if key not in FRAME_ROLES:
                raise InputError(f"unknown role {key!r} (expected source, cue)",
                                 file=source_name, line=line_no, field=key)
            ids = tuple(value.split(","))
            for sid in ids:
                _check_ref(spans, sid, FRAME_ROLES[key], source_name, line_no, key)
            roles[key] = roles.get(key, ()) + ids
        frames.append(Frame(id=f"f{len(frames) + 1}", type="attribution", roles=roles,
                            attrs=attrs))
    return frames


def _check_ref(spans: Mapping[str, Span], sid: str, label: str, source_name: str, line: int,
               field: str) -> None:
    span = spans.get(sid)
    if span is None:
        raise InputError(f"no span {sid!r}", file=source_name, line=line, field=field)
    if span.label != label:
        raise InputError(f"{sid} is {span.label}, {field} takes {label}", file=source_name,
                         line=line, field=field)


def load_story(path: str | Path) -> GoldStory:
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read story: {exc}", file=p) from exc
    return parse_markup(raw, doc_id=p.stem, source_name=str(p))


def iter_stories(folder: str | Path) -> Iterator[GoldStory]:
    """Every ``*.txt`` story in ``folder``, in name order."""
    for p in sorted(Path(folder).glob("*.txt")):
        if not p.name.startswith("."):
            yield load_story(p)


# -- actor files ---------------------------------------------------------------------------


def load_actors(path: str | Path) -> list[Actor]:
    """Read an actor registry: TOML ``[[actors]]``, a JSON list or ``{"actors": [...]}``, or
    JSON lines. Each entry has ``name`` and optionally ``id``, ``kind``, ``aliases``."""
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read actors: {exc}", file=p) from exc
    entries: Any
    try:
        if p.suffix.lower() == ".toml":
            entries = tomllib.loads(raw).get("actors", [])
        elif p.suffix.lower() == ".jsonl":
            entries = [json.loads(line) for line in raw.splitlines() if line.strip()]
        else:
            entries = json.loads(raw)
            if isinstance(entries, dict):
                entries = entries.get("actors", [])
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"not valid {p.suffix.lstrip('.').upper()}: {exc}", file=p) from exc
    if not isinstance(entries, list):
        raise InputError("expected a list of actors", file=p, field="actors")
    out: list[Actor] = []
    for i, e in enumerate(entries):
        if not isinstance(e, dict) or not isinstance(e.get("name"), str) or not e["name"]:
            raise InputError("each actor needs a name", file=p, field=f"actors[{i}].name")
        aliases = e.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise InputError("must be a list of strings", file=p, field=f"actors[{i}].aliases")
        out.append(Actor(id=str(e.get("id", f"a{i + 1}")), name=e["name"],
                         kind=str(e.get("kind", "other")), aliases=tuple(aliases)))
    return out


def find_actors_file(folder: str | Path) -> Path | None:
    """``actors.toml``/``.json``/``.jsonl`` in ``folder`` or its parent, if any."""
    base = Path(folder)
    for where in (base, base.parent):
        for name in ("actors.toml", "actors.json", "actors.jsonl"):
            if (where / name).is_file():
                return where / name
    return None

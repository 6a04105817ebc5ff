"""Shared by the foreign-format readers (brat, doccano, Label Studio): build one document's
layer, checked as it grows.

Offsets given to ``LayerBuilder`` are code points into the text *as read* (before newline
normalisation); the builder remaps them onto the stored LF-only text and checks bounds, the
quoted text (when the format carries it), references and the codebook, all through
``desktop.core.validate``. With ``extend`` the problems ``--extend-codebook`` can fix are let
through: the import then adds those names to a new codebook version (``extending``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from desktop.core.codebook import Codebook, FrameTypeDef
from desktop.core.errors import InputError
from desktop.core.model import Actor, DocStatus, Frame, Layer, Origin, Relation, Span, SpanState
from desktop.core.offsets import normalize_newlines, span_text
from desktop.core.validate import (
    bounds_problems,
    frame_limit_problems,
    frame_problems,
    order_problems,
    rejecting,
    relation_problems,
    span_codebook_problems,
    text_problem,
)

_TRAILING_DIGITS = re.compile(r"\d+$")


class LayerBuilder:
    """Collects the spans, frames, relations and actors of one document."""

    def __init__(self, raw_text: str, codebook: Codebook, *, extend: bool) -> None:
        self.raw_text = raw_text
        self.renamed: dict[tuple[str, str], str] = {}
        """(kind, name in the file) -> the codebook's name it was read as, when they differ."""
        self.text, self.remap = normalize_newlines(raw_text)
        self.codebook = codebook
        self.extend = extend
        self.spans: list[Span] = []
        self.frames: list[Frame] = []
        self.relations: list[Relation] = []
        self.actors: dict[str, Actor] = {}
        self.labels: dict[str, str] = {}

    # -- names -------------------------------------------------------------------------

    def _note(self, kind: str, raw: str, name: str | None) -> str | None:
        if name is not None and name != raw:
            self.renamed[(kind, raw)] = name
        return name

    def renames(self) -> list[str]:
        """One line per name read as another codebook name (``Content`` read as CLAIM)."""
        return [f"{kind} {raw!r} read as the codebook's {name!r}"
                for (kind, raw), name in self.renamed.items()]

    def known_label(self, raw: str) -> str | None:
        """A codebook label for ``raw``: exact, case-insensitive, or a role's only label."""
        cb = self.codebook
        if cb.label(raw) is not None:
            return raw
        low = raw.lower()
        for lab in cb.labels:
            if lab.name.lower() == low:
                return lab.name
        for ft in cb.frames:  # PolNeAR's "Content" is the content role, filled by CLAIM
            for role in ft.roles:
                if role.name.lower() == low and len(role.labels) == 1:
                    return role.labels[0]
        return None

    def known_frame_type(self, raw: str) -> str | None:
        """The codebook frame type: exact, case-insensitive, or ``<type>-...`` (PolNeAR's
        ``Attribution-no-source``, older Claimdesk exports' ``attribution-no-cue``)."""
        if self.codebook.frame_type(raw) is not None:
            return raw
        low = raw.lower()
        for ft in self.codebook.frames:
            if ft.name.lower() == low:
                return ft.name
        for ft in self.codebook.frames:
            if low.startswith(ft.name.lower() + "-"):
                return ft.name
        return None

    def label(self, raw: str, fld: str) -> str:
        """``known_label``, else ``raw`` with ``extend``, else an error."""
        known = self._note("label", raw, self.known_label(raw))
        if known is not None:
            return known
        cb = self.codebook
        if self.extend:
            return raw
        raise InputError(f"unknown label {raw!r} (codebook has "
                         f"{', '.join(x.name for x in cb.labels)}; pass --extend-codebook to "
                         "add it)", field=fld)

    def frame_type(self, raw: str, fld: str) -> str:
        known = self._note("frame type", raw, self.known_frame_type(raw))
        if known is not None:
            return known
        if self.extend:
            return raw
        raise InputError(f"unknown frame type {raw!r} (codebook has "
                         f"{', '.join(x.name for x in self.codebook.frames) or 'none'})",
                         field=fld)

    def role(self, ftype: str, raw: str, fld: str) -> str:
        """The codebook role: exact, case-insensitive, or a numbered repeat (``source2``,
        ``Source2``) of one; else ``raw`` as it is with ``extend``, else an error."""
        base = _TRAILING_DIGITS.sub("", raw) or raw
        ft = self.codebook.frame_type(ftype)
        if ft is not None:
            for want in (raw, raw.lower(), base, base.lower()):
                for r in ft.roles:
                    if r.name == want or r.name.lower() == want:
                        return self._note("role", raw, r.name) or r.name
        if self.extend:
            return raw
        raise InputError(f"unknown role {raw!r} for frame type {ftype}", field=fld)

    def relation_type(self, raw: str, fld: str) -> str:
        if self.codebook.relation_type(raw) is not None:
            return raw
        low = raw.lower()
        for rt in self.codebook.relations:
            if rt.name.lower() == low:
                return self._note("relation type", raw, rt.name) or rt.name
        if self.extend:
            return raw
        raise InputError(f"unknown relation type {raw!r} (codebook has "
                         f"{', '.join(x.name for x in self.codebook.relations) or 'none'})",
                         field=fld)

    def content_frame(self) -> FrameTypeDef | None:
        """The frame type whose roles doccano/Label Studio relations stand for (attribution)."""
        return self.codebook.frame_type("attribution") or next(iter(self.codebook.frames), None)

    def role_relation(self, label: str, head_label: str) -> str | None:
        """The role a relation ``label`` from a content span stands for, else None."""
        ft = self.content_frame()
        if ft is None or not ft.roles:
            return None
        content = ft.roles[0]
        if head_label not in content.labels:
            return None
        for r in ft.roles[1:]:
            if r.name.lower() == label.lower():
                return r.name
        return None

    # -- annotations -------------------------------------------------------------------

    def add_span(self, sid: str, label: str, fragments: Sequence[tuple[int, int]], *,
                 fld: str, attrs: Mapping[str, Any] | None = None, expected: str | None = None,
                 origin: Origin = Origin.IMPORTED, state: SpanState = SpanState.ACCEPTED,
                 note: str = "", actor: str | None = None, normalised: bool = False) -> Span:
        """Add a span over raw code-point ``fragments`` (``normalised``: already LF-based)."""
        if sid in self.labels:
            raise InputError(f"duplicate id {sid!r}", field=fld)
        limit = len(self.text) if normalised else len(self.raw_text)
        frags = list(fragments)  # in the order given (brat: ``6 11;0 5`` stays so)
        for problem in bounds_problems(frags, limit):
            raise InputError(problem.message, field=fld)
        mapped = [(s, e) if normalised else (self.remap(s), self.remap(e)) for s, e in frags]
        for problem in order_problems(mapped):
            raise InputError(problem.message, field=fld)
        mapped = [(s, e) for s, e in mapped if e > s]
        if not mapped:
            raise InputError("the span covers only a line break", field=fld)
        actual = span_text(self.text, mapped)
        if expected is not None:
            mismatch = text_problem(self.text, mapped, normalize_newlines(expected)[0],
                                    newline_as_space=True,
                                    at=(min(a for a, _ in frags), max(b for _, b in frags)))
            if mismatch is not None:
                raise InputError(mismatch.message, field=fld)
        span = Span(id=sid, label=label, fragments=tuple(mapped), text=actual,
                    attrs=dict(attrs or {}), actor=actor, origin=origin, state=state,
                    note=note)
        self.check_span(span, fld)
        self.spans.append(span)
        self.labels[sid] = label
        return span

    def check_span(self, span: Span, fld: str) -> None:
        for problem in rejecting(span_codebook_problems(span, self.codebook), extend=self.extend):
            if not problem.about_attribute:
                raise InputError(problem.message, field=fld)
            hint = " (pass --extend-codebook to add it)" if problem.codebook_extensible else ""
            raise InputError(problem.message + hint, field=f"{fld}.{problem.field}")

    def replace_span(self, index: int, span: Span, fld: str) -> None:
        self.check_span(span, fld)
        self.spans[index] = span

    def add_frame(self, fid: str, ftype: str, roles: Mapping[str, Sequence[str]], *, fld: str,
                  attrs: Mapping[str, Any] | None = None, trigger: str | None = None) -> Frame:
        if any(f.id == fid for f in self.frames):
            raise InputError(f"duplicate id {fid!r}", field=fld)
        frame = Frame(id=fid, type=ftype, roles={k: tuple(v) for k, v in roles.items()},
                      attrs=dict(attrs or {}), trigger=trigger)
        self.check_frame(frame, fld)
        self.frames.append(frame)
        return frame

    def check_frame(self, frame: Frame, fld: str) -> None:
        for sid in frame.span_ids():
            if sid not in self.labels:
                raise InputError(f"span {sid!r} does not exist", field=fld)
        for problem in rejecting(frame_problems(frame, labels=self.labels,
                                                codebook=self.codebook), extend=self.extend):
            raise problem.error(within=fld)

    def add_relation(self, rid: str, label: str, head: str, tail: str, *, fld: str,
                     attrs: Mapping[str, Any] | None = None) -> Relation:
        if any(r.id == rid for r in self.relations):
            raise InputError(f"duplicate id {rid!r}", field=fld)
        rel = Relation(id=rid, label=label, head=head, tail=tail, attrs=dict(attrs or {}))
        self.check_relation(rel, fld)
        self.relations.append(rel)
        return rel

    def check_relation(self, rel: Relation, fld: str) -> None:
        for end in (rel.head, rel.tail):
            if end not in self.labels:
                raise InputError(f"span {end!r} does not exist", field=fld)
        for problem in rejecting(relation_problems(rel, labels=self.labels,
                                                   codebook=self.codebook), extend=self.extend):
            raise problem.error(within=fld)

    def frames_from_role_relations(self, links: Sequence[tuple[str, str, str]],
                                   fld: str) -> None:
        """Attribution frames from (content span id, role, span id) links, one per content."""
        ft = self.content_frame()
        if ft is None:
            return
        content_role = ft.roles[0].name
        by_content: dict[str, dict[str, list[str]]] = {}
        for content, role, other in links:
            roles = by_content.setdefault(content, {content_role: [content]})
            ids = roles.setdefault(role, [])
            if other not in ids:
                ids.append(other)
        taken = {f.id for f in self.frames}
        n = 0
        for roles in by_content.values():
            n += 1
            while f"f{n}" in taken:
                n += 1
            self.add_frame(f"f{n}", ft.name, roles, fld=fld)

    def limit_notes(self, where: dict[str, str] | None = None) -> list[str]:
        """One line per frame outside its type's role limits (kept and flagged as incomplete:
        ``claimdesk check`` lists them); ``where`` names a frame as the file does (``E1``)."""
        out = []
        for f in self.frames:
            problems = frame_limit_problems(f, self.codebook)
            if problems:
                name = (where or {}).get(f.id, f.id)
                out.append(f"frame {name} ({f.type}) kept outside the codebook's role limits: "
                           + "; ".join(p.message for p in problems)
                           + " (claimdesk check lists incomplete frames)")
        return out

    def layer(self, annotator: str, status: DocStatus = DocStatus.NEW) -> Layer:
        return Layer(annotator=annotator, status=status, spans=tuple(self.spans),
                     frames=tuple(self.frames), relations=tuple(self.relations))


def actor_name(span_text: str, fallback: str) -> str:
    """A name for an actor known only from a linked span: its text on one line (without NUL),
    else ``fallback`` (the actor id) when the span is only whitespace."""
    return " ".join(span_text.replace("\x00", " ").split()) or fallback


def as_str(value: Any) -> str:
    """An attribute value as the codebook stores it (strings only)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(as_str(v) for v in value)
    return str(value)


def merge_fragment(b: LayerBuilder, head: str, tail: str, fld: str) -> None:
    """Fold span ``tail`` into span ``head`` as another fragment (a ``fragment`` relation)."""
    i = next(k for k, s in enumerate(b.spans) if s.id == head)
    j = next(k for k, s in enumerate(b.spans) if s.id == tail)
    h, t = b.spans[i], b.spans[j]
    frags = [*h.fragments, *t.fragments]  # the order the fragment relations give
    if order_problems(frags):
        raise InputError("fragments of one span overlap", field=fld)
    b.spans[i] = replace(h, fragments=tuple(frags), text=span_text(b.text, frags))
    del b.spans[j]
    del b.labels[tail]


def _key(label: str, frags: Any) -> tuple[str, tuple[tuple[int, int], ...]]:
    return label, tuple((int(a), int(e)) for a, e in frags)


def apply_side(b: LayerBuilder, side: Mapping[str, Any], fld: str) -> None:
    """Restore what a lossy format dropped from the exporter's native copy (``claimdesk``).

    Spans whose label and fragments match a native span take its id, attributes, actor and
    note; frames and relations take the native ids and attributes when the format's version
    still says the same thing. Anything edited since the export keeps the format's reading.
    """
    spans = side.get("spans")
    if not isinstance(spans, list):
        return
    native: dict[tuple[str, tuple[tuple[int, int], ...]], Mapping[str, Any]] = {}
    for s in spans:
        try:
            frags = s.get("fragments") or [[s["start"], s["end"]]]
            native[_key(str(s["label"]), frags)] = s
        except (AttributeError, KeyError, TypeError, ValueError):
            return  # not ours: ignore the side data
    rename: dict[str, str] = {}
    updated = []
    for span in b.spans:
        ns = native.get((span.label, span.fragments))
        if ns is None:
            updated.append(span)
            continue
        attrs: dict[str, Any] = ns["attrs"] if isinstance(ns.get("attrs"), dict) else {}
        actor = ns.get("actor") if isinstance(ns.get("actor"), str) else None
        note: str = ns["note"] if isinstance(ns.get("note"), str) else ""
        if isinstance(ns.get("id"), str) and ns["id"]:
            rename[span.id] = ns["id"]
        updated.append(replace(span, attrs={**attrs, **span.attrs},
                               actor=span.actor or actor, note=span.note or note))
    new_ids = [rename.get(s.id, s.id) for s in updated]
    if len(set(new_ids)) != len(new_ids):
        rename = {}
    b.spans = [replace(s, id=rename.get(s.id, s.id)) for s in updated]
    b.labels = {s.id: s.label for s in b.spans}
    for k, s in enumerate(b.spans):
        b.check_span(s, f"{fld}.spans[{k}]")
    b.frames = [replace(f, roles={r: tuple(rename.get(x, x) for x in ids)
                                  for r, ids in f.roles.items()}) for f in b.frames]
    b.relations = [replace(r, head=rename.get(r.head, r.head), tail=rename.get(r.tail, r.tail))
                   for r in b.relations]
    _side_frames(b, side.get("frames"), fld)
    _side_relations(b, side.get("relations"))
    for k, r in enumerate(b.relations):  # the native copy may add attributes
        b.check_relation(r, f"{fld}.relations[{k}]")
    actors = side.get("actors")
    for a in actors if isinstance(actors, list) else ():
        if isinstance(a, dict) and isinstance(a.get("id"), str) and isinstance(
                a.get("name"), str) and a["name"].strip():
            aliases: list[Any] = a["aliases"] if isinstance(a.get("aliases"), list) else []
            a_attrs: dict[str, Any] = a["attrs"] if isinstance(a.get("attrs"), dict) else {}
            b.actors[a["id"]] = Actor(
                id=a["id"], name=a["name"], kind=str(a.get("kind") or "other"),
                aliases=tuple(str(x) for x in aliases), attrs=a_attrs)
    for k, s in enumerate(b.spans):
        if s.actor is not None and s.actor not in b.actors:
            b.spans[k] = replace(s, actor=None)


def _roles_key(roles: Mapping[str, Sequence[str]]) -> tuple[tuple[str, frozenset[str]], ...]:
    return tuple(sorted((r, frozenset(ids)) for r, ids in roles.items() if ids))


def _side_frames(b: LayerBuilder, frames: Any, fld: str) -> None:
    if not isinstance(frames, list):
        return
    parsed: list[Frame] = []
    for f in frames:
        try:
            roles = {str(r): tuple(str(x) for x in ids) for r, ids in f["roles"].items()}
            trigger = f.get("trigger")
            parsed.append(Frame(id=str(f["id"]), type=str(f["type"]), roles=roles,
                                attrs=dict(f.get("attrs") or {}),
                                trigger=trigger if isinstance(trigger, str) else None))
        except (AttributeError, KeyError, TypeError, ValueError):
            return
    if any(x not in b.labels for f in parsed for x in f.span_ids()):
        return
    ft = b.content_frame()
    content = ft.roles[0].name if ft is not None else "content"
    found = sorted((f.type, _roles_key(f.roles)) for f in b.frames)
    # What the format can show of each native frame: every frame with a filler (as anchors,
    # since this version), or, in exports of earlier versions, content -> source/cue links.
    anchored = [f for f in parsed if any(f.roles.values())]
    linked = [f for f in parsed if any(r != content and ids for r, ids in f.roles.items())]
    if found not in (sorted((f.type, _roles_key(f.roles)) for f in anchored),
                     sorted((f.type, _roles_key(f.roles)) for f in linked)):
        return  # edited after the export: keep what the format says
    b.frames = []
    for k, f in enumerate(parsed):
        b.add_frame(f.id, f.type, f.roles, fld=f"{fld}.frames[{k}]", attrs=f.attrs,
                    trigger=f.trigger)


def _side_relations(b: LayerBuilder, relations: Any) -> None:
    if not isinstance(relations, list):
        return
    by_key = {}
    for r in relations:
        if isinstance(r, dict) and all(isinstance(r.get(k), str) for k in
                                       ("id", "label", "head", "tail")):
            by_key[(r["label"], r["head"], r["tail"])] = r
    taken = {r["id"] for r in by_key.values()}
    out = []
    for rel in b.relations:
        nr = by_key.get((rel.label, rel.head, rel.tail))
        if nr is not None:
            r_attrs: dict[str, Any] = nr["attrs"] if isinstance(nr.get("attrs"), dict) else {}
            rel = replace(rel, id=nr["id"], attrs={**r_attrs, **rel.attrs})
        elif rel.id in taken:
            n = len(taken) + 1
            while f"r{n}" in taken:
                n += 1
            rel = replace(rel, id=f"r{n}")
        taken.add(rel.id)
        out.append(rel)
    b.relations = out

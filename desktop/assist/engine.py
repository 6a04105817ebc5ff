"""The assistant's entry point: pending spans and frames proposed for one document.

Rules (frames.py) propose CLAIM/SOURCE/CUE spans tied into attribution frames; the gazetteer
proposes ACTOR spans for registry mentions and links SOURCEs to actors; learned proposers (the
string recommender, the statistical model) add spans the rules missed. Nothing the annotator
already has is proposed again, nothing they rejected is proposed at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from desktop.assist.frames import Piece, RuleFrame, rule_frames
from desktop.assist.gazetteer import Gazetteer, Match
from desktop.assist.lexicon import Lexicon, default_lexicon
from desktop.core.codebook import Codebook
from desktop.core.model import (
    Actor,
    Document,
    Evidence,
    Fragment,
    Frame,
    JsonValue,
    Layer,
    Origin,
    Span,
    SpanState,
)
from desktop.core.snapping import align

SpanKey = tuple[str, tuple[Fragment, ...]]
"""(label, fragments): what makes two spans the same suggestion."""

ProgressFn = Callable[[int, int, str], None]
"""progress(done, total, message); total 0 means unknown."""

FRAME_TYPE = "attribution"
_PRONOUN_KINDS = {"he": ("person",), "she": ("person",),
                  "it": ("organisation", "state", "group"),
                  "they": ("organisation", "state", "group")}


class Cancel(Protocol):
    """Anything with ``check()`` that raises (``desktop.core.errors.Cancelled``) when the
    user has cancelled; ``desktop.formats.progress.CancelToken`` is one."""

    def check(self) -> None: ...


def span_key(span: Span) -> SpanKey:
    return (span.label, tuple(span.fragments))


@dataclass(frozen=True, slots=True)
class Proposal:
    """A span proposed by a learned engine."""

    label: str
    start: int
    end: int
    score: float
    rule: str = ""


class Proposer(Protocol):
    """A learned engine: ``name`` is shown as the suggestion's engine."""

    name: str

    def propose(self, doc: Document) -> Sequence[Proposal]: ...


@dataclass(frozen=True)
class Learned:
    """What the assistant learned from the project's annotations (either may be absent)."""

    strings: Proposer | None = None
    model: Proposer | None = None


@dataclass(frozen=True, slots=True)
class Suggestions:
    """New pending spans and frames for one document.

    Span ids never clash with ids in the ``existing`` layer; frame roles may name existing
    spans (when a suggested span coincides with one the annotator has).
    """

    document_id: str
    spans: tuple[Span, ...] = ()
    frames: tuple[Frame, ...] = ()
    evidence: Mapping[str, Evidence] = field(default_factory=dict)

    def layer(self, annotator: str = "assistant") -> Layer:
        """The suggestions as a layer (for evaluation or export)."""
        return Layer(annotator=annotator, spans=self.spans, frames=self.frames)


@dataclass(slots=True)
class _Candidate:
    label: str
    fragments: tuple[Fragment, ...]
    attrs: dict[str, JsonValue]
    evidence: Evidence
    actor: str | None = None
    existing_id: str | None = None

    @property
    def key(self) -> SpanKey:
        return (self.label, self.fragments)

    @property
    def start(self) -> int:
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        return self.fragments[-1][1]


class Suggester:
    """Prepared once per project (codebook, registry, lexicon, learned engines), then asked
    for suggestions document by document. Pure: no I/O, safe to use from a worker thread."""

    def __init__(self, codebook: Codebook, *, actors: Sequence[Actor] = (),
                 learned: Learned | None = None, lexicon: Lexicon | None = None) -> None:
        self.codebook = codebook
        self.lexicon = lexicon or default_lexicon()
        self.gazetteer = Gazetteer(actors)
        self.actors = {a.id: a for a in actors}
        self.learned = learned or Learned()
        ftype = codebook.frame_type(FRAME_TYPE)
        self.frame_roles = {r.name for r in ftype.roles} if ftype else set()
        self.channels = next((a.values for a in ftype.attributes if a.name == "channel"),
                             ()) if ftype else ()

    def suggest(self, doc: Document, *, existing: Layer | None = None,
                rejected: Collection[SpanKey] = ()) -> Suggestions:
        """Suggestions for ``doc`` given the annotator's ``existing`` layer and the
        (label, fragments) keys they rejected before (rejected spans in ``existing`` count
        too)."""
        text = doc.text
        frames = rule_frames(text, self.lexicon)
        cands: dict[SpanKey, _Candidate] = {}
        frame_keys: list[tuple[RuleFrame, SpanKey, list[SpanKey], SpanKey | None]] = []
        for f in frames:
            content = self._add(cands, text, f.content, "rules", f.rule, f.score)
            sources = [self._add(cands, text, p, "rules", f.rule, f.score) for p in f.sources]
            cue = self._add(cands, text, f.cue, "rules", f.rule, f.score) if f.cue else None
            frame_keys.append((f, content, sources, cue))
        mentions = self.gazetteer.find(text)
        self._link_sources(cands, mentions, text)
        self._add_actors(cands, mentions, existing)
        for proposer in (self.learned.strings, self.learned.model):
            if proposer is not None:
                self._add_learned(cands, text, proposer.propose(doc), proposer.name, existing)
        return self._resolve(doc, cands, frame_keys, existing, rejected)

    def suggest_many(self, docs: Iterable[Document], *, total: int = 0,
                     existing: Callable[[Document], Layer | None] | None = None,
                     rejected: Collection[SpanKey] = (), progress: ProgressFn | None = None,
                     cancel: Cancel | None = None) -> Iterator[Suggestions]:
        """Suggestions for many documents; ``cancel.check()`` runs between documents."""
        for n, doc in enumerate(docs, 1):
            if cancel is not None:
                cancel.check()
            yield self.suggest(doc, existing=existing(doc) if existing else None,
                               rejected=rejected)
            if progress is not None:
                progress(n, total, doc.title or doc.id)

    # -- candidates ----------------------------------------------------------------------------

    def _add(self, cands: dict[SpanKey, _Candidate], text: str, piece: Piece, engine: str,
             rule: str, score: float) -> SpanKey:
        fragments = _aligned(text, piece.fragments)
        key = (piece.label, fragments)
        have = cands.get(key)
        if have is None:
            cands[key] = _Candidate(piece.label, fragments, dict(piece.attrs),
                                    Evidence(engine, rule, score))
        elif score > have.evidence.score:
            have.evidence = Evidence(engine, rule, score)
        return key

    def _link_sources(self, cands: dict[SpanKey, _Candidate], mentions: Sequence[Match[str]],
                      text: str) -> None:
        """Link each SOURCE to the longest registry name inside it; he/she/it to the last
        linked source of a fitting kind before it."""
        sources = sorted((c for c in cands.values() if c.label == "SOURCE"),
                         key=lambda c: c.start)
        last_by_kind: dict[str, str] = {}
        for c in sources:
            inside = [m for m in mentions if c.start <= m.start and m.end <= c.end]
            if inside:
                best = max(inside, key=lambda m: m.end - m.start)
                c.actor = best.payload
            else:
                word = text[c.start:c.end].lower()
                for kind in _PRONOUN_KINDS.get(word, ()):
                    if kind in last_by_kind:
                        c.actor = last_by_kind[kind]
                        break
            if c.actor is not None and c.actor in self.actors:
                last_by_kind[self.actors[c.actor].kind] = c.actor

    def _add_actors(self, cands: dict[SpanKey, _Candidate], mentions: Sequence[Match[str]],
                    existing: Layer | None) -> None:
        sources = [c.fragments for c in cands.values() if c.label == "SOURCE"]
        if existing is not None:
            sources += [s.fragments for s in existing.spans if s.label == "SOURCE"
                        and s.state != SpanState.REJECTED]
        for m in mentions:
            if any(_overlaps(((m.start, m.end),), frags) for frags in sources):
                continue  # a source is linked, not marked again as an actor
            actor = self.actors[m.payload]
            key: SpanKey = ("ACTOR", ((m.start, m.end),))
            if key not in cands:
                cands[key] = _Candidate("ACTOR", ((m.start, m.end),), {"kind": actor.kind},
                                        Evidence("gazetteer", "registry name", 0.95),
                                        actor=actor.id)

    def _add_learned(self, cands: dict[SpanKey, _Candidate], text: str,
                     proposals: Sequence[Proposal], engine: str,
                     existing: Layer | None) -> None:
        taken: dict[str, list[tuple[Fragment, ...]]] = {}
        for label, frags in [(c.label, c.fragments) for c in cands.values()] + (
                [(s.label, s.fragments) for s in existing.spans] if existing else []):
            taken.setdefault(label, []).append(frags)
        for p in proposals:
            if not 0 <= p.start < p.end <= len(text):
                continue
            frags = _aligned(text, ((p.start, p.end),))
            same = taken.setdefault(p.label, [])
            if any(_overlaps(frags, f) for f in same):
                continue
            cands[(p.label, frags)] = _Candidate(p.label, frags, {},
                                                 Evidence(engine, p.rule, round(p.score, 2)))
            same.append(frags)

    # -- output --------------------------------------------------------------------------------

    def _resolve(self, doc: Document, cands: dict[SpanKey, _Candidate],
                 frame_keys: list[tuple[RuleFrame, SpanKey, list[SpanKey], SpanKey | None]],
                 existing: Layer | None, rejected: Collection[SpanKey]) -> Suggestions:
        refused = set(rejected)
        have: list[Span] = []
        used_ids: set[str] = set()
        framed: set[str] = set()
        if existing is not None:
            used_ids = {s.id for s in existing.spans} | {f.id for f in existing.frames}
            for s in existing.spans:
                if s.state == SpanState.REJECTED:
                    refused.add(span_key(s))
                else:
                    have.append(s)
            framed = {sid for f in existing.frames for sid in f.roles.get("content", ())}
        by_key = {span_key(s): s for s in have}
        ids = _Ids(used_ids)
        spans: list[Span] = []
        evidence: dict[str, Evidence] = {}
        id_of: dict[SpanKey, str] = {}
        for key, c in sorted(cands.items(), key=lambda kv: (kv[1].start, kv[1].end, kv[0][0])):
            label_def = self.codebook.label(c.label)
            if label_def is None or key in refused:
                continue
            same = by_key.get(key) or next(
                (s for s in have if s.label == c.label and _overlaps(s.fragments, c.fragments)),
                None)
            if same is not None:
                id_of[key] = same.id  # the annotator has it (perhaps with other bounds)
                continue
            attrs = {name: value for name, value in c.attrs.items()
                     if (a := label_def.attribute(name)) is not None and a.accepts(value)}
            actor = c.actor if label_def.links_actor else None
            sid = ids.next("s")
            spans.append(Span.from_text(doc.text, id=sid, label=c.label, fragments=c.fragments,
                                        attrs=attrs, actor=actor, origin=Origin.SUGGESTED,
                                        state=SpanState.PENDING))
            evidence[sid] = c.evidence
            id_of[key] = sid
        frames: list[Frame] = []
        if self.frame_roles:
            for f, content, sources, cue in frame_keys:
                cid = id_of.get(content)
                if cid is None or cid in framed:
                    continue
                roles: dict[str, tuple[str, ...]] = {"content": (cid,)}
                for role, keys in (("source", sources), ("cue", [cue] if cue else [])):
                    filled = tuple(dict.fromkeys(id_of[k] for k in keys if k in id_of))
                    if filled and role in self.frame_roles:
                        roles[role] = filled
                attrs = {"channel": f.channel} if f.channel in self.channels else {}
                fid = ids.next("f")
                frames.append(Frame(id=fid, type=FRAME_TYPE, roles=roles, attrs=attrs,
                                    origin=Origin.SUGGESTED, state=SpanState.PENDING))
                evidence[fid] = Evidence("rules", f.rule, f.score)
                framed.add(cid)
        return Suggestions(doc.id, tuple(spans), tuple(frames), evidence)


class _Ids:
    """Fresh ids ``s1, s2, ...`` / ``f1, ...`` that skip every id already in the layer."""

    def __init__(self, used: set[str]) -> None:
        self.used = used
        self.counters: dict[str, int] = {}
        self.floor: dict[str, int] = {}
        for u in used:
            m = re.fullmatch(r"([a-z]+)(\d+)", u)
            if m:
                self.floor[m.group(1)] = max(self.floor.get(m.group(1), 0), int(m.group(2)))

    def next(self, prefix: str) -> str:
        n = self.counters.get(prefix, self.floor.get(prefix, 0))
        while True:
            n += 1
            candidate = f"{prefix}{n}"
            if candidate not in self.used:
                self.counters[prefix] = n
                self.used.add(candidate)
                return candidate


def _aligned(text: str, fragments: Sequence[Fragment]) -> tuple[Fragment, ...]:
    """Fragments widened to whole grapheme clusters (merged if that makes them touch)."""
    out: list[Fragment] = []
    for s, e in fragments:
        s2, e2 = (s, e) if _plain(text, s) and _plain(text, e) else align(text, s, e)
        if out and s2 <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e2))
        else:
            out.append((s2, e2))
    return tuple(out)


def _plain(text: str, i: int) -> bool:
    """A sure grapheme boundary before ``text[i]``: nothing below U+0300 extends a cluster,
    and only "\n" (after "\r") can be glued to the character before it."""
    return i <= 0 or i >= len(text) or (text[i] < "\u0300" and text[i] != "\n")


def _overlaps(a: Sequence[Fragment], b: Sequence[Fragment]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def suggest(doc: Document, codebook: Codebook, *, actors: Sequence[Actor] = (),
            learned: Learned | None = None, existing: Layer | None = None,
            rejected: Collection[SpanKey] = (), lexicon: Lexicon | None = None) -> Suggestions:
    """Suggestions for one document (builds a ``Suggester``; for many documents build one
    and call ``Suggester.suggest`` or ``suggest_many``)."""
    return Suggester(codebook, actors=actors, learned=learned, lexicon=lexicon).suggest(
        doc, existing=existing, rejected=rejected)

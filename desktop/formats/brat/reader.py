"""brat standoff: ``DOC.txt`` + ``DOC.ann`` pairs (brat's own corpora, PolNeAR, Claimdesk's export).

The ``.txt`` is read as UTF-8, its line endings are normalised and the ``.ann`` offsets (code
points, end exclusive) are remapped. Some brat servers counted CRLF as one character
(brat#853): when the offsets only fit the normalised text they are read that way instead;
every ``T`` text field is checked against the text either way. A ``T`` with fragments out of
text order (``6 11;0 5``) keeps that order.

Names are kept exactly (case included). A name the codebook already has under another
spelling is read as the codebook's name and the import says so (``Content`` read as CLAIM
through the ``content`` role, ``Cue`` as CUE); names in a Claimdesk export's safe form are read
back through its ``manifest.json`` (``names``). Ids ``T7``/``E7``/``R7`` become
``s7``/``f7``/``r7``.

- ``T`` text-bound -> spans.
- ``E`` events ``Type:Trigger Role:ID ...`` -> frames of type ``Type``. The trigger ``T`` (whose
  type is the event type, ``T3 Transfer-money``) is a span and the frame's ``trigger``; events
  sharing a trigger share the span. Roles keep their names; a numbered repeat (``Theme2``) folds
  into its role when the codebook has that role or the event also names it unnumbered
  (``Org1``/``Org2`` alone stay two roles). The exception is the trigger Claimdesk's export adds
  to a frame that has none: a ``T`` of a codebook frame type that is no label, over exactly the
  extent the export anchors on (the first cue, else the first content): it is no span and the
  frame gets no trigger, so export -> import is exact. A trigger typed with a span label that
  fills a role of the frame (an older PolNeAR-like ``E1 Attribution:T3`` with ``T3 Cue``) is
  that role's first filler. Events with an event as an argument (nesting) are left out with a
  warning naming each; the rest of the document is imported.
- ``R`` relations ``Type Arg1:T1 Arg2:T2`` -> relations (head = Arg1, tail = Arg2).
- ``A``/``M`` attributes on ``T``/``E``/``R``. A binary attribute (``A1 Negation E1``) has the
  value ``"true"``; the codebook then holds it with the single value ``true``, which the export
  writes back as a binary attribute. brat values cannot hold whitespace (the export writes
  ``_``): a value that is a codebook value with its whitespace written as ``_`` is read as it.
- ``N`` normalisations ``Reference T1 DB:ID<TAB>Name`` -> actor links: ``Claimdesk:a1`` links
  registry actor ``a1``; any other ``DB:ID`` links (or creates) the actor ``DB:ID`` named by
  the text field (the span text when there is none), with ``attrs.ref = "DB:ID"`` so the export
  writes the same reference.
- ``#`` notes on a ``T`` -> lines of the span note: ``AnnotatorNotes`` as the text, any other
  type as ``[Type] text``; notes on other annotations are left out with a warning.
- ``*`` (Equiv) is left out with a warning.
Frames outside the codebook's role limits are kept (flagged incomplete) with a warning.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from desktop.core.codebook import AttributeDef, Codebook
from desktop.core.errors import InputError
from desktop.core.model import Actor, Document
from desktop.core.offsets import sha256_text
from desktop.formats.brat.common import (
    CLAIMDESK_DB,
    ID,
    anchor_filler,
    note_text,
    our_id,
)
from desktop.formats.brat.pairs import gather_pairs, partner_path
from desktop.formats.layer_builder import LayerBuilder, actor_name
from desktop.formats.records import ImportRecord, ReadContext
from desktop.formats.sources import Source, numbered_lines

__all__ = ["gather_pairs", "partner_path", "read_brat", "read_brat_pair"]

DEFAULT_ANNOTATOR = "brat"
_WS = re.compile(r"\s+")
_RANGE = re.compile(r"^(\d+) (\d+)$")
_DIGITS = re.compile(r"\d+$")


@dataclass(slots=True)
class _Line:
    number: int
    ident: str
    body: str
    text: str | None


@dataclass(slots=True)
class _Ann:
    t: list[_Line] = field(default_factory=list)
    e: list[_Line] = field(default_factory=list)
    r: list[_Line] = field(default_factory=list)
    a: list[_Line] = field(default_factory=list)
    n: list[_Line] = field(default_factory=list)
    notes: list[_Line] = field(default_factory=list)


def _parse(raw: bytes, name: str, warn: Callable[[str], None]) -> _Ann:
    ann = _Ann()
    seen: set[str] = set()
    for number, line in numbered_lines(raw, name):
        if not line.strip():
            continue
        parts = line.split("\t")
        ident = parts[0]
        if ident.startswith("*"):
            warn(f"{name}:{number}: equivalence ({line.strip()[:40]}) left out")
            continue
        if len(parts) < 2 or not ID.match(ident):
            raise InputError("expected ID<TAB>annotation (ID like T1, E1, R1, A1, N1, #1)",
                             file=name, line=number, field="id")
        if ident in seen:
            raise InputError(f"duplicate id {ident}", file=name, line=number, field="id")
        seen.add(ident)
        item = _Line(number, ident, parts[1], "\t".join(parts[2:]) if len(parts) > 2 else None)
        target = {"T": ann.t, "E": ann.e, "R": ann.r, "A": ann.a, "M": ann.a, "N": ann.n,
                  "#": ann.notes}.get(ident[0])
        if target is None:
            raise InputError(f"unknown annotation kind {ident[0]!r}", file=name, line=number,
                             field="id")
        target.append(item)
    return ann


def _fragments(body: str, fld: str) -> tuple[str, list[tuple[int, int]]]:
    label, _, rest = body.partition(" ")
    if not label or not rest:
        raise InputError("expected 'Label start end[;start end...]'", field=fld)
    frags = []
    for piece in rest.split(";"):
        m = _RANGE.match(piece.strip())
        if m is None:
            raise InputError(f"bad offsets {piece!r}", field="offsets")
        frags.append((int(m.group(1)), int(m.group(2))))
    return label, frags


def _split_arg(arg: str, fld: str) -> tuple[str, str]:
    role, sep, target = arg.rpartition(":")
    if not sep or not role or not target:
        raise InputError(f"expected Role:ID, got {arg!r}", field=fld)
    return role, target


@dataclass(slots=True)
class _Event:
    line: _Line
    etype: str
    trigger: str
    args: list[tuple[str, str]]


class _Doc:
    """One ``.ann`` being built: the parsed lines, the name mapping and the builder."""

    def __init__(self, raw_text: str, ann: _Ann, codebook: Codebook, *, extend: bool,
                 normalised: bool, warn: Callable[[str], None], name: str,
                 names: Mapping[str, str]) -> None:
        self.ann = ann
        self.b = LayerBuilder(raw_text, codebook, extend=extend)
        self.normalised = normalised
        self.warn = warn
        self.name = name
        self.names = names
        self.tlines: dict[str, tuple[str, list[tuple[int, int]], _Line]] = {}
        self.by_brat: dict[str, str] = {}

    def n(self, raw: str) -> str:
        """A name from the file: a Claimdesk export's safe form read back, else as it is."""
        return self.names.get(raw, raw)

    def fail(self, exc: InputError, line: _Line) -> InputError:
        return InputError(exc.reason, file=self.name, line=line.number,
                          field=exc.field or line.ident)

    # -- the lines that only decorate others ----------------------------------------------

    def attributes(self) -> dict[str, dict[str, str]]:
        known = {x.ident for x in (*self.ann.t, *self.ann.e, *self.ann.r)}
        out: dict[str, dict[str, str]] = {}
        for a in self.ann.a:
            bits = a.body.split(" ")
            if len(bits) not in (2, 3):
                raise InputError("expected 'Name ID [value]'", file=self.name, line=a.number,
                                 field="attribute")
            attr, target = self.n(bits[0]), bits[1]
            if target not in known:
                raise InputError(f"no annotation {target}", file=self.name, line=a.number,
                                 field="target")
            # binary (no value): present means "true"; the codebook keeps it as the one value
            out.setdefault(target, {})[attr] = bits[2] if len(bits) == 3 else "true"
        return out

    def notes(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for n in self.ann.notes:
            kind, _, target = n.body.partition(" ")
            if target.startswith("T"):
                out.setdefault(target, []).append(note_text(kind, n.text or ""))
            else:
                self.warn(f"{self.name}:{n.number}: {kind} on {target or '?'} left out "
                          "(notes are kept on T lines only)")
        return out

    def links(self) -> dict[str, Actor]:
        out: dict[str, Actor] = {}
        for n in self.ann.n:
            bits = n.body.split(" ")
            if len(bits) != 3:
                raise InputError("expected 'Type ID DB:ID'", file=self.name, line=n.number,
                                 field="normalization")
            target, ref = bits[1], bits[2]
            db, sep, ext = ref.partition(":")
            if not sep or not db or not ext:
                raise InputError(f"expected DB:ID, got {ref!r}", file=self.name,
                                 line=n.number, field="normalization")
            if target in out:
                self.warn(f"{self.name}:{n.number}: a second normalisation of {target} left out")
                continue
            if target not in {t.ident for t in self.ann.t}:
                raise InputError(f"no text-bound annotation {target}", file=self.name,
                                 line=n.number, field="target")
            mine = db.lower() == CLAIMDESK_DB.lower()
            out[target] = Actor(id=ext if mine else ref, name=(n.text or "").strip(),
                                attrs={} if mine else {"ref": ref})
        return out

    # -- events -------------------------------------------------------------------------

    def events(self) -> list[_Event]:
        """The events to import; nested ones are left out with a warning each."""
        parsed = []
        for e in self.ann.e:
            args = e.body.split()
            try:
                if not args:
                    raise InputError("expected 'Type:Trigger Role:ID ...'", field="type")
                etype, trigger = _split_arg(args[0], "type")
                pairs = [_split_arg(x, "arguments") for x in args[1:]]
            except InputError as exc:
                raise self.fail(exc, e) from exc
            parsed.append(_Event(e, self.n(etype), trigger, pairs))
        kept = []
        for ev in parsed:
            nested = [f"{role}:{t}" for role, t in ev.args if t.startswith("E")]
            if nested:
                self.warn(f"{self.name}:{ev.line.number}: event {ev.line.ident} left out: "
                          f"its argument {', '.join(nested)} is an event (nested events are "
                          "not supported; the rest of the document is imported)")
                continue
            kept.append(ev)
        return kept

    def roles(self, ftype: str, ev: _Event) -> dict[str, list[str]]:
        """Role -> T ids, in the order of the line."""
        raws = {role for role, _ in ev.args}
        out: dict[str, list[str]] = {}
        for raw, target in ev.args:
            if target not in self.tlines:
                raise InputError(f"no text-bound annotation {target}", field="arguments")
            role = self.b.role(ftype, self.n(raw), "arguments")
            base = _DIGITS.sub("", role)
            if role == self.n(raw) and base and base != role and base in raws:
                role = base  # Theme, Theme2: one role
            if target not in out.setdefault(role, []):
                out[role].append(target)
        return out

    def is_anchor(self, ftype: str, ev: _Event, roles: Mapping[str, Sequence[str]],
                  used: set[str]) -> bool:
        """Whether ``ev``'s trigger is only the anchor Claimdesk's export added (no span)."""
        label, frags, _ = self.tlines[ev.trigger]
        if label != ev.etype or ev.trigger in used:
            return False
        if self.b.known_label(label) is not None or self.b.codebook.frame_type(ftype) is None:
            return False
        if self.b.known_frame_type(label) is None:
            return False
        anchor = anchor_filler(roles)
        return anchor is not None and self.tlines[anchor][1] == frags


def _attrs(defs: Sequence[AttributeDef], raw: Mapping[str, str]) -> dict[str, str]:
    """Attribute names matched to ``defs`` case-insensitively; a value that brat had to write
    with ``_`` for whitespace (``press_conference``) is read back as the codebook value."""
    out: dict[str, str] = {}
    for k, v in raw.items():
        adef = next((a for a in defs if a.name == k), None) or next(
            (a for a in defs if a.name.lower() == k.lower()), None)
        if adef is not None and v not in adef.values:
            v = next((x for x in adef.values if _WS.sub("_", x.strip()) == v), v)
        out[adef.name if adef is not None else k] = v
    return out


def _build(raw_text: str, ann: _Ann, codebook: Codebook, *, extend: bool,
           normalised: bool, warn: Callable[[str], None], name: str,
           names: Mapping[str, str]) -> LayerBuilder:
    d = _Doc(raw_text, ann, codebook, extend=extend, normalised=normalised, warn=warn,
             name=name, names=names)
    b = d.b
    attrs = d.attributes()
    notes = d.notes()
    links = d.links()
    for t in ann.t:
        try:
            raw_label, frags = _fragments(t.body, "type")
        except InputError as exc:
            raise d.fail(exc, t) from exc
        d.tlines[t.ident] = (d.n(raw_label), frags, t)
    events = d.events()
    used = {t for ev in events for _, t in ev.args} | set(attrs) | set(notes) | set(links)
    used |= {x.partition(":")[2] for r in ann.r for x in r.body.split()[1:]}
    # frame type and roles of each event, and whether its trigger is only an anchor
    plans: list[tuple[_Event, str, dict[str, list[str]]]] = []
    anchor_votes: dict[str, bool] = {}
    for ev in events:
        try:
            if ev.trigger not in d.tlines:
                raise InputError(f"the trigger {ev.trigger} is not a text-bound annotation",
                                 field="trigger")
            ftype = b.frame_type(ev.etype, "type")
            roles = d.roles(ftype, ev)
        except InputError as exc:
            raise d.fail(exc, ev.line) from exc
        plans.append((ev, ftype, roles))
        ok = d.is_anchor(ftype, ev, roles, used)
        anchor_votes[ev.trigger] = anchor_votes.get(ev.trigger, True) and ok
    anchors = {t for t, ok in anchor_votes.items() if ok}
    for ident, (raw_label, frags, t) in d.tlines.items():
        if ident in anchors:
            continue
        try:
            label = b.label(raw_label, "type")
            sid = our_id(ident)
            lab = codebook.label(label)
            actor = links.get(ident)
            b.add_span(sid, label, frags, fld="text", expected=t.text or None,
                       attrs=_attrs(lab.attributes if lab else (), attrs.get(ident, {})),
                       note="\n".join(notes.get(ident, [])), normalised=normalised,
                       actor=actor.id if actor else None)
        except InputError as exc:
            raise d.fail(exc, t) from exc
        d.by_brat[ident] = sid
        if actor is not None:
            b.actors.setdefault(actor.id, replace(
                actor, name=actor.name or actor_name(b.spans[-1].text, actor.id)))
    where: dict[str, str] = {}
    for ev, ftype, roles in plans:
        try:
            ids = {r: [d.by_brat[t] for t in ts] for r, ts in roles.items()}
            trigger = None if ev.trigger in anchors else d.by_brat[ev.trigger]
            if trigger is not None and d.tlines[ev.trigger][0] != ev.etype:
                # a trigger typed with a span label (not the event type): the role it fills
                ft = codebook.frame_type(ftype)
                label = b.labels[trigger]
                role = next((r.name for r in ft.roles if label in r.labels), None) if ft \
                    else None
                if role is not None:
                    ids[role] = [trigger, *(x for x in ids.get(role, []) if x != trigger)]
                    trigger = None
            ft = codebook.frame_type(ftype)
            fid = our_id(ev.line.ident)
            b.add_frame(fid, ftype, ids, fld="arguments", trigger=trigger,
                        attrs=_attrs(ft.attributes if ft else (), attrs.get(ev.line.ident, {})))
            where[fid] = f"{name}:{ev.line.number} {ev.line.ident}"
        except InputError as exc:
            raise d.fail(exc, ev.line) from exc
    for r in ann.r:
        try:
            rtype, _, rest = r.body.partition(" ")
            args = dict(_split_arg(x, "arguments") for x in rest.split())
            ends = [args.get("Arg1"), args.get("Arg2")]
            if None in ends or len(args) != 2:
                raise InputError("expected 'Type Arg1:T1 Arg2:T2'", field="arguments")
            head, tail = (d.by_brat.get(x or "") for x in ends)
            if head is None or tail is None:
                raise InputError("arguments must be text-bound annotations", field="arguments")
            b.add_relation(our_id(r.ident), b.relation_type(d.n(rtype), "type"), head, tail,
                           fld="type", attrs=attrs.get(r.ident, {}))
        except InputError as exc:
            raise d.fail(exc, r) from exc
    for line in b.renames():
        warn(f"brat: {line}")  # the same for every file of a corpus: told once
    for line in b.limit_notes(where):
        warn(line)
    return b


def read_brat_pair(txt: Source, ann_src: Source, codebook: Codebook, *, extend: bool = False,
                   warn: Callable[[str], None] = lambda _m: None,
                   names: Mapping[str, str] | None = None) -> ImportRecord:
    """One document from a ``.txt``/``.ann`` pair (``names``: safe form -> name, from the
    manifest of a Claimdesk export)."""
    raw_text = txt.text()
    if not raw_text.strip():
        raise InputError("the file is empty", file=txt.name)
    ann = _parse(ann_src.read(), ann_src.name, warn)
    mapping = dict(names or {})
    said: list[str] = []  # warnings, told only for the reading that worked
    try:
        b = _build(raw_text, ann, codebook, extend=extend, normalised=False, warn=said.append,
                   name=ann_src.name, names=mapping)
    except InputError as first:
        if "\r" not in raw_text:
            raise
        said.clear()
        try:  # offsets written by a server that counted CRLF as one character
            b = _build(raw_text, ann, codebook, extend=extend, normalised=True,
                       warn=said.append, name=ann_src.name, names=mapping)
        except InputError:
            raise first from None
    for line in said:
        warn(line)
    text = b.text
    doc = Document(id="", title=text.strip().split("\n", 1)[0][:200], text=text,
                   sha256=sha256_text(text), meta={"filename": txt.rel.rsplit("/", 1)[-1]})
    return ImportRecord(document=doc, layer=b.layer(DEFAULT_ANNOTATOR),
                        actors=tuple(b.actors.values()), file=ann_src.name, id_hint=txt.stem)


def _names(source: Source) -> dict[str, str]:
    """Safe form -> name from a Claimdesk export's manifest beside the pair."""
    for c in source.companions:
        try:
            names = json.loads(c.text()).get("names")
        except (ValueError, InputError, AttributeError):
            continue
        if isinstance(names, dict):
            return {str(k): str(v) for k, v in names.items() if isinstance(v, str)}
    return {}


def read_brat(source: Source, ctx: ReadContext) -> Iterator[ImportRecord]:
    """One document from an ``.ann`` file and its ``.txt`` (``source.partner``)."""
    if source.partner is None:
        raise InputError(f"no {source.stem}.txt beside it", file=source.name)
    yield read_brat_pair(source.partner, source, ctx.codebook, extend=ctx.extend,
                         warn=ctx.warn, names=_names(source))

"""brat standoff: ``DOC.txt`` + ``DOC.ann`` pairs (PolNeAR-style attribution events).

The ``.txt`` is read as UTF-8, its line endings are normalised and the ``.ann`` offsets (code
points, end exclusive) are remapped. Some brat servers counted CRLF as one character
(brat#853): when the offsets only fit the normalised text they are read that way instead;
every ``T`` text field is checked against the text either way.

Lines and what they become (ids ``T7``/``E7``/``R7`` become ``s7``/``f7``/``r7``):
- ``T`` text-bound, with ``;``-separated fragments -> spans. Labels match the codebook exactly,
  case-insensitively, or by role (PolNeAR ``Content`` fills the content role -> CLAIM).
- ``E`` events ``Type:Trigger Role:ID ...`` -> frames; numbered repeats (``Source2``) fold
  into one role. A trigger ``T`` labelled with a span label (PolNeAR ``Cue``) is a span and
  the frame's cue; a trigger labelled with the frame type (``attribution``, as the Claimdesk
  brat export writes it over the first cue) is only an anchor, not a span: it becomes a cue
  span only when the event names no cue and its type is not ``<type>-no-cue``.
- ``R`` relations ``Type Arg1:T1 Arg2:T2`` -> relations (head = Arg1, tail = Arg2).
- ``A``/``M`` attributes on ``T`` -> span attrs, on ``E`` -> frame attrs, on ``R`` -> relation
  attrs (binary attributes have the value ``"true"``). brat values cannot hold whitespace (the
  export writes ``_``): a value that is not in the codebook but is a codebook value with its
  whitespace written as ``_`` (``press_conference``) is read as that value.
- ``N`` normalisations ``Reference T1 DB:ID<TAB>Name`` -> actor links: ``Claimdesk:a1`` links
  registry actor ``a1``; any other ``DB:ID`` links (or creates) the actor ``DB:ID`` named by
  the text field (the span text when there is none).
- ``#`` ``AnnotatorNotes`` on a ``T`` -> the span note. ``*`` (Equiv) is ignored with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from desktop.core.codebook import AttributeDef, Codebook
from desktop.core.errors import InputError
from desktop.core.model import Actor, Document
from desktop.core.offsets import sha256_text
from desktop.formats.layer_builder import LayerBuilder, actor_name
from desktop.formats.records import ImportRecord, ReadContext
from desktop.formats.sources import Source, numbered_lines

DEFAULT_ANNOTATOR = "brat"
_WS = re.compile(r"\s+")
_ID = re.compile(r"^([A-Za-z]|#)([0-9]+)$")
_RANGE = re.compile(r"^(\d+) (\d+)$")


def our_id(brat_id: str) -> str:
    m = _ID.match(brat_id)
    if m and m.group(1) in "TER":
        return {"T": "s", "E": "f", "R": "r"}[m.group(1)] + m.group(2)
    return brat_id


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
            warn(f"{name}:{number}: equivalence ({line.strip()[:40]}) ignored")
            continue
        if len(parts) < 2 or not _ID.match(ident):
            raise InputError("expected ID<TAB>annotation (ID like T1, E1, R1, A1, N1, #1)",
                             file=name, line=number, field="id")
        if ident in seen:
            raise InputError(f"duplicate id {ident}", file=name, line=number, field="id")
        seen.add(ident)
        item = _Line(number, ident, parts[1], "\t".join(parts[2:]) if len(parts) > 2 else None)
        kind = ident[0]
        target = {"T": ann.t, "E": ann.e, "R": ann.r, "A": ann.a, "M": ann.a, "N": ann.n,
                  "#": ann.notes}.get(kind)
        if target is None:
            raise InputError(f"unknown annotation kind {kind!r}", file=name, line=number,
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
    role, sep, target = arg.partition(":")
    if not sep or not role or not target:
        raise InputError(f"expected Role:ID, got {arg!r}", field=fld)
    return role, target


def _build(raw_text: str, ann: _Ann, codebook: Codebook, *, extend: bool,
           normalised: bool, warn: Callable[[str], None], name: str) -> LayerBuilder:
    b = LayerBuilder(raw_text, codebook, extend=extend)

    def fail(exc: InputError, line: _Line) -> InputError:
        return InputError(exc.reason, file=name, line=line.number,
                          field=exc.field or line.ident)

    span_attrs: dict[str, dict[str, str]] = {}
    other_attrs: dict[str, dict[str, str]] = {}
    for a in ann.a:
        bits = a.body.split(" ")
        if len(bits) not in (2, 3):
            raise InputError("expected 'Name ID [value]'", file=name, line=a.number,
                             field="attribute")
        attr, target = bits[0], bits[1]
        value = bits[2] if len(bits) == 3 else "true"
        known = {x.ident for x in (*ann.t, *ann.e, *ann.r)}
        if target not in known:
            raise InputError(f"no annotation {target}", file=name, line=a.number,
                             field="target")
        (span_attrs if target.startswith("T") else other_attrs).setdefault(
            target, {})[attr] = value
    notes: dict[str, list[str]] = {}
    for n in ann.notes:
        kind, _, target = n.body.partition(" ")
        if target.startswith("T"):
            notes.setdefault(target, []).append(n.text or "")
        else:
            warn(f"{name}:{n.number}: {kind} on {target or '?'} ignored (notes go on T lines)")
    links: dict[str, Actor] = {}
    for n in ann.n:
        bits = n.body.split(" ")
        if len(bits) != 3:
            raise InputError("expected 'Type ID DB:ID'", file=name, line=n.number,
                             field="normalization")
        target, ref = bits[1], bits[2]
        db, sep, ext = ref.partition(":")
        if not sep or not db or not ext:
            raise InputError(f"expected DB:ID, got {ref!r}", file=name, line=n.number,
                             field="normalization")
        if target in links:
            warn(f"{name}:{n.number}: a second normalisation of {target} ignored")
            continue
        aid = ext if db.lower() == "claimdesk" else ref
        attrs = {} if db.lower() == "claimdesk" else {"ref": ref}
        links[target] = Actor(id=aid, name=(n.text or "").strip(), attrs=attrs)
    by_brat: dict[str, str] = {}
    trigger_ids = {e.body.split()[0].partition(":")[2] for e in ann.e if e.body.split()}
    triggers: dict[str, list[tuple[int, int]]] = {}
    for t in ann.t:
        try:
            raw_label, frags = _fragments(t.body, "type")
            if t.ident in trigger_ids and b.known_label(raw_label) is None \
                    and b.known_frame_type(raw_label) is not None:
                triggers[t.ident] = frags  # an event anchor (Claimdesk export), not a span
                continue
            label = b.label(raw_label, "type")
            sid = our_id(t.ident)
            lab = codebook.label(label)
            attrs = _attrs(lab.attributes if lab else (), span_attrs.get(t.ident, {}))
            actor = links.get(t.ident)
            b.add_span(sid, label, frags, fld="text", expected=t.text or None, attrs=attrs,
                       note="\n".join(notes.get(t.ident, [])), normalised=normalised,
                       actor=actor.id if actor else None)
        except InputError as exc:
            raise fail(exc, t) from exc
        by_brat[t.ident] = sid
        if actor is not None:
            name_ = actor.name or actor_name(b.spans[-1].text, actor.id)
            b.actors.setdefault(actor.id, replace(actor, name=name_))
    for target in links:
        if target not in by_brat:
            line = next(n for n in ann.n if n.body.split(" ")[1] == target)
            raise InputError(f"no text-bound annotation {target}", file=name, line=line.number,
                             field="target")
    for e in ann.e:
        try:
            _event(b, e, by_brat, other_attrs.get(e.ident, {}), triggers, normalised)
        except InputError as exc:
            raise fail(exc, e) from exc
    for r in ann.r:
        try:
            rtype, _, rest = r.body.partition(" ")
            args = dict(_split_arg(x, "arguments") for x in rest.split())
            ends = [args.get("Arg1"), args.get("Arg2")]
            if None in ends or len(args) != 2:
                raise InputError("expected 'Type Arg1:T1 Arg2:T2'", field="arguments")
            head, tail = (by_brat.get(x or "") for x in ends)
            if head is None or tail is None:
                raise InputError("arguments must be text-bound annotations", field="arguments")
            b.add_relation(our_id(r.ident), b.relation_type(rtype, "type"), head, tail,
                           fld="type", attrs=other_attrs.get(r.ident, {}))
        except InputError as exc:
            raise fail(exc, r) from exc
    return b


def _attrs(defs: Sequence[AttributeDef], raw: Mapping[str, str]) -> dict[str, str]:
    """Attribute names matched to ``defs`` case-insensitively; a value that brat had to write
    with ``_`` for whitespace (``press_conference``) is read back as the codebook value."""
    out: dict[str, str] = {}
    for k, v in raw.items():
        adef = next((a for a in defs if a.name.lower() == k.lower()), None)
        if adef is not None and v not in adef.values:
            v = next((x for x in adef.values if _WS.sub("_", x.strip()) == v), v)
        out[adef.name if adef is not None else k] = v
    return out


def _event(b: LayerBuilder, e: _Line, by_brat: dict[str, str], attrs: dict[str, str],
           triggers: dict[str, list[tuple[int, int]]], normalised: bool) -> None:
    args = e.body.split()
    if not args:
        raise InputError("expected 'Type:Trigger Role:ID ...'", field="type")
    etype, trigger = _split_arg(args[0], "type")
    ftype = b.frame_type(etype, "type")
    roles: dict[str, list[str]] = {}
    if trigger not in by_brat and trigger not in triggers:
        raise InputError(f"the trigger {trigger} is not a text-bound annotation",
                         field="trigger")
    trigger_sid = by_brat.get(trigger)
    for arg in args[1:]:
        role_raw, target = _split_arg(arg, "arguments")
        if target.startswith("E"):
            raise InputError(f"{role_raw}:{target}: events as arguments (nesting) are not "
                             "supported", field="arguments")
        sid = by_brat.get(target)
        if sid is None:
            raise InputError(f"no text-bound annotation {target}", field="arguments")
        role = b.role(ftype, role_raw, "arguments")
        if sid not in roles.setdefault(role, []):
            roles[role].append(sid)
    if trigger_sid is not None:
        cue_role = _trigger_role(b, ftype, b.labels[trigger_sid])
        cues = roles.setdefault(cue_role, [])
        if trigger_sid not in cues:
            cues.insert(0, trigger_sid)
    elif not etype.lower().endswith("-no-cue") and not roles.get("cue"):
        # a bare anchor with no cue argument (PolNeAR style): the anchor is the cue
        ft = b.codebook.frame_type(ftype)
        cue = ft.role("cue") if ft is not None else None
        if cue is not None and len(cue.labels) == 1:
            sid = our_id(trigger)
            b.add_span(sid, cue.labels[0], triggers[trigger], fld="trigger",
                       normalised=normalised)
            by_brat[trigger] = sid
            roles["cue"] = [sid]
    ft = b.codebook.frame_type(ftype)
    b.add_frame(our_id(e.ident), ftype, roles, fld="arguments",
                attrs=_attrs(ft.attributes if ft else (), attrs))


def _trigger_role(b: LayerBuilder, ftype: str, label: str) -> str:
    ft = b.codebook.frame_type(ftype)
    if ft is not None:
        if ft.role("cue") is not None:
            return "cue"
        for r in ft.roles:
            if label in r.labels:
                return r.name
    return "cue"


def read_brat_pair(txt: Source, ann_src: Source, codebook: Codebook, *, extend: bool = False,
                   warn: Callable[[str], None] = lambda _m: None) -> ImportRecord:
    """One document from a ``.txt``/``.ann`` pair."""
    raw_text = txt.text()
    if not raw_text.strip():
        raise InputError("the file is empty", file=txt.name)
    ann = _parse(ann_src.read(), ann_src.name, warn)
    try:
        b = _build(raw_text, ann, codebook, extend=extend, normalised=False, warn=warn,
                   name=ann_src.name)
    except InputError as first:
        if "\r" not in raw_text:
            raise
        try:  # offsets written by a server that counted CRLF as one character
            b = _build(raw_text, ann, codebook, extend=extend, normalised=True,
                       warn=lambda _m: None, name=ann_src.name)
        except InputError:
            raise first from None
    text = b.text
    doc = Document(id="", title=text.strip().split("\n", 1)[0][:200], text=text,
                   sha256=sha256_text(text), meta={"filename": txt.rel.rsplit("/", 1)[-1]})
    return ImportRecord(document=doc, layer=b.layer(DEFAULT_ANNOTATOR),
                        actors=tuple(b.actors.values()), file=ann_src.name, id_hint=txt.stem)


_CONF_FILES = ("annotation.conf", "visual.conf", "tools.conf", "kb_shortcuts.conf")


def gather_pairs(sources: Sequence[Source], *, forced: bool, explicit: bool,
                 warn: Callable[[str], None]) -> tuple[list[Source], list[Source]]:
    """The ``.ann`` files (each with its ``.txt`` as ``partner``) and the sources left over.

    Pairs are matched by folder and stem; brat's own ``.conf`` files are dropped. With
    ``forced`` (``--format brat``) nothing is left over: the rest is skipped with a warning,
    or (``explicit``: the user named these files) is an error when there is no pair at all.

    Raises:
        InputError: an ``.ann`` file without its ``.txt``.
    """
    txts = {(s.folder, s.stem): s for s in sources if s.suffix == ".txt"}
    pairs: list[Source] = []
    used: set[str] = set()
    for s in sources:
        if s.suffix != ".ann":
            continue
        txt = txts.get((s.folder, s.stem))
        if txt is None:
            raise InputError(f"no {s.stem}.txt beside it", file=s.name)
        pairs.append(replace(s, partner=txt))
        used.update((txt.rel, s.rel))
    rest = [s for s in sources if s.rel not in used
            and s.rel.rsplit("/", 1)[-1] not in _CONF_FILES]
    if not forced:
        return pairs, rest
    if explicit and not pairs:
        raise InputError("not a brat .txt/.ann pair", file=sources[0].name)
    for s in rest:
        if s.suffix != ".txt" or explicit:
            warn(f"{s.name}: not part of a brat .txt/.ann pair; skipped")
    return pairs, []


def partner_path(path: Path) -> Path:
    """The other file of a pair, for a ``.txt`` or ``.ann`` named directly."""
    return path.with_suffix(".ann" if path.suffix.lower() == ".txt" else ".txt")


def read_brat(source: Source, ctx: ReadContext) -> Iterator[ImportRecord]:
    """One document from an ``.ann`` file and its ``.txt`` (``source.partner``)."""
    if source.partner is None:
        raise InputError(f"no {source.stem}.txt beside it", file=source.name)
    yield read_brat_pair(source.partner, source, ctx.codebook, extend=ctx.extend,
                         warn=ctx.warn)

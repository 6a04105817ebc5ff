"""brat standoff export: ``DOC.txt`` + ``DOC.ann`` per document, ``annotation.conf``,
``visual.conf`` (label colours, display names) and ``manifest.json``; with ``--split`` one
sub-folder per split.

Offsets are code points into the UTF-8 ``.txt`` (which is the stored text, LF line endings),
end exclusive. A text that starts with U+FEFF is written after one extra BOM, which readers
drop as the encoding mark, so the offsets still count from the stored text's first
character. What becomes what:

* spans -> ``T`` lines; a discontinuous span lists its fragments in its order (``6 11;0 5``
  stays so). brat forbids a newline inside a ``T`` text, so a fragment that crosses a newline is
  cut there (the newlines themselves are left out); counted in the report.
* frames -> ``E`` events of the frame's type. Its trigger is the frame's trigger span when that
  span's label is the frame type (brat's rule: the trigger's type is the event type); else a
  ``T`` of the frame type over the trigger span, or, for a frame without one, over its first
  cue (else first content, else first filler), PolNeAR style. One ``T`` per type and extent:
  events over the same extent share it. Roles keep their names; a repeated role is numbered
  brat-style (``source``, ``source2``); a role whose name ends in a digit cannot be numbered,
  so only its first filler is written (counted).
* relations -> ``R`` lines (``Arg1`` = head, ``Arg2`` = tail; relation attributes cannot be
  expressed and are counted).
* span and frame attributes -> ``A`` lines on the ``T`` / ``E``. An attribute whose codebook
  values are exactly ``["true"]`` is binary: ``A1\\tNegation E1``. brat values cannot contain
  whitespace, so whitespace in a value becomes ``_`` (counted).
* actor links -> ``N`` lines ``Reference T1 Claimdesk:a1\\tActor name``; an actor that came
  from brat with a reference keeps it (``Wikipedia:534366``).
* span notes -> one ``#`` line per line of the note: ``AnnotatorNotes``, or the type of a
  ``[Type] text`` line (the brat reader's form for other note types). Other line breaks in
  notes and actor names become spaces.
* names brat cannot store (``Label 1``, ``商品名称``; brat's storage form is ``[A-Za-z0-9_-]+``)
  are written in a safe form (``safe_names``), listed under ``names`` in the manifest (the brat
  reader maps them back) and as display names in ``visual.conf``; the report says so.
* ``annotation.conf`` declares every label, event type, role, relation type and attribute
  written, with the codebook's role limits widened where a frame is outside them (a frame kept
  as incomplete), so every ``.ann`` validates against it by brat's rules.

File names are the document ids with characters other than letters, digits, ``-``, ``_`` and
``.`` replaced by ``_`` (made unique); the manifest maps renamed files to ids. With
``--standoff`` no ``.txt`` is written and ``T`` lines carry no text; ``documents.tsv`` lists
file, id, sha256 and url for re-hydration.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence
from typing import IO, Any

from desktop.core.codebook import Codebook
from desktop.core.model import AnnotatedDocument, Fragment, Frame, Span
from desktop.formats.brat.common import anchor_filler, brat_fragments, note_lines, reference
from desktop.formats.safe_names import brat_names
from desktop.formats.writing import Context

__all__ = ["BratWriter", "brat_fragments"]

_UNSAFE = re.compile(r"[^\w\-.]", flags=re.ASCII)
_WS = re.compile(r"\s+")
_BREAKS = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
"""What a line-based reader (``str.splitlines``, as brat's own) would take for a line end."""
_ENDS_IN_DIGIT = re.compile(r"\d$")
_MANY = 1 << 30


def _value(v: Any) -> tuple[str, bool]:
    raw = v if isinstance(v, str) else str(v)
    clean = _WS.sub("_", raw.strip()) or "_"
    return clean, clean != raw


def _quantifier(lo: int, hi: int | None) -> str:
    """brat's argument repetition for ``lo``..``hi`` fillers (None: no upper limit), widened
    where brat has no exact form (at least 2: ``+``)."""
    if hi is None:
        return "*" if lo == 0 else "+"
    if (lo, hi) == (1, 1):
        return ""
    if (lo, hi) == (0, 1):
        return "?"
    return f"{{{lo}}}" if lo == hi else f"{{{lo}-{hi}}}"



def _digest(name: str) -> int:
    """A case-folded file name as 64 bits (a collision only renames a file: still unique)."""
    return int.from_bytes(hashlib.blake2b(name.lower().encode("utf-8"),
                                          digest_size=8).digest(), "big")

class BratWriter:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        # File names in use, case-folded (two documents must not share a file on a
        # case-insensitive disk), as 8-byte digests: a million names in tens of MB.
        self.taken: set[int] = set()
        self.renamed: dict[str, str] = {}
        self.docs_tsv: IO[str] | None = None
        self.actors_seen: set[str] = set()
        cb = ctx.codebook
        self.names = brat_names()
        self.names.claim([x.name for x in cb.labels] + [x.name for x in cb.frames]
                         + [r.name for f in cb.frames for r in f.roles]
                         + [x.name for x in cb.relations]
                         + [a.name for x in cb.labels for a in x.attributes]
                         + [a.name for f in cb.frames for a in f.attributes])
        self.binary = {(x.name, a.name) for x in cb.labels for a in x.attributes
                       if a.values == ("true",)}
        self.binary |= {(f.name, a.name) for f in cb.frames for a in f.attributes
                        if a.values == ("true",)}
        # what the .ann files hold, so annotation.conf declares all of it
        self.labels: set[str] = set()
        self.event_types: set[str] = set()
        self.roles: dict[str, dict[str, list[int]]] = defaultdict(dict)  # type->role->[lo,hi]
        self.role_labels: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.rel_ends: dict[str, tuple[set[str], set[str]]] = {}
        self.attrs: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self.binary_written: set[str] = set()

    def _name(self, doc_id: str, split: str) -> str:
        base = _UNSAFE.sub("_", doc_id) or "doc"
        name, n = base, 2
        while _digest(f"{split}/{name}") in self.taken:
            name = f"{base}-{n}"
            n += 1
        self.taken.add(_digest(f"{split}/{name}"))
        if name != doc_id:
            self.renamed[f"{split}/{name}" if split else name] = doc_id
        return name

    def add(self, split: str, ad: AnnotatedDocument) -> None:
        doc = ad.document
        text = doc.text
        name = self._name(doc.id, split)
        for actor in ad.actors:  # an N line holds only a reference and the name
            if actor.id not in self.actors_seen:
                self.actors_seen.add(actor.id)
                if actor.aliases or set(actor.attrs) - {"ref"}:
                    self.ctx.report.dropped["actor aliases and attributes brat cannot hold"] += 1
        if doc.meta.keys() - {"filename"} or ad.layer.status.value != "new":
            self.ctx.report.dropped[
                "documents whose metadata or status brat cannot hold (.txt/.ann have none)"] += 1
        prefix = f"{split}/" if split else ""
        standoff = self.ctx.options.standoff
        if not standoff:
            with self.ctx.open_text(self.ctx.staging.file(f"{prefix}{name}.txt")) as fh:
                # readers (ours, brat's) drop a leading BOM as an encoding mark: a text that
                # starts with U+FEFF gets one more, so the character itself survives
                fh.write("\ufeff" + text if text.startswith("\ufeff") else text)
        else:
            if self.docs_tsv is None:
                self.docs_tsv = self.ctx.open_text(self.ctx.staging.file("documents.tsv"))
                self.docs_tsv.write("file\tid\tsha256\turl\n")
            url = str(doc.meta.get("url", "")).replace("\t", " ").replace("\n", " ")
            self.docs_tsv.write(f"{prefix}{name}.ann\t{doc.id}\t{doc.sha256}\t{url}\n")
        with self.ctx.open_text(self.ctx.staging.file(f"{prefix}{name}.ann")) as fh:
            fh.write(_Ann(self, ad).text())

    def close(self) -> dict[str, Any]:
        if self.docs_tsv is not None:
            self.docs_tsv.close()
        root = self.ctx.staging.root
        cb = self.ctx.codebook
        (root / "annotation.conf").write_text(self._conf(cb), encoding="utf-8")
        n = self.names
        shown = [f"{form} | {name}" for form, name in sorted(n.mapping.items())]
        visual = ["[labels]", *shown, "", "[drawing]",
                  *(f"{n(x.name)}\tbgColor:{x.color}" for x in cb.labels
                    if x.name not in self.event_types),
                  *(f"{n(t)}\tbgColor:#bbbbbb" for t in sorted(self.event_types)), ""]
        (root / "visual.conf").write_text("\n".join(visual), encoding="utf-8")
        out: dict[str, Any] = {"brat": "T spans, E frames (trigger: the frame's trigger span, "
                               "else a T of the frame type over its first cue or content), "
                               "R relations, A attributes (binary: values exactly ['true']), "
                               "N actor links, # notes"}
        if n.mapping:
            out["names"] = dict(sorted(n.mapping.items()))
            self.ctx.report.notes.append(
                f"{len(n.mapping)} names written in brat's safe form: " + ", ".join(
                    f"{v!r} as {k!r}" for k, v in sorted(n.mapping.items()))
                + " (manifest: names; visual.conf shows the names; the Claimdesk brat "
                "import maps them back)")
        if self.renamed:
            out["renamed_documents"] = dict(sorted(self.renamed.items()))
        return out

    def _conf(self, cb: Codebook) -> str:
        n = self.names
        frame_types = {ft.name for ft in cb.frames} | self.event_types
        entities = [x.name for x in cb.labels if x.name not in frame_types]
        entities += sorted(self.labels - set(entities) - frame_types)
        lines = ["# Claimdesk export: brat configuration generated from the codebook "
                 f"{cb.name} {cb.version}", "[entities]", *(n(x) for x in entities), "",
                 "[relations]"]
        rels = {rt.name: (set(rt.head), set(rt.tail)) for rt in cb.relations}
        for name, (heads, tails) in self.rel_ends.items():
            h, t = rels.setdefault(name, (set(), set()))
            h |= heads
            t |= tails
        for name, (heads, tails) in rels.items():
            rt = cb.relation_type(name)
            arg1 = "|".join(n(x) for x in sorted(heads)) if rt is None or rt.head else "<ENTITY>"
            arg2 = "|".join(n(x) for x in sorted(tails)) if rt is None or rt.tail else "<ENTITY>"
            lines.append(f"{n(name)}\tArg1:{arg1 or '<ENTITY>'}, Arg2:{arg2 or '<ENTITY>'}")
        lines += ["<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>", "", "[events]"]
        for et in sorted(frame_types):
            ft = cb.frame_type(et)
            seen = self.roles.get(et, {})
            limits: dict[str, tuple[int, int | None]] = {}
            for r in ft.roles if ft is not None else ():
                limits[r.name] = (r.min, r.max)
            for role, (lo, hi) in seen.items():
                cur_lo, cur_hi = limits.get(role, (lo, hi))
                limits[role] = (min(cur_lo, lo), None if cur_hi is None else max(cur_hi, hi))
            args = []
            for role, (lo, hi_) in limits.items():
                rdef = ft.role(role) if ft is not None else None
                labels = set(rdef.labels) if rdef is not None else set()
                labels |= self.role_labels.get((et, role), set())
                if hi_ == 0 or not labels:
                    continue
                if _ENDS_IN_DIGIT.search(role):  # brat cannot number it: at most one
                    lo, hi_ = min(lo, 1), 1
                args.append(f"{n(role)}{_quantifier(lo, hi_)}:"
                            f"{'|'.join(n(x) for x in sorted(labels))}")
            lines.append(f"{n(et)}\t{', '.join(args)}" if args else n(et))
        lines += ["", "[attributes]"]
        for lab in cb.labels:
            for a in lab.attributes:
                self.attrs[a.name][lab.name].update(_value(v)[0] for v in a.values)
        for ft in cb.frames:
            for a in ft.attributes:
                self.attrs[a.name][ft.name].update(_value(v)[0] for v in a.values)
        for name in sorted(self.attrs):
            owners = self.attrs[name]
            values = sorted({v for vs in owners.values() for v in vs})
            arg = "|".join(n(o) for o in sorted(owners))
            if values == ["true"] and all((o, name) in self.binary for o in owners):
                lines.append(f"{n(name)}\tArg:{arg}")
            else:
                lines.append(f"{n(name)}\tArg:{arg}, Value:{'|'.join(values)}")
        return "\n".join(lines) + "\n"


class _Ann:
    """One document's ``.ann`` lines."""

    def __init__(self, w: BratWriter, ad: AnnotatedDocument) -> None:
        self.w = w
        self.ad = ad
        self.text_ = ad.document.text
        self.lines: list[str] = []
        self.counters = {"T": 0, "E": 0, "A": 0, "R": 0, "N": 0, "#": 0}
        self.tid: dict[str, str] = {}
        self.triggers: dict[tuple[str, tuple[Fragment, ...]], str] = {}

    def new(self, kind: str) -> str:
        self.counters[kind] += 1
        return f"{kind}{self.counters[kind]}"

    def tline(self, label: str, frags: Sequence[Fragment]) -> str | None:
        pieces = brat_fragments(self.text_, frags)
        if not pieces:
            return None
        t = self.new("T")
        offs = ";".join(f"{a} {b}" for a, b in pieces)
        body = "" if self.w.ctx.options.standoff else " ".join(
            self.text_[a:b] for a, b in pieces)
        self.lines.append(f"{t}\t{self.w.names(label)} {offs}\t{body}")
        self.triggers.setdefault((label, tuple(pieces)), t)
        if len(pieces) != len(frags):
            self.w.ctx.report.dropped[
                "spans crossing a newline written as brat fragments cut at the newline"] += 1
        return t

    def attr(self, target: str, owner: str, name: str, value: Any) -> None:
        w = self.w
        if (owner, name) in w.binary and value == "true":
            self.lines.append(f"{self.new('A')}\t{w.names(name)} {target}")
            w.attrs[name][owner].add("true")
            return
        v, changed = _value(value)
        if changed:
            w.ctx.report.dropped["attribute values with whitespace written with '_' (brat)"] += 1
        self.lines.append(f"{self.new('A')}\t{w.names(name)} {target} {v}")
        w.attrs[name][owner].add(v)

    def text(self) -> str:
        spans = {s.id: s for s in self.ad.layer.spans}
        for s in self.ad.layer.spans:
            self.span(s)
        for f in self.ad.layer.frames:
            self.frame(f, spans)
        d = self.w.ctx.report.dropped
        for r in self.ad.layer.relations:
            if r.head not in self.tid or r.tail not in self.tid:
                d["relations to spans left out (brat)"] += 1
                continue
            self.lines.append(f"{self.new('R')}\t{self.w.names(r.label)} "
                              f"Arg1:{self.tid[r.head]} Arg2:{self.tid[r.tail]}")
            heads, tails = self.w.rel_ends.setdefault(r.label, (set(), set()))
            heads.add(spans[r.head].label)
            tails.add(spans[r.tail].label)
            if r.attrs:
                d["relation attributes not expressible in brat"] += len(r.attrs)
        return "\n".join(self.lines) + ("\n" if self.lines else "")

    def span(self, s: Span) -> None:
        t = self.tline(s.label, s.fragments)
        if t is None:
            self.w.ctx.report.dropped["spans of only newlines left out (brat)"] += 1
            return
        self.tid[s.id] = t
        self.w.labels.add(s.label)
        for k, v in s.attrs.items():
            self.attr(t, s.label, k, v)
        if s.actor:
            actor = next((a for a in self.ad.actors if a.id == s.actor), None)
            name = _BREAKS.sub(" ", actor.name) if actor else ""
            ref = reference(s.actor, actor.attrs if actor else {})
            self.lines.append(f"{self.new('N')}\tReference {t} {ref}\t{name}")
        if s.note:
            for kind, line in note_lines(s.note):
                self.lines.append(f"{self.new('#')}\t{kind} {t}\t{_BREAKS.sub(' ', line)}")

    def frame(self, f: Frame, spans: dict[str, Span]) -> None:
        w, d = self.w, self.w.ctx.report.dropped
        roles = {r: [x for x in ids if x in self.tid] for r, ids in f.roles.items()}
        trig = None
        if f.trigger in self.tid and spans[f.trigger].label == f.type:
            trig = self.tid[f.trigger]
        else:
            anchor = f.trigger if f.trigger in self.tid else anchor_filler(roles)
            if anchor is not None:
                pieces = tuple(brat_fragments(self.text_, spans[anchor].fragments))
                trig = self.triggers.get((f.type, pieces)) or self.tline(f.type, pieces)
        if trig is None:
            d["frames without any span left out (brat)"] += 1
            return
        w.event_types.add(f.type)
        args = [f"{w.names(f.type)}:{trig}"]
        counts = w.roles[f.type]
        for role, ids in roles.items():
            if len(ids) > 1 and _ENDS_IN_DIGIT.search(role):
                d["frame role fillers left out: brat cannot number a role ending in a digit"] \
                    += len(ids) - 1
                ids = ids[:1]
            lo_hi = counts.setdefault(role, [len(ids), len(ids)])
            lo_hi[0], lo_hi[1] = min(lo_hi[0], len(ids)), max(lo_hi[1], len(ids))
            for k, sid in enumerate(ids):
                w.role_labels[(f.type, role)].add(spans[sid].label)
                args.append(f"{w.names(role)}{k + 1 if k else ''}:{self.tid[sid]}")
        ft = w.ctx.codebook.frame_type(f.type)
        for r in ft.roles if ft is not None else ():
            if r.name not in roles:  # a role the frame leaves empty: 0 fillers
                lo_hi = counts.setdefault(r.name, [0, 0])
                lo_hi[0] = 0
        e = self.new("E")
        self.lines.append(f"{e}\t{' '.join(args)}")
        for key, value in f.attrs.items():
            self.attr(e, f.type, key, value)

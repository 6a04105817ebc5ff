"""brat standoff export: ``DOC.txt`` + ``DOC.ann`` per document, ``annotation.conf``,
``visual.conf`` (label colours) and ``manifest.json``; with ``--split`` one sub-folder per split.

Offsets are code points into the UTF-8 ``.txt`` (which is the stored text, LF line endings),
end exclusive. A text that starts with U+FEFF is written after one extra BOM, which readers
drop as the encoding mark, so the offsets still count from the stored text's first
character. Encoding, PolNeAR style:

* spans -> ``T`` lines; a discontinuous span lists its fragments ``a b;c d``. brat forbids a
  newline inside a ``T`` text, so a fragment that crosses a newline is cut there into several
  fragments (the newlines themselves are left out); counted in the report.
* frames -> ``E`` events. The trigger is a separate ``T`` of the frame type (e.g.
  ``attribution``) over the extent of the frame's first cue, as PolNeAR's ``Attribution``
  trigger; a frame without a cue uses type ``<type>-no-cue`` and a trigger over its first
  content span. Roles keep the codebook names (``content``, ``source``, ``cue``); a repeated
  role is numbered brat-style (``source``, ``source2``, ...).
* relations -> ``R`` lines (``Arg1`` = head, ``Arg2`` = tail; relation attributes cannot be
  expressed and are counted).
* span attributes and frame attributes -> ``A`` lines on the ``T`` / ``E``; brat values cannot
  contain whitespace, so whitespace in a value becomes ``_`` (counted).
* actor links -> ``N`` lines ``N1\\tReference T1 Claimdesk:a1\\tActor name``.
* span notes -> ``#`` lines ``#1\\tAnnotatorNotes T1\\tnote``.
* in actor names and notes each line break (anything ``str.splitlines`` splits at) becomes a
  space; other whitespace is kept as it is.

File names are the document ids with characters other than letters, digits, ``-``, ``_`` and
``.`` replaced by ``_`` (made unique); the manifest maps renamed files to ids. With
``--standoff`` no ``.txt`` is written and ``T`` lines carry no text; ``documents.tsv`` lists
file, id, sha256 and url for re-hydration.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import IO, Any

from desktop.core.codebook import Codebook
from desktop.core.model import AnnotatedDocument, Fragment, Span
from desktop.formats.writing import Context

_UNSAFE = re.compile(r"[^\w\-.]", flags=re.ASCII)
_WS = re.compile(r"\s+")
_BREAKS = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
"""What a line-based reader (``str.splitlines``, as brat's own) would take for a line end."""


def brat_fragments(text: str, fragments: Sequence[Fragment]) -> list[Fragment]:
    """Fragments cut at every newline (which is left out); empty pieces dropped."""
    out: list[Fragment] = []
    for a, b in fragments:
        k = a
        while True:
            j = text.find("\n", k, b)
            if j < 0:
                if b > k:
                    out.append((k, b))
                break
            if j > k:
                out.append((k, j))
            k = j + 1
    return out


def _value(v: Any) -> tuple[str, bool]:
    raw = v if isinstance(v, str) else str(v)
    clean = _WS.sub("_", raw.strip()) or "_"
    return clean, clean != raw


def _quantifier(lo: int, hi: int | None) -> str:
    if lo == 1 and hi == 1:
        return ""
    if lo == 0 and hi == 1:
        return "?"
    if lo == 0 and hi is None:
        return "*"
    if lo == 1 and hi is None:
        return "+"
    return f"{{{lo}-{hi if hi is not None else ''}}}"


class BratWriter:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.taken: set[str] = set()
        self.renamed: dict[str, str] = {}
        self.span_attrs: dict[tuple[str, str], set[str]] = defaultdict(set)  # (attr, label)
        self.frame_attrs: dict[tuple[str, str], set[str]] = defaultdict(set)  # (attr, type)
        self.event_types: set[str] = set()
        self.docs_tsv: IO[str] | None = None
        self.actors_seen: set[str] = set()

    def _name(self, doc_id: str, split: str) -> str:
        base = _UNSAFE.sub("_", doc_id) or "doc"
        name, n = base, 2
        while f"{split}/{name}".lower() in self.taken:
            name = f"{base}-{n}"
            n += 1
        self.taken.add(f"{split}/{name}".lower())
        if name != doc_id:
            self.renamed[f"{split}/{name}" if split else name] = doc_id
        return name

    def add(self, split: str, ad: AnnotatedDocument) -> None:
        doc = ad.document
        text = doc.text
        name = self._name(doc.id, split)
        for actor in ad.actors:  # an N line holds only the id and the name
            if actor.id not in self.actors_seen:
                self.actors_seen.add(actor.id)
                if actor.aliases or actor.attrs:
                    self.ctx.report.dropped["actor aliases and attributes brat cannot hold"] += 1
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
            fh.write(self._ann(ad))

    def _ann(self, ad: AnnotatedDocument) -> str:
        text = ad.document.text
        d = self.ctx.report.dropped
        standoff = self.ctx.options.standoff
        lines: list[str] = []
        tid: dict[str, str] = {}
        counters = {"T": 0, "E": 0, "A": 0, "R": 0, "N": 0, "#": 0}

        def new(kind: str) -> str:
            counters[kind] += 1
            return f"{kind}{counters[kind]}"

        def tline(label: str, frags: Sequence[Fragment]) -> str | None:
            pieces = brat_fragments(text, frags)
            if not pieces:
                return None
            t = new("T")
            offs = ";".join(f"{a} {b}" for a, b in pieces)
            body = "" if standoff else " ".join(text[a:b] for a, b in pieces)
            lines.append(f"{t}\t{label} {offs}\t{body}")
            if len(pieces) != len(frags):
                d["spans crossing a newline written as brat fragments cut at the newline"] += 1
            return t

        def attr(target: str, name: str, value: Any) -> str:
            v, changed = _value(value)
            if changed:
                d["attribute values with whitespace written with '_' (brat)"] += 1
            lines.append(f"{new('A')}\t{name} {target} {v}")
            return v

        spans: dict[str, Span] = {s.id: s for s in ad.layer.spans}
        for s in ad.layer.spans:
            t = tline(s.label, s.fragments)
            if t is None:
                d["spans of only newlines left out (brat)"] += 1
                continue
            tid[s.id] = t
            for k, v in s.attrs.items():
                self.span_attrs[(k, s.label)].add(attr(t, k, v))
            if s.actor:
                actor = next((a for a in ad.actors if a.id == s.actor), None)
                name = _BREAKS.sub(" ", actor.name) if actor else ""
                lines.append(f"{new('N')}\tReference {t} Claimdesk:{s.actor}\t{name}")
            if s.note:
                lines.append(f"{new('#')}\tAnnotatorNotes {t}\t{_BREAKS.sub(' ', s.note)}")
        for f in ad.layer.frames:
            cues = [x for x in f.roles.get("cue", ()) if x in tid]
            contents = [x for x in f.roles.get("content", ()) if x in tid]
            etype = f.type if cues else f"{f.type}-no-cue"
            anchor = cues[0] if cues else (contents[0] if contents else
                                           next((x for v in f.roles.values() for x in v
                                                 if x in tid), None))
            if anchor is None:
                d["frames without any span left out (brat)"] += 1
                continue
            trig = tline(etype, spans[anchor].fragments)
            if trig is None:
                d["frames without any span left out (brat)"] += 1
                continue
            self.event_types.add(etype)
            e = new("E")
            args = [f"{etype}:{trig}"]
            for role, ids in f.roles.items():
                for n, sid in enumerate(x for x in ids if x in tid):
                    args.append(f"{role}{n + 1 if n else ''}:{tid[sid]}")
            lines.append(f"{e}\t{' '.join(args)}")
            for k, v in f.attrs.items():
                self.frame_attrs[(k, etype)].add(attr(e, k, v))
        for r in ad.layer.relations:
            if r.head not in tid or r.tail not in tid:
                d["relations to spans left out (brat)"] += 1
                continue
            lines.append(f"{new('R')}\t{r.label} Arg1:{tid[r.head]} Arg2:{tid[r.tail]}")
            if r.attrs:
                d["relation attributes not expressible in brat"] += len(r.attrs)
        return "\n".join(lines) + ("\n" if lines else "")

    def close(self) -> dict[str, Any]:
        if self.docs_tsv is not None:
            self.docs_tsv.close()
        root = self.ctx.staging.root
        cb = self.ctx.codebook
        (root / "annotation.conf").write_text(self._conf(cb), encoding="utf-8")
        visual = ["[labels]", *(f"{x.name} | {x.name}" for x in cb.labels), "", "[drawing]",
                  *(f"{x.name}\tbgColor:{x.color}" for x in cb.labels),
                  *(f"{t}\tbgColor:#bbbbbb" for t in sorted(self.event_types)), ""]
        (root / "visual.conf").write_text("\n".join(visual), encoding="utf-8")
        out: dict[str, Any] = {"brat": "T spans (cut at newlines), E frames (trigger = first "
                               "cue, else first content: <type>-no-cue), R relations, A "
                               "attributes, N actor links (Claimdesk:<actor id>), # notes"}
        if self.renamed:
            out["renamed_documents"] = dict(sorted(self.renamed.items()))
        return out

    def _conf(self, cb: Codebook) -> str:
        labels = [x.name for x in cb.labels]
        lines = ["# Claimdesk export: brat configuration generated from the codebook "
                 f"{cb.name} {cb.version}", "[entities]", *labels, "", "[relations]"]
        for rt in cb.relations:
            lines.append(f"{rt.name}\tArg1:{'|'.join(rt.head)}, Arg2:{'|'.join(rt.tail)}")
        lines += ["<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>", "", "[events]"]
        types = sorted(self.event_types | {ft.name for ft in cb.frames})
        for et in types:
            base = et.removesuffix("-no-cue")
            ft = cb.frame_type(base)
            if ft is None:
                lines.append(et)
                continue
            args = []
            for r in ft.roles:
                lo, hi = r.min, r.max
                if r.name == "cue" and et != base:
                    continue
                args.append(f"{r.name}{_quantifier(lo, hi)}:{'|'.join(r.labels)}")
            lines.append(f"{et}\t{', '.join(args)}")
        lines += ["", "[attributes]"]
        attrs: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for lab in cb.labels:
            for a in lab.attributes:
                attrs[a.name][lab.name].update(_value(v)[0] for v in a.values)
        for ft in cb.frames:
            for a in ft.attributes:
                for et in (ft.name, f"{ft.name}-no-cue"):
                    attrs[a.name][et].update(_value(v)[0] for v in a.values)
        for (k, owner), vals in [*self.span_attrs.items(), *self.frame_attrs.items()]:
            attrs[k][owner].update(vals)
        for name in sorted(attrs):
            owners = attrs[name]
            values = sorted({v for vs in owners.values() for v in vs})
            lines.append(f"{name}\tArg:{'|'.join(sorted(owners))}, Value:{'|'.join(values)}")
        return "\n".join(lines) + "\n"

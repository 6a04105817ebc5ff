"""CSV export: tables for spreadsheet and R users (``--format csv``, a folder; UTF-8 with a
header row, RFC 4180 quoting, LF line ends).

* ``documents.csv``: split, id, title, sha256, url, outlet, published, status, text.
* ``spans.csv``: one row per span: doc_id, span_id, label, start, end (outer bounds, code
  points), fragments (``a-b;c-d``), text, actor_id, actor_name, one column per codebook span
  attribute, attrs (all attributes as JSON).
* ``frames.csv``: one row per frame with one column group per codebook role: ``<role>``
  (span ids joined by ``;``), ``<role>_text`` (their texts joined by `` | ``),
  ``<role>_actors`` (linked actor ids); then one column per frame attribute and attrs (JSON).
* ``relations.csv``: doc_id, relation_id, label, head, tail, head_text, tail_text, attrs.
* ``actors.csv``: every registry actor linked in the export: id, name, kind, aliases
  (joined by ``|``), attrs (JSON), mentions.

With ``--standoff`` the text columns are left out.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from typing import IO, Any

from desktop.core.model import Actor, AnnotatedDocument
from desktop.formats.writing import Context


def _json(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False, sort_keys=True)


class CsvWriter:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        cb = ctx.codebook
        self.text = not ctx.options.standoff
        self.span_attrs = list(dict.fromkeys(a.name for lab in cb.labels
                                             for a in lab.attributes))
        self.roles = list(dict.fromkeys(r.name for ft in cb.frames for r in ft.roles))
        self.frame_attrs = list(dict.fromkeys(a.name for ft in cb.frames
                                              for a in ft.attributes))
        self.actors: dict[str, Actor] = {}
        self.mentions: Counter[str] = Counter()
        self.fhs: list[IO[str]] = []
        t = ["text"] if self.text else []
        self.docs = self._open("documents.csv", ["split", "id", "title", "sha256", "url",
                                                 "outlet", "published", "status", *t])
        self.spans = self._open("spans.csv", ["doc_id", "span_id", "label", "start", "end",
                                              "fragments", *t, "actor_id", "actor_name",
                                              *self.span_attrs, "attrs"])
        role_cols = [c for r in self.roles
                     for c in (r, *((f"{r}_text",) if self.text else ()), f"{r}_actors")]
        self.frames = self._open("frames.csv", ["doc_id", "frame_id", "type", *role_cols,
                                                *self.frame_attrs, "attrs"])
        self.rels = self._open("relations.csv", ["doc_id", "relation_id", "label", "head",
                                                 "tail", *(("head_text", "tail_text")
                                                           if self.text else ()), "attrs"])

    def _open(self, name: str, header: list[str]) -> Any:
        fh = self.ctx.open_text(self.ctx.staging.file(name))
        self.fhs.append(fh)
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        return w

    def add(self, split: str, ad: AnnotatedDocument) -> None:
        doc, layer = ad.document, ad.layer
        meta = doc.meta
        t = [doc.text] if self.text else []
        self.docs.writerow([split, doc.id, doc.title, doc.sha256, meta.get("url", ""),
                            meta.get("outlet", ""), meta.get("published", ""),
                            layer.status.value, *t])
        d = self.ctx.report.dropped
        if set(meta) - {"url", "outlet", "published"}:
            d["documents with metadata other than url, outlet and published (not in CSV)"] += 1
        notes = sum(1 for s in layer.spans if s.note)
        if notes:
            d["span notes not written (CSV)"] += notes
        triggers = sum(1 for f in layer.frames if f.trigger is not None)
        if triggers:
            d["frame triggers not written (CSV)"] += triggers
        names = {a.id: a for a in ad.actors}
        self.actors.update(names)
        by_id = {s.id: s for s in layer.spans}
        for s in layer.spans:
            if s.actor:
                self.mentions[s.actor] += 1
            frags = ";".join(f"{a}-{b}" for a, b in s.fragments)
            actor = names.get(s.actor or "")
            self.spans.writerow([doc.id, s.id, s.label, s.start, s.end, frags,
                                 *([s.text] if self.text else []), s.actor or "",
                                 actor.name if actor else "",
                                 *(_cell(s.attrs.get(a)) for a in self.span_attrs),
                                 _json(dict(s.attrs))])
        for f in layer.frames:
            cells: list[str] = []
            for r in self.roles:
                ids = [x for x in f.roles.get(r, ()) if x in by_id]
                cells.append(";".join(ids))
                if self.text:
                    cells.append(" | ".join(by_id[x].text for x in ids))
                cells.append(";".join(by_id[x].actor or "" for x in ids
                                      if by_id[x].actor))
            self.frames.writerow([doc.id, f.id, f.type, *cells,
                                  *(_cell(f.attrs.get(a)) for a in self.frame_attrs),
                                  _json(dict(f.attrs))])
        for rel in layer.relations:
            texts = [by_id[rel.head].text, by_id[rel.tail].text] if self.text else []
            self.rels.writerow([doc.id, rel.id, rel.label, rel.head, rel.tail, *texts,
                                _json(dict(rel.attrs))])

    def close(self) -> dict[str, Any]:
        w = self._open("actors.csv", ["id", "name", "kind", "aliases", "attrs", "mentions"])
        for a in sorted(self.actors.values(), key=lambda a: a.id):
            w.writerow([a.id, a.name, a.kind, "|".join(a.aliases), _json(dict(a.attrs)),
                        self.mentions[a.id]])
        for fh in self.fhs:
            fh.close()
        return {"csv": "UTF-8, header row, RFC 4180 quoting; frames.csv one row per frame "
                       "with role column groups"}


def _cell(v: Any) -> str:
    if v is None:
        return ""
    return v if isinstance(v, str) else _json(v)

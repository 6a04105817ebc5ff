"""CSV tables for spreadsheet and R users, and the actor network (GraphML + edge list).

CSV (``--format csv``, a folder; UTF-8 with a header row, RFC 4180 quoting, LF line ends):

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

Actor network (``--format network``, a folder: ``network.graphml``, ``edges.csv``,
``nodes.csv``), in the spirit of DNA's network export. **Definition**: for each frame of the
exported layer, its *source actors* are the registry actors linked to the spans filling its
``source`` role; its *mentioned actors* are the actors linked to (a) spans that are the tail
of a relation whose head is one of the frame's ``content`` spans (``about`` in the default
codebook) and (b) actor-linked spans labelled ``ACTOR`` lying inside a fragment of a content
span (co-occurrence in the claim). Every (source actor, mentioned actor) pair of a frame,
source != mentioned, adds 1 to the directed edge source -> mentioned: ``weight`` counts
claims (frames); ``documents`` counts distinct documents. Frames with no linked source actor
or no mentioned actor add nothing (counted in the report). Nodes are all actors on an edge.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterable
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from desktop.core.model import Actor, AnnotatedDocument, Span
from desktop.formats.exporting import Context


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


def _inside(s: Span, contents: Iterable[Span]) -> bool:
    return any(a <= s.start and s.end <= b for c in contents for a, b in c.fragments)


class NetworkWriter:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.actors: dict[str, Actor] = {}
        self.weight: Counter[tuple[str, str]] = Counter()
        self.docs: Counter[tuple[str, str]] = Counter()
        if ctx.options.split:
            ctx.report.notes.append("the network is built over all splits together")

    def add(self, split: str, ad: AnnotatedDocument) -> None:
        layer = ad.layer
        by_id = {s.id: s for s in layer.spans}
        self.actors.update({a.id: a for a in ad.actors})
        d = self.ctx.report.dropped
        seen: set[tuple[str, str]] = set()
        for f in layer.frames:
            contents = [by_id[x] for x in f.roles.get("content", ()) if x in by_id]
            sources = {by_id[x].actor for x in f.roles.get("source", ())
                       if x in by_id and by_id[x].actor}
            content_ids = {c.id for c in contents}
            targets = {by_id[r.tail].actor for r in layer.relations
                       if r.head in content_ids and by_id[r.tail].actor}
            targets |= {s.actor for s in layer.spans
                        if s.label == "ACTOR" and s.actor and _inside(s, contents)}
            if not sources:
                d["frames without a source linked to an actor (no network edge)"] += 1
                continue
            pairs = {(a, b) for a in sources for b in targets if a and b and a != b}
            if not pairs:
                d["frames without a mentioned actor (no network edge)"] += 1
                continue
            for p in pairs:
                self.weight[p] += 1
                if p not in seen:
                    seen.add(p)
                    self.docs[p] += 1

    def close(self) -> dict[str, Any]:
        st = self.ctx.staging
        nodes = sorted({x for p in self.weight for x in p})
        edges = sorted(self.weight)
        with self.ctx.open_text(st.file("edges.csv")) as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(["source_id", "source_name", "target_id", "target_name", "weight",
                        "documents"])
            for a, b in edges:
                w.writerow([a, self._name(a), b, self._name(b), self.weight[(a, b)],
                            self.docs[(a, b)]])
        with self.ctx.open_text(st.file("nodes.csv")) as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(["id", "name", "kind"])
            for n in nodes:
                node = self.actors.get(n)
                w.writerow([n, self._name(n), node.kind if node else ""])
        with self.ctx.open_text(st.file("network.graphml")) as fh:
            fh.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                     '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
                     '  <key id="name" for="node" attr.name="name" attr.type="string"/>\n'
                     '  <key id="kind" for="node" attr.name="kind" attr.type="string"/>\n'
                     '  <key id="weight" for="edge" attr.name="weight" attr.type="int"/>\n'
                     '  <key id="documents" for="edge" attr.name="documents" '
                     'attr.type="int"/>\n'
                     '  <graph id="actors" edgedefault="directed">\n')
            for n in nodes:
                node = self.actors.get(n)
                fh.write(f"    <node id={quoteattr(n)}><data key=\"name\">"
                         f"{escape(self._name(n))}</data><data key=\"kind\">"
                         f"{escape(node.kind if node else '')}</data></node>\n")
            for k, (a, b) in enumerate(edges, 1):
                fh.write(f"    <edge id=\"e{k}\" source={quoteattr(a)} target={quoteattr(b)}>"
                         f"<data key=\"weight\">{self.weight[(a, b)]}</data>"
                         f"<data key=\"documents\">{self.docs[(a, b)]}</data></edge>\n")
            fh.write("  </graph>\n</graphml>\n")
        return {"network": "directed source actor -> mentioned actor through claims; weight "
                           "= claims (frames), documents = distinct documents; see "
                           "desktop/formats/export_tables.py",
                "network_size": {"nodes": len(nodes), "edges": len(edges)}}

    def _name(self, actor_id: str) -> str:
        a = self.actors.get(actor_id)
        return a.name if a else actor_id

"""Actor network export (``--format network``): a folder with ``network.graphml``,
``edges.csv`` and ``nodes.csv``, in the spirit of DNA's network export.

**Definition**: for each frame of the exported layer, its *source actors* are the registry
actors linked to the spans filling its ``source`` role; its *mentioned actors* are the actors
linked to (a) spans that are the tail of a relation whose head is one of the frame's
``content`` spans (``about`` in the default codebook) and (b) actor-linked spans labelled
``ACTOR`` lying inside a fragment of a content span (co-occurrence in the claim). Every (source
actor, mentioned actor) pair of a frame, source != mentioned, adds 1 to the directed edge
source -> mentioned: ``weight`` counts claims (frames); ``documents`` counts distinct
documents. Frames with no linked source actor or no mentioned actor add nothing (counted in the
report). Nodes are all actors on an edge.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from desktop.core.model import Actor, AnnotatedDocument, Span
from desktop.formats.writing import Context


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
                           "desktop/formats/network/writer.py",
                "network_size": {"nodes": len(nodes), "edges": len(edges)}}

    def _name(self, actor_id: str) -> str:
        a = self.actors.get(actor_id)
        return a.name if a else actor_id

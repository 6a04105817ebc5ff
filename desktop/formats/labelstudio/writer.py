"""Label Studio export: JSON tasks and the labelling config XML.

Offsets ``value.start``/``end`` are code points, as Label Studio's Text tag uses since
LS PR #1559.

* the tasks file is one JSON list; each task is ``{"id", "data": {"text", "doc_id", "title",
  "meta", "claimdesk": {...}}, "annotations": [{"id", "result": [...]}]}``.
* every span is a ``labels`` region whose result ``id`` is the Claimdesk span id. A
  discontinuous span gives one region per fragment (ids ``<span id>``, ``<span id>-f2``, ...)
  tied to the first by a relation labelled ``fragment``.
* span attributes are ``choices`` results (``textarea`` for open attributes) with the **same
  id** as the region (``perRegion`` controls named after the attribute); the actor link is a
  per-region ``textarea`` ``actor`` holding the actor id, the span note a per-region
  ``textarea`` ``note``.
* relations are ``relation`` results ``from_id`` = head, ``to_id`` = tail, labels
  ``[relation label]``.
* frames are relations from the content region to each source and cue region, labelled with
  the role (``source``/``cue``) followed by one ``<attribute>:<value>`` label per frame
  attribute (e.g. ``channel:statement``). Because this cannot hold frame ids or frames
  without a source or cue, ``data.claimdesk`` carries the native frames, relations, spans
  (ids, fragments, attrs, actor) and actors too.
* the config (``<name>.config.xml`` beside a single file, ``config.xml`` in a folder) lists
  the labels with their colours, the relation labels and the attribute controls.
"""

from __future__ import annotations

import json
from typing import IO, Any
from xml.sax.saxutils import quoteattr

from desktop.core.model import AnnotatedDocument, Frame
from desktop.core.native import side_dict
from desktop.formats.writing import Context


def _frame_labels(f: Frame, role: str) -> list[str]:
    return [role, *(f"{k}:{v}" for k, v in f.attrs.items())]


class LabelStudioWriter:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.files: dict[str, IO[str]] = {}
        self.next_id = 0
        self.frame_labels: set[str] = set()

    def add(self, split: str, ad: AnnotatedDocument) -> None:
        fh = self.files.get(split)
        first = fh is None
        if fh is None:
            fh = self.files[split] = self.ctx.open_text(self.ctx.data_path(split, ".json"))
            fh.write("[\n")
        self.next_id += 1
        fh.write(("" if first else ",\n") + json.dumps(self.task(ad, self.next_id),
                                                        ensure_ascii=False))

    def task(self, ad: AnnotatedDocument, task_id: int) -> dict[str, Any]:
        text = ad.document.text
        cb = self.ctx.codebook
        result: list[dict[str, Any]] = []
        region: dict[str, str] = {}
        for s in ad.layer.spans:
            rid = s.id
            for k, (a, b) in enumerate(s.fragments):
                rid_k = rid if k == 0 else f"{rid}-f{k + 1}"
                result.append({"id": rid_k, "from_name": "label", "to_name": "text",
                               "type": "labels", "value": {"start": a, "end": b,
                                                           "text": text[a:b],
                                                           "labels": [s.label]}})
                if k:
                    result.append({"from_id": rid, "to_id": rid_k, "type": "relation",
                                   "direction": "right", "labels": ["fragment"]})
            if s.discontinuous:
                self.ctx.report.dropped["discontinuous spans written as one Label Studio "
                                        "region per fragment"] += 1
            region[s.id] = rid
            a, b = s.fragments[0]
            label = cb.label(s.label)
            for name, value in s.attrs.items():
                adef = label.attribute(name) if label else None
                kind = "choices" if adef is not None and adef.closed else "textarea"
                key = "choices" if kind == "choices" else "text"
                result.append({"id": rid, "from_name": name, "to_name": "text", "type": kind,
                               "value": {"start": a, "end": b, key: [str(value)]}})
            if s.actor:
                result.append({"id": rid, "from_name": "actor", "to_name": "text",
                               "type": "textarea", "value": {"start": a, "end": b,
                                                             "text": [s.actor]}})
            if s.note:
                result.append({"id": rid, "from_name": "note", "to_name": "text",
                               "type": "textarea", "value": {"start": a, "end": b,
                                                             "text": [s.note]}})
        for r in ad.layer.relations:
            result.append({"from_id": r.head, "to_id": r.tail, "type": "relation",
                           "direction": "right", "labels": [r.label]})
        for f in ad.layer.frames:
            for content in f.roles.get("content", ()):
                for role in ("source", "cue"):
                    for sid in f.roles.get(role, ()):
                        labels = _frame_labels(f, role)
                        self.frame_labels.update(labels)
                        result.append({"from_id": content, "to_id": sid, "type": "relation",
                                       "direction": "right", "labels": labels})
        doc = ad.document
        return {"id": task_id,
                "data": {"text": text, "doc_id": doc.id, "title": doc.title,
                         "meta": dict(doc.meta), "claimdesk": side_dict(ad)},
                "annotations": [{"id": task_id, "was_cancelled": False,
                                 "ground_truth": ad.layer.annotator == "gold",
                                 "result": result}]}

    def close(self) -> dict[str, Any]:
        if not self.files:
            self.files[""] = self.ctx.open_text(self.ctx.data_path("", ".json"))
            self.files[""].write("[")
        for fh in self.files.values():
            fh.write("\n]\n")
            fh.close()
        out = self.ctx.staging.out
        name = f"{out.stem}.config.xml" if self.ctx.single else "config.xml"
        (self.ctx.staging.root / name).write_text(self.config(), encoding="utf-8")
        return {"labelstudio_config": name,
                "labelstudio": "regions per fragment; frames as relations content -> "
                               "source/cue labelled with role and attr:value; native "
                               "frames in data.claimdesk"}

    def config(self) -> str:
        cb = self.ctx.codebook
        x = ["<View>", '  <Labels name="label" toName="text">']
        x += [f"    <Label value={quoteattr(lab.name)} background={quoteattr(lab.color)}/>"
              for lab in cb.labels]
        x += ["  </Labels>", '  <Text name="text" value="$text"/>', "  <Relations>"]
        rel = ["fragment", *(r.name for r in cb.relations)]
        for ft in cb.frames:
            rel += [r.name for r in ft.roles if r.name != "content"]
            rel += [f"{a.name}:{v}" for a in ft.attributes for v in a.values]
        rel += sorted(self.frame_labels)
        x += [f"    <Relation value={quoteattr(v)}/>" for v in dict.fromkeys(rel)]
        x.append("  </Relations>")
        for lab in cb.labels:
            for a in lab.attributes:
                when = f" whenLabelValue={quoteattr(lab.name)}"
                if a.closed:
                    x.append(f"  <Choices name={quoteattr(a.name)} toName=\"text\" "
                             f"perRegion=\"true\"{when}>")
                    x += [f"    <Choice value={quoteattr(v)}/>" for v in a.values]
                    x.append("  </Choices>")
                else:
                    x.append(f"  <TextArea name={quoteattr(a.name)} toName=\"text\" "
                             f"perRegion=\"true\"{when}/>")
        x += ['  <TextArea name="actor" toName="text" perRegion="true"/>',
              '  <TextArea name="note" toName="text" perRegion="true"/>', "</View>", ""]
        return "\n".join(x)

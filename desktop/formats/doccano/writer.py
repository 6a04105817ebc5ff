"""doccano export: JSONL(relation), offsets in **UTF-16 code units** (doccano's default).

* ``{"id", "text", "entities": [{"id", "label", "start_offset", "end_offset"}],
  "relations": [{"id", "from_id", "to_id", "type"}], "doc_id", "claimdesk": {...}}``; entity
  and relation ids are integers unique in the file.
* a discontinuous span is one entity per fragment joined by ``fragment`` relations; a
  relation keeps its label as ``type``.
* each frame is an entity of its own (an anchor) labelled with the frame type, over the same
  extent as in the Label Studio export, with relations typed with the role (``content``,
  ``source``, ``cue``, ...) to every filler: frames come back as themselves.
* document metadata keys are top-level keys, as doccano exports them (a key doccano or
  Claimdesk uses itself stays under ``meta``).
* doccano has no attributes, so span and frame attributes, actor links, notes, frame triggers
  and span ids travel in ``claimdesk`` (doccano keeps extra keys as metadata).
"""

from __future__ import annotations

import json
from typing import Any

from desktop.core.model import AnnotatedDocument
from desktop.core.native import side_dict
from desktop.core.offsets import Utf16Index
from desktop.formats.doccano.reader import RESERVED
from desktop.formats.labelstudio.writer import frame_anchor
from desktop.formats.writing import Context, SplitFiles


class DoccanoWriter:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.files = SplitFiles(ctx, ".jsonl")
        self.ids = {"doc": 0, "ent": 0, "rel": 0}

    def _id(self, kind: str) -> int:
        self.ids[kind] += 1
        return self.ids[kind]

    def add(self, split: str, ad: AnnotatedDocument) -> None:
        fh = self.files.get(split)
        fh.write(json.dumps(self.record(ad), ensure_ascii=False))
        fh.write("\n")

    def record(self, ad: AnnotatedDocument) -> dict[str, Any]:
        text = ad.document.text
        u16 = Utf16Index(text)
        d = self.ctx.report.dropped
        entities: list[dict[str, Any]] = []
        relations: list[dict[str, Any]] = []
        first: dict[str, int] = {}
        span_ids: dict[int, str] = {}

        def rel(a: int, b: int, kind: str) -> None:
            relations.append({"id": self._id("rel"), "from_id": a, "to_id": b, "type": kind})

        for s in ad.layer.spans:
            for k, (a, b) in enumerate(s.fragments):
                eid = self._id("ent")
                span_ids[eid] = s.id
                entities.append({"id": eid, "label": s.label, "start_offset": u16.to_utf16(a),
                                 "end_offset": u16.to_utf16(b)})
                if k == 0:
                    first[s.id] = eid
                else:
                    rel(first[s.id], eid, "fragment")
            if s.discontinuous:
                d["discontinuous spans written as one doccano entity per fragment"] += 1
            if s.attrs:
                d["span attributes carried only in the doccano 'claimdesk' field"] += 1
            if s.actor:
                d["actor links carried only in the doccano 'claimdesk' field"] += 1
            if s.note:
                d["span notes carried only in the doccano 'claimdesk' field"] += 1
        for r in ad.layer.relations:
            rel(first[r.head], first[r.tail], r.label)
        spans = {s.id: s for s in ad.layer.spans}
        frame_ids: dict[int, str] = {}
        for f in ad.layer.frames:
            anchor = frame_anchor(f, spans)
            if anchor is None:
                d["frames without any span carried only in the doccano 'claimdesk' field"] += 1
                continue
            a, b = anchor.fragments[0]
            eid = self._id("ent")
            frame_ids[eid] = f.id
            entities.append({"id": eid, "label": f.type, "start_offset": u16.to_utf16(a),
                             "end_offset": u16.to_utf16(b)})
            for role, ids in f.roles.items():
                for sid in ids:
                    rel(eid, first[sid], role)
            if f.attrs:
                d["frame attributes carried only in the doccano 'claimdesk' field"] += 1
            if f.trigger is not None:
                d["frame triggers carried only in the doccano 'claimdesk' field"] += 1
        side = side_dict(ad) | {"entity_span_ids": {str(k): v for k, v in span_ids.items()},
                                "entity_frame_ids": {str(k): v for k, v in frame_ids.items()}}
        meta = dict(ad.document.meta)
        top = {k: v for k, v in meta.items() if k not in RESERVED}
        nested = {k: v for k, v in meta.items() if k in RESERVED}
        return {"id": self._id("doc"), "text": text, "entities": entities,
                "relations": relations, **top, "doc_id": ad.document.id,
                "title": ad.document.title, **({"meta": nested} if nested else {}),
                "claimdesk": side}

    def close(self) -> dict[str, Any]:
        self.files.close()
        return {"offset_unit": "UTF-16 code units (doccano default) for entities "
                               "start_offset/end_offset, end exclusive; code points in the "
                               "'claimdesk' field"}

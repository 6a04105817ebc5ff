"""Label Studio export: JSON tasks and the labelling config XML.

Offsets ``value.start``/``end`` are code points, as Label Studio's Text tag uses since
LS PR #1559.

* the tasks file is one JSON list; each task is ``{"id", "data": {"text", "doc_id", "title",
  <metadata keys>, "claimdesk": {...}}, "annotations": [{"id", "result": [...]}]}``: each
  metadata key is a field of ``data`` of its own, as in the tasks Label Studio users write
  (a config can show ``$outlet``); only keys that would clash with ``text``, ``doc_id``,
  ``id``, ``title``, ``meta`` or ``claimdesk`` go into ``data.meta``.
* every span is a ``labels`` region whose result ``id`` is the Claimdesk span id. A
  discontinuous span gives one region per fragment (ids ``<span id>``, ``<span id>-f2``, ...)
  tied to the first by a relation labelled ``fragment``.
* span attributes are ``choices`` results (``textarea`` for open attributes) with the **same
  id** as the region (``perRegion`` controls named after the attribute); the actor link is a
  per-region ``textarea`` ``actor`` holding the actor id, the span note a per-region
  ``textarea`` ``note``.
* relations are ``relation`` results ``from_id`` = head, ``to_id`` = tail, labels
  ``[relation label]``.
* each frame is a region of its own, an *anchor*: ``from_name`` ``frame``, labelled with the
  frame type, whose region id is the frame id, over the frame's trigger span (else its first
  cue, else first content, else first filler; the first fragment). Relations run from the
  anchor to every filler, labelled with the role (``content``, ``source``, ``cue``, ...), and
  the frame attributes are per-region results on the anchor. So each frame comes back as
  itself: two frames on one claim stay two, a frame with two contents stays one, a frame
  with only a cue is kept. ``data.claimdesk`` carries the native layer too (frame triggers,
  frames without any span, relation attributes, actors, status).
* with ``--include-pending``, the layer's pending suggestions (spans and frames) are the
  task's ``predictions`` (``model_version`` ``claimdesk-assistant``), in the same shapes; a
  pending frame's prediction also repeats the accepted spans it names. Rejected suggestions
  are never written. The annotation and ``data.claimdesk`` hold the accepted layer only.
* the config (``<name>.config.xml`` beside a single file, ``config.xml`` in a folder) lists
  the labels with their colours, the relation labels and the attribute controls.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from typing import IO, Any
from xml.sax.saxutils import quoteattr

from desktop.core.model import AnnotatedDocument, Frame, Layer, Span
from desktop.core.native import side_dict
from desktop.formats.brat.common import anchor_filler
from desktop.formats.labelstudio.reader import UNLABELLED
from desktop.formats.writing import Context, accepted_part, pending_part

PREDICTIONS_MODEL = "claimdesk-assistant"
"""``model_version`` of the predictions an export with ``--include-pending`` writes."""

FRAME_CONTROL = "frame"
"""``from_name`` of the regions that stand for frames (the labelling config's frame Labels)."""


def frame_anchor(f: Frame, spans: dict[str, Span]) -> Span | None:
    """The span a frame's anchor region is drawn over (see module doc)."""
    sid = f.trigger if f.trigger in spans else anchor_filler(
        {r: [x for x in ids if x in spans] for r, ids in f.roles.items()})
    return spans.get(sid) if sid is not None else None


class LabelStudioWriter:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.files: dict[str, IO[str]] = {}
        self.next_id = 0
        self.frame_roles: set[str] = set()
        self.frame_types: set[str] = set()
        self.frame_attrs: dict[str, set[str]] = {}

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
        predictions: list[dict[str, Any]] = []
        if self.ctx.options.include_pending:
            # The pipeline left the pending suggestions in: they become the task's
            # predictions, which Label Studio shows for review and Claimdesk reads back as
            # pending suggestions.
            pending = pending_part(ad.layer)
            ad = replace(ad, layer=accepted_part(ad.layer))
            if pending.spans or pending.frames:
                result = self.results(ad.document.text, pending)
                prediction: dict[str, Any] = {"model_version": PREDICTIONS_MODEL,
                                              "result": result}
                scores = self._scores(ad.document.id, result)
                if scores:  # Label Studio sorts and filters tasks by a prediction's score
                    prediction["score"] = round(sum(scores) / len(scores), 4)
                predictions.append(prediction)
        doc = ad.document
        task = {"id": task_id,
                "data": task_data(doc.text, doc.id, doc.title, doc.meta, side_dict(ad)),
                "annotations": [{"id": task_id, "was_cancelled": False,
                                 "ground_truth": ad.layer.annotator == "gold",
                                 "result": self.results(doc.text, ad.layer)}]}
        if predictions:
            task["predictions"] = predictions
        return task

    def _scores(self, doc_id: str, result: list[dict[str, Any]]) -> list[float]:
        """Give each region of a suggested span or frame its evidence score (``score``, as
        Label Studio's pre-annotations carry); the scores given."""
        if self.ctx.evidence is None:
            return []
        why = self.ctx.evidence(doc_id)
        scores = []
        for item in result:
            ev = why.get(str(item.get("id", "")))
            if ev is not None and item.get("type") == "labels":
                item["score"] = round(ev.score, 4)
                scores.append(ev.score)
        return scores

    def results(self, text: str, layer: Layer) -> list[dict[str, Any]]:
        """The Label Studio result list of one layer (see module doc)."""
        cb = self.ctx.codebook
        result: list[dict[str, Any]] = []
        region: dict[str, str] = {}
        for s in layer.spans:
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
        for r in layer.relations:
            result.append({"from_id": r.head, "to_id": r.tail, "type": "relation",
                           "direction": "right",
                           "labels": [] if r.label == UNLABELLED else [r.label]})
        spans = {s.id: s for s in layer.spans}
        for f in layer.frames:
            anchor = frame_anchor(f, spans)
            if anchor is None:
                self.ctx.report.dropped["frames without any span carried only in "
                                        "data.claimdesk (Label Studio)"] += 1
                continue
            a, b = anchor.fragments[0]
            self.frame_types.add(f.type)
            result.append({"id": f.id, "from_name": FRAME_CONTROL, "to_name": "text",
                           "type": "labels", "value": {"start": a, "end": b, "text": text[a:b],
                                                       "labels": [f.type]}})
            for role, ids in f.roles.items():
                self.frame_roles.add(role)
                result.extend({"from_id": f.id, "to_id": sid, "type": "relation",
                               "direction": "right", "labels": [role]} for sid in ids)
            for name, value in f.attrs.items():
                self.frame_attrs.setdefault(name, set()).add(str(value))
                result.append({"id": f.id, "from_name": name, "to_name": "text",
                               "type": "choices", "value": {"start": a, "end": b,
                                                           "choices": [str(value)]}})
            if f.trigger is not None:
                self.ctx.report.dropped["frame triggers carried only in data.claimdesk "
                                        "(Label Studio)"] += 1
        return result

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
                "labelstudio": "regions per fragment (fragment relations); each frame "
                               "an anchor region (from_name 'frame', id = frame id) with "
                               "relations to its fillers labelled with the role; native "
                               "layer in data.claimdesk"}

    def config(self) -> str:
        cb = self.ctx.codebook
        x = ["<View>", '  <Labels name="label" toName="text">']
        x += [f"    <Label value={quoteattr(lab.name)} background={quoteattr(lab.color)}/>"
              for lab in cb.labels]
        x.append("  </Labels>")
        types = [*(ft.name for ft in cb.frames), *sorted(self.frame_types)]
        x.append(f'  <Labels name="{FRAME_CONTROL}" toName="text">')
        x += [f"    <Label value={quoteattr(t)} background=\"#bbbbbb\"/>"
              for t in dict.fromkeys(types)]
        x += ["  </Labels>", '  <Text name="text" value="$text"/>', "  <Relations>"]
        rel = ["fragment", *(r.name for r in cb.relations)]
        rel += [r.name for ft in cb.frames for r in ft.roles]
        rel += sorted(self.frame_roles)
        x += [f"    <Relation value={quoteattr(v)}/>" for v in dict.fromkeys(rel)]
        x.append("  </Relations>")
        # one control per attribute name (Label Studio names must be unique), shown for the
        # labels and frame types that have it
        controls: dict[str, tuple[list[str], list[str], bool]] = {}
        owners = [(lab.name, lab.attributes) for lab in cb.labels]
        owners += [(ft.name, ft.attributes) for ft in cb.frames]
        for owner, attributes in owners:
            for a in attributes:
                whens, values, closed = controls.setdefault(a.name, ([], [], True))
                whens.append(owner)
                values.extend(v for v in a.values if v not in values)
                if not a.closed:
                    controls[a.name] = (whens, values, False)
        for name, extra in self.frame_attrs.items():
            whens, values, closed = controls.setdefault(name, ([], [], True))
            values.extend(v for v in sorted(extra) if v not in values)
        for name, (whens, values, closed) in controls.items():
            when = f" whenLabelValue={quoteattr(','.join(whens))}" if whens else ""
            if closed and values:
                x.append(f"  <Choices name={quoteattr(name)} toName=\"text\" "
                         f"perRegion=\"true\"{when}>")
                x += [f"    <Choice value={quoteattr(v)}/>" for v in values]
                x.append("  </Choices>")
            else:
                x.append(f"  <TextArea name={quoteattr(name)} toName=\"text\" "
                         f"perRegion=\"true\"{when}/>")
        x += ['  <TextArea name="actor" toName="text" perRegion="true"/>',
              '  <TextArea name="note" toName="text" perRegion="true"/>', "</View>", ""]
        return "\n".join(x)


_RESERVED_DATA = frozenset({"text", "doc_id", "id", "title", "meta", "claimdesk"})


def task_data(text: str, doc_id: str, title: str, meta: Mapping[str, Any],
              side: dict[str, Any]) -> dict[str, Any]:
    """A task's ``data``: metadata keys beside ``text`` (the importer reads them back into
    the document's metadata), clashing ones in ``data.meta``."""
    data: dict[str, Any] = {"text": text, "doc_id": doc_id, "title": title}
    clashing = {k: v for k, v in meta.items() if k in _RESERVED_DATA}
    data.update((k, v) for k, v in meta.items() if k not in _RESERVED_DATA)
    if clashing:
        data["meta"] = clashing
    data["claimdesk"] = side
    return data

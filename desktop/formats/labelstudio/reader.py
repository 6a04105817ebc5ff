"""Label Studio JSON tasks: a list of tasks, or one task per file.

``data.text`` is the document (``data.title``, ``data.id`` and ``data.meta`` are used when
present). Each annotation that was not cancelled becomes a layer (``--annotator``, else
``ls-<completed_by>``); ``predictions`` become spans with ``origin=suggested`` and
``state=pending`` in the first annotation's layer (``ls-predictions`` when there is none), and
so do their frames; a prediction region with the label and offsets of an annotation's span is
that span.

Results: ``labels`` regions -> spans (``value.start``/``end`` are code points into the text as
given; ``value.text`` is checked); ``relation`` results -> relations, or attribution frames
when the relation runs from a CLAIM region and is labelled with a role (``source``, ``cue``;
``direction: left`` is read backwards); per-region ``choices``/``textarea`` results (same
``id`` as the region) -> span attributes named by ``from_name`` (``note`` -> the span note; an
attribute of the frame type on a CLAIM region -> that frame's attribute; ``actor`` -> the actor
link, by registry id: without ``data.claimdesk`` the actor is named after the span text, or its
id when the span is only whitespace). Region ids are kept as span ids.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from desktop.core.codebook import Codebook
from desktop.core.errors import InputError
from desktop.core.model import Actor, DocStatus, Document, Origin, SpanState
from desktop.core.offsets import sha256_text
from desktop.formats.json_lines import decode_json
from desktop.formats.layer_builder import (
    LayerBuilder,
    actor_name,
    apply_side,
    as_str,
    merge_fragment,
)
from desktop.formats.records import ImportRecord, ReadContext
from desktop.formats.sources import Peek, Source

_REGION_TYPES = ("labels",)
_ATTR_TYPES = ("choices", "textarea", "taxonomy", "rating", "number", "datetime")
FRAME_CONTROL = "frame"
"""``from_name`` of a frame's anchor region (the Claimdesk export's frame Labels)."""
UNLABELLED = "unlabelled"
"""The relation type of a Label Studio relation with no label (its default when the config
has no ``<Relations>``); the export writes it back with ``labels: []``."""


def _obj(value: Any, fld: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError("must be an object", field=fld)
    return value


def _list(value: Any, fld: str) -> list[Any]:
    if not isinstance(value, list):
        raise InputError("must be a list", field=fld)
    return value


def _int(value: Any, fld: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError("must be an integer", field=fld)
    return value


def _who(ann: dict[str, Any]) -> str:
    who = ann.get("completed_by")
    if isinstance(who, dict):
        who = who.get("email") or who.get("id")
    return f"ls-{who}" if who not in (None, "") else "ls"


def _results(b: LayerBuilder, results: list[Any], fld: str, *, suggested: bool,
             warn: Callable[[str], None]) -> None:
    origin = Origin.SUGGESTED if suggested else Origin.IMPORTED
    state = SpanState.PENDING if suggested else SpanState.ACCEPTED
    ids: dict[str, str] = {}
    anchors: dict[str, tuple[str, str]] = {}  # region id -> (frame type, field)
    anchor_roles: dict[str, dict[str, list[str]]] = {}
    anchor_attrs: dict[str, dict[str, str]] = {}
    reused: set[str] = set()  # prediction regions that are an annotation's span
    first_frame = len(b.frames)
    items = [(_obj(r, f"{fld}[{k}]"), f"{fld}[{k}]") for k, r in enumerate(results)]
    for r, rf in items:
        rtype = r.get("type")
        if rtype == "hypertextlabels":
            raise InputError("HyperText regions (XPath offsets) cannot be imported; use a "
                             "Text tag", field=f"{rf}.type")
        if rtype not in _REGION_TYPES:
            continue
        rid = r.get("id")
        if not isinstance(rid, str) or not rid:
            raise InputError("a region needs a string id", field=f"{rf}.id")
        value = _obj(r.get("value"), f"{rf}.value")
        if r.get("from_name") == FRAME_CONTROL:  # a frame's anchor, not a span
            kinds = _list(value.get(rtype), f"{rf}.value.{rtype}")
            if len(kinds) != 1 or not isinstance(kinds[0], str):
                raise InputError("a frame region needs one frame type",
                                 field=f"{rf}.value.{rtype}")
            if rid in anchors or rid in ids:
                raise InputError(f"duplicate id {rid!r}", field=f"{rf}.id")
            anchors[rid] = (b.frame_type(kinds[0], f"{rf}.value.{rtype}[0]"), rf)
            continue
        start = _int(value.get("start"), f"{rf}.value.start")
        end = _int(value.get("end"), f"{rf}.value.end")
        labels = _list(value.get(rtype), f"{rf}.value.{rtype}")
        if not labels:
            raise InputError("no label", field=f"{rf}.value.{rtype}")
        expected = value.get("text") if isinstance(value.get("text"), str) else None
        for n, raw_label in enumerate(labels):
            if not isinstance(raw_label, str):
                raise InputError("labels must be strings", field=f"{rf}.value.{rtype}")
            sid = rid if n == 0 else f"{rid}-{n + 1}"
            label = b.label(raw_label, f"{rf}.value.{rtype}[{n}]")
            same = next((x.id for x in b.spans if x.label == label
                         and x.fragments == ((start, end),)), None) if suggested else None
            if same is not None:
                # A prediction repeating an annotation's span (a pending frame naming an
                # accepted span) is that span, not a second one.
                ids.setdefault(rid, same)
                reused.add(rid)
                continue
            if sid in b.labels:
                sid = f"p-{sid}" if suggested else sid
            b.add_span(sid, label, [(start, end)], fld=rf, expected=expected, origin=origin,
                       state=state)
            ids.setdefault(rid, sid)
    links: list[tuple[str, str, str]] = []
    frame_attrs: dict[str, dict[str, str]] = {}
    merged: dict[str, str] = {}
    for r, rf in items:
        if r.get("type") == "relation" and r.get("labels") == ["fragment"]:
            head, tail = (ids.get(str(r.get(k))) for k in ("from_id", "to_id"))
            if head is None or tail is None or tail in merged or head == tail \
                    or b.labels.get(head) != b.labels.get(tail):
                raise InputError("a fragment must join two regions of one label",
                                 field=f"{rf}.labels")
            head = merged.get(head, head)
            merge_fragment(b, head, tail, rf)
            merged[tail] = head
    ids = {k: merged.get(v, v) for k, v in ids.items()}
    for r, rf in items:
        rtype = r.get("type")
        if rtype == "relation" and r.get("labels") == ["fragment"]:
            continue
        if rtype == "relation" and (r.get("from_id") in anchors or r.get("to_id") in anchors):
            frame_id, other = str(r.get("from_id")), r.get("to_id")
            if frame_id not in anchors:  # drawn from the filler to the frame
                frame_id, other = str(other), r.get("from_id")
            if other not in ids:
                raise InputError(f"no region with id {other!r}", field=f"{rf}.to_id")
            roles = _list(r.get("labels", []), f"{rf}.labels")
            if len(roles) != 1 or not isinstance(roles[0], str):
                raise InputError("a frame's relation needs one label: the role",
                                 field=f"{rf}.labels")
            role_name = b.role(anchors[frame_id][0], roles[0], f"{rf}.labels[0]")
            fillers = anchor_roles.setdefault(frame_id, {}).setdefault(role_name, [])
            if ids[other] not in fillers:
                fillers.append(ids[other])
            continue
        if rtype == "relation":
            ends = []
            for key in ("from_id", "to_id"):
                if r.get(key) not in ids:
                    raise InputError(f"no region with id {r.get(key)!r}", field=f"{rf}.{key}")
                ends.append(ids[r[key]])
            head, tail = ends
            if r.get("direction") == "left":
                head, tail = tail, head
            labels = _list(r.get("labels", []), f"{rf}.labels")
            if not labels:
                labels = [UNLABELLED]
            if r.get("direction") == "bi":
                warn(f"{rf}: a bidirectional relation read as from_id -> to_id")
            roles = [x for x in labels if isinstance(x, str)
                     and (b.role_relation(x, b.labels[head])
                          or b.role_relation(x, b.labels[tail]))]
            if roles:  # the frame's attributes ride along as "name:value" labels
                content = head if b.role_relation(roles[0], b.labels[head]) else tail
                for x in labels:
                    if isinstance(x, str) and x not in roles and ":" in x:
                        k, _, v = x.partition(":")
                        frame_attrs.setdefault(content, {})[k] = v
                labels = roles
            for n, lab in enumerate(labels):
                if not isinstance(lab, str):
                    raise InputError("labels must be strings", field=f"{rf}.labels")
                role = b.role_relation(lab, b.labels[head])
                if role is None and b.role_relation(lab, b.labels[tail]) is not None:
                    head, tail = tail, head
                    role = b.role_relation(lab, b.labels[head])
                if role is not None:
                    links.append((head, role, tail))
                    continue
                rid = f"r{len(b.relations) + 1}"
                while any(x.id == rid for x in b.relations):
                    rid += "x"
                b.add_relation(rid, b.relation_type(lab, f"{rf}.labels[{n}]"), head, tail,
                               fld=rf)
        elif rtype in _ATTR_TYPES:
            rid = r.get("id")
            name = r.get("from_name")
            if not isinstance(name, str) or not name:
                raise InputError("must name the attribute", field=f"{rf}.from_name")
            value = _obj(r.get("value"), f"{rf}.value")
            raw = value.get(rtype if rtype != "textarea" else "text")
            if rid in anchors:
                text = "\n".join(as_str(x) for x in raw) if isinstance(raw, list) \
                    else as_str(raw)
                anchor_attrs.setdefault(str(rid), {})[name] = text
                continue
            if rid not in ids:
                warn(f"{rf}: document-level {rtype} {name!r} left out")
                continue
            if rid in reused:
                continue  # the annotation's own span keeps its attributes
            text = "\n".join(as_str(x) for x in raw) if rtype == "textarea" and isinstance(
                raw, list) else as_str(raw)
            _attach(b, ids[rid], name, text, frame_attrs, f"{rf}.from_name")
    for fid, (ftype, rf) in anchors.items():
        b.add_frame(fid, ftype, anchor_roles.get(fid, {}), fld=rf,
                    attrs=anchor_attrs.get(fid, {}))
    start = len(b.frames)
    b.frames_from_role_relations(links, fld)
    for i in range(start, len(b.frames)):
        f = b.frames[i]
        attrs = frame_attrs.get(f.roles[next(iter(f.roles))][0], {})
        if attrs:
            b.frames[i] = replace(f, attrs={**f.attrs, **attrs})
            b.check_frame(b.frames[i], fld)
    if suggested:
        for i in range(first_frame, len(b.frames)):
            b.frames[i] = replace(b.frames[i], origin=origin, state=state)


def _attach(b: LayerBuilder, sid: str, name: str, value: str,
            frame_attrs: dict[str, dict[str, str]], fld: str) -> None:
    i = next(k for k, s in enumerate(b.spans) if s.id == sid)
    span = b.spans[i]
    if name == "note":
        b.replace_span(i, replace(span, note=value), fld)
        return
    if name == "actor":  # the actor's registry id (its name comes with data.claimdesk)
        b.replace_span(i, replace(span, actor=value), fld)
        b.actors.setdefault(value, Actor(id=value, name=actor_name(span.text, value)))
        return
    lab = b.codebook.label(span.label)
    ft = b.content_frame()
    if (lab is None or lab.attribute(name) is None) and ft is not None \
            and any(a.name == name for a in ft.attributes) \
            and span.label in ft.roles[0].labels:
        frame_attrs.setdefault(sid, {})[name] = value
        return
    b.replace_span(i, replace(span, attrs={**span.attrs, name: value}), fld)


def parse_task(task: Any, codebook: Codebook, *, extend: bool = False,
               warn: Callable[[str], None] = lambda _m: None) -> list[ImportRecord]:
    """The records of one task: one per annotation layer (the document repeated)."""
    task = _obj(task, "task")
    data = _obj(task.get("data"), "data")
    raw = data.get("text")
    if not isinstance(raw, str):
        raise InputError("must be a string (the document text)", field="data.text")
    meta = dict(data["meta"]) if isinstance(data.get("meta"), dict) else {}
    for key, value in data.items():  # every other task field is document metadata
        if key not in ("text", "doc_id", "id", "title", "meta", "claimdesk"):
            meta[key] = value
    side: dict[str, Any] = data["claimdesk"] if isinstance(data.get("claimdesk"),
                                                           dict) else {}
    status = DocStatus.NEW
    if isinstance(side.get("status"), str) and side["status"] in {s.value for s in DocStatus}:
        status = DocStatus(side["status"])
    out: list[ImportRecord] = []
    layers: list[tuple[str, LayerBuilder]] = []
    anns = [(f"annotations[{j}]", x) for j, x in enumerate(
        _list(task.get("annotations", []), "annotations"))]
    seen = {x.get("id") for _, x in anns if isinstance(x, dict) and x.get("id") is not None}
    # Label Studio before 1.0 called annotations "completions" (same shape)
    anns += [(f"completions[{j}]", x) for j, x in enumerate(
        _list(task.get("completions", []), "completions"))
        if not (isinstance(x, dict) and x.get("id") is not None and x.get("id") in seen)]
    for key, ann in anns:
        ann = _obj(ann, key)
        if ann.get("was_cancelled") is True:
            continue
        b = LayerBuilder(raw, codebook, extend=extend)
        _results(b, _list(ann.get("result", []), f"{key}.result"),
                 f"{key}.result", suggested=False, warn=warn)
        if side and len(anns) == 1:
            apply_side(b, side, "data.claimdesk")
        who = _who(ann)
        if who == "ls" and isinstance(side.get("annotator"), str) and side["annotator"]:
            who = side["annotator"]
        layers.append((who, b))
    preds = _list(task.get("predictions", []), "predictions")
    if preds:
        if not layers:
            layers.append(("ls-predictions", LayerBuilder(raw, codebook, extend=extend)))
        b = layers[0][1]
        for j, pred in enumerate(preds):
            pred = _obj(pred, f"predictions[{j}]")
            _results(b, _list(pred.get("result", []), f"predictions[{j}].result"),
                     f"predictions[{j}].result", suggested=True, warn=warn)
    first = layers[0][1] if layers else LayerBuilder(raw, codebook, extend=extend)
    text = first.text
    doc_id = next((data[k] for k in ("doc_id", "id") if isinstance(data.get(k), str)), "")
    title = data.get("title") if isinstance(data.get("title"), str) else ""
    doc = Document(id=doc_id or "", title=(title or text.strip().split("\n", 1)[0])[:200],
                   text=text, sha256=sha256_text(text), meta=meta)
    hint = f"ls-{task['id']}" if isinstance(task.get("id"), (int, str)) else ""
    if not layers:
        return [ImportRecord(document=doc, id_hint=hint)]
    for k, (who, b) in enumerate(layers):
        out.append(ImportRecord(document=doc, layer=b.layer(who, status), id_hint=hint,
                                actors=tuple(b.actors.values()), same_document=k > 0))
    return out


def read_labelstudio(source: Source, ctx: ReadContext) -> Iterator[ImportRecord]:
    """The tasks of one file (``ctx.on_error``: report a bad task and go on)."""
    codebook, extend, warn, on_error = ctx.codebook, ctx.extend, ctx.warn, ctx.on_error
    try:
        data = decode_json(source.text())
    except InputError as exc:
        raise exc.located(file=source.name) from exc
    tasks = data if isinstance(data, list) else [data]
    for i, task in enumerate(tasks):
        prefix = f"[{i}]" if isinstance(data, list) else ""
        def located(message: str, p: str = prefix) -> None:
            warn(f"{source.name}: {p}{message}")

        try:
            recs = parse_task(task, codebook, extend=extend, warn=located)
        except InputError as exc:
            fld = f"{prefix}.{exc.field}" if prefix and exc.field else (exc.field or prefix)
            bad = InputError(exc.reason, file=source.name, field=fld)
            if on_error is None:
                raise bad from exc
            on_error(bad)
            continue
        for rec in recs:
            yield replace(rec, file=source.name, id_hint=rec.id_hint or f"{source.stem}-{i + 1}")


def looks_like_task(obj: Any) -> bool:
    """A Label Studio task: ``data`` and no top-level ``text``."""
    return isinstance(obj, dict) and "data" in obj and "text" not in obj


def sniff(peek: Peek) -> bool:
    """One task per line, or a ``.json`` file of tasks (spread over lines) with ``"data"`` in
    its first bytes whose first line is not a native or doccano record."""
    obj = peek.first_json
    if looks_like_task(obj):
        return True
    head = peek.head.lstrip()
    return (peek.suffix == ".json" and (head.startswith(b"[") or head.startswith(b"{"))
            and b'"data"' in head
            and not (isinstance(obj, dict) and ("text" in obj or "sha256" in obj
                                                or "spans" in obj)))

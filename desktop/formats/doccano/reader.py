"""doccano JSONL: sequence labelling (``label``) and JSONL(relation) (``entities``/``relations``).

Offsets in doccano are UTF-16 code units (JavaScript string indices) unless the project used
``grapheme_mode``; they are converted to code points with ``Utf16Index`` (an offset inside a
surrogate pair is an error) and then remapped onto the LF-normalised text.

Records:
- NER: ``{"text": ..., "label": [[start, end, "LABEL"], ...]}``; spans get ids ``s1``, ``s2``...
- Relation: ``{"text": ..., "entities": [{"id", "start_offset", "end_offset", "label"}],
  "relations": [{"id", "from_id", "to_id", "type"}]}``; entity ``N`` becomes span ``sN`` (or
  the entity id itself when it is a string), relation ``N`` becomes ``rN``.
- Optional: ``doc_id`` (else ``id``: the document id), ``title``, ``meta`` (object),
  ``annotator``, ``status``.
- A relation typed ``fragment`` joins two entities of one label into one discontinuous span
  (the doccano exporter writes one entity per fragment).
- ``claimdesk`` (the exporter's native copy: span ids, attributes, actor links, frames with
  their attributes, actors, annotator, status) restores what doccano cannot hold, wherever the
  doccano annotations still agree with it.

Frames (the convention shared with the doccano exporter): doccano relations are binary, so an
attribution frame is written as relations from its content span (a CLAIM entity) typed with the
role name of each other filler: ``"type": "source"`` to each SOURCE and ``"type": "cue"`` to each
CUE. On import every CLAIM with such relations becomes one attribution frame (ids ``f1``...,
in order of the content spans). Any other type must be a codebook relation type (or is added
with ``--extend-codebook``). Frame attributes cannot be carried by doccano.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from desktop.core.codebook import Codebook
from desktop.core.errors import InputError
from desktop.core.model import DocStatus, Document
from desktop.core.offsets import Utf16Index, sha256_text
from desktop.formats.json_lines import decode_line
from desktop.formats.layer_builder import LayerBuilder, apply_side, merge_fragment
from desktop.formats.records import ImportRecord, ReadContext
from desktop.formats.sources import Peek, Source, numbered_lines, parsed_lines

DEFAULT_ANNOTATOR = "doccano"
RESERVED = frozenset({"id", "text", "label", "labels", "entities", "relations", "doc_id",
                      "title", "meta", "annotator", "status", "claimdesk"})
"""Top-level keys doccano or Claimdesk give a meaning; any other key is document metadata
(doccano exports an example's metadata as top-level keys, e.g. ``Comments``)."""


def _int(value: Any, fld: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"must be an integer, not {type(value).__name__}", field=fld)
    return value


def _str(value: Any, fld: str) -> str:
    if not isinstance(value, str):
        raise InputError(f"must be a string, not {type(value).__name__}", field=fld)
    return value


def _cp(index: Utf16Index, u16: int, fld: str) -> int:
    try:
        cp = index.to_codepoint(u16)
    except ValueError:
        raise InputError(f"UTF-16 offset {u16} is outside the text (0..{index.length_utf16})",
                         field=fld) from None
    if index.to_utf16(cp) != u16:
        raise InputError(f"UTF-16 offset {u16} falls inside a surrogate pair (the middle of "
                         "an emoji or other astral character)", field=fld)
    return cp


def parse_doccano(obj: Any, codebook: Codebook, *, extend: bool = False) -> ImportRecord:
    """One decoded doccano line as an import record."""
    if not isinstance(obj, dict):
        raise InputError("a record must be a JSON object")
    raw = _str(obj.get("text"), "text")
    b = LayerBuilder(raw, codebook, extend=extend)
    index = Utf16Index(raw)
    side: dict[str, Any] = obj["claimdesk"] if isinstance(obj.get("claimdesk"), dict) else {}
    if "entities" in obj:
        _relation_record(obj, b, index, side)
    else:
        labels = obj.get("label", obj.get("labels", []))
        if not isinstance(labels, list):
            raise InputError("must be a list of [start, end, label]", field="label")
        for i, item in enumerate(labels):
            fld = f"label[{i}]"
            if isinstance(item, str):
                raise InputError("a text classification label; only sequence labelling "
                                 "([start, end, label]) can be imported", field=fld)
            if not isinstance(item, list) or len(item) != 3:
                raise InputError("must be [start, end, label]", field=fld)
            start = _cp(index, _int(item[0], f"{fld}[0]"), f"{fld}[0]")
            end = _cp(index, _int(item[1], f"{fld}[1]"), f"{fld}[1]")
            label = b.label(_str(item[2], f"{fld}[2]"), f"{fld}[2]")
            b.add_span(f"s{i + 1}", label, [(start, end)], fld=fld)
    if side:
        apply_side(b, side, "claimdesk")
    doc_id = obj.get("doc_id", obj.get("id"))
    doc_id = str(doc_id) if isinstance(doc_id, (str, int)) and not isinstance(doc_id, bool) \
        else ""
    meta = {k: v for k, v in obj.items() if k not in RESERVED}
    if isinstance(obj.get("meta"), dict):
        meta |= obj["meta"]
    title = obj.get("title") if isinstance(obj.get("title"), str) else ""
    annotator = next((x[k] for x in (obj, side) for k in ("annotator",)
                      if isinstance(x.get(k), str) and x[k]), "")
    status = DocStatus.NEW
    raw_status = next((x["status"] for x in (obj, side) if isinstance(x.get("status"), str)),
                      None)
    if raw_status is not None:
        try:
            status = DocStatus(raw_status)
        except ValueError:
            raise InputError(f"{raw_status!r} is not one of "
                             f"{', '.join(s.value for s in DocStatus)}", field="status") from None
    text = b.text
    doc = Document(id=doc_id, title=(title or text.strip().split("\n", 1)[0])[:200], text=text,
                   sha256=sha256_text(text), meta=dict(meta or {}))
    return ImportRecord(document=doc, layer=b.layer(annotator or DEFAULT_ANNOTATOR, status),
                        actors=tuple(b.actors.values()))


def _is_anchor(b: LayerBuilder, eid: Any, label: str, side: dict[str, Any]) -> bool:
    """Whether an entity stands for a frame: the export says so (``entity_frame_ids``), or,
    without it, its label is a frame type of the codebook and no label."""
    marked = side.get("entity_frame_ids")
    if isinstance(marked, dict):
        return str(eid) in marked
    return b.codebook.frame_type(label) is not None and b.known_label(label) is None


def _relation_record(obj: dict[str, Any], b: LayerBuilder, index: Utf16Index,
                     side: dict[str, Any]) -> None:
    entities = obj.get("entities")
    if not isinstance(entities, list):
        raise InputError("must be a list of entities", field="entities")
    ids: dict[Any, str] = {}
    anchors: dict[Any, tuple[str, str, str]] = {}  # entity id -> (frame id, type, field)
    marked: dict[str, Any] = side["entity_frame_ids"] if isinstance(
        side.get("entity_frame_ids"), dict) else {}
    for i, ent in enumerate(entities):
        fld = f"entities[{i}]"
        if not isinstance(ent, dict):
            raise InputError("must be an object", field=fld)
        eid = ent.get("id", i)
        if not isinstance(eid, (int, str)) or isinstance(eid, bool):
            raise InputError("must be an integer or a string", field=f"{fld}.id")
        if eid in ids or eid in anchors:
            raise InputError(f"duplicate entity id {eid!r}", field=f"{fld}.id")
        raw_label = _str(ent.get("label"), f"{fld}.label")
        if _is_anchor(b, eid, raw_label, side):
            fid = str(marked.get(str(eid), f"f{len(anchors) + 1}"))
            anchors[eid] = (fid, b.frame_type(raw_label, f"{fld}.label"), fld)
            continue
        sid = eid if isinstance(eid, str) and eid else f"s{eid}"
        start = _cp(index, _int(ent.get("start_offset"), f"{fld}.start_offset"),
                    f"{fld}.start_offset")
        end = _cp(index, _int(ent.get("end_offset"), f"{fld}.end_offset"), f"{fld}.end_offset")
        label = b.label(raw_label, f"{fld}.label")
        b.add_span(sid, label, [(start, end)], fld=fld)
        ids[eid] = sid
    relations = obj.get("relations", [])
    if not isinstance(relations, list):
        raise InputError("must be a list of relations", field="relations")
    links: list[tuple[str, str, str]] = []
    parsed: list[tuple[str, dict[str, Any], str, str, str]] = []
    frame_roles: dict[Any, dict[str, list[str]]] = {eid: {} for eid in anchors}
    for i, rel in enumerate(relations):
        fld = f"relations[{i}]"
        if not isinstance(rel, dict):
            raise InputError("must be an object", field=fld)
        if rel.get("from_id") in anchors:  # a frame's role
            if rel.get("to_id") not in ids:
                raise InputError(f"no entity with id {rel.get('to_id')!r}", field=f"{fld}.to_id")
            fid, ftype, _ = anchors[rel["from_id"]]
            role_name = b.role(ftype, _str(rel.get("type"), f"{fld}.type"), f"{fld}.type")
            fillers = frame_roles[rel["from_id"]].setdefault(role_name, [])
            if ids[rel["to_id"]] not in fillers:
                fillers.append(ids[rel["to_id"]])
            continue
        ends = []
        for key in ("from_id", "to_id"):
            if rel.get(key) not in ids:
                raise InputError(f"no entity with id {rel.get(key)!r}", field=f"{fld}.{key}")
            ends.append(ids[rel[key]])
        rtype = _str(rel.get("type"), f"{fld}.type")
        parsed.append((fld, rel, rtype, ends[0], ends[1]))
    merged: dict[str, str] = {}
    for fld, _rel, rtype, head, tail in parsed:
        if rtype == "fragment":  # one entity per fragment of a discontinuous span
            head = merged.get(head, head)
            if tail in merged or head == tail or b.labels.get(head) != b.labels.get(tail):
                raise InputError("a fragment must join two entities of one label",
                                 field=f"{fld}.type")
            merge_fragment(b, head, tail, fld)
            merged[tail] = head
    for fld, rel, rtype, head, tail in parsed:
        if rtype == "fragment":
            continue
        head, tail = merged.get(head, head), merged.get(tail, tail)
        role = b.role_relation(rtype, b.labels[head])
        if role is not None:
            links.append((head, role, tail))
            continue
        raw_id = rel.get("id", len(b.relations))
        rid = raw_id if isinstance(raw_id, str) and raw_id else f"r{raw_id}"
        b.add_relation(rid, b.relation_type(rtype, f"{fld}.type"), head, tail, fld=fld)
    for eid, (fid, ftype, fld) in anchors.items():
        roles = {r: [merged.get(x, x) for x in xs] for r, xs in frame_roles[eid].items()}
        b.add_frame(fid, ftype, roles, fld=fld)
    b.frames_from_role_relations(links, "relations")


def read_doccano(source: Source, ctx: ReadContext) -> Iterator[ImportRecord]:
    """Stream records; with ``ctx.on_error`` a bad line is reported there and skipped."""
    def parse(line: str) -> ImportRecord:
        return parse_doccano(decode_line(line), ctx.codebook, extend=ctx.extend)

    lines = numbered_lines(source.read(), source.name)
    for number, rec in parsed_lines(lines, source.name, parse, ctx.on_error):
        yield ImportRecord(document=rec.document, layer=rec.layer, actors=rec.actors,
                           file=source.name,
                           line=number, id_hint=f"{source.stem}-{number}")


def looks_like_doccano(obj: Any) -> bool:
    """A doccano record: ``text`` with ``label``, ``labels`` or ``entities``, no ``spans``."""
    return isinstance(obj, dict) and "text" in obj and "spans" not in obj and (
        "label" in obj or "entities" in obj or "labels" in obj)


def sniff(peek: Peek) -> bool:
    return looks_like_doccano(peek.first_json)

"""Native JSONL (the contract in ARCHITECTURE.md): one document per line, import and export."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from desktop.core.codebook import Codebook
from desktop.core.errors import ClaimdeskError, InputError
from desktop.core.model import (
    Actor,
    AnnotatedDocument,
    DocStatus,
    Document,
    Frame,
    Layer,
    Origin,
    Relation,
    Span,
    SpanState,
)
from desktop.core.offsets import NewlineMap, normalize_newlines, sha256_text, span_text
from desktop.formats.files import read_lines
from desktop.formats.records import ImportRecord

# -- reading -----------------------------------------------------------------------------


class _Fields:
    """Typed access to one decoded record; every failure names the field path."""

    def __init__(self, obj: Mapping[str, Any], path: str = "") -> None:
        self.obj = obj
        self.path = path

    def name(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, reason: str) -> InputError:
        return InputError(reason, field=self.name(key))

    def get(self, key: str, kind: type | tuple[type, ...], *, required: bool = False,
            default: Any = None) -> Any:
        if key not in self.obj or (self.obj[key] is None and not required):
            if required:
                raise self.fail(key, "is missing")
            return default
        value = self.obj[key]
        if (isinstance(value, bool) and kind is int) or not isinstance(value, kind):
            want = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
            raise self.fail(key, f"must be {_article(want)}, not {_json_type(value)}")
        return value

    def sub(self, key: str, index: int | None = None) -> _Fields:
        value = self.obj[key] if index is None else self.obj[key][index]
        path = self.name(key) + (f"[{index}]" if index is not None else "")
        if not isinstance(value, dict):
            raise InputError(f"must be an object, not {_json_type(value)}", field=path)
        return _Fields(value, path)

    def objects(self, key: str) -> list[_Fields]:
        items = self.get(key, list, default=[])
        return [self.sub(key, i) for i in range(len(items))]


def _article(word: str) -> str:
    return {"str": "a string", "int": "an integer", "dict": "an object", "list": "a list"}.get(
        word, word)


def _json_type(value: Any) -> str:
    return {bool: "true/false", int: "a number", float: "a number", str: "a string",
            list: "a list", dict: "an object", type(None): "null"}.get(type(value),
                                                                      type(value).__name__)


def _attrs(f: _Fields) -> dict[str, Any]:
    return dict(f.get("attrs", dict, default={}))


_STATUSES = {s.value: s for s in DocStatus}


def _has_items(obj: Mapping[str, Any], key: str) -> bool:
    """False when ``key`` is absent, null or an empty list: nothing to parse (the fast path)."""
    value = obj.get(key)
    return value is not None and not (type(value) is list and not value)


def parse_record(obj: Any, codebook: Codebook, *, extend: bool = False) -> ImportRecord:
    """Validate one decoded JSON line and build an import record (offsets remapped)."""
    if not isinstance(obj, dict):
        raise InputError(f"a record must be a JSON object, not {_json_type(obj)}")
    f = _Fields(obj)
    raw_text = f.get("text", str, required=True)
    text, remap = normalize_newlines(raw_text)
    digest = sha256_text(text)
    sha = f.get("sha256", str)
    if sha is not None:
        claimed = sha.lower()
        if claimed != digest and (text is raw_text or claimed != sha256_text(raw_text)):
            raise f.fail("sha256", "does not match the SHA-256 of the text")
    doc_id = f.get("id", str, default="")
    title = f.get("title", str, default="") or text.strip().split("\n", 1)[0][:200]
    meta = dict(f.get("meta", dict, default={}))
    annotator = f.get("annotator", str, default="")
    status_raw = f.get("status", str, default="new")
    status = _STATUSES.get(status_raw)
    if status is None:
        raise f.fail("status", f"{status_raw!r} is not one of "
                               f"{', '.join(s.value for s in DocStatus)}")
    # Plain documents (no annotations) are the bulk of most imports: skip the empty lists.
    spans: tuple[Span, ...] = ()
    frames: tuple[Frame, ...] = ()
    relations: tuple[Relation, ...] = ()
    actors: tuple[Actor, ...] = ()
    if _has_items(obj, "spans"):
        spans = tuple(
            _span_fast(raw, text, remap, codebook, extend)
            or _span(f.sub("spans", i), text, remap, codebook, extend)
            for i, raw in enumerate(f.get("spans", list, default=[])))
        seen: set[str] = set()
        for i, s in enumerate(spans):
            if s.id in seen:
                raise InputError(f"duplicate span id {s.id!r}", field=f"spans[{i}].id")
            seen.add(s.id)
    if _has_items(obj, "frames") or _has_items(obj, "relations"):
        labels = {s.id: s.label for s in spans}
        frames = tuple(_frame(ff, labels, codebook, extend) for ff in f.objects("frames"))
        relations = tuple(_relation(rf, labels, codebook, extend)
                          for rf in f.objects("relations"))
        _unique_ids([fr.id for fr in frames], "frames")
        _unique_ids([r.id for r in relations], "relations")
    if _has_items(obj, "actors"):
        actors = tuple(_actor(af) for af in f.objects("actors"))
        _unique_ids([a.id for a in actors], "actors")
    if spans:
        actor_ids = {a.id for a in actors}
        for i, s in enumerate(spans):
            if s.actor is not None and s.actor not in actor_ids:
                raise InputError(f"actor {s.actor!r} is not in this record's actors list",
                                 field=f"spans[{i}].actor")
    document = Document(id=doc_id, title=title, text=text, sha256=digest, meta=meta)
    layer = Layer(annotator=annotator, status=status, spans=spans, frames=frames,
                  relations=relations)
    return ImportRecord(document=document, layer=layer, actors=actors)


def _unique_ids(ids: Sequence[str], where: str) -> None:
    seen: set[str] = set()
    for i, x in enumerate(ids):
        if x in seen:
            raise InputError(f"duplicate id {x!r}", field=f"{where}[{i}].id")
        seen.add(x)


def _offset(f: _Fields, key: str) -> int:
    value = f.get(key, int, required=True)
    assert isinstance(value, int)
    return value


_ORIGINS = {o.value: o for o in Origin}
_STATES = {s.value: s for s in SpanState}


def _span_fast(raw: Any, text: str, remap: NewlineMap, codebook: Codebook,
               extend: bool) -> Span | None:
    """The common case, a well-formed continuous span on LF text, with few checks.

    Returns None for anything else (fragments, CRLF input, a wrong type, a bad offset or
    text, a codebook problem), which ``_span`` then checks field by field to name what is
    wrong. Both accept exactly the same spans.
    """
    if type(raw) is not dict or "fragments" in raw or not remap.identity:
        return None
    sid, label, start, end = raw.get("id"), raw.get("label"), raw.get("start"), raw.get("end")
    if (type(sid) is not str or type(label) is not str or type(start) is not int
            or type(end) is not int or not 0 <= start < end <= len(text)):
        return None
    actual = text[start:end]
    expected = raw.get("text")
    attrs = raw.get("attrs")
    actor = raw.get("actor")
    origin, state, note = raw.get("origin"), raw.get("state"), raw.get("note")
    if ((expected is not None and expected != actual)
            or (attrs is not None and type(attrs) is not dict)
            or (actor is not None and type(actor) is not str)
            or (origin is not None and (type(origin) is not str or origin not in _ORIGINS))
            or (state is not None and (type(state) is not str or state not in _STATES))
            or (note is not None and type(note) is not str)):
        return None
    span = Span(id=sid, label=label, fragments=((start, end),), text=actual,
                attrs=dict(attrs) if attrs else {}, actor=actor,
                origin=_ORIGINS[origin] if origin else Origin.IMPORTED,
                state=_STATES[state] if state else SpanState.ACCEPTED, note=note or "")
    if not extend and codebook.span_problems(span):
        return None
    return span


def _span(f: _Fields, text: str, remap: NewlineMap, codebook: Codebook,
          extend: bool) -> Span:
    sid = f.get("id", str, required=True)
    label = f.get("label", str, required=True)
    start, end = _offset(f, "start"), _offset(f, "end")
    raw_frags = f.get("fragments", list)
    if raw_frags is None:
        frags = [(start, end)]
    else:
        frags = []
        for i, fr in enumerate(raw_frags):
            if (not isinstance(fr, list) or len(fr) != 2
                    or not all(isinstance(x, int) and not isinstance(x, bool) for x in fr)):
                raise f.fail(f"fragments[{i}]", "must be a [start, end] pair of integers")
            frags.append((fr[0], fr[1]))
        if not frags:
            raise f.fail("fragments", "must not be empty")
        if frags[0][0] != start or frags[-1][1] != end:
            raise f.fail("fragments", f"outer bounds {frags[0][0]}..{frags[-1][1]} differ "
                                      f"from start/end {start}..{end}")
    raw_len = len(text) + len(remap.removed)
    for i, (s, e) in enumerate(frags):
        key = "start" if raw_frags is None else f"fragments[{i}]"
        if s < 0:
            raise f.fail(key, f"offset {s} is negative")
        if e <= s:
            raise f.fail(key if raw_frags else "end", f"end {e} is not after start {s}")
        if e > raw_len:
            raise f.fail("end" if raw_frags is None else key,
                         f"offset {e} is past the end of the text ({raw_len} code points)")
    mapped = tuple((remap(s), remap(e)) for s, e in frags)
    for i, (s, e) in enumerate(mapped):
        if e <= s:  # [CR, LF) of a CRLF pair: nothing is left once it becomes one LF
            raise f.fail("start" if raw_frags is None else f"fragments[{i}]",
                         "covers only the CR of a CRLF line ending")
    for i in range(1, len(mapped)):
        if mapped[i][0] < mapped[i - 1][1]:
            raise f.fail("fragments", "fragments must be sorted and must not overlap")
    expected = f.get("text", str)
    actual = span_text(text, mapped)
    if expected is not None and normalize_newlines(expected)[0] != actual:
        raise f.fail("text", f"{expected!r} does not match the document text at "
                             f"{start}..{end} ({actual!r}); offsets must count code points")
    span = Span(id=sid, label=label, fragments=mapped, text=actual, attrs=_attrs(f),
                actor=f.get("actor", str), origin=_enum(f, "origin", Origin, Origin.IMPORTED),
                state=_enum(f, "state", SpanState, SpanState.ACCEPTED),
                note=f.get("note", str, default=""))
    if not extend:
        for fld, reason in codebook.span_problems(span):
            raise f.fail(fld, reason)
    return span


def _enum(f: _Fields, key: str, kind: type[Origin] | type[SpanState], default: Any) -> Any:
    raw = f.get(key, str)
    if raw is None:
        return default
    try:
        return kind(raw)
    except ValueError:
        raise f.fail(key, f"{raw!r} is not one of {', '.join(k.value for k in kind)}") from None


def _frame(f: _Fields, labels: Mapping[str, str], codebook: Codebook, extend: bool) -> Frame:
    roles_f = f.sub("roles") if "roles" in f.obj else _Fields({}, f.name("roles"))
    roles: dict[str, tuple[str, ...]] = {}
    for role, ids in roles_f.obj.items():
        if not isinstance(ids, list) or not all(isinstance(x, str) for x in ids):
            raise roles_f.fail(role, "must be a list of span ids")
        roles[role] = tuple(ids)
    frame = Frame(id=f.get("id", str, required=True), type=f.get("type", str, required=True),
                  roles=roles, attrs=_attrs(f))
    for fld, reason in codebook.frame_problems(frame, labels):
        if extend and "does not exist" not in reason:
            continue
        raise f.fail(fld, reason)
    return frame


def _relation(f: _Fields, labels: Mapping[str, str], codebook: Codebook,
              extend: bool) -> Relation:
    rel = Relation(id=f.get("id", str, required=True), label=f.get("label", str, required=True),
                   head=f.get("head", str, required=True), tail=f.get("tail", str, required=True),
                   attrs=_attrs(f))
    for fld, reason in codebook.relation_problems(rel, labels):
        if extend and "does not exist" not in reason:
            continue
        raise f.fail(fld, reason)
    return rel


def _actor(f: _Fields) -> Actor:
    aliases = f.get("aliases", list, default=[])
    if not all(isinstance(a, str) for a in aliases):
        raise f.fail("aliases", "must be a list of strings")
    name = f.get("name", str, required=True)
    if not name.strip():
        raise f.fail("name", "must not be empty")
    return Actor(id=f.get("id", str, required=True), name=name,
                 kind=f.get("kind", str, default="other"), aliases=tuple(aliases),
                 attrs=_attrs(f))


def read_jsonl(path: Path, codebook: Codebook, *, display: str | None = None,
               extend: bool = False) -> Iterator[ImportRecord]:
    """Stream records from a native JSONL file; errors name file, line and field."""
    name = display or str(path)
    for number, line in read_lines(path):
        if not line or line.isspace():  # (strip() would copy every line)
            continue
        try:
            rec = parse_record(decode_line(line), codebook, extend=extend)
        except InputError as exc:
            raise exc.located(file=name, line=number) from exc
        yield ImportRecord(document=rec.document, layer=rec.layer, actors=rec.actors,
                           file=name, line=number)


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def decode_line(line: str) -> Any:
    """One JSON value from one line of input, or an InputError (without file and line).

    Also rejects what a project cannot store although ``json`` reads it: NaN and Infinity,
    numbers too large for a float, and unpaired surrogate escapes such as ``"\\ud800"``.
    """
    try:
        obj = json.loads(line, parse_constant=_no_constant, parse_float=_finite_float)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg} (column {exc.colno})") from exc
    except (ValueError, RecursionError) as exc:  # NaN, 1e999, huge ints, deep nesting
        raise InputError(f"not valid JSON: {exc}") from exc
    if "\\u" in line and _SURROGATE_ESCAPE.search(line):
        _check_surrogates(obj, "")
    return obj


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite_float(raw: str) -> float:
    value = float(raw)
    if not math.isfinite(value):
        raise ValueError(f"{raw} is too large for a JSON number")
    return value


def _check_surrogates(value: Any, path: str) -> None:
    """Reject lone surrogate escapes (``"\\ud800"``): such text cannot be stored as UTF-8."""
    if isinstance(value, str):
        if _SURROGATE.search(value):
            raise InputError("contains an unpaired UTF-16 surrogate escape (\\ud800-\\udfff)",
                             field=path or None)
    elif isinstance(value, dict):
        for k, v in value.items():
            _check_surrogates(k, path)
            _check_surrogates(v, f"{path}.{k}" if path else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _check_surrogates(v, f"{path}[{i}]")


# -- writing -----------------------------------------------------------------------------


def record_dict(ad: AnnotatedDocument) -> dict[str, Any]:
    """The native JSONL object for one document and layer."""
    from desktop.store.annotations import frame_dict, relation_dict, span_dict

    d = ad.document
    spans = []
    for s in ad.layer.spans:
        sd = span_dict(s)
        # The importer reads a missing "origin" as imported: write it whenever it is not, so
        # export -> import -> export is exact and a contract-shaped file round-trips as is.
        if s.origin is Origin.IMPORTED:
            sd.pop("origin", None)
        else:
            sd["origin"] = s.origin.value
        spans.append(sd)
    return {
        "id": d.id, "title": d.title, "text": d.text, "sha256": d.sha256, "meta": dict(d.meta),
        "annotator": ad.layer.annotator, "status": ad.layer.status.value,
        "spans": spans,
        "frames": [frame_dict(f) for f in ad.layer.frames],
        "relations": [relation_dict(r) for r in ad.layer.relations],
        "actors": [{"id": a.id, "name": a.name, "kind": a.kind, "aliases": list(a.aliases),
                    "attrs": dict(a.attrs)} for a in ad.actors],
    }


def verify(ad: AnnotatedDocument) -> None:
    """Abort an export when any span's text no longer matches the document."""
    text = ad.document.text
    if sha256_text(text) != ad.document.sha256:
        raise ClaimdeskError(f"document {ad.document.id!r}: text does not match its stored "
                             "SHA-256; run `claimdesk check` before exporting")
    for s in ad.layer.spans:
        problems = s.problems(text)
        if problems:
            raise ClaimdeskError(f"document {ad.document.id!r}, span {s.id!r}: {problems[0]}; "
                                 "run `claimdesk check` before exporting")

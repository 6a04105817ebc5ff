"""Native JSONL: one document per line (docs/formats.md, "Native JSONL"), the one reader.

``read_jsonl`` streams a file from disk (or decodes an archive member), one record per line.
A standoff record (no ``text``) is re-hydrated through ``ReadContext.find_text`` (see
``jsonl.standoff``); with ``ReadContext.on_error`` a bad line is reported and skipped.
Everything a record holds is checked here, once: types and fields, offsets (remapped onto
the LF-normalised text), quoted texts, references and the codebook (``core.validate``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from desktop.core.codebook import Codebook
from desktop.core.errors import InputError
from desktop.core.model import (
    Actor,
    DocStatus,
    Document,
    Frame,
    Layer,
    Origin,
    Relation,
    Span,
    SpanState,
    new_span,
)
from desktop.core.offsets import NewlineMap, normalize_newlines, sha256_text, span_text
from desktop.core.validate import (
    COUNT_CODE_POINTS,
    bounds_problems,
    frame_problems,
    order_problems,
    rejecting,
    relation_problems,
    span_codebook_problems,
    text_problem,
)
from desktop.formats.doccano.reader import looks_like_doccano
from desktop.formats.json_lines import decode_line
from desktop.formats.jsonl.standoff import hydrate
from desktop.formats.labelstudio.reader import looks_like_task
from desktop.formats.records import ImportRecord, ReadContext
from desktop.formats.sources import Peek, Source


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
        value = self.obj.get(key)
        if type(value) is kind:  # the usual case (a bool is never taken for an int here)
            return value
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


def parse_record(obj: Any, codebook: Codebook, *, extend: bool = False, file: str = "",
                 line: int | None = None) -> ImportRecord:
    """Validate one decoded JSON line and build an import record (offsets remapped);
    ``file`` and ``line`` say where it came from."""
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
    labels: dict[str, str] = {}
    if _has_items(obj, "spans"):
        built: list[Span] = []
        for i, raw in enumerate(f.get("spans", list, default=[])):
            span = (_span_fast(raw, text, remap, codebook, extend)
                    or _span(f.sub("spans", i), text, remap, codebook, extend))
            if span.id in labels:
                raise InputError(f"duplicate span id {span.id!r}", field=f"spans[{i}].id")
            labels[span.id] = span.label
            built.append(span)
        spans = tuple(built)
    if _has_items(obj, "frames"):
        frames = tuple(_frame_fast(raw, labels, codebook, extend)
                       or _frame(f.sub("frames", i), labels, codebook, extend)
                       for i, raw in enumerate(f.get("frames", list)))
        _unique_ids([fr.id for fr in frames], "frames")
    if _has_items(obj, "relations"):
        relations = tuple(_relation_fast(raw, labels, codebook, extend)
                          or _relation(f.sub("relations", i), labels, codebook, extend)
                          for i, raw in enumerate(f.get("relations", list)))
        _unique_ids([r.id for r in relations], "relations")
    if _has_items(obj, "actors"):
        actors = tuple(_actor_fast(raw) or _actor(f.sub("actors", i))
                       for i, raw in enumerate(f.get("actors", list)))
        _unique_ids([a.id for a in actors], "actors")
    if spans:
        actor_ids = {a.id for a in actors}
        for i, s in enumerate(spans):
            if s.actor is not None and s.actor not in actor_ids:
                raise InputError(f"actor {s.actor!r} is not in this record's actors list",
                                 field=f"spans[{i}].actor")
    document = Document(id=doc_id, title=title, text=text, sha256=digest, meta=meta)
    layer = None
    if spans or frames or relations or status is not DocStatus.NEW or annotator:
        layer = Layer(annotator=annotator, status=status, spans=spans, frames=frames,
                      relations=relations)
    return ImportRecord(document=document, layer=layer, actors=actors, file=file, line=line)


def _unique_ids(ids: Sequence[str], where: str) -> None:
    if len(set(ids)) == len(ids):
        return
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
    if type(raw) is not dict or "fragments" in raw or remap.removed:
        return None
    get = raw.get
    sid, label, start, end = get("id"), get("label"), get("start"), get("end")
    if (type(sid) is not str or type(label) is not str or type(start) is not int
            or type(end) is not int or not 0 <= start < end <= len(text)):
        return None
    actual = text[start:end]
    expected, attrs, actor = get("text"), get("attrs"), get("actor")
    origin, state, note = get("origin"), get("state"), get("note")
    if ((expected is not None and expected != actual)
            or (attrs is not None and type(attrs) is not dict)
            or (actor is not None and type(actor) is not str)
            or (origin is not None and (type(origin) is not str or origin not in _ORIGINS))
            or (state is not None and (type(state) is not str or state not in _STATES))
            or (note is not None and type(note) is not str)):
        return None
    # ``raw`` was decoded for this record alone: its attrs object can be kept as it is.
    span = new_span(sid, label, ((start, end),), actual, attrs if attrs is not None else {}, actor,
                    _ORIGINS[origin] if origin else Origin.IMPORTED,
                    _STATES[state] if state else SpanState.ACCEPTED, note or "")
    # A known label without attributes has nothing to check (the usual case).
    if (attrs or codebook.label(label) is None) and rejecting(
            span_codebook_problems(span, codebook), extend=extend):
        return None
    return span


def _str_lists(roles: Any) -> bool:
    """``roles`` is an object of lists of strings."""
    if type(roles) is not dict:
        return False
    for ids in roles.values():
        if type(ids) is not list:
            return False
        for x in ids:
            if type(x) is not str:
                return False
    return True


def _frame_fast(raw: Any, labels: Mapping[str, str], codebook: Codebook,
                extend: bool) -> Frame | None:
    """A well-formed frame the codebook accepts, else None (``_frame`` then names the
    problem); accepts exactly what ``_frame`` accepts."""
    if type(raw) is not dict or "trigger" in raw or "origin" in raw or "state" in raw:
        return None  # events and suggestions (rare): the careful parser reads them
    fid, ftype, roles, attrs = raw.get("id"), raw.get("type"), raw.get("roles"), raw.get("attrs")
    if (type(fid) is not str or type(ftype) is not str
            or (roles is None and "roles" in raw) or (roles is not None and not _str_lists(roles))
            or (attrs is not None and type(attrs) is not dict)):
        return None
    frame = Frame(id=fid, type=ftype,
                  roles={k: tuple(v) for k, v in roles.items()} if roles else {},
                  attrs=dict(attrs) if attrs else {})
    if rejecting(frame_problems(frame, labels=labels, codebook=codebook), extend=extend):
        return None
    return frame


def _relation_fast(raw: Any, labels: Mapping[str, str], codebook: Codebook,
                   extend: bool) -> Relation | None:
    """A well-formed relation the codebook accepts, else None (see ``_frame_fast``)."""
    if type(raw) is not dict:
        return None
    get = raw.get
    rid, label, head, tail, attrs = get("id"), get("label"), get("head"), get("tail"), get(
        "attrs")
    if (type(rid) is not str or type(label) is not str or type(head) is not str
            or type(tail) is not str or (attrs is not None and type(attrs) is not dict)):
        return None
    rel = Relation(id=rid, label=label, head=head, tail=tail,
                   attrs=dict(attrs) if attrs else {})
    if rejecting(relation_problems(rel, labels=labels, codebook=codebook), extend=extend):
        return None
    return rel


def _actor_fast(raw: Any) -> Actor | None:
    """A well-formed actor, else None (``_actor`` then names the problem)."""
    if type(raw) is not dict:
        return None
    get = raw.get
    aid, name, kind, aliases, attrs = get("id"), get("name"), get("kind"), get(
        "aliases"), get("attrs")
    if (type(aid) is not str or type(name) is not str or not name.strip()
            or (kind is not None and type(kind) is not str)
            or (attrs is not None and type(attrs) is not dict)):
        return None
    if aliases is not None:
        if type(aliases) is not list:
            return None
        for a in aliases:
            if type(a) is not str:
                return None
    return Actor(id=aid, name=name, kind=kind if kind is not None else "other",
                 aliases=tuple(aliases) if aliases else (), attrs=dict(attrs) if attrs else {})


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
        lo, hi = min(a for a, _ in frags), max(b for _, b in frags)
        if (lo, hi) != (start, end):
            raise f.fail("fragments", f"outer bounds {lo}..{hi} differ "
                                      f"from start/end {start}..{end}")
    listed = raw_frags is not None
    for problem in bounds_problems(frags, len(text) + len(remap.removed), listed=listed):
        raise problem.error(within=f.path)
    mapped = tuple((remap(s), remap(e)) for s, e in frags)
    for i, (s, e) in enumerate(mapped):
        if e <= s:  # [CR, LF) of a CRLF pair: nothing is left once it becomes one LF
            raise f.fail(f"fragments[{i}]" if listed else "start",
                         "covers only the CR of a CRLF line ending")
    for problem in order_problems(mapped):
        raise problem.error(within=f.path)
    actual = span_text(text, mapped)
    expected = f.get("text", str)
    if expected is not None:
        mismatch = text_problem(text, mapped, normalize_newlines(expected)[0],
                                at=(start, end))
        if mismatch is not None:
            raise mismatch.error(within=f.path, hint=COUNT_CODE_POINTS)
    span = Span(id=sid, label=label, fragments=mapped, text=actual, attrs=_attrs(f),
                actor=f.get("actor", str), origin=_enum(f, "origin", Origin, Origin.IMPORTED),
                state=_enum(f, "state", SpanState, SpanState.ACCEPTED),
                note=f.get("note", str, default=""))
    for problem in rejecting(span_codebook_problems(span, codebook), extend=extend):
        raise problem.error(within=f.path)
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
    # A frame without "origin"/"state" is the annotator's own (manual, accepted): frames had
    # neither before schema 6, and the exporter writes them only when not the default.
    frame = Frame(id=f.get("id", str, required=True), type=f.get("type", str, required=True),
                  roles=roles, attrs=_attrs(f), trigger=f.get("trigger", str),
                  origin=_enum(f, "origin", Origin, Origin.MANUAL),
                  state=_enum(f, "state", SpanState, SpanState.ACCEPTED))
    for problem in rejecting(frame_problems(frame, labels=labels, codebook=codebook),
                             extend=extend):
        raise problem.error(within=f.path)
    return frame


def _relation(f: _Fields, labels: Mapping[str, str], codebook: Codebook,
              extend: bool) -> Relation:
    rel = Relation(id=f.get("id", str, required=True), label=f.get("label", str, required=True),
                   head=f.get("head", str, required=True), tail=f.get("tail", str, required=True),
                   attrs=_attrs(f))
    for problem in rejecting(relation_problems(rel, labels=labels, codebook=codebook),
                             extend=extend):
        raise problem.error(within=f.path)
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


def read_jsonl(source: Source, ctx: ReadContext) -> Iterator[ImportRecord]:
    """The records of one native JSONL file; errors name file, line and field."""
    name = source.name
    codebook, extend, find_text, on_error = ctx.codebook, ctx.extend, ctx.find_text, ctx.on_error
    for number, line in source.lines():
        if not line or line.isspace():  # (strip() would copy every line)
            continue
        try:
            obj = decode_line(line)
            if find_text is not None:
                obj = hydrate(obj, find_text)
            rec = parse_record(obj, codebook, extend=extend, file=name, line=number)
        except InputError as exc:
            bad = exc.located(file=name, line=number)
            if on_error is None:
                raise bad from exc
            on_error(bad)
            continue
        yield rec


def sniff(peek: Peek) -> bool:
    """A native record on the first line: ``text``, ``sha256`` or ``spans``, and neither a
    doccano record nor a Label Studio task."""
    obj = peek.first_json
    return (isinstance(obj, dict) and ("text" in obj or "sha256" in obj or "spans" in obj)
            and not looks_like_doccano(obj) and not looks_like_task(obj))

"""The codebook: span labels, attributes, frame types and relation types, loaded from TOML.

Checking annotations against a codebook is ``desktop.core.validate``.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.errors import CodebookError, InputError
from desktop.core.model import JsonValue
from desktop.core.text import decode_utf8

NAME_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]*$")
"""The portable subset of names (ASCII letters, digits, ``_``, ``-``): what the default
codebook uses. Any ``name_problem``-free name is accepted; formats that need a safe form map
others reversibly (``desktop/formats/safe_names.py``)."""

_NOT_IN_NAMES = frozenset({"Cc", "Cs", "Zl", "Zp"})
"""Unicode categories a name may not contain: control characters (tab, newline, NUL...),
lone surrogates, and the line and paragraph separators."""


def name_problem(value: str) -> str | None:
    """Why ``value`` cannot name a label, attribute, frame type, role or relation type, or
    None when it can: any text that is not blank and has no control character
    (``Label 1``, ``商品名称``, ``_gt_N`` are all names; they are kept exactly)."""
    if not value.strip():
        return "a name must not be empty"
    bad = next((ch for ch in value if unicodedata.category(ch) in _NOT_IN_NAMES), None)
    if bad is not None:
        return f"a name must not contain the control character U+{ord(bad):04X}"
    return None


_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")

RESERVED_KEYS: Mapping[str, str] = {
    "A": "Attribute claim",
    "R": "Relate span",
    "F": "Add selection as fragment",
    "[": "Select previous span",
    "]": "Select next span",
    "D": "Confirm the span's default attributes",
    "N": "Next suggestion (Shift+N: previous)",
    "?": "Keyboard shortcuts",
}
"""Single keys the article view uses for its own commands (``desktop/ui/actions.py``; a
test keeps the two in step). A label on one of them would silently disable both."""


def reserved_key(key: str) -> str | None:
    """The built-in command on ``key`` (letters in either case), or None."""
    return RESERVED_KEYS.get(key.upper())


@dataclass(frozen=True, slots=True)
class AttributeDef:
    """An attribute; closed when ``values`` is non-empty, free text otherwise."""

    name: str
    values: tuple[str, ...] = ()
    default: str | None = None
    description: str = ""
    default_ok: bool = False
    """The default may be stored without the annotator confirming it. Otherwise a new span
    stores no value for the attribute: the default is shown as a default until the annotator
    sets or confirms it, so exported data never claims a choice nobody made."""

    @property
    def closed(self) -> bool:
        return bool(self.values)

    def accepts(self, value: JsonValue) -> bool:
        """True for a string that is one of the values (any string when open)."""
        return isinstance(value, str) and (not self.closed or value in self.values)


@dataclass(frozen=True, slots=True)
class LabelDef:
    name: str
    key: str
    color: str
    description: str = ""
    attributes: tuple[AttributeDef, ...] = ()
    keep_quotes: bool = False
    """When snapping a selection, keep enclosing quotation marks inside the span."""
    links_actor: bool = False
    """Spans with this label may be linked to a registry actor."""
    link_required: bool = False
    """Spans with this label should be linked to an actor (checked when a document is marked
    done and by ``claimdesk check``), when ``link_required_when`` holds."""
    link_required_when: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(attribute, values): the link is required only when each attribute's value (set, or
    its default) is one of these; empty means always."""

    def attribute(self, name: str) -> AttributeDef | None:
        return next((a for a in self.attributes if a.name == name), None)

    def value_of(self, attrs: Mapping[str, JsonValue], name: str) -> JsonValue:
        """The attribute's value: set in ``attrs``, else its codebook default (or None)."""
        if name in attrs:
            return attrs[name]
        adef = self.attribute(name)
        return adef.default if adef is not None else None

    def stored_defaults(self) -> dict[str, JsonValue]:
        """Defaults a new span stores at once: those the codebook declares ``default_ok``."""
        return {a.name: a.default for a in self.attributes
                if a.default is not None and a.default_ok}

    def unconfirmed(self, attrs: Mapping[str, JsonValue]) -> list[AttributeDef]:
        """Attributes with a default that ``attrs`` leaves unset (shown as defaults)."""
        return [a for a in self.attributes if a.default is not None and a.name not in attrs]

    def needs_link(self, attrs: Mapping[str, JsonValue]) -> bool:
        """True when a span with ``attrs`` should be linked to an actor."""
        if not (self.links_actor and self.link_required):
            return False
        return all(self.value_of(attrs, name) in values
                   for name, values in self.link_required_when)


@dataclass(frozen=True, slots=True)
class RoleDef:
    name: str
    labels: tuple[str, ...]
    min: int = 0
    max: int | None = None
    description: str = ""


@dataclass(frozen=True, slots=True)
class FrameTypeDef:
    name: str
    roles: tuple[RoleDef, ...]
    attributes: tuple[AttributeDef, ...] = ()
    description: str = ""

    def role(self, name: str) -> RoleDef | None:
        return next((r for r in self.roles if r.name == name), None)


@dataclass(frozen=True, slots=True)
class RelationTypeDef:
    name: str
    head: tuple[str, ...]
    tail: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True, slots=True)
class Codebook:
    name: str
    version: str
    labels: tuple[LabelDef, ...]
    frames: tuple[FrameTypeDef, ...] = ()
    relations: tuple[RelationTypeDef, ...] = ()
    actor_kinds: tuple[str, ...] = ("person", "organisation", "state", "group", "other")
    description: str = ""
    source: str = field(default="", compare=False)
    """The TOML text this codebook was parsed from (stored in the project)."""
    _labels_by_name: dict[str, LabelDef] | None = field(default=None, init=False, repr=False,
                                                         compare=False)

    def label(self, name: str) -> LabelDef | None:
        # Called for every span of every import: a dict beats a scan of the labels.
        by_name = self._labels_by_name
        if by_name is None:
            by_name = {x.name: x for x in self.labels}
            object.__setattr__(self, "_labels_by_name", by_name)
        return by_name.get(name)

    def frame_type(self, name: str) -> FrameTypeDef | None:
        return next((x for x in self.frames if x.name == name), None)

    def relation_type(self, name: str) -> RelationTypeDef | None:
        return next((x for x in self.relations if x.name == name), None)

    def label_for_key(self, key: str) -> LabelDef | None:
        return next((x for x in self.labels if x.key == key), None)


# -- loading ------------------------------------------------------------------------------


def load_codebook(path: str | Path) -> Codebook:
    """Read and validate a codebook TOML file."""
    p = Path(path)
    try:
        raw = decode_utf8(p.read_bytes(), p)
    except OSError as exc:
        raise CodebookError(f"cannot read codebook: {exc}", file=p) from exc
    except InputError as exc:
        raise CodebookError(exc.reason, file=exc.file, line=exc.line) from exc
    return parse_codebook(raw, source_name=str(p))


def parse_codebook(raw: str, *, source_name: str = "codebook",
                   drop_reserved_keys: bool = False) -> Codebook:
    """Parse codebook TOML text; errors name the key that is wrong.

    A label key that a built-in command uses (``RESERVED_KEYS``) is an error, or with
    ``drop_reserved_keys`` (a codebook already stored in a project) left off the label, which
    keeps its menu entry.
    """
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise CodebookError(f"not valid TOML: {exc}", file=source_name) from exc
    except RecursionError:
        raise CodebookError("not a codebook: the TOML is nested too deeply",
                            file=source_name) from None
    r = _Reader(source_name, drop_reserved_keys)
    r.only(data, "", {"codebook", "actors", "labels", "frames", "relations"})
    head = r.table(data, "codebook", required=False)
    r.only(head, "codebook", {"name", "version", "description"})
    name = r.string(head, "name", "codebook.name", default="Codebook")
    version = r.string(head, "version", "codebook.version", default="1")
    description = r.string(head, "description", "codebook.description", default="")
    labels = tuple(_label(r, item, f"labels[{i}]")
                   for i, item in enumerate(r.array(data, "labels", "labels")))
    if not labels:
        raise CodebookError("the codebook defines no labels", file=source_name, field="labels")
    _unique(r, [x.name for x in labels], "labels", "name")
    _unique(r, [x.key for x in labels], "labels", "key", skip_empty=True)
    names = {x.name for x in labels}
    frames = tuple(_frame(r, item, f"frames[{i}]", names)
                   for i, item in enumerate(r.array(data, "frames", "frames", required=False)))
    _unique(r, [x.name for x in frames], "frames", "name")
    relations = tuple(_relation(r, item, f"relations[{i}]", names)
                      for i, item in enumerate(
                          r.array(data, "relations", "relations", required=False)))
    _unique(r, [x.name for x in relations], "relations", "name")
    actors = r.table(data, "actors", required=False)
    r.only(actors, "actors", {"kinds"})
    kinds = r.strings(actors, "kinds", "actors.kinds",
                      default=("person", "organisation", "state", "group", "other"))
    return Codebook(name=name, version=version, labels=labels, frames=frames,
                    relations=relations, actor_kinds=kinds, description=description,
                    source=raw)


class _Reader:
    """Typed access to decoded TOML that reports the dotted key on every error."""

    def __init__(self, source: str, drop_reserved_keys: bool = False) -> None:
        self.source = source
        self.drop_reserved_keys = drop_reserved_keys

    def only(self, data: Mapping[str, Any], dotted: str, allowed: set[str]) -> None:
        """Reject unknown keys, so a typo such as ``colour`` is not silently ignored."""
        for key in data:
            if key not in allowed:
                where = f"{dotted}.{key}" if dotted else key
                raise self.fail(where, f"unknown key (expected one of "
                                       f"{', '.join(sorted(allowed))})")

    def fail(self, key: str, reason: str) -> CodebookError:
        return CodebookError(reason, file=self.source, field=key)

    def table(self, data: Mapping[str, Any], key: str, *, required: bool = True) -> dict[
            str, Any]:
        value = data.get(key)
        if value is None:
            if required:
                raise self.fail(key, "is missing")
            return {}
        if not isinstance(value, dict):
            raise self.fail(key, "must be a table")
        return value

    def array(self, data: Mapping[str, Any], key: str, dotted: str, *,
              required: bool = True) -> list[dict[str, Any]]:
        value = data.get(key)
        if value is None:
            if required:
                raise self.fail(dotted, "is missing")
            return []
        if not isinstance(value, list) or not all(isinstance(x, dict) for x in value):
            raise self.fail(dotted, "must be an array of tables ([[...]])")
        return value

    def string(self, data: Mapping[str, Any], key: str, dotted: str, *,
               default: str | None = None) -> str:
        value = data.get(key, default)
        if value is None:
            raise self.fail(dotted, "is missing")
        if not isinstance(value, str):
            raise self.fail(dotted, f"must be a string, not {type(value).__name__}")
        return value

    def name(self, data: Mapping[str, Any], dotted: str) -> str:
        value = self.string(data, "name", f"{dotted}.name")
        problem = name_problem(value)
        if problem is not None:
            raise self.fail(f"{dotted}.name", f"{value!r}: {problem}")
        return value

    def strings(self, data: Mapping[str, Any], key: str, dotted: str, *,
                default: Sequence[str] = ()) -> tuple[str, ...]:
        value = data.get(key, list(default))
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            raise self.fail(dotted, "must be a list of strings")
        return tuple(value)

    def integer(self, data: Mapping[str, Any], key: str, dotted: str,
                default: int | None) -> int | None:
        value = data.get(key, default)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise self.fail(dotted, "must be a non-negative integer")
        return value

    def boolean(self, data: Mapping[str, Any], key: str, dotted: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(dotted, "must be true or false")
        return value


def _unique(r: _Reader, values: Sequence[str], where: str, what: str, *,
            skip_empty: bool = False) -> None:
    seen: set[str] = set()
    for i, v in enumerate(values):
        if skip_empty and not v:
            continue  # indexes stay those of the file, so the error names the right entry
        if v in seen:
            raise r.fail(f"{where}[{i}].{what}", f"duplicate {what} {v!r}")
        seen.add(v)


def _attributes(r: _Reader, data: Mapping[str, Any], dotted: str) -> tuple[AttributeDef, ...]:
    out = []
    for i, item in enumerate(r.array(data, "attributes", f"{dotted}.attributes",
                                     required=False)):
        where = f"{dotted}.attributes[{i}]"
        r.only(item, where, {"name", "values", "default", "description", "default_ok"})
        name = r.name(item, where)
        values = r.strings(item, "values", f"{where}.values")
        default = item.get("default")
        if default is not None and (not isinstance(default, str)
                                    or (values and default not in values)):
            raise r.fail(f"{where}.default", "must be one of the attribute's values")
        default_ok = r.boolean(item, "default_ok", f"{where}.default_ok", False)
        if default_ok and default is None:
            raise r.fail(f"{where}.default_ok", "needs a default")
        out.append(AttributeDef(name=name, values=values, default=default,
                                description=r.string(item, "description",
                                                     f"{where}.description", default=""),
                                default_ok=default_ok))
    _unique(r, [a.name for a in out], f"{dotted}.attributes", "name")
    return tuple(out)


def _label(r: _Reader, item: Mapping[str, Any], dotted: str) -> LabelDef:
    r.only(item, dotted, {"name", "key", "color", "description", "attributes", "keep_quotes",
                          "links_actor", "link_required"})
    name = r.name(item, dotted)
    key = r.string(item, "key", f"{dotted}.key", default="")
    if len(key) > 1:
        raise r.fail(f"{dotted}.key", "must be a single character")
    command = reserved_key(key) if key else None
    if command is not None:
        if not r.drop_reserved_keys:
            raise r.fail(f"{dotted}.key", f"{key!r} is the key of the built-in command "
                         f"\"{command}\"; choose another key for this label (the keys of "
                         f"built-in commands are {' '.join(RESERVED_KEYS)})")
        key = ""
    color = r.string(item, "color", f"{dotted}.color", default="#888888")
    if not _COLOUR.match(color):
        raise r.fail(f"{dotted}.color", f"{color!r} is not a #rrggbb colour")
    attributes = _attributes(r, item, dotted)
    links_actor = r.boolean(item, "links_actor", f"{dotted}.links_actor", False)
    required, when = _link_required(r, item, f"{dotted}.link_required", attributes)
    if required and not links_actor:
        raise r.fail(f"{dotted}.link_required", "needs links_actor = true")
    return LabelDef(
        name=name, key=key, color=color.lower(),
        description=r.string(item, "description", f"{dotted}.description", default=""),
        attributes=attributes,
        keep_quotes=r.boolean(item, "keep_quotes", f"{dotted}.keep_quotes", False),
        links_actor=links_actor, link_required=required, link_required_when=when,
    )


def _link_required(r: _Reader, item: Mapping[str, Any], dotted: str,
                   attributes: Sequence[AttributeDef]) -> tuple[
        bool, tuple[tuple[str, tuple[str, ...]], ...]]:
    """``link_required = true`` or ``link_required = { attribute = [values...] }``."""
    value = item.get("link_required", False)
    if isinstance(value, bool):
        return value, ()
    if not isinstance(value, dict) or not value:
        raise r.fail(dotted, "must be true, false or a table of attribute = [values]")
    when = []
    for name, wanted in value.items():
        adef = next((a for a in attributes if a.name == name), None)
        if adef is None:
            raise r.fail(f"{dotted}.{name}", "not an attribute of this label")
        values = (wanted,) if isinstance(wanted, str) else wanted
        if not isinstance(values, (list, tuple)) or not values or not all(
                isinstance(v, str) for v in values):
            raise r.fail(f"{dotted}.{name}", "must be a value or a list of values")
        for v in values:
            if adef.closed and v not in adef.values:
                raise r.fail(f"{dotted}.{name}", f"{v!r} is not one of "
                                                 f"{', '.join(adef.values)}")
        when.append((name, tuple(values)))
    return True, tuple(when)


def _known_labels(r: _Reader, item: Mapping[str, Any], key: str, dotted: str,
                  names: set[str]) -> tuple[str, ...]:
    labels = r.strings(item, key, f"{dotted}.{key}")
    if key == "labels" and not labels:  # a role no label can fill (relations: empty = any)
        raise r.fail(f"{dotted}.{key}", "must name at least one label")
    for lab in labels:
        if lab not in names:
            raise r.fail(f"{dotted}.{key}", f"unknown label {lab!r}")
    return labels


def _frame(r: _Reader, item: Mapping[str, Any], dotted: str, names: set[str]) -> FrameTypeDef:
    r.only(item, dotted, {"name", "description", "roles", "attributes"})
    name = r.name(item, dotted)
    roles = []
    for i, ritem in enumerate(r.array(item, "roles", f"{dotted}.roles")):
        where = f"{dotted}.roles[{i}]"
        r.only(ritem, where, {"name", "labels", "min", "max", "description"})
        lo = r.integer(ritem, "min", f"{where}.min", 0) or 0
        hi = r.integer(ritem, "max", f"{where}.max", None)
        if hi is not None and hi < lo:
            raise r.fail(f"{where}.max", f"must be at least min ({lo})")
        roles.append(RoleDef(name=r.name(ritem, where),
                             labels=_known_labels(r, ritem, "labels", where, names),
                             min=lo, max=hi,
                             description=r.string(ritem, "description", f"{where}.description",
                                                  default="")))
    if not roles:
        raise r.fail(f"{dotted}.roles", "a frame type needs at least one role")
    _unique(r, [x.name for x in roles], f"{dotted}.roles", "name")
    return FrameTypeDef(name=name, roles=tuple(roles), attributes=_attributes(r, item, dotted),
                        description=r.string(item, "description", f"{dotted}.description",
                                             default=""))


def _relation(r: _Reader, item: Mapping[str, Any], dotted: str,
              names: set[str]) -> RelationTypeDef:
    r.only(item, dotted, {"name", "head", "tail", "description"})
    return RelationTypeDef(
        name=r.name(item, dotted),
        head=_known_labels(r, item, "head", dotted, names),
        tail=_known_labels(r, item, "tail", dotted, names),
        description=r.string(item, "description", f"{dotted}.description", default=""),
    )

"""Writing a codebook back to TOML, and extending one with what an import needs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from desktop.core.codebook import (
    AttributeDef,
    Codebook,
    FrameTypeDef,
    LabelDef,
    RelationTypeDef,
    RoleDef,
    name_problem,
    parse_codebook,
)
from desktop.core.errors import CodebookError

_PALETTE = ("#7f3c8d", "#11a579", "#3969ac", "#f2b701", "#e73f74", "#80ba5a", "#e68310",
            "#008695", "#cf1c90", "#f97b72")


def _toml_str(value: str) -> str:
    """A TOML basic string (every control character escaped)."""
    out = ['"']
    for ch in value:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _toml_list(values: Sequence[str]) -> str:
    return "[" + ", ".join(_toml_str(v) for v in values) + "]"


def _toml_attributes(lines: list[str], table: str, attrs: Sequence[AttributeDef]) -> None:
    for a in attrs:
        lines += ["", f"  [[{table}.attributes]]", f"  name = {_toml_str(a.name)}"]
        if a.values:
            lines.append(f"  values = {_toml_list(a.values)}")
        if a.default is not None:
            lines.append(f"  default = {_toml_str(a.default)}")
        if a.default_ok:
            lines.append("  default_ok = true")
        if a.description:
            lines.append(f"  description = {_toml_str(a.description)}")


def to_toml(codebook: Codebook) -> str:
    """The codebook as TOML that ``parse_codebook`` reads back to an equal codebook."""
    lines = ["# Claimdesk codebook", "", "[codebook]", f"name = {_toml_str(codebook.name)}",
             f"version = {_toml_str(codebook.version)}"]
    if codebook.description:
        lines.append(f"description = {_toml_str(codebook.description)}")
    lines += ["", "[actors]", f"kinds = {_toml_list(codebook.actor_kinds)}"]
    for lab in codebook.labels:
        lines += ["", "[[labels]]", f"name = {_toml_str(lab.name)}",
                  f"key = {_toml_str(lab.key)}", f"color = {_toml_str(lab.color)}"]
        if lab.keep_quotes:
            lines.append("keep_quotes = true")
        if lab.links_actor:
            lines.append("links_actor = true")
        if lab.link_required and lab.link_required_when:
            cond = ", ".join(f"{_toml_str(k)} = {_toml_list(v)}"
                             for k, v in lab.link_required_when)
            lines.append(f"link_required = {{ {cond} }}")
        elif lab.link_required:
            lines.append("link_required = true")
        if lab.description:
            lines.append(f"description = {_toml_str(lab.description)}")
        _toml_attributes(lines, "labels", lab.attributes)
    for ft in codebook.frames:
        lines += ["", "[[frames]]", f"name = {_toml_str(ft.name)}"]
        if ft.description:
            lines.append(f"description = {_toml_str(ft.description)}")
        for role in ft.roles:
            lines += ["", "  [[frames.roles]]", f"  name = {_toml_str(role.name)}",
                      f"  labels = {_toml_list(role.labels)}", f"  min = {role.min}"]
            if role.max is not None:
                lines.append(f"  max = {role.max}")
            if role.description:
                lines.append(f"  description = {_toml_str(role.description)}")
        _toml_attributes(lines, "frames", ft.attributes)
    for rt in codebook.relations:
        lines += ["", "[[relations]]", f"name = {_toml_str(rt.name)}",
                  f"head = {_toml_list(rt.head)}", f"tail = {_toml_list(rt.tail)}"]
        if rt.description:
            lines.append(f"description = {_toml_str(rt.description)}")
    return "\n".join(lines) + "\n"


def _merge_attrs(defs: tuple[AttributeDef, ...], wanted: Mapping[str, Sequence[str]],
                 where: str) -> tuple[AttributeDef, ...]:
    out = list(defs)
    for name, values in wanted.items():
        problem = name_problem(name)
        if problem is not None:
            raise CodebookError(f"cannot add attribute {name!r}: {problem}", field=where)
        i = next((k for k, a in enumerate(out) if a.name == name), None)
        if i is None:
            out.append(AttributeDef(name=name, values=tuple(dict.fromkeys(values))))
        elif out[i].closed:
            merged = tuple(dict.fromkeys((*out[i].values, *values)))
            out[i] = replace(out[i], values=merged)
    return tuple(out)


def extend(codebook: Codebook, *, labels: Sequence[str] = (),
           label_attrs: Mapping[str, Mapping[str, Sequence[str]]] | None = None,
           frame_roles: Mapping[str, Mapping[str, Sequence[str]]] | None = None,
           frame_attrs: Mapping[str, Mapping[str, Sequence[str]]] | None = None,
           relations: Mapping[str, tuple[Sequence[str], Sequence[str]]] | None = None,
           version: str | None = None) -> Codebook:
    """A new codebook with what is missing added; what exists is kept as it is.

    Args:
        labels: span label names to add (new ones get a colour and no key).
        label_attrs: label -> attribute -> values (closed attributes gain the values).
        frame_roles: frame type -> role -> labels that may fill it (types and roles are added,
            existing roles accept the extra labels).
        frame_attrs: frame type -> attribute -> values.
        relations: relation type -> (head labels, tail labels) to allow.
        version: the label version of the result (default: unchanged).

    Returns:
        The extended codebook, parsed back from its TOML so ``source`` is set.

    Raises:
        CodebookError: a name that a codebook cannot hold.
    """
    label_attrs = label_attrs or {}
    frame_roles = frame_roles or {}
    frame_attrs = frame_attrs or {}
    relations = relations or {}
    names = [lab.name for lab in codebook.labels]
    wanted = list(dict.fromkeys([*labels, *label_attrs,
                                 *(lab for roles in frame_roles.values()
                                   for labs in roles.values() for lab in labs),
                                 *(lab for h, t in relations.values() for lab in (*h, *t))]))
    new_labels = list(codebook.labels)
    for name in wanted:
        if name in names:
            continue
        problem = name_problem(name)
        if problem is not None:
            raise CodebookError(f"cannot add label {name!r}: {problem}", field="label")
        new_labels.append(LabelDef(name=name, key="",
                                   color=_PALETTE[len(new_labels) % len(_PALETTE)],
                                   description="Added by import."))
        names.append(name)
    new_labels = [replace(lab, attributes=_merge_attrs(lab.attributes,
                                                       label_attrs.get(lab.name, {}),
                                                       f"labels.{lab.name}"))
                  for lab in new_labels]
    frames = list(codebook.frames)
    for fname in dict.fromkeys([*frame_roles, *frame_attrs]):
        i = next((k for k, f in enumerate(frames) if f.name == fname), None)
        ft = frames[i] if i is not None else FrameTypeDef(name=fname, roles=())
        roles = list(ft.roles)
        for rname, labs in frame_roles.get(fname, {}).items():
            j = next((k for k, r in enumerate(roles) if r.name == rname), None)
            if j is None:
                roles.append(RoleDef(name=rname, labels=tuple(dict.fromkeys(labs))))
            else:
                r = roles[j]
                roles[j] = RoleDef(name=r.name, labels=tuple(dict.fromkeys((*r.labels, *labs))),
                                   min=r.min, max=r.max, description=r.description)
        new_ft = FrameTypeDef(name=fname, roles=tuple(roles),
                              attributes=_merge_attrs(ft.attributes, frame_attrs.get(fname, {}),
                                                      f"frames.{fname}"),
                              description=ft.description)
        if i is None:
            frames.append(new_ft)
        else:
            frames[i] = new_ft
    rels = list(codebook.relations)
    for rname, (head, tail) in relations.items():
        i = next((k for k, r in enumerate(rels) if r.name == rname), None)
        if i is None:
            rels.append(RelationTypeDef(name=rname, head=tuple(dict.fromkeys(head)),
                                        tail=tuple(dict.fromkeys(tail))))
        else:
            old = rels[i]
            rels[i] = RelationTypeDef(
                name=rname, head=old.head and tuple(dict.fromkeys((*old.head, *head))),
                tail=old.tail and tuple(dict.fromkeys((*old.tail, *tail))),
                description=old.description)
    draft = Codebook(name=codebook.name, version=version or codebook.version,
                     labels=tuple(new_labels), frames=tuple(frames), relations=tuple(rels),
                     actor_kinds=codebook.actor_kinds, description=codebook.description)
    return parse_codebook(to_toml(draft), source_name="extended codebook")

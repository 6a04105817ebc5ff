"""brat's rules, checked independently of Claimdesk's reader: parse ``annotation.conf`` and
``.ann`` files, validate one against the other, and compare two ``.ann`` files up to ids and
line order.

The rules are brat's own (its projectconfig and verify_annotations): a ``T``'s type is an
entity or event type; an ``E``'s trigger is a ``T`` of the event's type, with one trigger
``T`` per type and extent; every argument role is declared for the event type, as often as its
repetition marker allows (``Arg``, ``Arg?``, ``Arg*``, ``Arg+``, ``Arg{N}``, ``Arg{N-M}``; a
repeated role is numbered ``Arg2``, ``Arg3``, and a role ending in a digit cannot repeat) and
filled by a declared type; relations and attributes are declared for their arguments; a
binary attribute has no value, a valued one a declared value.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

_REP = re.compile(r"^(\S+?)(\{\d+(?:-\d+)?\}|\?|\*|\+|)$")


@dataclass
class Conf:
    entities: set[str] = field(default_factory=set)
    relations: dict[str, tuple[set[str], set[str]]] = field(default_factory=dict)
    events: dict[str, dict[str, tuple[int, int, set[str]]]] = field(default_factory=dict)
    attributes: dict[str, tuple[set[str], set[str] | None]] = field(default_factory=dict)


def _arity(rep: str) -> tuple[int, int]:
    if rep == "":
        return 1, 1
    if rep == "?":
        return 0, 1
    if rep == "*":
        return 0, 1 << 30
    if rep == "+":
        return 1, 1 << 30
    lo, _, hi = rep.strip("{}").partition("-")
    assert int(lo) > 0 or hi, f"brat refuses {{{lo}}}"
    return int(lo), int(hi or lo)


def parse_conf(text: str) -> Conf:
    conf = Conf()
    section = ""
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = re.match(r"^\[(\w+)\]$", line.strip())
        if m:
            section = m.group(1)
            continue
        name, _, rest = line.strip().partition("\t")
        assert re.fullmatch(r"[A-Za-z0-9_\-]+|<OVERLAP>", name), f"not a storage form: {name}"
        args = [a.strip() for a in rest.split(",") if a.strip()]
        if section == "entities":
            conf.entities.add(name)
        elif section == "relations":
            if name.startswith("<"):
                continue
            ends = dict(a.split(":", 1) for a in args)
            conf.relations[name] = (set(ends["Arg1"].split("|")), set(ends["Arg2"].split("|")))
        elif section == "events":
            roles = {}
            for a in args:
                key, types = a.split(":", 1)
                m2 = _REP.match(key)
                assert m2, key
                role, rep = m2.groups()
                lo, hi = _arity(rep)
                assert not (hi > 1 and role[-1].isdigit()), f"{name}: {role} cannot repeat"
                roles[role] = (lo, hi, set(types.split("|")))
            conf.events[name] = roles
        elif section == "attributes":
            parts = dict(a.split(":", 1) for a in args)
            values = set(parts["Value"].split("|")) if "Value" in parts else None
            conf.attributes[name] = (set(parts["Arg"].split("|")), values)
    return conf


def parse_ann(text: str) -> dict[str, tuple[str, ...]]:
    """id -> fields (the ``*`` lines are keyed ``*<n>``)."""
    out: dict[str, tuple[str, ...]] = {}
    for n, line in enumerate(text.splitlines()):
        if line.strip():
            ident, *rest = line.split("\t")
            out[f"*{n}" if ident == "*" else ident] = tuple(rest)
    return out


def _frags(body: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    label, _, offs = body.partition(" ")
    return label, tuple(tuple(int(x) for x in f.split(" ")) for f in offs.split(";"))  # type: ignore[misc]


def problems(conf: Conf, ann: dict[str, tuple[str, ...]], text: str | None) -> list[str]:
    """Everything in ``ann`` that brat would refuse under ``conf``."""
    out: list[str] = []
    types: dict[str, str] = {}
    triggers: Counter[tuple[str, tuple[tuple[int, int], ...]]] = Counter()
    for ident, fields in ann.items():
        if ident.startswith("T"):
            label, frags = _frags(fields[0])
            types[ident] = label
            if label not in conf.entities and label not in conf.events:
                out.append(f"{ident}: type {label} not declared")
            if label in conf.events:
                triggers[(label, frags)] += 1
            if text is not None and fields[1] != " ".join(text[a:b] for a, b in frags):
                out.append(f"{ident}: text does not match")
            if any("\n" in text[a:b] for a, b in frags) if text is not None else False:
                out.append(f"{ident}: a fragment crosses a newline")
    out += [f"{n} trigger T lines of type {t} over one extent" for (t, _), n in triggers.items()
            if n > 1]
    for ident, fields in ann.items():
        if ident.startswith("E"):
            etype, _, trig = fields[0].split(" ")[0].partition(":")
            types[ident] = etype
            if etype not in conf.events:
                out.append(f"{ident}: event type {etype} not declared")
                continue
            if types.get(trig) != etype:
                out.append(f"{ident}: trigger {trig} is not a {etype}")
            declared = conf.events[etype]
            counts: Counter[str] = Counter()
            for arg in fields[0].split(" ")[1:]:
                role, _, target = arg.rpartition(":")
                base = role if role in declared else role.rstrip("0123456789")
                if base not in declared:
                    out.append(f"{ident}: role {role} not declared for {etype}")
                    continue
                counts[base] += 1
                if types.get(target) not in declared[base][2] and "<ENTITY>" not in \
                        declared[base][2]:
                    out.append(f"{ident}: {role} takes {declared[base][2]}, not "
                               f"{types.get(target)}")
            for role, (lo, hi, _) in declared.items():
                if not lo <= counts[role] <= hi:
                    out.append(f"{ident}: {role} has {counts[role]} (allows {lo}..{hi})")
    for ident, fields in ann.items():
        if ident.startswith("R"):
            rtype, a1, a2 = fields[0].split(" ")
            if rtype not in conf.relations:
                out.append(f"{ident}: relation {rtype} not declared")
                continue
            heads, tails = conf.relations[rtype]
            for allowed, arg in ((heads, a1), (tails, a2)):
                t = types.get(arg.split(":")[1])
                if t not in allowed and "<ENTITY>" not in allowed:
                    out.append(f"{ident}: {arg} is a {t}, not one of {allowed}")
        elif ident[0] in "AM":
            bits = fields[0].split(" ")
            if bits[0] not in conf.attributes:
                out.append(f"{ident}: attribute {bits[0]} not declared")
                continue
            owners, values = conf.attributes[bits[0]]
            if types.get(bits[1]) not in owners:
                out.append(f"{ident}: {bits[0]} not declared for {types.get(bits[1])}")
            if (values is None) != (len(bits) == 2) or (values and bits[2] not in values):
                out.append(f"{ident}: value {bits[2:]} does not fit {values}")
        elif ident[0] in "N#" and fields[0].split(" ")[1] not in types:
            out.append(f"{ident}: no annotation {fields[0].split(' ')[1]}")
    return out


def canonical(ann: dict[str, tuple[str, ...]], *, drop: set[str] | None = None,
              rename: dict[str, str] | None = None,
              roles: dict[str, str] | None = None) -> Counter[Any]:
    """The ``.ann`` as a multiset with every id replaced by what it points to; ``drop``: ids
    to leave out (with what points to them); ``rename``/``roles``: type / role name -> the
    name expected instead."""
    n = rename or {}
    rn = roles or {}
    drop = drop or set()
    key: dict[str, Any] = {}
    for ident, fields in ann.items():
        if ident.startswith("T"):
            label, frags = _frags(fields[0])
            key[ident] = ("T", n.get(label, label), frags)
    for ident, fields in ann.items():
        if ident.startswith("E") and ident not in drop:
            head, *args = fields[0].split(" ")
            etype, _, trig = head.partition(":")
            args_ = []
            for a in args:
                role, _, target = a.rpartition(":")
                args_.append((rn.get(role, role), key[target]))
            key[ident] = ("E", n.get(etype, etype), key[trig], tuple(sorted(args_, key=repr)))
    out: Counter[Any] = Counter()
    for ident, fields in ann.items():
        if ident in drop:
            continue
        kind = ident[0]
        if kind in "TE":
            out[key[ident]] += 1
        elif kind == "R":
            rtype, a1, a2 = fields[0].split(" ")
            out[("R", n.get(rtype, rtype), key[a1.split(":")[1]], key[a2.split(":")[1]])] += 1
        elif kind in "AM":
            bits = fields[0].split(" ")
            if bits[1] in key:
                out[("A", n.get(bits[0], bits[0]), key[bits[1]], tuple(bits[2:]))] += 1
        elif kind == "N":
            ref_type, target, ref = fields[0].split(" ")
            out[("N", ref_type, key[target], ref, fields[1] if len(fields) > 1 else "")] += 1
        elif kind == "#":
            note_type, target = fields[0].split(" ")
            out[("#", note_type, key[target], fields[1])] += 1
    return out

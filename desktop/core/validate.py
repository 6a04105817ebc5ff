"""The one validator: spans against their text, annotations against the codebook.

Every check returns typed ``Problem`` values; callers decide by ``Problem.kind`` (or a helper
such as ``codebook_extensible``), never by the wording of ``message``. The message is the
one-line reason shown to users; ``field`` is the path inside the checked object (``label``,
``attrs.form``, ``roles.source``, ``head``, ``start``, ``fragments[1]``), so a caller that
knows where the object came from prefixes it (``spans[3].attrs.form``).

Who uses it: every reader (``desktop.formats``) checks what it builds, once, where it still
knows the file, line and field; the store checks single edits from the GUI and, when asked,
whole layers; exports verify spans against their text; the GUI shows frame limits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

from desktop.core.codebook import AttributeDef, Codebook
from desktop.core.errors import InputError
from desktop.core.model import Fragment, Frame, JsonValue, Relation, Span
from desktop.core.offsets import span_text


class ProblemKind(StrEnum):
    # offsets and text
    NO_FRAGMENTS = "no-fragments"
    NEGATIVE_OFFSET = "negative-offset"
    EMPTY_RANGE = "empty-range"
    PAST_END = "past-end"
    FRAGMENTS_OVERLAP = "fragments-overlap"
    TEXT_MISMATCH = "text-mismatch"
    # references inside a layer
    UNKNOWN_SPAN = "unknown-span"
    DUPLICATE_FILLER = "duplicate-filler"
    # the codebook
    UNKNOWN_LABEL = "unknown-label"
    UNKNOWN_ATTRIBUTE = "unknown-attribute"
    BAD_ATTRIBUTE_VALUE = "bad-attribute-value"
    ATTRIBUTE_NOT_STRING = "attribute-not-string"
    UNKNOWN_FRAME_TYPE = "unknown-frame-type"
    UNKNOWN_ROLE = "unknown-role"
    ROLE_LABEL = "role-label"
    UNKNOWN_RELATION_TYPE = "unknown-relation-type"
    RELATION_LABEL = "relation-label"
    RELATION_ATTRIBUTE = "relation-attribute"
    # role limits: they flag a frame as incomplete, they never reject it
    ROLE_TOO_FEW = "role-too-few"
    ROLE_TOO_MANY = "role-too-many"


_EXTENSIBLE = frozenset({
    ProblemKind.UNKNOWN_LABEL, ProblemKind.UNKNOWN_ATTRIBUTE, ProblemKind.BAD_ATTRIBUTE_VALUE,
    ProblemKind.UNKNOWN_FRAME_TYPE, ProblemKind.UNKNOWN_ROLE, ProblemKind.ROLE_LABEL,
    ProblemKind.UNKNOWN_RELATION_TYPE, ProblemKind.RELATION_LABEL,
})
_ATTRIBUTE = frozenset({ProblemKind.UNKNOWN_ATTRIBUTE, ProblemKind.BAD_ATTRIBUTE_VALUE,
                        ProblemKind.ATTRIBUTE_NOT_STRING, ProblemKind.RELATION_ATTRIBUTE})
_LIMIT = frozenset({ProblemKind.ROLE_TOO_FEW, ProblemKind.ROLE_TOO_MANY})


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a span, frame or relation."""

    kind: ProblemKind
    field: str
    """Path inside the checked object (``attrs.form``); "" for the object as a whole."""
    message: str
    name: str = ""
    """The name the problem is about, when there is one: the attribute or role name."""

    @property
    def codebook_extensible(self) -> bool:
        """True when ``--extend-codebook`` can make this problem go away."""
        return self.kind in _EXTENSIBLE

    @property
    def about_attribute(self) -> bool:
        return self.kind in _ATTRIBUTE

    @property
    def is_limit(self) -> bool:
        """A role-count problem: the frame is incomplete, not invalid."""
        return self.kind in _LIMIT

    def error(self, *, within: str = "", hint: str = "") -> InputError:
        """This problem as bad input; ``within`` is the path of the checked object, ``hint``
        a clause added to the message (``"; " + hint``)."""
        fld = ".".join(p for p in (within, self.field) if p)
        return InputError(f"{self.message}; {hint}" if hint else self.message,
                          field=fld or None)


def rejecting(problems: Iterable[Problem], *, extend: bool) -> list[Problem]:
    """The problems that reject input: all of them, but with ``extend``
    (``--extend-codebook``) not those the extension adds to the codebook."""
    return [p for p in problems if not (extend and p.codebook_extensible)]


# -- offsets and text ------------------------------------------------------------------


def bounds_problems(fragments: Sequence[Fragment], length: int, *,
                    listed: bool = False) -> list[Problem]:
    """At most one problem per fragment that is not a non-empty range inside a text of
    ``length`` code points.

    ``listed``: the fragments were given as a list (fields ``fragments[i]``); otherwise one
    range given as ``start``/``end``.
    """
    if not fragments:
        return [Problem(ProblemKind.NO_FRAGMENTS, "fragments",
                        "a span needs at least one fragment")]
    out: list[Problem] = []
    for i, (s, e) in enumerate(fragments):
        key = f"fragments[{i}]" if listed else ""
        if s < 0:
            out.append(Problem(ProblemKind.NEGATIVE_OFFSET, key or "start",
                               f"offset {s} is negative"))
        elif e <= s:
            out.append(Problem(ProblemKind.EMPTY_RANGE, key or "end",
                               f"end {e} is not after start {s}"))
        elif e > length:
            out.append(Problem(ProblemKind.PAST_END, key or "end",
                               f"offset {e} is past the end of the text ({length} code "
                               "points)"))
    return out


def order_problems(fragments: Sequence[Fragment]) -> list[Problem]:
    """A problem when two fragments overlap (touching is fine). Fragments may come in any
    order (brat keeps the order its file gives); the order is kept, only overlaps are bad."""
    for (_s1, e1), (s2, _e2) in pairwise(sorted(fragments)):
        if s2 < e1:
            return [Problem(ProblemKind.FRAGMENTS_OVERLAP, "fragments", "fragments overlap")]
    return []


def offset_problems(fragments: Sequence[Fragment], length: int, *,
                    listed: bool = False) -> list[Problem]:
    """``bounds_problems``, then (when every fragment is in bounds) ``order_problems``."""
    return bounds_problems(fragments, length, listed=listed) or order_problems(fragments)


def text_problem(text: str, fragments: Sequence[Fragment], expected: str, *,
                 newline_as_space: bool = False,
                 at: tuple[int, int] | None = None) -> Problem | None:
    """A problem when ``expected`` is not the fragments' text (joined by one space).

    ``newline_as_space``: also accept the text with each newline written as a space (formats
    that cannot hold a newline in a quoted text). ``at``: the offsets to name in the message
    (as the input gave them, before newline normalisation); default the fragments' bounds.
    """
    actual = span_text(text, fragments)
    if expected == actual or (newline_as_space and expected == actual.replace("\n", " ")):
        return None
    start, end = at if at is not None else (min(a for a, _ in fragments),
                                            max(b for _, b in fragments))
    return Problem(ProblemKind.TEXT_MISMATCH, "text",
                   f"text {expected!r} does not match the document at {start}..{end} "
                   f"({actual!r})")


COUNT_CODE_POINTS = "offsets must count code points"
"""The hint for a text mismatch in input (the usual cause: offsets in UTF-16 or bytes)."""


def span_problems(span: Span, text: str) -> list[Problem]:
    """A built span against its document text: bounds, order, then its stored text."""
    out = offset_problems(span.fragments, len(text), listed=span.discontinuous)
    if not out:
        mismatch = text_problem(text, span.fragments, span.text)
        if mismatch is not None:
            out.append(mismatch)
    return out


# -- the codebook ----------------------------------------------------------------------


def _attribute_problems(defs: Sequence[AttributeDef], attrs: Mapping[str, JsonValue],
                        owner: str) -> list[Problem]:
    out: list[Problem] = []
    for name, value in attrs.items():
        fld = f"attrs.{name}"
        adef = next((a for a in defs if a.name == name), None)
        if adef is None:
            out.append(Problem(ProblemKind.UNKNOWN_ATTRIBUTE, fld,
                               f"unknown attribute for {owner}", name))
        if not isinstance(value, str):
            out.append(Problem(ProblemKind.ATTRIBUTE_NOT_STRING, fld,
                               f"must be a string, not {type(value).__name__}", name))
        elif adef is not None and adef.closed and value not in adef.values:
            out.append(Problem(ProblemKind.BAD_ATTRIBUTE_VALUE, fld,
                               f"{value!r} is not one of {', '.join(adef.values)}", name))
    return out


def span_codebook_problems(span: Span, codebook: Codebook) -> list[Problem]:
    """The span's label and attributes against the codebook.

    An unknown label comes first, followed by its attributes as the attributes of a label
    that defines none: every check reports everything, so ``--extend-codebook`` learns all
    it must add.
    """
    label = codebook.label(span.label)
    out: list[Problem] = []
    if label is None:
        out.append(Problem(ProblemKind.UNKNOWN_LABEL, "label",
                           f"unknown label {span.label!r} (codebook has "
                           f"{', '.join(x.name for x in codebook.labels)})"))
    if span.attrs:
        out += _attribute_problems(label.attributes if label is not None else (), span.attrs,
                                   f"label {span.label}")
    return out


def frame_problems(frame: Frame, *, labels: Mapping[str, str],
                   codebook: Codebook) -> list[Problem]:
    """Type, roles, fillers (``labels``: span id -> label of the layer) and attributes.

    Role limits are not checked here (see ``frame_limit_problems``). An unknown type comes
    first; its roles are then all unknown, and fillers are checked to exist either way.
    """
    ftype = codebook.frame_type(frame.type)
    out: list[Problem] = []
    if ftype is None:
        out.append(Problem(ProblemKind.UNKNOWN_FRAME_TYPE, "type",
                           f"unknown frame type {frame.type!r}"))
    for role_name, ids in frame.roles.items():
        fld = f"roles.{role_name}"
        role = ftype.role(role_name) if ftype is not None else None
        if role is None:
            out.append(Problem(ProblemKind.UNKNOWN_ROLE, fld,
                               f"unknown role for frame type {frame.type}", role_name))
        if len(set(ids)) != len(ids):
            out.append(Problem(ProblemKind.DUPLICATE_FILLER, fld, "lists the same span twice",
                               role_name))
        for sid in ids:
            lab = labels.get(sid)
            if lab is None:
                out.append(Problem(ProblemKind.UNKNOWN_SPAN, fld,
                                   f"span {sid!r} does not exist", role_name))
            elif role is not None and lab not in role.labels:
                out.append(Problem(ProblemKind.ROLE_LABEL, fld,
                                   f"span {sid!r} is {lab}, role takes "
                                   f"{', '.join(role.labels)}", role_name))
    if frame.trigger is not None and frame.trigger not in labels:
        out.append(Problem(ProblemKind.UNKNOWN_SPAN, "trigger",
                           f"span {frame.trigger!r} does not exist"))
    if frame.attrs:
        out += _attribute_problems(ftype.attributes if ftype is not None else (), frame.attrs,
                                   f"frame type {frame.type}")
    return out


def frame_limit_problems(frame: Frame, codebook: Codebook) -> list[Problem]:
    """Roles with fewer or more fillers than the frame type allows (an unknown type: none)."""
    ftype = codebook.frame_type(frame.type)
    if ftype is None:
        return []
    out: list[Problem] = []
    for role in ftype.roles:
        n = len(frame.roles.get(role.name, ()))
        fld = f"roles.{role.name}"
        if n < role.min:
            out.append(Problem(ProblemKind.ROLE_TOO_FEW, fld,
                               f"{role.name}: needs at least {role.min}, has {n}", role.name))
        if role.max is not None and n > role.max:
            out.append(Problem(ProblemKind.ROLE_TOO_MANY, fld,
                               f"{role.name}: allows at most {role.max}, has {n}", role.name))
    return out


def relation_problems(rel: Relation, *, labels: Mapping[str, str],
                      codebook: Codebook) -> list[Problem]:
    """Type, head and tail (``labels``: span id -> label of the layer) and attributes.

    An unknown type comes first; head and tail are checked to exist either way.
    """
    rtype = codebook.relation_type(rel.label)
    out: list[Problem] = []
    if rtype is None:
        out.append(Problem(ProblemKind.UNKNOWN_RELATION_TYPE, "label",
                           f"unknown relation type {rel.label!r}"))
    for fld, sid in (("head", rel.head), ("tail", rel.tail)):
        allowed = () if rtype is None else rtype.head if fld == "head" else rtype.tail
        lab = labels.get(sid)
        if lab is None:
            out.append(Problem(ProblemKind.UNKNOWN_SPAN, fld, f"span {sid!r} does not exist"))
        elif allowed and lab not in allowed:
            out.append(Problem(ProblemKind.RELATION_LABEL, fld,
                               f"span {sid!r} is {lab}, {rel.label} takes "
                               f"{', '.join(allowed)}", fld))
    # Relation types define no attributes, and a codebook cannot give them any.
    out.extend(Problem(ProblemKind.RELATION_ATTRIBUTE, f"attrs.{name}",
                       f"unknown attribute for relation type {rel.label}", name)
               for name in rel.attrs)
    return out

"""What the brat reader and writer must agree on: ids, fragments, anchors, notes, references."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from desktop.core.model import Fragment

ID = re.compile(r"^([A-Za-z]|#)([0-9]+)$")
NOTE_TYPE = "AnnotatorNotes"
"""brat's own note type; a note of another type is kept as a ``[Type] text`` line."""
_TYPED_NOTE = re.compile(r"^\[([A-Za-z0-9_\-]+)\] (.*)$", flags=re.DOTALL)
CLAIMDESK_DB = "Claimdesk"
"""``N`` lines ``Reference T1 Claimdesk:a1`` link a span to the registry actor ``a1``."""


def our_id(brat_id: str) -> str:
    """``T7``/``E7``/``R7`` -> ``s7``/``f7``/``r7``."""
    m = ID.match(brat_id)
    if m and m.group(1) in "TER":
        return {"T": "s", "E": "f", "R": "r"}[m.group(1)] + m.group(2)
    return brat_id


def brat_fragments(text: str, fragments: Sequence[Fragment]) -> list[Fragment]:
    """Fragments cut at every newline (which is left out), in their order; empty pieces
    dropped. brat forbids a newline inside a ``T`` line's text (brat#1042)."""
    out: list[Fragment] = []
    for a, b in fragments:
        k = a
        while True:
            j = text.find("\n", k, b)
            if j < 0:
                if b > k:
                    out.append((k, b))
                break
            if j > k:
                out.append((k, j))
            k = j + 1
    return out


def anchor_filler(roles: Mapping[str, Sequence[str]]) -> str | None:
    """The span a frame without a trigger is anchored on in brat (the extent of the ``T`` the
    writer adds as its trigger, PolNeAR style): its first cue, else its first content, else
    the first filler of any role; None for a frame with no filler."""
    for role in ("cue", "content"):
        if roles.get(role):
            return roles[role][0]
    return next((ids[0] for ids in roles.values() if ids), None)


def note_lines(note: str) -> list[tuple[str, str]]:
    """(type, text) of the ``#`` lines that hold a span note: one per line of the note."""
    out = []
    for line in note.split("\n"):
        m = _TYPED_NOTE.match(line)
        out.append((m.group(1), m.group(2)) if m else (NOTE_TYPE, line))
    return out


def note_text(kind: str, text: str) -> str:
    """One ``#`` line as a line of the span note (the inverse of ``note_lines``)."""
    return text if kind == NOTE_TYPE else f"[{kind}] {text}"


def reference(actor_id: str, attrs: Mapping[str, object]) -> str:
    """The ``DB:ID`` an ``N`` line writes for an actor: the reference it came with from brat
    (``Wikipedia:534366``), else ``Claimdesk:<actor id>``."""
    ref = attrs.get("ref")
    if isinstance(ref, str) and ":" in ref and " " not in ref and "\t" not in ref:
        return ref
    return f"{CLAIMDESK_DB}:{actor_id}"

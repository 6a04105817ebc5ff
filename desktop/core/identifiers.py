"""What may appear in annotator names, actor ids and actor names.

Annotator names and ids refuse control characters (NUL, line breaks, escapes: they break
files, logs and terminals), bidirectional overrides (U+202A-U+202E, U+2066-U+2069: they make a
name display as something else) and invisible format characters (zero-width space, joiners,
BOM), so two names that look the same are the same. Actor names and aliases come from the
article text in lossy formats (right-to-left text may carry embedding marks), so they refuse
only NUL, which SQLite's text functions treat as the end of the string.
"""

from __future__ import annotations

import unicodedata

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _describe(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


def _problem(value: str, *, invisible: bool = True) -> str | None:
    if "\x00" in value:
        return "contains a NUL character (U+0000)"
    for ch in value:
        if ch in BIDI_CONTROLS:
            return (f"contains a bidirectional override ({_describe(ch)}), which makes it "
                    "display as something it is not")
        category = unicodedata.category(ch)
        if category == "Cc":
            return f"contains a control character ({_describe(ch)})"
        if invisible and category in ("Cf", "Co", "Cn", "Cs"):
            return f"contains an invisible or unassigned character ({_describe(ch)})"
    return None


def identifier_problem(value: str) -> str | None:
    """Why ``value`` cannot be an annotator name or an id (None when it can)."""
    if not value.strip():
        return "is empty"
    if value != value.strip():
        return "starts or ends with a space"
    return _problem(value, invisible=True)


def display_name_problem(value: str) -> str | None:
    """Why ``value`` cannot be an actor's name or alias (None when it can)."""
    if not value.strip():
        return "is empty"
    return "contains a NUL character (U+0000)" if "\x00" in value else None

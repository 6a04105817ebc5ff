"""Annotator names: what a valid one is (the GUI, the command line and the store agree)."""

from __future__ import annotations

import unicodedata

from desktop.core.model import GOLD

MAX_LENGTH = 64


def clean_annotator_name(text: str) -> str:
    """``text`` with surrounding space removed and inner runs of space made one space."""
    return " ".join(text.split())


def annotator_name_problem(name: str) -> str | None:
    """Why ``name`` (already cleaned) cannot be an annotator name, or None when it can."""
    if not name:
        return "the name is empty"
    if name == GOLD:
        return f"“{GOLD}” is the adjudicated layer, not a person"
    if len(name) > MAX_LENGTH:
        return f"the name is longer than {MAX_LENGTH} characters"
    if any(unicodedata.category(c)[0] == "C" for c in name):
        return "the name contains control characters"
    return None

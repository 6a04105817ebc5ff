"""Annotator names: what a valid one is (the GUI, the command line and the store agree).

The characters a name may hold are ``identifiers.identifier_problem``'s rule, shared with
actor ids; this module adds what is particular to a person's name.
"""

from __future__ import annotations

from desktop.core.identifiers import identifier_problem
from desktop.core.model import GOLD

MAX_LENGTH = 64


def clean_annotator_name(text: str) -> str:
    """``text`` with surrounding space removed and inner runs of space made one space."""
    return " ".join(text.split())


def annotator_name_problem(name: str) -> str | None:
    """Why ``name`` (already cleaned) cannot be an annotator name, or None when it can."""
    if name == GOLD:
        return f"“{GOLD}” is the adjudicated layer, not a person"
    if len(name) > MAX_LENGTH:
        return f"the name is longer than {MAX_LENGTH} characters"
    problem = identifier_problem(name)
    return f"the name {problem}" if problem is not None else None

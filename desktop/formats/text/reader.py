"""Plain text and Markdown: one document per file, title from the first line."""

from __future__ import annotations

import re

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


def title_of(text: str) -> str:
    """First non-empty line, without a Markdown heading marker, at most 200 characters."""
    for line in text.split("\n"):
        if line.strip():
            return _MD_HEADING.sub("", line).strip()[:200]
    return ""


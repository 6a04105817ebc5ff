"""Plain text and Markdown: one document per file, title from the first line."""

from __future__ import annotations

import re
from pathlib import Path

from desktop.core.errors import InputError
from desktop.core.model import Document
from desktop.core.offsets import normalize_newlines, sha256_text
from desktop.formats.files import read_text
from desktop.formats.records import ImportRecord

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


def title_of(text: str) -> str:
    """First non-empty line, without a Markdown heading marker, at most 200 characters."""
    for line in text.split("\n"):
        if line.strip():
            return _MD_HEADING.sub("", line).strip()[:200]
    return ""


def read_text_document(path: Path, *, display: str | None = None) -> ImportRecord:
    """The whole file is the document text (newlines normalised, nothing else changed)."""
    name = display or str(path)
    text, _ = normalize_newlines(read_text(path))
    if not text.strip():
        raise InputError("the file is empty", file=name)
    doc = Document(id="", title=title_of(text) or path.stem, text=text, sha256=sha256_text(text),
                   meta={"filename": path.name})
    return ImportRecord(document=doc, file=name, id_hint=path.stem)

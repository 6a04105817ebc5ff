"""Plain text and Markdown: one document per file, title from the first line."""

from __future__ import annotations

import re
from collections.abc import Iterator

from desktop.core.errors import InputError
from desktop.core.model import Document
from desktop.core.offsets import normalize_newlines, sha256_text
from desktop.core.text import decode_text
from desktop.formats.records import ImportRecord, ReadContext
from desktop.formats.sources import Source

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


def title_of(text: str) -> str:
    """First non-empty line, without a Markdown heading marker, at most 200 characters."""
    for line in text.split("\n"):
        if line.strip():
            return _MD_HEADING.sub("", line).strip()[:200]
    return ""


def read_text(source: Source, ctx: ReadContext) -> Iterator[ImportRecord]:
    """The file as one document (newlines normalised); ``meta.filename`` is its name.

    UTF-8 unless ``ctx.encoding`` names another encoding; a byte-order mark wins (UTF-16
    "Unicode text" from Windows tools needs no option)."""
    limit = ctx.limits.max_document_chars
    if source.size is not None and source.size > 4 * limit:  # at most 4 bytes a character
        raise InputError(f"the file is {source.size:,} bytes, more than the {limit:,} "
                         "characters a document may have; split it, or raise the limit "
                         "(--max-chars or CLAIMDESK_MAX_DOCUMENT_CHARS)", file=source.name,
                         field="text")
    text, _ = normalize_newlines(decode_text(source.read(), source.name, ctx.encoding))
    if not text.strip():
        raise InputError("the file is empty", file=source.name)
    name = source.rel.rsplit("/", 1)[-1]
    doc = Document(id="", title=title_of(text) or source.stem, text=text,
                   sha256=sha256_text(text), meta={"filename": name})
    yield ImportRecord(document=doc, file=source.name, id_hint=source.stem)

"""Plain text and Markdown: one document per file, title from the first line."""

from __future__ import annotations

import codecs
import re

from desktop.core.errors import InputError

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


def title_of(text: str) -> str:
    """First non-empty line, without a Markdown heading marker, at most 200 characters."""
    for line in text.split("\n"):
        if line.strip():
            return _MD_HEADING.sub("", line).strip()[:200]
    return ""



_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"),
         (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
"""Byte-order marks, longest first where one begins another (UTF-32 LE before UTF-16 LE)."""


def decode_text(raw: bytes, name: str, encoding: str | None = None) -> str:
    """A text file's bytes as a string: by its byte-order mark, else ``encoding`` (UTF-8).

    A BOM is trusted over ``encoding`` (Windows tools save "Unicode" text as UTF-16 with one).

    Raises:
        InputError: unknown encoding, or bytes that are not valid in it (naming the line).
    """
    chosen = encoding or "utf-8"
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            raw, chosen = raw[len(bom):], enc
            break
    try:
        codecs.lookup(chosen)
    except LookupError:
        raise InputError(f"unknown encoding {chosen!r}", field="--encoding") from None
    try:
        return raw.decode(chosen)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        hint = "" if encoding else "; if the file uses another encoding, give it with --encoding"
        shown = chosen.upper() if chosen.lower().startswith("utf") else chosen
        raise InputError(f"not valid {shown} (byte {exc.start + 1}){hint}", file=name,
                         line=line) from exc

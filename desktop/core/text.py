"""Decoding input bytes: strict UTF-8 with or without a byte-order mark; other encodings
when the user names one (plain text files)."""

from __future__ import annotations

import codecs
from pathlib import Path

from desktop.core.errors import InputError

BOM = b"\xef\xbb\xbf"


def decode_utf8(raw: bytes, name: str | Path, *, line: int | None = None) -> str:
    """``raw`` as strict UTF-8; a leading BOM is dropped.

    Args:
        raw: a whole file, or (with ``line``) one line of it.
        name: the file, for the error message.
        line: the 1-based number of the line ``raw`` is; only line 1 may start with a BOM.

    Raises:
        InputError: invalid UTF-8, naming the file, the line and the byte.
    """
    if raw.startswith(BOM) and line in (None, 1):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if line is not None:
            raise InputError(f"not valid UTF-8 (byte {exc.start + 1} of the line)", file=name,
                             line=line) from exc
        at = raw[: exc.start].count(b"\n") + 1
        raise InputError(f"not valid UTF-8 (byte {exc.start + 1})", file=name,
                         line=at) from exc


_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"),
         (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
"""Byte-order marks, longest first where one begins another (UTF-32 LE before UTF-16 LE)."""


def decode_text(raw: bytes, name: str | Path, encoding: str | None = None) -> str:
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


def size_text(n: int) -> str:
    """A file size for people: ``812 bytes``, ``3.4 KB``, ``207.0 MB``, ``2.4 GB``."""
    if n < 1024:
        return f"{n} bytes"
    value = n / 1024
    for unit in ("KB", "MB"):
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"

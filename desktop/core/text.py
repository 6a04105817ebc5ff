"""Decoding input bytes: strict UTF-8, with or without a byte-order mark."""

from __future__ import annotations

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

"""File helpers: all-or-nothing writes and strict UTF-8 reading (``core.text.decode_utf8``)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from desktop.core.errors import InputError
from desktop.core.text import decode_utf8


@contextlib.contextmanager
def atomic_text_writer(path: Path) -> Iterator[IO[str]]:
    """Write to a temporary file beside ``path`` and move it into place only on success."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def read_lines(path: Path, name: str | None = None) -> Iterator[tuple[int, str]]:
    """Yield (1-based line number, decoded line without its newline), streamed from disk.

    ``name`` is how messages call the file (default: the path).
    """
    shown = name if name is not None else str(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", file=shown) from exc
    with fh:
        for number, raw in enumerate(fh, start=1):
            yield number, decode_utf8(raw, shown, line=number).rstrip("\r\n")


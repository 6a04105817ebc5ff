"""Standoff re-hydration of native JSONL records (records without ``text``).

A standoff export (``claimdesk export --standoff``) keeps ``sha256``, ``meta.url`` and the
offsets but drops the article text, which is often copyrighted. Such a record imports only when
its text is found: in the project (a document with that SHA-256 already there: the annotations
attach to it) or among the files of ``--texts FOLDER`` (any file whose text, after newline
normalisation, has that SHA-256). Otherwise the record is an error on its line, field ``text``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from desktop.core.errors import InputError
from desktop.core.offsets import normalize_newlines, sha256_text
from desktop.core.text import decode_utf8


class TextLookup:
    """Finds a text by SHA-256: first in the project, then in a folder of files."""

    def __init__(self, folder: Path | None,
                 in_project: Callable[[str], str | None] = lambda _h: None) -> None:
        if folder is not None and not folder.is_dir():
            raise InputError("no such folder", file=folder, field="--texts")
        self.folder = folder
        self.in_project = in_project
        self._index: dict[str, Path] | None = None

    def _build(self) -> dict[str, Path]:
        index: dict[str, Path] = {}
        if self.folder is None:
            return index
        for p in sorted(self.folder.rglob("*")):
            if not p.is_file() or p.name.startswith("."):
                continue
            try:
                raw = decode_utf8(p.read_bytes(), p)
            except (OSError, InputError):
                continue  # not a text file: it cannot be the text of any record
            index.setdefault(sha256_text(normalize_newlines(raw)[0]), p)
            index.setdefault(sha256_text(raw), p)
        return index

    def find(self, sha: str) -> str | None:
        sha = sha.lower()
        text = self.in_project(sha)
        if text is not None:
            return text
        if self._index is None:
            self._index = self._build()
        path = self._index.get(sha)
        if path is None:
            return None
        return normalize_newlines(decode_utf8(path.read_bytes(), path))[0]


def hydrate(obj: object, find_text: Callable[[str], str | None]) -> object:
    """The record with its text filled in by ``find_text`` (records with text pass through).
    """
    if not isinstance(obj, dict) or isinstance(obj.get("text"), str):
        return obj
    sha = obj.get("sha256")
    if not isinstance(sha, str) or not sha:
        raise InputError("a standoff record (no text) needs the SHA-256 of its text",
                         field="sha256")
    text = find_text(sha)
    if text is None:
        url = obj.get("meta", {}).get("url") if isinstance(obj.get("meta"), dict) else None
        where = f" (from {url})" if isinstance(url, str) else ""
        raise InputError(f"the text{where} is not supplied: no document in the project and "
                         "no file in --texts FOLDER has SHA-256 " + sha[:12] + "...",
                         field="text")
    return {**obj, "text": text}

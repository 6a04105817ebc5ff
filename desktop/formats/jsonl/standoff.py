"""Native JSONL in memory, and standoff re-hydration (records without ``text``).

A standoff export (``claimdesk export --standoff``) keeps ``sha256``, ``meta.url`` and the
offsets but drops the article text, which is often copyrighted. Such a record imports only when
its text is found: in the project (a document with that SHA-256 already there: the annotations
attach to it) or among the files of ``--texts FOLDER`` (any file whose text, after newline
normalisation, has that SHA-256). Otherwise the record is an error on its line, field ``text``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from desktop.core.codebook import Codebook
from desktop.core.errors import InputError
from desktop.core.offsets import normalize_newlines, sha256_text
from desktop.formats.files import read_lines
from desktop.formats.jsonl import decode_line, parse_record, read_jsonl
from desktop.formats.records import ImportRecord
from desktop.formats.sources import OnError, Source, numbered_lines, parsed_lines


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
                raw = p.read_bytes().removeprefix(b"\xef\xbb\xbf").decode("utf-8")
            except (OSError, UnicodeDecodeError):
                continue
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
        raw = path.read_bytes().removeprefix(b"\xef\xbb\xbf").decode("utf-8")
        return normalize_newlines(raw)[0]


def hydrate(obj: object, lookup: TextLookup) -> object:
    """The record with its text filled in from the lookup (records with text pass through)."""
    if not isinstance(obj, dict) or isinstance(obj.get("text"), str):
        return obj
    sha = obj.get("sha256")
    if not isinstance(sha, str) or not sha:
        raise InputError("a standoff record (no text) needs the SHA-256 of its text",
                         field="sha256")
    text = lookup.find(sha)
    if text is None:
        url = obj.get("meta", {}).get("url") if isinstance(obj.get("meta"), dict) else None
        where = f" (from {url})" if isinstance(url, str) else ""
        raise InputError(f"the text{where} is not supplied: no document in the project and "
                         "no file in --texts FOLDER has SHA-256 " + sha[:12] + "...",
                         field="text")
    return {**obj, "text": text}


def read_native(source: Source, codebook: Codebook, *, extend: bool = False,
                lookup: TextLookup | None = None,
                on_error: OnError | None = None) -> Iterator[ImportRecord]:
    """Native JSONL from disk (streamed) or memory, optionally re-hydrating standoff records.

    With ``on_error`` a bad line is reported there and skipped instead of ending the file.
    """
    if source.path is not None and lookup is None and on_error is None:
        yield from read_jsonl(source.path, codebook, display=source.name, extend=extend)
        return
    lines = (read_lines(source.path) if source.path is not None
             else numbered_lines(source.read(), source.name))

    def parse(line: str) -> ImportRecord:
        obj = decode_line(line)
        if lookup is not None:
            obj = hydrate(obj, lookup)
        return parse_record(obj, codebook, extend=extend)

    for number, rec in parsed_lines(lines, source.name, parse, on_error):
        yield ImportRecord(document=rec.document, layer=rec.layer, actors=rec.actors,
                           file=source.name, line=number)

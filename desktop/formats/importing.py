"""`claimdesk import`: pick a reader per path (or sniff), stream records into the project."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from desktop.core.codebook import Codebook
from desktop.core.errors import InputError
from desktop.formats.jsonl import looks_like_jsonl, read_jsonl
from desktop.formats.progress import CancelToken, ProgressFn, no_progress
from desktop.formats.records import ImportRecord, ImportReport, import_records, source_name
from desktop.formats.text import TEXT_SUFFIXES, read_text_document
from desktop.store import Project

IMPORT_FORMATS = ("auto", "jsonl", "txt")


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
    if path.is_file():
        return [path]
    raise InputError("no such file or folder", file=path)


def sniff(path: Path) -> str | None:
    """The format of one file, or None when it is not one we read."""
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix in TEXT_SUFFIXES:
        return "txt"
    if suffix == ".json" and looks_like_jsonl(path):
        return "jsonl"
    return None


def read_paths(paths: Sequence[Path], codebook: Codebook, *, fmt: str = "auto",
               extend: bool = False) -> Iterator[ImportRecord]:
    """All records from files and folders (folders recursively, in name order)."""
    if fmt not in IMPORT_FORMATS:
        raise InputError(f"unknown import format {fmt!r} (choose from "
                         f"{', '.join(IMPORT_FORMATS)})", field="--format")
    for root in paths:
        files = _files(root)
        for path in files:
            kind = fmt if fmt != "auto" else sniff(path)
            display = source_name(path, root) if root.is_dir() else str(path)
            if kind is None:
                if root.is_dir():
                    continue  # folders may hold other files (images, .ann); skip them
                raise InputError("cannot tell the format; pass --format", file=display)
            if kind == "jsonl":
                yield from read_jsonl(path, codebook, display=display, extend=extend)
            else:
                yield read_text_document(path, display=display)


def import_paths(project: Project, paths: Sequence[Path], *, fmt: str = "auto",
                 annotator: str | None = None, who: str = "import", skip_bad: bool = False,
                 progress: ProgressFn = no_progress,
                 cancel: CancelToken | None = None) -> ImportReport:
    """Import files and folders in one transaction (all or nothing unless ``skip_bad``)."""
    records = read_paths(paths, project.codebook, fmt=fmt)
    return import_records(project, records, annotator=annotator, who=who, skip_bad=skip_bad,
                          progress=progress, cancel=cancel)

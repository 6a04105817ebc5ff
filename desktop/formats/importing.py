"""`claimdesk import`: pick a reader per file (or sniff), stream records into the project.

Paths may be files, folders (read recursively, in name order) or ``.zip`` archives (members are
read in memory; see ``sources``). In a folder or archive, ``.ann`` files are paired with the
``.txt`` beside them (brat standoff) and files of no known format are skipped; a file named
directly must be readable. The whole run is one transaction: all records land or none do
(``skip_bad`` rolls back only the bad records and lists them in the report).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.codebook import Codebook
from desktop.core.errors import InputError
from desktop.core.model import Document
from desktop.core.offsets import normalize_newlines, sha256_text
from desktop.formats.brat import pair_brat, read_brat
from desktop.formats.csvin import CSV_SUFFIXES, ColumnMap, read_csv
from desktop.formats.doccano import looks_like_doccano, read_doccano
from desktop.formats.extending import extend_project
from desktop.formats.files import atomic_text_writer
from desktop.formats.html import HTML_SUFFIXES, read_html
from desktop.formats.labelstudio import looks_like_labelstudio, read_labelstudio
from desktop.formats.progress import CancelToken, ProgressFn, no_progress
from desktop.formats.records import ImportRecord, ImportReport, import_records
from desktop.formats.sources import OnError, Source, disk_source, zip_sources
from desktop.formats.standoff import TextLookup, read_native
from desktop.formats.text import TEXT_SUFFIXES, decode_text, title_of
from desktop.store import Project

IMPORT_FORMATS = ("auto", "jsonl", "txt", "html", "csv", "doccano", "brat", "labelstudio")
_JSON_SUFFIXES = frozenset({".jsonl", ".ndjson", ".json"})


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """Everything about reading the input (not about where it goes)."""

    fmt: str = "auto"
    extend: bool = False
    columns: ColumnMap = field(default_factory=ColumnMap)
    standoff: bool = False
    texts: Path | None = None
    encoding: str | None = None
    """Plain text and Markdown: the encoding (default UTF-8; a byte-order mark wins)."""


def _first_json(head: bytes) -> object:
    import json

    for raw in head.splitlines():
        if raw.strip():
            try:
                return json.loads(raw.decode("utf-8-sig"))
            except (ValueError, UnicodeDecodeError):
                return None
    return None


def sniff_source(source: Source) -> str | None:
    """The format of one file by extension and content, or None when we do not read it."""
    suffix = source.suffix
    if suffix == ".zip":
        return "zip"
    if suffix == ".ann":
        return "brat"
    if suffix in TEXT_SUFFIXES:
        return "txt"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix not in _JSON_SUFFIXES:
        return None
    head = source.head()
    obj = _first_json(head)
    if isinstance(obj, dict):
        if "data" in obj and "text" not in obj:
            return "labelstudio"
        if looks_like_doccano(obj):
            return "doccano"
        if "text" in obj or "sha256" in obj or "spans" in obj:
            return "jsonl"
    if suffix == ".json" and looks_like_labelstudio(head):
        return "labelstudio"
    return None


def _text_record(source: Source, encoding: str | None = None) -> ImportRecord:
    text, _ = normalize_newlines(decode_text(source.read(), source.name, encoding))
    if not text.strip():
        raise InputError("the file is empty", file=source.name)
    name = source.rel.rsplit("/", 1)[-1]
    doc = Document(id="", title=title_of(text) or source.stem, text=text,
                   sha256=sha256_text(text), meta={"filename": name})
    return ImportRecord(document=doc, file=source.name, id_hint=source.stem)


class _Reader:
    def __init__(self, codebook: Codebook, opts: ImportOptions, warn: Callable[[str], None],
                 lookup: TextLookup | None, on_error: OnError | None) -> None:
        self.codebook = codebook
        self.opts = opts
        self.warn = warn
        self.lookup = lookup
        self.on_error = on_error

    def guarded(self, records: Iterator[ImportRecord]) -> Iterator[ImportRecord]:
        """A whole file's records; with ``on_error`` a file that fails is reported, not fatal."""
        try:
            yield from records
        except InputError as exc:
            if self.on_error is None:
                raise
            self.on_error(exc)

    def group(self, sources: Sequence[Source], *, explicit: bool,
              depth: int = 0) -> Iterator[ImportRecord]:
        fmt = self.opts.fmt
        if fmt in ("auto", "brat"):
            pairs, rest = pair_brat(sources)
            for pair in pairs:
                yield from self.guarded(read_brat(
                    [pair], self.codebook, extend=self.opts.extend, warn=self.warn))
            if fmt == "brat":
                stray = [s for s in rest if s.suffix not in (".txt",) or explicit]
                if explicit and not pairs:
                    raise InputError("not a brat .txt/.ann pair", file=sources[0].name)
                for s in stray:
                    self.warn(f"{s.name}: not part of a brat .txt/.ann pair; skipped")
                return
            sources = rest
        for source in sources:
            kind = sniff_source(source) if fmt == "auto" or source.suffix == ".zip" else fmt
            if kind == "zip":
                if depth > 0:
                    self.warn(f"{source.name}: archives inside archives are skipped")
                    continue
                members = zip_sources(source.path or source.read(), source.name)
                yield from self.group(members, explicit=False, depth=depth + 1)
            elif kind is None:
                if explicit:
                    raise InputError("cannot tell the format; pass --format", file=source.name)
            else:
                yield from self.guarded(self.one(source, kind))

    def one(self, source: Source, kind: str) -> Iterator[ImportRecord]:
        cb, ext, bad = self.codebook, self.opts.extend, self.on_error
        if kind == "jsonl":
            yield from read_native(source, cb, extend=ext, lookup=self.lookup, on_error=bad)
        elif kind == "txt":
            yield _text_record(source, self.opts.encoding)
        elif kind == "html":
            yield read_html(source)
        elif kind == "csv":
            yield from read_csv(source, self.opts.columns, on_error=bad)
        elif kind == "doccano":
            yield from read_doccano(source, cb, extend=ext, on_error=bad)
        elif kind == "labelstudio":
            yield from read_labelstudio(source, cb, extend=ext, warn=self.warn, on_error=bad)
        else:  # pragma: no cover - IMPORT_FORMATS is checked first
            raise InputError(f"unknown import format {kind!r}", field="--format")


def _expand(root: Path, fmt: str) -> tuple[list[Source], bool]:
    """The sources under one path, and whether the path named a single file."""
    if root.is_dir():
        files = sorted(p for p in root.rglob("*")
                       if p.is_file() and not any(part.startswith(".")
                                                  for part in p.relative_to(root).parts))
        return [disk_source(p, root) for p in files], False
    if root.is_file():
        sources = [disk_source(root, root)]
        if fmt == "brat":  # a .txt or .ann named directly: take its partner too
            partner = root.with_suffix(".ann" if root.suffix.lower() == ".txt" else ".txt")
            if partner.is_file():
                sources.append(disk_source(partner, partner))
        return sources, True
    raise InputError("no such file or folder", file=root)


def read_paths(paths: Sequence[Path], codebook: Codebook, *, fmt: str = "auto",
               extend: bool = False, options: ImportOptions | None = None,
               warn: Callable[[str], None] = lambda _m: None,
               lookup: TextLookup | None = None,
               on_error: OnError | None = None) -> Iterator[ImportRecord]:
    """All records from files, folders and archives (folders recursively, in name order).

    With ``on_error`` bad records (and unreadable files) are reported there and skipped;
    without it the first one raises ``InputError``.
    """
    opts = options or ImportOptions(fmt=fmt, extend=extend)
    if opts.fmt not in IMPORT_FORMATS:
        raise InputError(f"unknown import format {opts.fmt!r} (choose from "
                         f"{', '.join(IMPORT_FORMATS)})", field="--format")
    reader = _Reader(codebook, opts, warn, lookup, on_error)
    for root in paths:
        sources, explicit = _expand(root, opts.fmt)
        yield from reader.group(sources, explicit=explicit)


def import_paths(project: Project, paths: Sequence[Path], *, fmt: str = "auto",
                 annotator: str | None = None, who: str = "import", skip_bad: bool = False,
                 options: ImportOptions | None = None,
                 progress: ProgressFn = no_progress,
                 cancel: CancelToken | None = None) -> ImportReport:
    """Import files, folders and archives in one transaction (all or nothing unless
    ``skip_bad``).

    Args:
        project: the open project to write to.
        paths: files, folders or ``.zip`` archives.
        fmt: a name from ``IMPORT_FORMATS`` (ignored when ``options`` is given).
        annotator: the layer that imported annotations go to (overrides the input's).
        who: the name recorded in the change log.
        skip_bad: import the good records and list the bad ones in the report.
        options: reading options (format, column mapping, codebook extension, standoff).
        progress: progress callback.
        cancel: cancellation token.

    Raises:
        InputError: bad input (naming file, line and field); nothing was written.
    """
    opts = options or ImportOptions(fmt=fmt)
    warnings: list[str] = []
    lookup = None
    if opts.standoff or opts.texts is not None:
        def in_project(sha: str) -> str | None:
            doc_id = project.documents.id_for_hash(sha)
            return project.documents.get(doc_id).text if doc_id is not None else None
        lookup = TextLookup(opts.texts, in_project)
    unread: list[InputError] = []
    records: Iterator[ImportRecord] = read_paths(
        paths, project.codebook, options=opts, warn=warnings.append, lookup=lookup,
        on_error=unread.append if skip_bad else None)
    if opts.extend:
        records = extend_project(project, records, who=who)
    report = import_records(project, records, annotator=annotator, who=who,
                            skip_bad=skip_bad, progress=progress, cancel=cancel)
    report.warnings[:0] = warnings
    report.skipped = sorted([*unread, *report.skipped],
                            key=lambda e: (e.file or "", e.line or 0))
    return report


def write_skip_report(report: ImportReport, path: Path) -> None:
    """A tab-separated list of the skipped records: file, line, field, reason."""
    with atomic_text_writer(path) as fh:
        fh.write("file\tline\tfield\treason\n")
        for bad in report.skipped:
            cells = [bad.file or "", "" if bad.line is None else str(bad.line),
                     bad.field or "", bad.reason]
            fh.write("\t".join(c.replace("\t", " ").replace("\n", " ") for c in cells) + "\n")

"""`claimdesk import`: pick a reader per file (or sniff), stream records into the project.

Paths may be files, folders (read recursively, in name order) or ``.zip`` archives (members are
read in memory; see ``sources``). In a folder or archive, formats whose documents span several
files claim them first (brat: ``.ann`` with the ``.txt`` beside it); then each file is read by
its format (``registry.sniff``) and files of no known format are skipped; a file named
directly must be readable. The whole run is one transaction: all records land or none do
(``skip_bad`` rolls back only the bad records and lists them in the report).

Each record is checked once, by its reader; ``--extend-codebook`` then adds what the reader
let through (``extending``) and ``storing.import_records`` writes it without checking again.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from desktop.core.codebook import Codebook
from desktop.core.errors import InputError
from desktop.core.limits import Limits, from_environment
from desktop.formats import registry
from desktop.formats import store_calls as store
from desktop.formats.extending import extend_project
from desktop.formats.files import atomic_text_writer
from desktop.formats.jsonl.standoff import TextLookup
from desktop.formats.progress import CancelToken, ProgressFn, no_progress
from desktop.formats.records import ColumnMap, ImportRecord, ImportReport, ReadContext, Reader
from desktop.formats.registry import IMPORT_FORMATS
from desktop.formats.sources import OnError, Source, disk_source, zip_sources
from desktop.formats.storing import import_records
from desktop.store import Project

__all__ = ["IMPORT_FORMATS", "ImportOptions", "check_report_path", "import_paths",
           "read_paths", "write_skip_report"]


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """Everything about reading the input (not about where it goes)."""

    fmt: str = registry.AUTO
    extend: bool = False
    columns: ColumnMap = field(default_factory=ColumnMap)
    standoff: bool = False
    texts: Path | None = None
    encoding: str | None = None
    """Plain text and Markdown: the encoding (default UTF-8; a byte-order mark wins)."""
    limits: Limits | None = None
    """Size bounds (None: the defaults and the environment, ``core.limits``)."""
    annotator_from_filename: str | None = None
    """A regular expression searched in each input file's name (without its suffix): the
    layer of that file's annotations is its ``annotator`` group, else its first group, else
    the match (``_([^_]+)$``: ``X_ann1.ann`` -> ``ann1``). Files it does not match keep the
    layer their format gives."""


ANNOTATOR_FROM_FILENAME = r"_([^_]+)$"
"""The default pattern of ``--annotator-from-filename``: what follows the last ``_``."""


def annotator_pattern(pattern: str) -> re.Pattern[str]:
    """``--annotator-from-filename`` compiled, or bad usage naming the option."""
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise InputError(f"not a regular expression: {exc}",
                         field="--annotator-from-filename") from None


def _annotator_of(pattern: re.Pattern[str], stem: str) -> str | None:
    m = pattern.search(stem)
    if m is None:
        return None
    name = m.groupdict().get("annotator") or (m.group(1) if m.re.groups else m.group(0))
    return name or None


class _Reader:
    def __init__(self, fmt: str, ctx: ReadContext,
                 pattern: re.Pattern[str] | None = None) -> None:
        self.fmt = fmt
        self.ctx = ctx
        self.pattern = pattern

    def named(self, source: Source, records: Iterator[ImportRecord]) -> Iterator[ImportRecord]:
        """The records of one file, in the layer ``--annotator-from-filename`` gives it."""
        name = _annotator_of(self.pattern, source.stem) if self.pattern is not None else None
        for rec in records:
            if name is not None and rec.layer is not None:
                rec = replace(rec, layer=replace(rec.layer, annotator=name))
            yield rec

    def guarded(self, records: Iterator[ImportRecord]) -> Iterator[ImportRecord]:
        """A whole file's records; with ``on_error`` a file that fails is reported, not fatal."""
        try:
            yield from records
        except InputError as exc:
            if self.ctx.on_error is None:
                raise
            self.ctx.on_error(exc)

    def group(self, sources: Sequence[Source], *, explicit: bool,
              depth: int = 0) -> Iterator[ImportRecord]:
        fmt = self.fmt
        for name, gather in registry.gatherers(fmt):
            claimed, sources = gather(sources, forced=fmt == name, explicit=explicit,
                                      warn=self.ctx.warn)
            read = self._read(name)
            for source in claimed:
                yield from self.guarded(self.named(source, read(source, self.ctx)))
        for source in sources:
            if source.suffix == ".zip":
                if depth > 0:
                    self.ctx.warn(f"{source.name}: archives inside archives are skipped")
                    continue
                members = zip_sources(source.path or source.read(), source.name,
                                      self.ctx.limits)
                yield from self.group(members, explicit=False, depth=depth + 1)
                continue
            kind = registry.sniff(source) if fmt == registry.AUTO else fmt
            if kind is None:
                if explicit:
                    raise InputError("cannot tell the format; pass --format", file=source.name)
            else:
                yield from self.guarded(self.named(source, self._read(kind)(source, self.ctx)))

    @staticmethod
    def _read(name: str) -> Reader:
        r = registry.reading(name)
        if r is None:  # pragma: no cover - the format is checked against IMPORT_FORMATS first
            raise InputError(f"unknown import format {name!r}", field="--format")
        return r.read


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop
        return False
    return True


def _folder_files(root: Path, warn: Callable[[str], None]) -> list[Path]:
    """The files under ``root``, in name order, without hidden ones; links are followed only
    while they stay inside ``root`` (a link to ``/etc/passwd`` is not an article)."""
    real_root = root.resolve()
    found: list[Path] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for d in dirs:
            sub = here / d
            if sub.is_symlink() and not _inside(sub, real_root):
                warn(f"{sub}: skipped, a link to a folder outside {root}")
        for name in sorted(files):
            if name.startswith("."):
                continue
            p = here / name
            if p.is_symlink():
                if not _inside(p, real_root):
                    warn(f"{p}: skipped, a link to a file outside {root}")
                    continue
                if not p.is_file():
                    continue
            found.append(p)
        # Links to folders inside the tree are walked there already; outside ones skipped.
        dirs[:] = [d for d in dirs if not (here / d).is_symlink()]
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def _expand(root: Path, fmt: str, warn: Callable[[str], None]) -> tuple[list[Source], bool]:
    """The sources under one path, and whether the path named a single file."""
    if root.is_dir():
        return [disk_source(p, root) for p in _folder_files(root, warn)], False
    if root.is_file():
        sources = [disk_source(root, root)]
        r = registry.reading(fmt)
        if r is not None and r.partner is not None:  # brat: take the other file too
            partner = r.partner(root)
            if partner.is_file():
                sources.append(disk_source(partner, partner))
        return sources, True
    raise InputError("no such file or folder", file=root)


def _bounded(records: Iterator[ImportRecord], limit: int,
             on_error: OnError | None) -> Iterator[ImportRecord]:
    """Refuse documents longer than ``limit`` characters, and empty ones, in every format
    (reported with ``on_error``)."""
    for record in records:
        n = len(record.document.text)
        bad = None
        if n > limit:
            bad = InputError(f"the text has {n:,} characters, more than the {limit:,} a "
                             "document may have; split it, or raise the limit (--max-chars "
                             "or CLAIMDESK_MAX_DOCUMENT_CHARS)", file=record.file or None,
                             line=record.line, field="text")
        elif not record.document.text.strip():
            bad = InputError("the text is empty: a document needs text", field="text",
                             file=record.file or None, line=record.line)
        if bad is not None:
            if on_error is None:
                raise bad
            on_error(bad)
            continue
        yield record


def read_paths(paths: Sequence[Path], codebook: Codebook, *, fmt: str = registry.AUTO,
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
    limits = opts.limits or from_environment(os.environ)
    ctx = ReadContext(codebook=codebook, extend=opts.extend, columns=opts.columns,
                      find_text=lookup.find if lookup is not None else None, warn=warn,
                      on_error=on_error, encoding=opts.encoding, limits=limits)
    pattern = (annotator_pattern(opts.annotator_from_filename)
               if opts.annotator_from_filename else None)
    reader = _Reader(opts.fmt, ctx, pattern)
    for root in paths:
        sources, explicit = _expand(root, opts.fmt, warn)
        yield from _bounded(reader.group(sources, explicit=explicit),
                            limits.max_document_chars, on_error)


def import_paths(project: Project, paths: Sequence[Path], *, fmt: str = registry.AUTO,
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
        lookup = TextLookup(opts.texts, lambda sha: store.text_with_hash(project, sha))
    unread: list[InputError] = []
    on_error = unread.append if skip_bad else None
    records: Iterator[ImportRecord] = read_paths(
        paths, store.codebook(project), options=opts, warn=warnings.append, lookup=lookup,
        on_error=on_error)
    if not _one_file(paths):  # records of one file cannot merge with another file's
        records = _told_merges(records, annotator, warnings)
    if opts.extend:
        records = extend_project(project, records, who=who, on_error=on_error)
    # The readers checked every record (and the extension covered what they let through),
    # so the store does not check them again.
    report = import_records(project, records, annotator=annotator, who=who,
                            skip_bad=skip_bad, progress=progress, cancel=cancel,
                            validated=True)
    report.warnings[:0] = list(dict.fromkeys(warnings))  # each distinct warning once
    report.skipped = sorted([*unread, *report.skipped],
                            key=lambda e: (e.file or "", e.line or 0))
    return report


def _one_file(paths: Sequence[Path]) -> bool:
    return len(paths) == 1 and paths[0].is_file() and paths[0].suffix.lower() != ".zip"


def _told_merges(records: Iterable[ImportRecord], annotator: str | None,
                 warnings: list[str]) -> Iterator[ImportRecord]:
    """The records, with a warning whenever a file's annotations go to the layer of a document
    that another file of this import also annotated (they are merged: say so)."""
    # One small int per annotated record (60 bits of the text's hash and the layer), not a
    # tuple of strings: a folder of a million files stays tens of MB, not hundreds.
    layers: dict[str, int] = {}
    files: dict[str, int] = {}
    names: list[str] = []
    first: dict[int, int] = {}
    told: set[int] = set()
    for rec in records:
        layer = rec.layer
        if layer is not None and (layer.spans or layer.frames or layer.relations):
            name = annotator or layer.annotator
            key = int(rec.document.sha256[:15], 16) * 4096 + layers.setdefault(
                name, len(layers)) % 4096
            file_no = files.get(rec.file)
            if file_no is None:
                file_no = files[rec.file] = len(names)
                names.append(rec.file)
            other = first.setdefault(key, file_no)
            if other != file_no and key not in told:
                told.add(key)
                warnings.append(
                    f"{rec.file}: its annotations are merged into layer {name!r} of the "
                    f"document {names[other]} also annotated (same text); to keep each "
                    "file's annotator apart pass --annotator-from-filename")
        yield rec


def check_report_path(project: Project | None, path: Path) -> None:
    """Refuse a report path that would overwrite a project (``InputError`` on ``--report``)."""
    store.refuse_project_output(project, path, field="--report")


def write_skip_report(report: ImportReport, path: Path, *,
                      project: Project | None = None) -> None:
    """A tab-separated list of the skipped records: file, line, field, reason."""
    check_report_path(project, path)
    with atomic_text_writer(path) as fh:
        fh.write("file\tline\tfield\treason\n")
        for bad in report.skipped:
            cells = [bad.file or "", "" if bad.line is None else str(bad.line),
                     bad.field or "", bad.reason]
            fh.write("\t".join(c.replace("\t", " ").replace("\n", " ") for c in cells) + "\n")

"""What every writer is given (``Context``) and what every export shares: options, the report,
staging (all or nothing), splits, verification and the manifest.

A format's writer is a class built with a ``Context`` that gets ``add(split, document)`` for
every exported document and ``close()`` at the end (``Writer``); it sees only core objects.

Staging: an export writes into a fresh hidden folder beside ``--out`` and only on success moves
the result into place (``os.replace``: the single file, or the whole folder). A failure, a
verification error or Cancel removes the staging folder, so nothing half-written is left and
an existing file at ``--out`` is untouched.

Splits: ``--split 80/10/10 --seed N`` puts each document in train/dev/test by
``sha256(f"{seed}:{document id}")`` read as a number in [0, 1) against the cumulative
percentages, so the assignment is deterministic, independent of corpus order and of the other
documents, and a document is never in two splits. Two parts are train/test, one is train.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import socket
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Protocol

from desktop import __version__
from desktop.core.codebook import Codebook
from desktop.core.errors import ClaimdeskError, InputError
from desktop.core.model import AnnotatedDocument, DocStatus, Evidence, Layer, SpanState
from desktop.core.offsets import sha256_text
from desktop.core.validate import span_problems

SPLIT_NAMES = {1: ("train",), 2: ("train", "test"), 3: ("train", "dev", "test")}


def parse_split(spec: str | None) -> tuple[tuple[str, float], ...]:
    """``"80/10/10"`` -> (("train", 80), ("dev", 10), ("test", 10)); None -> ()."""
    if not spec:
        return ()
    parts = spec.replace(",", "/").split("/")
    try:
        nums = [float(p) for p in parts]
    except ValueError:
        raise InputError(f"{spec!r} is not like 80/10/10", field="--split") from None
    if len(nums) not in SPLIT_NAMES or any(n < 0 for n in nums) or sum(nums) <= 0:
        raise InputError(f"{spec!r}: give one to three non-negative percentages like 80/10/10",
                         field="--split")
    total = sum(nums)
    if abs(total - 100) > 1e-6 and abs(total - 1) > 1e-6:
        raise InputError(f"{spec!r}: the parts add up to {total:g}, not 100", field="--split")
    return tuple(zip(SPLIT_NAMES[len(nums)], (n / total for n in nums), strict=True))


def assign_split(doc_id: str, split: Sequence[tuple[str, float]], seed: int) -> str:
    """The split of one document (see module doc); "" when there is no split."""
    if not split:
        return ""
    h = hashlib.sha256(f"{seed}:{doc_id}".encode()).digest()
    x = int.from_bytes(h[:8], "big") / 2**64
    acc = 0.0
    for name, share in split:
        acc += share
        if x < acc:
            return name
    return split[-1][0]


@dataclass(frozen=True, slots=True)
class ExportOptions:
    layer: str
    statuses: frozenset[DocStatus] = frozenset()
    split: tuple[tuple[str, float], ...] = ()
    seed: int = 0
    standoff: bool = False
    scheme: str = "IOB2"
    include_pending: bool = False
    """Write pending suggestions too (jsonl always does; Label Studio as predictions)."""


@dataclass(slots=True)
class SplitCounts:
    documents: int = 0
    spans: int = 0
    frames: int = 0
    relations: int = 0
    actors: set[str] = field(default_factory=set)

    def as_dict(self) -> dict[str, int]:
        return {"documents": self.documents, "spans": self.spans, "frames": self.frames,
                "relations": self.relations, "actors": len(self.actors)}


@dataclass(slots=True)
class ExportReport:
    """What an export wrote and what the format could not hold."""

    fmt: str
    path: Path
    documents: int = 0
    files: list[str] = field(default_factory=list)
    """The first ``FILES_LISTED`` files written, in manifest order (all are in the manifest)."""
    file_count: int = 0
    counts: dict[str, SplitCounts] = field(default_factory=dict)
    dropped: Counter[str] = field(default_factory=Counter)
    """Reason -> how many annotations a lossy format left out (turned into warnings)."""
    notes: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    """What the checks before writing found (``export_checks``), also told before writing."""

    @property
    def warnings(self) -> list[str]:
        return [*self.checks, *(f"{n} {reason}" for reason, n in sorted(self.dropped.items())
                                if n), *self.notes]

    def count(self, split: str, ad: AnnotatedDocument) -> None:
        c = self.counts.setdefault(split or "all", SplitCounts())
        c.documents += 1
        c.spans += len(ad.layer.spans)
        c.frames += len(ad.layer.frames)
        c.relations += len(ad.layer.relations)
        c.actors.update(a.id for a in ad.actors)
        self.documents += 1

    def summary(self) -> str:
        tot = SplitCounts()
        for c in self.counts.values():
            tot.spans += c.spans
            tot.frames += c.frames
            tot.relations += c.relations
            tot.actors |= c.actors
        return (f"{self.documents} documents ({tot.spans} spans, {tot.frames} frames, "
                f"{tot.relations} relations, {len(tot.actors)} actors) written to {self.path}")


def verify(ad: AnnotatedDocument) -> None:
    """Abort an export when the text or any span's text no longer matches the document."""
    text = ad.document.text
    if sha256_text(text) != ad.document.sha256:
        raise ClaimdeskError(f"document {ad.document.id!r}: text does not match its stored "
                             "SHA-256; run `claimdesk check` before exporting")
    for s in ad.layer.spans:
        problems = span_problems(s, text)
        if problems:
            raise ClaimdeskError(f"document {ad.document.id!r}, span {s.id!r}: "
                                 f"{problems[0].message}; run `claimdesk check` before "
                                 "exporting")


def check_spans(ad: AnnotatedDocument) -> None:
    """``verify`` with a fast path for the common case (every span matches)."""
    text = ad.document.text
    n = len(text)
    ok = sha256_text(text) == ad.document.sha256
    for s in ad.layer.spans if ok else ():
        frags = s.fragments
        if len(frags) == 1:
            a, b = frags[0]
            if not (0 <= a < b <= n and text[a:b] == s.text):
                ok = False
                break
        elif (any(not 0 <= a < b <= n for a, b in frags)
              or " ".join(text[a:b] for a, b in frags) != s.text):
            ok = False
            break
    if not ok:
        verify(ad)
        raise ClaimdeskError(f"document {ad.document.id!r} does not match its annotations")


def _only(layer: Layer, spans: set[str], frames: bool) -> Layer:
    """``layer`` with the spans ``spans`` and, when ``frames``, its accepted frames (else its
    frames that are not rejected), minus references to spans left out."""
    kept = []
    for f in layer.frames:
        if f.state is SpanState.REJECTED or (frames and f.state is not SpanState.ACCEPTED):
            continue
        roles = {k: tuple(x for x in v if x in spans) for k, v in f.roles.items()}
        kept.append(replace(f, roles={k: v for k, v in roles.items() if v},
                            trigger=f.trigger if f.trigger in spans else None))
    return Layer(annotator=layer.annotator, status=layer.status,
                 spans=tuple(s for s in layer.spans if s.id in spans), frames=tuple(kept),
                 relations=tuple(r for r in layer.relations
                                 if r.head in spans and r.tail in spans))


def _counted(ad: AnnotatedDocument, layer: Layer, report: ExportReport,
             what: str) -> AnnotatedDocument:
    before = ad.layer
    if len(layer.spans) != len(before.spans):
        report.dropped[f"{what} spans left out"] += len(before.spans) - len(layer.spans)
    if len(layer.frames) != len(before.frames):
        report.dropped[f"{what} frames left out"] += len(before.frames) - len(layer.frames)
    if len(layer.relations) != len(before.relations):
        report.dropped[f"relations to {what} spans left out"] += (
            len(before.relations) - len(layer.relations))
    linked = {s.actor for s in layer.spans if s.actor}
    return replace(ad, layer=layer, actors=tuple(a for a in ad.actors if a.id in linked))


def accepted_part(layer: Layer) -> Layer:
    """Only the accepted spans and frames of ``layer`` (and what refers to them)."""
    return _only(layer, {s.id for s in layer.spans if s.state is SpanState.ACCEPTED}, True)


def pending_part(layer: Layer) -> Layer:
    """The pending suggestions of ``layer``: pending frames and spans, plus the accepted
    spans those frames name (so each frame is whole); nothing rejected, no relations."""
    frames = [f for f in layer.frames if f.state is SpanState.PENDING]
    named = {sid for f in frames for sid in f.span_ids()}
    spans = {s.id for s in layer.spans if s.state is SpanState.PENDING
             or (s.id in named and s.state is SpanState.ACCEPTED)}
    only = _only(Layer(annotator=layer.annotator, status=layer.status, spans=layer.spans,
                       frames=tuple(frames)), spans, False)
    return replace(only, relations=())


def exportable(ad: AnnotatedDocument, report: ExportReport) -> AnnotatedDocument:
    """Only accepted annotations: pending and rejected spans and frames (suggestions nobody
    accepted, or that were turned down) are left out, with what refers to them.

    The native JSONL export keeps everything; the other formats are for consumers that cannot
    tell an accepted span from a suggestion.
    """
    layer = ad.layer
    if all(s.state is SpanState.ACCEPTED for s in layer.spans) and all(
            f.state is SpanState.ACCEPTED for f in layer.frames):
        return ad
    return _counted(ad, accepted_part(layer), report, "pending or rejected")


def without_rejected(ad: AnnotatedDocument, report: ExportReport) -> AnnotatedDocument:
    """Everything but rejected spans and frames (for a format that writes pending suggestions
    as predictions: a rejected one is neither an annotation nor a prediction)."""
    layer = ad.layer
    if all(s.state is not SpanState.REJECTED for s in layer.spans) and all(
            f.state is not SpanState.REJECTED for f in layer.frames):
        return ad
    return _counted(ad, _only(layer, {s.id for s in layer.spans
                                      if s.state is not SpanState.REJECTED}, False),
                    report, "rejected")


_PRUNE_AT = 64


@dataclass(frozen=True, slots=True)
class Context:
    """What a format writer gets: where to write, the options, codebook and report."""

    staging: Staging
    options: ExportOptions
    codebook: Codebook
    report: ExportReport
    single: bool
    """True: one data file named like ``--out`` (no split)."""
    closables: list[Any] = field(default_factory=list)
    """Open files (anything with ``close()``); closed when the export fails or is cancelled."""
    evidence: Callable[[str], Mapping[str, Evidence]] | None = None
    """Document id -> why each pending suggestion was made (span or frame id -> evidence),
    for formats that write suggestions with a confidence (Label Studio predictions)."""

    def data_path(self, split: str, ext: str) -> Path:
        if self.single:
            return self.staging.file(self.staging.out.name)
        return self.staging.file(f"{split or 'train'}{ext}")

    def open_text(self, path: Path) -> IO[str]:
        fh = path.open("w", encoding="utf-8", newline="\n")
        if len(self.closables) >= _PRUNE_AT:
            # Writers that open a file per document (brat) close it again; keeping every closed
            # one here held about 1.3 KB per file (130 MB for 50,000 documents).
            self.closables[:] = [c for c in self.closables if not getattr(c, "closed", False)]
        self.closables.append(fh)
        return fh

    def close_all(self) -> None:
        for c in self.closables:
            with contextlib.suppress(Exception):
                c.close()


class Writer(Protocol):
    """One export format's writer, built as ``WriterClass(context)``."""

    def add(self, split: str, ad: AnnotatedDocument) -> None: ...

    def close(self) -> dict[str, Any]:
        """Finish every file; returns extra manifest entries."""
        ...


class SplitFiles:
    """One text data file per split, opened at the split's first document."""

    def __init__(self, ctx: Context, ext: str) -> None:
        self.ctx = ctx
        self.ext = ext
        self.files: dict[str, IO[str]] = {}

    def get(self, split: str) -> IO[str]:
        fh = self.files.get(split)
        if fh is None:
            fh = self.files[split] = self.ctx.open_text(self.ctx.data_path(split, self.ext))
        return fh

    def close(self) -> None:
        for fh in self.files.values():
            fh.close()
        if not self.files:  # an empty corpus still gives a (empty) file
            self.ctx.open_text(self.ctx.data_path("", self.ext)).close()


Guard = Callable[[Path], None]
"""Raises when a file may not be written at a path (it would overwrite a project)."""

STALE_STAGING_SECONDS = 24 * 3600
"""A staging folder whose export is no longer running is removed by the next export beside it
(at once when the process that made it is gone, else after this long)."""


def _no_guard(_path: Path) -> None:
    pass


def clean_stale_staging(folder: Path) -> list[Path]:
    """Remove staging folders (``.NAME.XXXX.part``) that a killed export left in ``folder``.

    Each records the process that made it (``owner``: host and pid); a folder is stale when
    that process is gone (this computer) or it is older than ``STALE_STAGING_SECONDS``.
    Folders without an owner file were not made by Claimdesk and are left alone.
    """
    removed: list[Path] = []
    now = time.time()
    host = socket.gethostname()
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for p in entries:
        if not (p.name.startswith(".") and p.name.endswith(".part") and p.is_dir()
                and not p.is_symlink()):
            continue
        try:
            owner = (p / _OWNER).read_text(encoding="utf-8").split()
            age = now - (p / _OWNER).stat().st_mtime
        except (OSError, UnicodeDecodeError):
            continue  # not ours (no owner file): leave it alone
        here = len(owner) == 2 and owner[0] == host
        # Another computer's export (a shared folder) cannot be checked: only its age counts.
        if age > STALE_STAGING_SECONDS or (here and not _pid_alive(owner[1])):
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p)
    return removed


_OWNER = "owner"


def _pid_alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    except OSError:
        return True
    return True


class Staging:
    """A hidden folder beside ``out``; ``commit`` moves the result into place."""

    def __init__(self, out: Path, *, folder: bool, guard: Guard = _no_guard) -> None:
        self.out = out
        self.folder = folder
        self.guard = guard
        guard(out)
        if out.exists():
            if folder and (not out.is_dir() or any(out.iterdir())):
                raise InputError(f"{out} exists and is not an empty folder; choose another "
                                 "--out or remove it", field="--out")
            if not folder and out.is_dir() and not _shard_folder(out):
                raise InputError(f"{out} is a folder; this format writes one file",
                                 field="--out")
        out.parent.mkdir(parents=True, exist_ok=True)
        clean_stale_staging(out.parent)
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".part",
                                         dir=out.parent))
        (self.tmp / _OWNER).write_text(f"{socket.gethostname()} {os.getpid()}\n",
                                       encoding="utf-8")
        self.root = self.tmp / "out" if folder else self.tmp / "data"
        self.root.mkdir(exist_ok=True)

    def file(self, name: str) -> Path:
        """Where to write the data file ``name`` (the single file keeps ``out``'s name)."""
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def commit(self) -> None:
        """Move the result into place: the folder, or the file and its sidecars (last)."""
        if self.folder:
            self.guard(self.out)
            if self.out.exists():
                self.out.rmdir()  # empty, checked in __init__
            os.replace(self.root, self.out)
        else:
            main = self.root / self.out.name
            targets = [(p, self.out.parent / p.name) for p in sorted(self.root.iterdir())
                       if p != main]
            for _, target in [*targets, (main, self.out)]:
                self.guard(target)
            for p, target in targets:
                os.replace(p, target)
            if self.out.exists() and (main.is_dir() or self.out.is_dir()):
                # A file and a folder of shards (spaCy) replace each other; the old one goes
                # with the staging folder.
                os.replace(self.out, self.tmp / "replaced")
            os.replace(main, self.out)
        self.discard()

    def discard(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def _shard_folder(path: Path) -> bool:
    """A folder of DocBin shards an earlier export wrote in place of one file."""
    return all(p.is_file() and p.suffix == ".spacy" for p in path.iterdir())


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _walk(root: Path) -> Iterator[str]:
    """Relative posix names of the files under ``root``: each folder's files sorted, then its
    subfolders in sorted order, depth first (as ``os.walk`` with sorted folders). Only names
    are kept while a folder is listed (not ``os.walk``'s entry objects): a brat export of a
    million documents has two million files in one folder."""
    stack = [""]
    while stack:
        rel = stack.pop()
        files: list[str] = []
        dirs: list[str] = []
        with os.scandir(root / rel if rel else root) as entries:
            for entry in entries:
                (dirs if entry.is_dir(follow_symlinks=False) else files).append(entry.name)
        files.sort()
        prefix = f"{rel}/" if rel else ""
        for name in files:
            yield prefix + name
        del files
        stack.extend(prefix + d for d in sorted(dirs, reverse=True))


FILES_LISTED = 1000
"""How many file names an export report keeps (a brat export of a million documents writes
two million files; the manifest lists them all)."""


def manifest(report: ExportReport, options: ExportOptions, codebook: Codebook,
             stored_version: int, extra: dict[str, Any]) -> dict[str, Any]:
    """The manifest without its file list (``write_manifest`` adds it, streamed)."""
    return {
        "format": report.fmt,
        "tool": f"claimdesk {__version__}",
        "created_at": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "layer": options.layer,
        "statuses": sorted(s.value for s in options.statuses),
        "split": {"parts": {n: round(p * 100, 6) for n, p in options.split},
                  "seed": options.seed,
                  "method": "sha256(f'{seed}:{document id}') against cumulative shares"}
        if options.split else None,
        "standoff": options.standoff,
        "offset_unit": "code point (Python str index into the UTF-8 text), end exclusive",
        "codebook": {"name": codebook.name, "version": codebook.version,
                     "stored_version": stored_version},
        "counts": {k: v.as_dict() for k, v in sorted(report.counts.items())},
        "dropped": {k: v for k, v in sorted(report.dropped.items()) if v},
        **extra,
    }


def write_manifest(path: Path, data: dict[str, Any], root: Path, report: ExportReport) -> None:
    """``data`` and ``"files"``: the SHA-256 of every file under ``root`` but the manifest,
    walked and written one at a time (folders in sorted order, files sorted within each), so
    memory stays flat however many files an export wrote."""
    head = json.dumps(data, ensure_ascii=False, indent=2)
    itself = path.relative_to(root).as_posix()
    report.files, report.file_count = [], 0
    with path.open("w", encoding="utf-8") as fh:
        fh.write(head[:-1].rstrip() + ',\n  "files": {')
        first = True
        for name in _walk(root):
            if name == itself or name.rpartition("/")[2] == "manifest.json":
                continue
            fh.write(("\n" if first else ",\n") + f"    {json.dumps(name, ensure_ascii=False)}"
                     f': {{\n      "sha256": "{sha256_file(root / name)}"\n    }}')
            first = False
            report.file_count += 1
            if len(report.files) < FILES_LISTED:
                report.files.append(name)
        fh.write("}\n}\n" if first else "\n  }\n}\n")


def require(module: str, what: str) -> Any:
    """Import an optional dependency or explain how to install it."""
    try:
        return __import__(module)
    except ImportError as exc:
        hint = "pip install 'claimdesk[formats]'"
        if getattr(sys, "frozen", False):  # the stand-alone bundle leaves the heavy extras out
            hint = ("the stand-alone Claimdesk does not include it; install Claimdesk with "
                    "Python instead: " + hint)
        raise ClaimdeskError(f"the {what} export needs the optional package {module!r}: "
                             f"{hint}") from exc


@contextlib.contextmanager
def staged(out: Path, *, folder: bool, guard: Guard = _no_guard) -> Iterator[Staging]:
    st = Staging(out, folder=folder, guard=guard)
    try:
        yield st
    except BaseException:
        st.discard()
        raise

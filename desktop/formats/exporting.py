"""`claimdesk export`: choose the layer and documents, verify, write all or nothing.

Formats (``--format``):

=============  =======================================================  ===================
name           what                                                     ``--out``
=============  =======================================================  ===================
jsonl          native JSONL, lossless (the contract)                    file (folder w/ split)
spacy          spaCy v3 DocBin (``export_spacy``)                       file (folder w/ split)
conll          CoNLL-2003 (``export_conll``)                            file (folder w/ split)
labelstudio    Label Studio JSON tasks + config XML (``export_tasks``)  file (folder w/ split)
doccano        doccano JSONL(relation), UTF-16 offsets                  file (folder w/ split)
hf             Hugging Face parquet + dataset card (``export_hf``)      folder
brat           brat standoff + annotation.conf (``export_brat``)        folder
csv            documents/spans/frames/relations/actors CSV              folder
network        actor network GraphML + edge list (``export_tables``)    folder
=============  =======================================================  ===================

Every export streams the corpus a page at a time (``desktop.store.layers.iter_layers``),
verifies every span of a document against its text before writing it, writes into a staging
folder and moves the result into place only when everything succeeded (see
``export_common``). Folder exports write ``manifest.json`` (counts per split, codebook, offset
unit, tool version, created_at and the SHA-256 of every file); single-file exports other than
jsonl write it beside the file as ``<file>.manifest.json``. Formats other than jsonl leave out
pending and rejected spans (unaccepted suggestions); what a lossy format dropped is in
``ExportReport.warnings``.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

from desktop.core.codebook import Codebook
from desktop.core.errors import InputError
from desktop.core.model import GOLD, AnnotatedDocument, DocStatus
from desktop.formats.export_checks import includes_untouched_by_default, preflight
from desktop.formats.export_common import (
    ExportOptions,
    ExportReport,
    Staging,
    assign_split,
    check_spans,
    exportable,
    manifest,
    parse_split,
    staged,
    write_manifest,
)
from desktop.formats.export_tokens import SCHEMES
from desktop.formats.jsonl import record_dict
from desktop.formats.progress import CancelToken, ProgressFn, no_progress
from desktop.store import Project

EXPORT_FORMATS = ("jsonl", "spacy", "conll", "hf", "brat", "labelstudio", "doccano", "csv",
                  "network")
SINGLE_FILE = {"jsonl": ".jsonl", "spacy": ".spacy", "conll": ".conll",
               "labelstudio": ".json", "doccano": ".jsonl"}
STANDOFF_FORMATS = ("jsonl", "brat", "csv", "network")

__all__ = ["EXPORT_FORMATS", "ExportReport", "export", "resolve_layer"]


def resolve_layer(project: Project, *, annotator: str | None, gold: bool) -> str:
    """The layer to export; without a choice, the only annotator's layer if there is one."""
    if gold:
        return GOLD
    names = [a for a in project.annotations.annotators() if a != GOLD]
    if annotator is not None:
        if annotator not in names and annotator != GOLD:
            raise InputError(f"no annotator {annotator!r} in this project (has: "
                             f"{', '.join(names) or 'none'})", field="--annotator")
        return annotator
    if len(names) == 1:
        return names[0]
    if not names:
        return GOLD
    raise InputError(f"the project has several annotators ({', '.join(names)}); "
                     "choose one with --annotator NAME or --gold", field="--annotator")


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

    def data_path(self, split: str, ext: str) -> Path:
        if self.single:
            return self.staging.file(self.staging.out.name)
        return self.staging.file(f"{split or 'train'}{ext}")

    def open_text(self, path: Path) -> IO[str]:
        fh = path.open("w", encoding="utf-8", newline="\n")
        self.closables.append(fh)
        return fh

    def close_all(self) -> None:
        for c in self.closables:
            with contextlib.suppress(Exception):
                c.close()


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


class Writer(Protocol):
    def add(self, split: str, ad: AnnotatedDocument) -> None: ...

    def close(self) -> dict[str, Any]:
        """Finish every file; returns extra manifest entries."""
        ...


class JsonlWriter:
    """Native JSONL; ``--standoff`` leaves the article and span texts out (sha256 stays)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.files = SplitFiles(ctx, ".jsonl")

    def add(self, split: str, ad: AnnotatedDocument) -> None:
        fh = self.files.get(split)
        rec = record_dict(ad)
        if self.ctx.options.standoff:
            del rec["text"]
            for s in rec["spans"]:
                del s["text"]
        fh.write(json.dumps(rec, ensure_ascii=False))
        fh.write("\n")

    def close(self) -> dict[str, Any]:
        self.files.close()
        return {"standoff_rehydration": "fetch each meta.url, normalise newlines to \\n and "
                "check the text's SHA-256 against sha256"} if self.ctx.options.standoff else {}


def _writer(fmt: str) -> Callable[[Context], Writer]:
    if fmt == "jsonl":
        return JsonlWriter
    if fmt == "spacy":
        from desktop.formats.export_spacy import SpacyWriter
        return SpacyWriter
    if fmt == "conll":
        from desktop.formats.export_conll import ConllWriter
        return ConllWriter
    if fmt == "hf":
        from desktop.formats.export_hf import HfWriter
        return HfWriter
    if fmt == "brat":
        from desktop.formats.export_brat import BratWriter
        return BratWriter
    if fmt in ("labelstudio", "doccano"):
        from desktop.formats.export_tasks import DoccanoWriter, LabelStudioWriter
        return LabelStudioWriter if fmt == "labelstudio" else DoccanoWriter
    from desktop.formats.export_tables import CsvWriter, NetworkWriter
    return CsvWriter if fmt == "csv" else NetworkWriter


def export(project: Project, *, fmt: str, out: Path, annotator: str | None = None,
           gold: bool = False, statuses: frozenset[DocStatus] = frozenset(),
           split: str | None = None, seed: int = 0, standoff: bool = False,
           scheme: str = "IOB2", progress: ProgressFn = no_progress,
           cancel: CancelToken | None = None, include_untouched: bool | None = None,
           force: bool = False, warn: Callable[[str], None] | None = None) -> ExportReport:
    """Export one layer of the corpus as ``fmt`` to ``out`` (all or nothing).

    Before writing, ``export_checks.preflight`` looks at the selection: what would mislead
    (an empty gold layer, an empty split part) raises ``InputError`` unless ``force``; the
    other findings go to ``warn`` at once and into the report. Untouched documents (new, no
    annotations) are left out of training formats unless ``include_untouched``. An existing
    single output file is replaced only with ``force``.
    """
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"unknown export format {fmt!r} (choose from "
                         f"{', '.join(EXPORT_FORMATS)})", field="--format")
    if scheme.upper() not in SCHEMES:
        raise InputError(f"unknown tag scheme {scheme!r} (choose from {', '.join(SCHEMES)})",
                         field="--scheme")
    if standoff and fmt not in STANDOFF_FORMATS:
        raise InputError(f"--standoff is not possible with {fmt}: the format carries the "
                         f"article text (use one of {', '.join(STANDOFF_FORMATS)})",
                         field="--standoff")
    options = ExportOptions(layer=resolve_layer(project, annotator=annotator, gold=gold),
                            statuses=statuses, split=parse_split(split), seed=seed,
                            standoff=standoff, scheme=scheme.upper())
    folder = fmt not in SINGLE_FILE or bool(options.split)
    if not folder and out.is_file() and not force:
        raise InputError(f"{out} exists; pass --force to replace it", field="--out")
    include = includes_untouched_by_default(fmt) if include_untouched is None \
        else include_untouched
    checks = preflight(project, fmt=fmt, layer=options.layer, statuses=statuses, split=split,
                       seed=seed, include_untouched=include, gold_asked=gold)
    if checks.blocking and not force:
        raise InputError(f"{checks.blocking[0]}; nothing written (--force exports anyway)",
                         field="--gold" if options.layer == GOLD else "--split")
    report = ExportReport(fmt=fmt, path=out, checks=checks.warnings)
    for line in checks.warnings:
        if warn is not None:
            warn(line)
    total = checks.documents
    make = _writer(fmt)
    with staged(out, folder=folder) as st:
        ctx = Context(staging=st, options=options, codebook=project.codebook, report=report,
                      single=not folder)
        try:
            writer = make(ctx)
            n = 0
            for ad in project.iter_layers(options.layer, statuses=statuses):
                if cancel is not None:
                    cancel.check()
                layer = ad.layer
                if not include and layer.status is DocStatus.NEW and not (
                        layer.spans or layer.frames or layer.relations):
                    continue  # untouched: see export_checks
                check_spans(ad)
                which = assign_split(ad.document.id, options.split, options.seed)
                if fmt != "jsonl":
                    ad = exportable(ad, report)
                report.count(which, ad)
                writer.add(which, ad)
                n += 1
                if n % 200 == 0:
                    progress(n, total, f"{n} of {total} documents exported")
            extra = writer.close()
        except BaseException:
            ctx.close_all()
            raise
        if cancel is not None:
            cancel.check()
        if fmt != "jsonl" or folder:
            data = manifest(report, options, project.codebook, project.codebook_version,
                            st.root, extra)
            name = "manifest.json" if folder else f"{out.name}.manifest.json"
            write_manifest(st.root / name, data)
        else:
            report.files = [out.name]
        st.commit()
    progress(n, n, report.summary())
    return report

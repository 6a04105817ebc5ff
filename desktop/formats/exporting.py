"""`claimdesk export`: choose the layer and documents, verify, write all or nothing.

The formats, what each writes and whether ``--out`` is a file or a folder are in
``registry.FORMATS`` (``claimdesk export --help`` lists them). Every export streams the corpus
a page at a time, verifies every span of a document against its text before writing it
(``writing.check_spans``), writes into a staging folder and moves the result into place only
when everything succeeded (``writing.Staging``). Folder exports write ``manifest.json``
(counts per split, codebook, offset unit, tool version, created_at and the SHA-256 of every
file); single-file exports other than jsonl write it beside the file as
``<file>.manifest.json``. Formats other than jsonl leave out pending and rejected spans and
frames (suggestions nobody accepted); with ``include_pending`` Label Studio writes the pending
ones as predictions. What a lossy format dropped is in ``ExportReport.warnings``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from desktop.core.errors import InputError
from desktop.core.model import GOLD, DocStatus
from desktop.formats import registry
from desktop.formats import store_calls as store
from desktop.formats.export_checks import includes_untouched_by_default, preflight
from desktop.formats.progress import CancelToken, ProgressFn, fewer_collections, no_progress
from desktop.formats.registry import EXPORT_FORMATS
from desktop.formats.tokens import SCHEMES
from desktop.formats.writing import (
    Context,
    ExportOptions,
    ExportReport,
    assign_split,
    check_spans,
    exportable,
    manifest,
    parse_split,
    staged,
    without_rejected,
    write_manifest,
)
from desktop.store import Project

__all__ = ["EXPORT_FORMATS", "ExportReport", "export", "resolve_layer"]


def resolve_layer(project: Project, *, annotator: str | None, gold: bool) -> str:
    """The layer to export; without a choice, the only annotator's layer if there is one."""
    if gold:
        return GOLD
    names = [a for a in store.annotators(project) if a != GOLD]
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


def export(project: Project, *, fmt: str, out: Path, annotator: str | None = None,
           gold: bool = False, statuses: frozenset[DocStatus] = frozenset(),
           split: str | None = None, seed: int = 0, standoff: bool = False,
           scheme: str = "IOB2", include_pending: bool = False,
           progress: ProgressFn = no_progress,
           cancel: CancelToken | None = None, include_untouched: bool | None = None,
           force: bool = False, warn: Callable[[str], None] | None = None) -> ExportReport:
    """Export one layer of the corpus as ``fmt`` to ``out`` (all or nothing).

    Before writing, ``export_checks.preflight`` looks at the selection: what would mislead
    (an empty gold layer, an empty split part) raises ``InputError`` unless ``force``; the
    other findings go to ``warn`` at once and into the report. Untouched documents (new, no
    annotations) are left out of training formats unless ``include_untouched``. An existing
    single output file is replaced only with ``force``.

    ``include_pending``: write pending suggestions too. The native JSONL always does (marked
    ``"state": "pending"``); Label Studio writes them as each task's ``predictions``; the
    other formats cannot mark a suggestion and refuse.
    """
    spec = registry.writing(fmt)
    if spec is None:
        raise InputError(f"unknown export format {fmt!r} (choose from "
                         f"{', '.join(EXPORT_FORMATS)})", field="--format")
    if scheme.upper() not in SCHEMES:
        raise InputError(f"unknown tag scheme {scheme!r} (choose from {', '.join(SCHEMES)})",
                         field="--scheme")
    if standoff and not spec.standoff:
        can = [name for name, w in registry.writers() if w.standoff]
        raise InputError(f"--standoff is not possible with {fmt}: the format carries the "
                         f"article text (use one of {', '.join(can)})", field="--standoff")
    if include_pending and not (spec.keeps_suggestions or spec.predictions):
        can = [name for name, w in registry.writers() if w.keeps_suggestions or w.predictions]
        raise InputError(f"--include-pending is not possible with {fmt}: the format cannot "
                         f"mark an annotation as a pending suggestion (use {' or '.join(can)})",
                         field="--include-pending")
    options = ExportOptions(layer=resolve_layer(project, annotator=annotator, gold=gold),
                            statuses=statuses, split=parse_split(split), seed=seed,
                            standoff=standoff, scheme=scheme.upper(),
                            include_pending=include_pending)
    whole = spec.keeps_suggestions or (include_pending and spec.predictions)
    folder = spec.single_file is None or bool(options.split)
    # Never a project file, even with --force (checked again for every file moved in place).
    store.refuse_project_output(project, out, field="--out")
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
    codebook = store.codebook(project)
    total = checks.documents

    def guard(target: Path) -> None:
        store.refuse_project_output(project, target, field="--out")

    with fewer_collections(), staged(out, folder=folder, guard=guard) as st:
        ctx = Context(staging=st, options=options, codebook=codebook, report=report,
                      single=not folder,
                      evidence=(lambda doc_id: store.evidence(project, doc_id, options.layer))
                      if include_pending and spec.predictions else None)
        try:
            writer = spec.writer(ctx)
            n = 0
            for ad in store.layers(project, annotator=options.layer, statuses=statuses):
                if cancel is not None:
                    cancel.check()
                layer = ad.layer
                if not include and layer.status is DocStatus.NEW and not (
                        layer.spans or layer.frames or layer.relations):
                    continue  # untouched: see export_checks
                check_spans(ad)
                which = assign_split(ad.document.id, options.split, options.seed)
                if not whole:
                    ad = exportable(ad, report)
                elif not spec.keeps_suggestions:
                    ad = without_rejected(ad, report)
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
        if folder or spec.manifest_beside_file:
            data = manifest(report, options, codebook, store.codebook_version(project), extra)
            name = "manifest.json" if folder else f"{out.name}.manifest.json"
            write_manifest(st.root / name, data, st.root, report)
        else:
            report.files, report.file_count = [out.name], 1
        st.commit()
    progress(n, n, report.summary())
    return report

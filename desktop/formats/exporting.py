"""`claimdesk export`: choose the layer and documents, verify, write all or nothing.

The formats, what each writes and whether ``--out`` is a file or a folder are in
``registry.FORMATS`` (``claimdesk export --help`` lists them). Every export streams the corpus
a page at a time, verifies every span of a document against its text before writing it
(``writing.check_spans``), writes into a staging folder and moves the result into place only
when everything succeeded (``writing.Staging``). Folder exports write ``manifest.json``
(counts per split, codebook, offset unit, tool version, created_at and the SHA-256 of every
file); single-file exports other than jsonl write it beside the file as
``<file>.manifest.json``. Formats other than jsonl leave out pending and rejected spans
(unaccepted suggestions); what a lossy format dropped is in ``ExportReport.warnings``.
"""

from __future__ import annotations

from pathlib import Path

from desktop.core.errors import InputError
from desktop.core.model import GOLD, DocStatus
from desktop.formats import registry
from desktop.formats import store_calls as store
from desktop.formats.progress import CancelToken, ProgressFn, no_progress
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
           scheme: str = "IOB2", progress: ProgressFn = no_progress,
           cancel: CancelToken | None = None) -> ExportReport:
    """Export one layer of the corpus as ``fmt`` to ``out`` (all or nothing)."""
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
    options = ExportOptions(layer=resolve_layer(project, annotator=annotator, gold=gold),
                            statuses=statuses, split=parse_split(split), seed=seed,
                            standoff=standoff, scheme=scheme.upper())
    folder = spec.single_file is None or bool(options.split)
    report = ExportReport(fmt=fmt, path=out)
    codebook = store.codebook(project)
    total = store.count_layers(project, annotator=options.layer, statuses=statuses)
    with staged(out, folder=folder, guard=lambda target: store.refuse_project_output(
            project, target, field="--out")) as st:
        ctx = Context(staging=st, options=options, codebook=codebook, report=report,
                      single=not folder)
        try:
            writer = spec.writer(ctx)
            n = 0
            for ad in store.layers(project, annotator=options.layer, statuses=statuses):
                if cancel is not None:
                    cancel.check()
                check_spans(ad)
                which = assign_split(ad.document.id, options.split, options.seed)
                if not spec.keeps_suggestions:
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
        if folder or spec.manifest_beside_file:
            data = manifest(report, options, codebook, store.codebook_version(project),
                            st.root, extra)
            name = "manifest.json" if folder else f"{out.name}.manifest.json"
            write_manifest(st.root / name, data)
        else:
            report.files = [out.name]
        st.commit()
    progress(n, n, report.summary())
    return report

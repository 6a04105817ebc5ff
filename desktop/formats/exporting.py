"""`claimdesk export`: choose the layer and documents, verify, write all or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop.core.errors import InputError
from desktop.core.model import GOLD, DocStatus
from desktop.formats.files import atomic_text_writer
from desktop.formats.jsonl import iter_annotated, write_jsonl
from desktop.formats.progress import CancelToken, ProgressFn, no_progress
from desktop.store import Project

EXPORT_FORMATS = ("jsonl",)


@dataclass(frozen=True, slots=True)
class ExportReport:
    documents: int
    path: Path


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


def export(project: Project, *, fmt: str, out: Path, annotator: str | None = None,
           gold: bool = False, statuses: frozenset[DocStatus] = frozenset(),
           progress: ProgressFn = no_progress, cancel: CancelToken | None = None) -> ExportReport:
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"unknown export format {fmt!r} (choose from "
                         f"{', '.join(EXPORT_FORMATS)})", field="--format")
    layer = resolve_layer(project, annotator=annotator, gold=gold)
    total = project.documents.count()

    def docs():  # type: ignore[no-untyped-def]
        for i, ad in enumerate(iter_annotated(project, annotator=layer, statuses=statuses), 1):
            if cancel is not None and i % 100 == 0:
                cancel.check()
            if i % 500 == 0:
                progress(i, total, f"{i} documents written")
            yield ad

    with atomic_text_writer(out) as fh:
        n = write_jsonl(fh, docs())
    progress(n, n, f"{n} documents written to {out}")
    return ExportReport(documents=n, path=out)

"""Handing out work (``claimdesk batch``, Team → Batches…): plan, write the files, report."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop.core.errors import InputError
from desktop.core.model import DocStatus
from desktop.quality import BatchPlan, plan_batches
from desktop.store import Project, documents_with_statuses, write_batch

ProgressFn = Callable[[int, int, str], None]
REPORT_NAME = "batch-report.json"


@dataclass(frozen=True, slots=True)
class BatchResult:
    plan: BatchPlan
    files: dict[str, Path]
    """Annotator -> the project file written for them."""
    report: Path
    """``batch-report.json``: the plan (who got which documents) and the files."""

    def lines(self) -> list[str]:
        return [*self.plan.report_lines(),
                *(f"  {a}: {p}" for a, p in sorted(self.files.items())),
                f"report: {self.report}"]


def make_batches(project: Project, out: Path, annotators: Sequence[str], *,
                 overlap: float = 0.0, seed: int = 0,
                 statuses: Collection[DocStatus] = frozenset(),
                 progress: ProgressFn | None = None,
                 cancel: Callable[[], None] | None = None) -> BatchResult:
    """Plan batches over the documents whose status is in ``statuses`` (all when empty) and
    write one project file per annotator into ``out`` plus ``batch-report.json``.

    Raises:
        InputError: bad annotators or overlap, no documents to hand out, or a file in the way.
    """
    ids = documents_with_statuses(project, frozenset(statuses))
    if not ids:
        raise InputError("no documents to hand out"
                         + (" with that status" if statuses else ""), field="status")
    plan = plan_batches(ids, annotators, overlap=overlap, seed=seed)
    report = out / REPORT_NAME
    if report.exists():
        raise InputError("already exists; remove it or choose another --out", file=report)
    files = write_batch(project, out, {a: plan.documents_for(a) for a in plan.annotators},
                        meta={"overlap": overlap, "seed": seed, "shared": len(plan.shared)},
                        progress=progress, cancel=cancel)
    data = plan.to_json() | {"lead": str(project.path or ""),
                             "statuses": sorted(s.value for s in statuses),
                             "files": {a: str(p) for a, p in files.items()}}
    report.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return BatchResult(plan, files, report)

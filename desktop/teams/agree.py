"""Agreement over a project's layers (``claimdesk agree``, the Agreement dialog, statistics)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from desktop.core.errors import InputError
from desktop.core.model import GOLD, DocStatus
from desktop.quality import AgreementAccumulator, AgreementReport, DocLayers
from desktop.quality.report import ratio
from desktop.store import Project

ProgressFn = Callable[[int, int, str], None]

DEFAULT_STATUSES = frozenset({DocStatus.DONE})
"""Only finished layers count by default: an untouched batch layer is not "no annotation"."""


def agreement_report(project: Project, *, annotators: Sequence[str] | None = None,
                     labels: Sequence[str] | None = None,
                     statuses: Collection[DocStatus] | None = DEFAULT_STATUSES,
                     per_document: bool = True, progress: ProgressFn | None = None,
                     cancel: Callable[[], None] | None = None) -> AgreementReport:
    """Agreement between annotators over the whole project (docs/agreement.md).

    ``annotators`` default: everyone but gold; name ``gold`` to compare against the adjudicated
    layer. ``statuses`` None counts every layer whatever its status.

    Raises:
        InputError: an unknown annotator or label, or fewer than two annotators named.
    """
    known = set(project.annotations.annotators())
    if annotators is not None:
        if len(annotators) < 2:
            raise InputError("name at least two annotators", field="annotators")
        for name in annotators:
            if name not in known:
                raise InputError(f"no annotator {name!r} in this project (there are: "
                                 f"{', '.join(sorted(known - {GOLD})) or 'none'})",
                                 field="annotators")
    codebook = project.codebook
    if labels is not None:
        for label in labels:
            if codebook.label(label) is None:
                raise InputError(f"no label {label!r} in the codebook", field="labels")
    acc = AgreementAccumulator(
        annotators=annotators, labels=labels, statuses=statuses, per_document=per_document,
        actor_labels=[lab.name for lab in codebook.labels if lab.links_actor])
    total = project.documents.count()
    for i, ls in enumerate(project.layer_sets(annotators=annotators), 1):
        acc.add(DocLayers(ls.doc_id, ls.length, ls.layers))
        if i % 500 == 0 or i == total:
            if cancel is not None:
                cancel()
            if progress is not None:
                progress(i, total, f"{i:,} of {total:,} documents")
    return acc.report()


def _f(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def format_agreement(report: AgreementReport) -> list[str]:
    """A plain-text summary: documents, alpha, one row per pair, then per label."""
    d = report.documents
    lines = [f"documents: {d.compared} compared, {d.single} done by one annotator only "
             f"(left out), {d.none} by none of them; {d.total} in all",
             f"Krippendorff's alpha (characters): {_f(report.alpha)}; coded characters only: "
             f"{_f(report.alpha_coded)}"]
    if not report.pairs:
        return [*lines, "no pair of annotators to compare"]
    width = max(len(f"{p.a} / {p.b}") for p in report.pairs)
    lines += ["", f"{'pair':<{width}}  docs  exact F1  overlap F1  kappa  frames F1  "
              f"full F1  actors"]
    for p in report.pairs:
        lines.append(f"{f'{p.a} / {p.b}':<{width}}  {p.documents:>4}  {_f(p.exact.f1):>8}  "
                     f"{_f(p.overlap.f1):>10}  {_f(p.chars.kappa):>5}  "
                     f"{_f(p.frames.frames.f1):>9}  {_f(p.frames.full.f1):>7}  "
                     f"{_f(p.actors.agreement):>6}")
    if report.per_label:
        lines += ["", "label       exact F1  overlap F1  alpha"]
        for label, s in report.per_label.items():
            lines.append(f"{label:<10}  {_f(s.exact.f1):>8}  {_f(s.overlap.f1):>10}  "
                         f"{_f(s.alpha):>5}")
    roles = sorted({r for p in report.pairs for r in p.frames.roles})
    if roles:
        lines += ["", "frame roles (share of matched frames on which the role agrees):"]
        for p in report.pairs:
            shares = (f"{r} {_f(ratio(p.frames.roles[r].agreed, p.frames.roles[r].frames))}"
                      for r in roles if r in p.frames.roles)
            lines.append(f"  {p.a} / {p.b}: " + ", ".join(shares))
    return lines

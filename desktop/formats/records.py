"""What every importer produces, and the one pipeline that writes it to a project.

Names the store keeps (annotator, actor names) must not contain NUL: it is reported as bad
input naming the field rather than failing deep in SQLite.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from desktop.core.changes import Change
from desktop.core.errors import InputError
from desktop.core.model import Actor, Document, Layer
from desktop.formats.progress import CancelToken, ProgressFn, no_progress
from desktop.store import LayerPlan, Project


@dataclass(frozen=True, slots=True)
class ImportRecord:
    """One document as read from a file, with an optional layer and the actors it links."""

    document: Document
    layer: Layer | None = None
    actors: tuple[Actor, ...] = ()
    file: str = ""
    line: int | None = None
    id_hint: str = ""
    """A name to derive the document id from when ``document.id`` is empty (file stem)."""
    same_document: bool = False
    """Another layer for the document of the previous record (not counted twice)."""


@dataclass(slots=True)
class ImportReport:
    documents_added: int = 0
    first_added: str = ""
    """The id of the first document this import added ("" for none): the window opens it."""
    documents_known: int = 0
    spans: int = 0
    frames: int = 0
    relations: int = 0
    duplicates: int = 0
    actors_added: int = 0
    skipped: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def change(self) -> Change:
        """What the import changed, for a window showing the project (another connection)."""
        annotations = bool(self.spans or self.frames or self.relations)
        return Change(corpus=bool(self.documents_added), reload=annotations,
                      links=bool(self.actors_added))

    def summary(self) -> str:
        parts = [f"{self.documents_added} documents added",
                 f"{self.documents_known} already in the project",
                 f"{self.spans} spans, {self.frames} frames, {self.relations} relations",
                 f"{self.actors_added} actors added"]
        if self.duplicates:
            parts.append(f"{self.duplicates} identical annotations skipped")
        if self.skipped:
            parts.append(f"{len(self.skipped)} records skipped")
        return "; ".join(parts)


_PLAN_BATCH = 500
"""Planned layers written per batch (bounds memory on large imports)."""

_SLUG = re.compile(r"[^\w\-.]+", flags=re.UNICODE)


def slug(name: str) -> str:
    s = _SLUG.sub("-", name.strip()).strip("-.")
    return s[:80] or "doc"


def _unique_id(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


class _ActorResolver:
    """Maps incoming actor ids to registry ids: same id and name, else same name, else new."""

    def __init__(self, project: Project, who: str, report: ImportReport) -> None:
        self.project = project
        self.who = who
        self.report = report
        # The same actor entry repeats on thousands of records of one corpus; once resolved,
        # the answer stays the same for the rest of the run.
        self._seen: dict[tuple[str, str, str, tuple[str, ...], str], str] = {}

    def forget(self) -> None:
        """Drop what was learnt (a rolled-back record may have added actors)."""
        self._seen.clear()

    def resolve(self, actor: Actor) -> str:
        key = (actor.id, actor.name, actor.kind, actor.aliases,
               json.dumps(dict(actor.attrs), sort_keys=True, default=str))
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = self._resolve(actor)
        return found

    def _resolve(self, actor: Actor) -> str:
        repo = self.project.actors
        same_id = repo.find(actor.id) if actor.id else None
        if same_id is not None and same_id.name == actor.name:
            merged = tuple(dict.fromkeys((*same_id.aliases, *actor.aliases)))
            if merged != same_id.aliases:
                repo.update(replace(same_id, aliases=merged), who=self.who)
            return same_id.id
        by_name = repo.by_name(actor.name)
        if by_name is not None:
            return by_name.id
        new = repo.add(replace(actor, id="" if same_id is not None else actor.id),
                       who=self.who).value
        self.report.actors_added += 1
        return new.id


def import_records(
    project: Project,
    records: Iterable[ImportRecord],
    *,
    annotator: str | None = None,
    who: str = "import",
    skip_bad: bool = False,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    total: int = 0,
) -> ImportReport:
    """Write records to the project in one transaction: all land, or (on error) none.

    With ``skip_bad`` a record that fails is rolled back alone and listed in the report.
    ``annotator`` overrides the layer named in the records.
    """
    report = ImportReport()
    resolver = _ActorResolver(project, who, report)
    with project.transaction():
        known = project.documents.hashes()
        taken = set(known.values())
        pending: list[Document] = []
        plans: list[LayerPlan] = []

        def flush() -> None:
            # Documents first: the layers planned for them refer to their rows.
            if pending:
                project.documents.insert_many(pending)
                pending.clear()
            if plans:
                project.bulk.write(plans, who=who)
                plans.clear()

        records_iter = iter(records)
        n = 0
        while True:
            try:
                rec = next(records_iter)
            except StopIteration:
                break
            except InputError as exc:
                if not skip_bad:
                    raise
                report.skipped.append(exc)
                continue
            n += 1
            if cancel is not None and n % 50 == 0:
                cancel.check()
            try:
                if skip_bad:
                    flush()
                    with project.transaction():
                        _one(project, rec, annotator, who, known, taken, pending, plans,
                             resolver, report, flush)
                        flush()
                else:
                    _one(project, rec, annotator, who, known, taken, pending, plans, resolver,
                         report, flush)
                    if len(plans) >= _PLAN_BATCH:
                        flush()
            except InputError as exc:
                located = exc.located(file=rec.file or None, line=rec.line)
                if not skip_bad:
                    raise located from exc
                resolver.forget()
                report.skipped.append(located)
            if n % 200 == 0:
                progress(n, total, f"{n} records read")
        flush()
        if cancel is not None:
            cancel.check()
        if report.documents_added:
            project.log.record(who=who, action="import", entity="documents",
                               after={"added": report.documents_added,
                                      "known": report.documents_known})
    progress(n, n, report.summary())
    return report


def _one(project: Project, rec: ImportRecord, annotator: str | None, who: str,
         known: dict[str, str], taken: set[str], pending: list[Document],
         plans: list[LayerPlan], resolver: _ActorResolver, report: ImportReport,
         flush: Callable[[], None]) -> None:
    doc = rec.document
    doc_id = known.get(doc.sha256)
    new = doc_id is None
    if doc_id is not None:
        if not rec.same_document:
            report.documents_known += 1
        if doc.id and doc.id != doc_id:
            report.warnings.append(f"{rec.file}:{rec.line or 1}: document {doc.id!r} has the "
                                   f"same text as {doc_id!r} already in the project; "
                                   f"annotations go to {doc_id!r}")
    else:
        base = doc.id or slug(rec.id_hint or f"doc-{doc.sha256[:12]}")
        doc_id = _unique_id(base, taken)
        if doc.id and doc_id != doc.id:
            report.warnings.append(f"{rec.file}:{rec.line or 1}: id {doc.id!r} is taken by "
                                   f"another document; imported as {doc_id!r}")
        taken.add(doc_id)
        known[doc.sha256] = doc_id
        pending.append(doc if doc.id == doc_id else replace(doc, id=doc_id))
        report.documents_added += 1
        report.first_added = report.first_added or doc_id
    layer = rec.layer
    if layer is None or not (layer.spans or layer.frames or layer.relations
                             or layer.status.value != "new"):
        return
    name = annotator or layer.annotator
    if not name.strip():
        raise InputError("annotations need an annotator layer: give the record an "
                         "'annotator' or pass --annotator NAME", field="annotator")
    if "\x00" in name:
        raise InputError("must not contain a NUL character", field="annotator")
    for i, a in enumerate(rec.actors):
        # SQLite's length() stops at a NUL: such a name would fail the store's CHECK
        if "\x00" in a.name:
            raise InputError("must not contain a NUL character", field=f"actors[{i}].name")
    actor_ids = {a.id: resolver.resolve(a) for a in rec.actors}
    spans = []
    for i, s in enumerate(layer.spans):
        if s.actor is not None and s.actor not in actor_ids:
            if project.actors.find(s.actor) is None:
                raise InputError(f"actor {s.actor!r} is not in this record's actors list",
                                 field=f"spans[{i}].actor")
            actor_ids[s.actor] = s.actor
        linked = actor_ids.get(s.actor) if s.actor else None
        spans.append(s if linked == s.actor else replace(s, actor=linked))
    layer = replace(layer, annotator=name, spans=tuple(spans))
    if new:
        # A document first seen in this run has an empty layer: plan now (errors name this
        # record), write with the next batch.
        plan = project.bulk.plan(doc_id, doc.text, layer)
        plans.append(plan)
        counts = plan.counts()
    else:
        flush()  # earlier records of this run may hold this document or its layer
        counts = dict(project.bulk.merge(doc_id, layer, who=who).value)
    report.spans += counts["spans"]
    report.frames += counts["frames"]
    report.relations += counts["relations"]
    report.duplicates += counts["duplicates"]


def source_name(path: Path, base: Path | None = None) -> str:
    """How a file is named in messages: relative to the import root when there is one."""
    if base is not None:
        try:
            return str(path.relative_to(base.parent if base.is_file() else base))
        except ValueError:
            pass
    return str(path)

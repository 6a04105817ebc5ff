"""Writing import records into a project: documents, layers and actors, one transaction.

The one path every importer's records take into the store. Records arrive checked by their
readers (``records.ReadContext``); with ``validated`` the store does not check them again.
Names the store keeps (annotator, actor names) must not contain NUL: it is reported as bad
input naming the field rather than failing deep in SQLite.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import replace

from desktop.core.errors import InputError
from desktop.core.model import Actor, Document, Span
from desktop.formats import store_calls as store
from desktop.formats.progress import CancelToken, ProgressFn, fewer_collections, no_progress
from desktop.formats.records import ImportRecord, ImportReport
from desktop.store import Project

_SLUG = re.compile(r"[^\w\-.]+", flags=re.UNICODE)


def slug(name: str) -> str:
    s = _SLUG.sub("-", name.strip()).strip("-.")
    return s[:80] or "doc"


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
               json.dumps(dict(actor.attrs), sort_keys=True, default=str) if actor.attrs
               else "")
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = self._resolve(actor)
        return found

    def _resolve(self, actor: Actor) -> str:
        p = self.project
        same_id = store.find_actor(p, actor.id) if actor.id else None
        if same_id is not None and same_id.name == actor.name:
            merged = tuple(dict.fromkeys((*same_id.aliases, *actor.aliases)))
            if merged != same_id.aliases:
                store.update_actor(p, replace(same_id, aliases=merged), who=self.who)
            return same_id.id
        by_name = store.actor_by_name(p, actor.name)
        if by_name is not None:
            return by_name.id
        new = store.add_actor(p, replace(actor, id="" if same_id is not None else actor.id),
                              who=self.who)
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
    validated: bool = False,
) -> ImportReport:
    """Write records to the project in one transaction: all land, or (on error) none.

    Records are written in batches of at most ``BATCH_RECORDS`` records or about
    ``BATCH_BYTES`` of text and annotations, annotated or not, so memory stays flat however
    large the input (and however large the project: known texts and ids are looked up in
    the store a batch at a time, never loaded whole).

    Args:
        project: where the records go.
        records: the records, in order (an InputError from the iterator is a bad record).
        annotator: the layer the records' annotations go to (overrides theirs).
        who: the name in the change log.
        skip_bad: roll back a record that fails alone and list it in the report.
        progress: progress callback.
        cancel: cancellation token.
        total: the number of records, when known (for progress).
        validated: every record was checked against the codebook the project has when it
            is written (the readers do this); the store then does not check them again.
    """
    report = ImportReport()
    with fewer_collections(), store.transaction(project):
        run = _Run(project, report, annotator=annotator, who=who, validated=validated)
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
                    # Each record alone, in a savepoint: a bad one leaves no trace.
                    run.begin_record()
                    with store.transaction(project):
                        run.add(rec)
                        run.flush()
                else:
                    run.add(rec)
            except InputError as exc:
                located = exc.located(file=rec.file or None, line=rec.line)
                if not skip_bad:
                    raise located from exc
                run.discard()
                report.skipped.append(located)
            if n % 200 == 0:
                progress(n, total, f"{n} records read")
        run.flush()
        if cancel is not None:
            cancel.check()
        if report.documents_added:
            store.log_import(project, who=who, added=report.documents_added,
                             known=report.documents_known)
    progress(n, n, report.summary())
    return report


BATCH_RECORDS = 500
"""Records written per batch."""
BATCH_BYTES = 32 << 20
"""About this much text and annotation per batch (long articles make smaller batches)."""
_ANNOTATION_BYTES = 300
"""What one span, frame or relation is reckoned to weigh while it waits in a batch."""


def _weight(rec: ImportRecord) -> int:
    layer = rec.layer
    n = 0 if layer is None else len(layer.spans) + len(layer.frames) + len(layer.relations)
    return len(rec.document.text) + _ANNOTATION_BYTES * n


class _Seen:
    """Which texts and ids the project has, for one batch: the batch's own hashes and ids
    are looked up in one query each; other ids (``doc-2``, ``doc-3`` ... when one is taken)
    one by one. Documents this run added are in the store already (same transaction) or
    in ``hashes``/``ids`` (waiting to be written)."""

    def __init__(self, project: Project, batch: list[ImportRecord]) -> None:
        self.project = project
        self.hashes = store.ids_for_hashes(project, [r.document.sha256 for r in batch])
        self._asked = {r.document.id for r in batch if r.document.id}
        self.ids = store.existing_ids(project, self._asked)

    def taken(self, doc_id: str) -> bool:
        if doc_id in self.ids:
            return True
        if doc_id in self._asked:
            return False
        self._asked.add(doc_id)
        if store.existing_ids(self.project, [doc_id]):
            self.ids.add(doc_id)
            return True
        return False

    def unique_id(self, base: str) -> str:
        if not self.taken(base):
            return base
        n = 2
        while self.taken(f"{base}-{n}"):
            n += 1
        return f"{base}-{n}"


class _Run:
    """One ``import_records`` call: the batch being read and what waits to be written."""

    def __init__(self, project: Project, report: ImportReport, *, annotator: str | None,
                 who: str, validated: bool) -> None:
        self.project = project
        self.report = report
        self.annotator = annotator
        self.who = who
        self.validated = validated
        self.resolver = _ActorResolver(project, who, report)
        self.batch: list[ImportRecord] = []
        self.weight = 0
        self.pending: list[Document] = []
        self.plans = store.NewLayers(project)
        self._mark: tuple[int, ...] = ()
        self._first_added = ""

    def begin_record(self) -> None:
        """Remember the counts before a record that may be skipped (``--skip-bad``)."""
        r = self.report
        self._mark = (r.documents_added, r.documents_known, r.spans, r.frames, r.relations,
                      r.duplicates, r.actors_added, len(r.warnings))
        self._first_added = r.first_added

    def add(self, rec: ImportRecord) -> None:
        """Queue a record; a full batch is written at once."""
        self.batch.append(rec)
        self.weight += _weight(rec)
        if len(self.batch) >= BATCH_RECORDS or self.weight >= BATCH_BYTES:
            self.flush()

    def flush(self) -> None:
        """Write every queued record (errors name the record)."""
        batch, self.batch, self.weight = self.batch, [], 0
        if batch:
            seen = _Seen(self.project, batch)
            for rec in batch:
                try:
                    self._store(rec, seen)
                except InputError as exc:
                    raise exc.located(file=rec.file or None, line=rec.line) from exc
        self._write()

    def discard(self) -> None:
        """Forget what a failed record left queued (its savepoint was rolled back), and its
        counts: it was reported skipped, so neither its document nor its spans count."""
        r = self.report
        if self._mark:
            (r.documents_added, r.documents_known, r.spans, r.frames, r.relations,
             r.duplicates, r.actors_added, kept) = self._mark
            del r.warnings[kept:]
            r.first_added = self._first_added
        self.batch, self.weight = [], 0
        self.pending.clear()
        self.plans.clear()
        self.resolver.forget()

    def _write(self) -> None:
        # Documents first: the layers planned for them refer to their rows.
        if self.pending:
            store.insert_documents(self.project, self.pending)
            self.pending.clear()
        self.plans.write(who=self.who)

    def _store(self, rec: ImportRecord, seen: _Seen) -> None:
        """Add the record's document (unless its text is known) and merge its layer.

        Everything that can reject the record is checked before anything is queued.
        """
        report = self.report
        doc = rec.document
        layer = rec.layer
        if layer is not None and not (layer.spans or layer.frames or layer.relations
                                      or layer.status.value != "new"):
            layer = None
        if layer is not None:
            name = self._layer_name(layer.annotator)
            spans = self._linked_spans(rec)
            if name != layer.annotator or spans is not layer.spans:
                layer = replace(layer, annotator=name, spans=spans)
        doc_id = seen.hashes.get(doc.sha256)
        if doc_id is None:
            base = doc.id or slug(rec.id_hint or f"doc-{doc.sha256[:12]}")
            doc_id = seen.unique_id(base)
            counts = (self.plans.plan(doc_id, doc.text, layer, validated=self.validated)
                      if layer is not None else None)
            if doc.id and doc_id != doc.id:
                report.warnings.append(f"{rec.file}:{rec.line or 1}: id {doc.id!r} is taken "
                                       f"by another document; imported as {doc_id!r}")
            seen.ids.add(doc_id)
            seen.hashes[doc.sha256] = doc_id
            self.pending.append(doc if doc.id == doc_id else replace(doc, id=doc_id))
            report.documents_added += 1
            report.first_added = report.first_added or doc_id
        else:
            if not rec.same_document:
                report.documents_known += 1
            if doc.id and doc.id != doc_id:
                report.warnings.append(f"{rec.file}:{rec.line or 1}: document {doc.id!r} has "
                                       f"the same text as {doc_id!r} already in the project; "
                                       f"annotations go to {doc_id!r}")
            counts = None
            if layer is not None:
                self._write()  # earlier records of this run may hold this document or layer
                counts = store.merge_layer(self.project, doc_id, layer, who=self.who,
                                           validated=self.validated)
        if counts is not None:
            report.spans += counts["spans"]
            report.frames += counts["frames"]
            report.relations += counts["relations"]
            report.duplicates += counts["duplicates"]

    def _layer_name(self, from_record: str) -> str:
        name = self.annotator or from_record
        if not name.strip():
            raise InputError("annotations need an annotator layer: give the record an "
                             "'annotator' or pass --annotator NAME", field="annotator")
        if "\x00" in name:
            raise InputError("must not contain a NUL character", field="annotator")
        return name

    def _linked_spans(self, rec: ImportRecord) -> tuple[Span, ...]:
        """The record's spans with their actor links turned into registry ids."""
        assert rec.layer is not None
        for i, a in enumerate(rec.actors):
            # SQLite's length() stops at a NUL: such a name would fail the store's CHECK
            if "\x00" in a.name:
                raise InputError("must not contain a NUL character", field=f"actors[{i}].name")
        actor_ids = {a.id: self.resolver.resolve(a) for a in rec.actors}
        if all(k == v for k, v in actor_ids.items()) and all(
                s.actor is None or (s.actor and s.actor in actor_ids) for s in rec.layer.spans):
            return rec.layer.spans  # every link stays as it is (the usual case)
        spans = []
        changed = False
        for i, s in enumerate(rec.layer.spans):
            if s.actor is not None and s.actor not in actor_ids:
                if store.find_actor(self.project, s.actor) is None:
                    raise InputError(f"actor {s.actor!r} is not in this record's actors list",
                                     field=f"spans[{i}].actor")
                actor_ids[s.actor] = s.actor
            linked = actor_ids.get(s.actor) if s.actor else None
            if linked != s.actor:
                s = replace(s, actor=linked)
                changed = True
            spans.append(s)
        # Unchanged (the usual case): the very same tuple, so the layer need not be rebuilt.
        return tuple(spans) if changed else rec.layer.spans

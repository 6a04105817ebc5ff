"""`claimdesk merge`: bring the annotator layers of other project files into the lead's.

The rules, in the order they apply (``docs/guide/teams.md`` says them to users):

* **Documents** are matched by text hash, so ids may differ; a document the lead lacks is
  added (under its id, or ``id-2`` when that id is taken by another text).
* **Actors** are matched by id and name (or alias), then by name or alias alone; an actor whose
  id is taken here by a differently named actor gets a new id and is reported as a conflict. No
  actor of the lead is renamed or changed.
* **Codebook.** Every layer is checked against the lead's codebook; a label, role or attribute
  it lacks refuses the whole merge with the document, layer and field named, unless
  ``extend_codebook``, which stores a new codebook version with what is missing.
* **Layers** (every annotator's but gold's) are compared by content: identical layers are left
  alone, so merging a file twice changes nothing. A differing layer replaces the lead's when it
  changed later (layer stamps, ``schema.py``) and is otherwise kept out and reported.
* **Provenance**: each merged layer records its file, project, document id, content hash, its
  own time and the time of the merge (``layer_sources``); the change log gets the layer counts
  (and a replaced layer's previous content).

Every file of one run is merged in one transaction on the lead: all or nothing.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from desktop.core.changes import Change
from desktop.core.codebook_gaps import missing
from desktop.core.codebook_toml import extend
from desktop.core.errors import InputError
from desktop.core.model import GOLD, Actor, DocStatus, Document, Evidence, Layer, SpanState
from desktop.core.native import frame_dict, relation_dict, span_dict
from desktop.store._util import dumps, now
from desktop.store.layer_sets import LayerSet, iter_layer_sets
from desktop.store.merge import LayerPlan, plan_layer, write_plans
from desktop.store.opening import open_project
from desktop.store.project import Project

ProgressFn = Callable[[int, int, str], None]


@dataclass(slots=True)
class MergeReport:
    """What one file brought in (lists name documents and actors for the user)."""

    source: str
    codebook: str = "same codebook"
    documents: int = 0
    """Documents of the file with at least one layer to merge."""
    documents_added: list[str] = field(default_factory=list)
    layers_added: int = 0
    layers_same: int = 0
    replaced: list[str] = field(default_factory=list)
    """``doc id / annotator``: the file's newer work replaced the lead's layer."""
    kept: list[str] = field(default_factory=list)
    """``doc id / annotator``: the lead's layer is newer (or as new) and stays."""
    gold_skipped: int = 0
    actors_added: list[str] = field(default_factory=list)
    actors_by_name: list[str] = field(default_factory=list)
    actor_conflicts: list[str] = field(default_factory=list)
    per_annotator: dict[str, int] = field(default_factory=dict)
    """Layers added or replaced, per annotator."""

    @property
    def changed(self) -> bool:
        return bool(self.layers_added or self.replaced or self.documents_added
                    or self.actors_added or self.actor_conflicts
                    or self.codebook.startswith("extended"))

    def lines(self, *, limit: int = 10) -> list[str]:
        """The report as plain lines (long lists cut at ``limit`` items)."""
        def listed(title: str, items: Sequence[str]) -> list[str]:
            if not items:
                return []
            out = [f"  {title} ({len(items)}):"]
            out += [f"    {x}" for x in items[:limit]]
            if len(items) > limit:
                out.append(f"    … and {len(items) - limit} more")
            return out

        who = ", ".join(f"{a} {n}" for a, n in sorted(self.per_annotator.items())) or "none"
        head = [f"{self.source}: {self.documents} documents with work; layers: "
                f"{self.layers_added} added, {len(self.replaced)} replaced by newer work, "
                f"{self.layers_same} already here, {len(self.kept)} older than the lead's "
                f"(kept out); by annotator: {who}; {self.codebook}"]
        if self.gold_skipped:
            head.append(f"  gold layers not merged: {self.gold_skipped} (adjudicate here)")
        return (head + listed("documents added", self.documents_added)
                + listed("replaced by newer work", self.replaced)
                + listed("kept out: the lead's layer is newer", self.kept)
                + listed("actors added", self.actors_added)
                + listed("actors matched by name", self.actors_by_name)
                + listed("actor conflicts", self.actor_conflicts))

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "codebook": self.codebook, "documents": self.documents,
                "documents_added": self.documents_added, "layers_added": self.layers_added,
                "layers_same": self.layers_same, "replaced": self.replaced,
                "kept": self.kept, "gold_skipped": self.gold_skipped,
                "actors_added": self.actors_added, "actors_by_name": self.actors_by_name,
                "actor_conflicts": self.actor_conflicts,
                "per_annotator": dict(sorted(self.per_annotator.items()))}


def layer_digest(layer: Layer) -> str:
    """SHA-256 of a layer's content: status, spans, frames and relations with their ids."""
    spans = sorted((span_dict(s) for s in layer.spans), key=lambda d: d["id"])
    for s in spans:
        s.pop("text")  # taken from the document, which is the same text on both sides
    content = {"status": layer.status.value, "spans": spans,
               "frames": sorted((frame_dict(f) for f in layer.frames), key=lambda d: d["id"]),
               "relations": sorted((relation_dict(r) for r in layer.relations),
                                   key=lambda d: d["id"])}
    return hashlib.sha256(dumps(content).encode()).hexdigest()


def has_work(layer: Layer) -> bool:
    return bool(layer.spans or layer.frames or layer.relations
                or layer.status is not DocStatus.NEW)


# -- actors ---------------------------------------------------------------------------------


def _keys(actor: Actor) -> set[str]:
    return {n.casefold() for n in (actor.name, *actor.aliases) if n}


def _map_actors(lead: Project, incoming: Sequence[Actor], report: MergeReport,
                who: str) -> dict[str, str]:
    """Incoming actor id -> lead actor id, adding actors the lead lacks."""
    known = lead.actors.all()
    by_id = {a.id: a for a in known}
    index: dict[str, set[str]] = {}
    for a in known:
        for k in _keys(a):
            index.setdefault(k, set()).add(a.id)
    out: dict[str, str] = {}
    for actor in sorted(incoming, key=lambda a: (len(a.id), a.id)):
        candidates = set().union(*(index.get(k, set()) for k in _keys(actor)))
        if actor.id in candidates:
            out[actor.id] = actor.id
            continue
        if len(candidates) == 1:
            (mine,) = candidates
            out[actor.id] = mine
            report.actors_by_name.append(
                f"{actor.id} {actor.name!r} there is {mine} {by_id[mine].name!r} here")
            continue
        mine_same_id = by_id.get(actor.id)
        new_id = "" if mine_same_id is not None else actor.id
        added = lead.actors.add(replace(actor, id=new_id), who=who).value
        by_id[added.id] = added
        for k in _keys(added):
            index.setdefault(k, set()).add(added.id)
        out[actor.id] = added.id
        if mine_same_id is not None:
            report.actor_conflicts.append(
                f"{actor.id} is {actor.name!r} there but {mine_same_id.name!r} here: "
                f"added as {added.id}")
        elif len(candidates) > 1:
            report.actor_conflicts.append(
                f"{actor.id} {actor.name!r} matches several actors here "
                f"({', '.join(sorted(candidates))}) by name: added as {added.id}")
        else:
            report.actors_added.append(f"{added.id} {added.name!r}")
    return out


def _remap(layer: Layer, actors: dict[str, str]) -> Layer:
    if not any(s.actor for s in layer.spans):
        return layer
    return replace(layer, spans=tuple(
        replace(s, actor=actors.get(s.actor, s.actor)) if s.actor else s for s in layer.spans))


# -- one file -------------------------------------------------------------------------------


@dataclass(slots=True)
class _Pending:
    plans: list[LayerPlan] = field(default_factory=list)
    replace: list[tuple[int, str, Layer]] = field(default_factory=list)
    status: list[tuple[int, str, str, str]] = field(default_factory=list)
    stamps: list[tuple[str, int, str]] = field(default_factory=list)
    sources: list[tuple[Any, ...]] = field(default_factory=list)
    evidence: list[tuple[str, LayerPlan, dict[str, Evidence], dict[str, Evidence]]] = field(
        default_factory=list)
    """(lead document id, plan, span and frame evidence by the file's ids) of layers with
    pending suggestions: why each was suggested travels with it."""


class _FileMerge:
    def __init__(self, lead: Project, other: Project, source: Path, *, who: str,
                 extend_codebook: bool, report: MergeReport) -> None:
        self.lead = lead
        self.other = other
        self.source = source
        self.who = who
        self.extend = extend_codebook
        self.report = report
        self.db = lead._db
        self.stamp = now()
        self.hashes = {h: (i, int(pk)) for h, i, pk in self.db.execute(
            "SELECT sha256, id, pk FROM documents")}
        self.taken = {i for i, _ in self.hashes.values()}
        self.source_project = other.meta("created_at") or ""

    def document(self, ls: LayerSet) -> tuple[str, int]:
        """The lead's (id, pk) for the file's document, adding it when the lead lacks it."""
        found = self.hashes.get(ls.sha256)
        if found is not None:
            return found
        doc = self.other.documents.get(ls.doc_id)
        doc_id, n = doc.id, 1
        while doc_id in self.taken:
            n += 1
            doc_id = f"{doc.id}-{n}"
        self.lead.documents.insert_many([Document(
            id=doc_id, title=doc.title, text=doc.text, sha256=doc.sha256, meta=doc.meta,
            imported_at=doc.imported_at)])
        pk = self.lead.documents.pk(doc_id)
        self.hashes[ls.sha256] = (doc_id, pk)
        self.taken.add(doc_id)
        self.report.documents_added.append(doc_id if doc_id == ls.doc_id
                                           else f"{doc_id} (was {ls.doc_id})")
        return doc_id, pk

    def plan(self, doc_id: str, text: str, layer: Layer) -> LayerPlan:
        """The layer's rows, checked against the lead's codebook (extended if asked)."""
        if self.extend:
            wanted = missing(self.lead.codebook, layer)
            if wanted:
                try:
                    new = extend(self.lead.codebook, **wanted)
                except InputError as exc:
                    raise InputError(f"document {doc_id}, layer {layer.annotator}: cannot "
                                     f"extend the codebook: {exc.reason}", file=self.source,
                                     field=exc.field) from exc
                version = self.lead.set_codebook(new, who=self.who)
                self.report.codebook = f"extended the codebook (version {version})"
        try:
            return plan_layer(doc_id, text, layer, self.lead.codebook)
        except InputError as exc:
            hint = "" if self.extend else ("; merge with --extend-codebook to add what the "
                                           "lead's codebook lacks")
            raise InputError(f"document {doc_id}, layer {layer.annotator}: {exc.reason}{hint}",
                             file=self.source, field=exc.field) from exc

    def run(self, actors: dict[str, str], progress: ProgressFn | None,
            cancel: Callable[[], None] | None) -> None:
        total = self.other.documents.count()
        done = 0
        for page in _pages(iter_layer_sets(self.other._db, self.other.codebook,
                                           with_text=True), 200):
            if cancel is not None:
                cancel()
            self.merge_page(page, actors)
            done += len(page)
            if progress is not None:
                progress(done, total, f"{self.source.name}: {done:,} of {total:,} documents")

    def merge_page(self, page: Sequence[LayerSet], actors: dict[str, str]) -> None:
        pending = _Pending()
        work = []
        for ls in page:
            layers = {n: layer for n, layer in ls.layers.items() if has_work(layer)}
            if GOLD in layers:
                self.report.gold_skipped += 1
                del layers[GOLD]
            if layers:
                doc_id, pk = self.document(ls)
                self.report.documents += 1
                work.append((ls, doc_id, pk, layers))
        if not work:
            return
        pks = [pk for _, _, pk, _ in work]
        marks = ", ".join("?" for _ in pks)
        stamps = {(r[0], r[1]): r[2] for r in self.db.execute(
            f"SELECT doc, annotator, updated_at FROM layer_stamps WHERE doc IN ({marks})", pks)}
        sources = {(r[0], r[1]): (r[2], r[3]) for r in self.db.execute(
            f"SELECT doc, annotator, layer_sha, layer_updated_at FROM layer_sources "
            f"WHERE doc IN ({marks})", pks)}
        for ls, doc_id, pk, layers in work:
            assert ls.text is not None
            for name, layer in layers.items():
                self.merge_layer(pending, ls, doc_id, pk, _remap(layer, actors),
                                 stamps.get((pk, name)), sources.get((pk, name)))
        self.write(pending)

    def merge_layer(self, pending: _Pending, ls: LayerSet, doc_id: str, pk: int, layer: Layer,
                    lead_stamp: str | None, source: tuple[str, str] | None) -> None:
        name = layer.annotator
        digest = layer_digest(layer)
        theirs = ls.stamps.get(name, "")
        if lead_stamp is not None:
            if source is not None and source == (digest, lead_stamp):
                self.report.layers_same += 1  # merged before and untouched since
                return
            mine = self.lead.annotations.layer_of(pk, name)
            if layer_digest(mine) == digest:
                self.report.layers_same += 1
                return
            if not theirs or theirs <= lead_stamp:
                self.report.kept.append(f"{doc_id} / {name} (here {lead_stamp}, "
                                        f"there {theirs or 'unknown'})")
                return
            pending.replace.append((pk, name, mine))
            self.report.replaced.append(f"{doc_id} / {name}")
        else:
            self.report.layers_added += 1
        assert ls.text is not None
        plan = self.plan(doc_id, ls.text, layer)
        self.report.per_annotator[name] = self.report.per_annotator.get(name, 0) + 1
        pending.plans.append(replace(plan, status=DocStatus.NEW, before=DocStatus.NEW))
        if any(s.state is SpanState.PENDING for s in layer.spans) or any(
                f.state is SpanState.PENDING for f in layer.frames):
            span_ev, frame_ev = self.other.suggestions.evidence(ls.doc_id, name)
            if span_ev or frame_ev:
                pending.evidence.append((doc_id, plan, span_ev, frame_ev))
        if layer.status is not DocStatus.NEW:
            pending.status.append((pk, name, layer.status.value,
                                   ls.status_times.get(name) or theirs or self.stamp))
        pending.stamps.append((theirs or self.stamp, pk, name))
        pending.sources.append((pk, name, str(self.source), self.source_project, ls.doc_id,
                                digest, theirs or self.stamp, self.stamp, self.who))

    def write(self, p: _Pending) -> None:
        db, conn = self.db, self.db.conn
        entries: list[dict[str, Any]] = []
        for pk, name, before in p.replace:
            for table in ("relations", "frames", "spans", "doc_status"):
                db.execute(f"DELETE FROM {table} WHERE doc = ? AND annotator = ?", [pk, name])
            entries.append({"who": self.who, "action": "merge-replace", "entity": "layer",
                            "doc": self.lead_id(pk), "entity_id": name,
                            "before": {"status": before.status.value,
                                       "spans": [span_dict(s) for s in before.spans],
                                       "frames": [frame_dict(f) for f in before.frames],
                                       "relations": [relation_dict(r)
                                                     for r in before.relations]},
                            "after": {"source": str(self.source)}})
        span_keys, frame_keys = write_plans(db, self.lead.log, p.plans, who=self.who,
                                            action="merge", keys=bool(p.evidence))
        rows: list[tuple[int | None, int | None, str, str, float]] = []
        for doc_id, plan, span_ev, frame_ev in p.evidence:
            for old, ev in span_ev.items():
                key = span_keys.get((doc_id, plan.span_ids.get(old, old)))
                if key is not None:
                    rows.append((key, None, ev.engine, ev.rule, ev.score))
            for old, ev in frame_ev.items():
                key = frame_keys.get((doc_id, plan.frame_ids.get(old, old)))
                if key is not None:
                    rows.append((None, key, ev.engine, ev.rule, ev.score))
        conn.executemany("INSERT OR IGNORE INTO evidence (span, frame, engine, rule, score) "
                         "VALUES (?, ?, ?, ?, ?)", rows)
        conn.executemany(
            "INSERT INTO doc_status (doc, annotator, status, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (doc, annotator) DO UPDATE SET status = excluded.status, "
            "updated_at = excluded.updated_at", p.status)
        # The layer's time is the annotator's, not the merge's: later work by them (or by the
        # lead here) is what counts as newer.
        conn.executemany("UPDATE layer_stamps SET updated_at = ? WHERE doc = ? AND annotator = ?",
                         p.stamps)
        conn.executemany(
            "INSERT INTO layer_sources (doc, annotator, source_file, source_project, "
            "source_doc, layer_sha, layer_updated_at, merged_at, merged_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (doc, annotator) DO UPDATE SET "
            "source_file = excluded.source_file, source_project = excluded.source_project, "
            "source_doc = excluded.source_doc, layer_sha = excluded.layer_sha, "
            "layer_updated_at = excluded.layer_updated_at, merged_at = excluded.merged_at, "
            "merged_by = excluded.merged_by", p.sources)
        self.lead.log.record_many(entries)

    def lead_id(self, pk: int) -> str:
        return str(self.db.execute("SELECT id FROM documents WHERE pk = ?", [pk]).fetchone()[0])


def _pages(items: Iterable[LayerSet], size: int) -> Iterable[list[LayerSet]]:
    page: list[LayerSet] = []
    for item in items:
        page.append(item)
        if len(page) >= size:
            yield page
            page = []
    if page:
        yield page


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def merge_projects(lead: Project, sources: Sequence[str | os.PathLike[str]], *,
                   who: str = "claimdesk", extend_codebook: bool = False,
                   progress: ProgressFn | None = None,
                   cancel: Callable[[], None] | None = None) -> tuple[list[MergeReport], Change]:
    """Merge every file in ``sources`` into ``lead`` in one transaction (all or nothing).

    ``cancel`` is called between pages and stops the run by raising (nothing is written).

    Raises:
        InputError: a file is the lead itself, or a layer does not fit the lead's codebook
            (without ``extend_codebook``); the message names the file, document, layer and
            field.
        StoreError: a file cannot be opened as a Claimdesk project.
    """
    reports: list[MergeReport] = []
    before_codebook = lead.codebook_version
    with lead.transaction():
        for raw in sources:
            path = Path(raw)
            if lead.path is not None and _same_file(path, lead.path):
                raise InputError("this is the lead project itself", file=path)
            report = MergeReport(source=str(path))
            with open_project(path, readonly=True) as other:
                if other.codebook.source != lead.codebook.source:
                    report.codebook = "codebook differs: every layer checked against the lead's"
                actors = _map_actors(lead, other.actors.all(), report, who)
                merge = _FileMerge(lead, other, path, who=who, extend_codebook=extend_codebook,
                                   report=report)
                merge.run(actors, progress, cancel)
            if report.changed:  # a run that changes nothing leaves no trace either
                lead.log.record(who=who, action="merge", entity="project",
                                entity_id=str(path),
                                after=report.to_json() | {"replaced": len(report.replaced),
                                                           "kept": len(report.kept)})
            reports.append(report)
    lead.forget_cached()
    changed = any(r.changed for r in reports)
    return reports, Change(reload=changed, corpus=any(r.documents_added for r in reports),
                           codebook=lead.codebook_version != before_codebook,
                           actors=frozenset(), links=changed)


def merge_project(lead: Project, source: str | os.PathLike[str], **kw: Any) -> MergeReport:
    """One file; see ``merge_projects``."""
    return merge_projects(lead, [source], **kw)[0][0]



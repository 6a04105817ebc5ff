"""`claimdesk batch`: one project file per annotator with their documents.

Each file is a complete project: the lead's codebook (same TOML), the whole actor registry
(same ids, so links merge back without conflicts), the documents given to the annotator (same
ids, text, title and meta) and whatever that annotator already has on them in the lead's
project. A file is built under a temporary name and renamed into place only when complete;
an existing file is never overwritten.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from desktop.core.errors import InputError
from desktop.core.model import DocStatus
from desktop.store._util import dumps, now
from desktop.store.merging import has_work
from desktop.store.opening import open_project
from desktop.store.project import Project

ProgressFn = Callable[[int, int, str], None]


def batch_file_name(annotator: str) -> str:
    """A file name for ``annotator``'s batch: letters, digits, ``-``, ``_`` and ``.`` kept."""
    stem = re.sub(r"[^\w.-]+", "_", annotator, flags=re.UNICODE).strip("._") or "annotator"
    return f"{stem}.claimdesk"


def documents_with_statuses(project: Project, statuses: frozenset[DocStatus]) -> list[str]:
    """Document ids (corpus order) whose status is in ``statuses`` for everyone who has one.

    A document nobody has a status on counts as new.
    """
    db = project._db
    if not statuses:
        return project.documents.ids()
    values = sorted(s.value for s in statuses)
    marks = ", ".join("?" for _ in values)
    need_row = "" if DocStatus.NEW in statuses else (
        "AND EXISTS (SELECT 1 FROM doc_status st WHERE st.doc = d.pk)")
    return [r[0] for r in db.execute(
        f"SELECT d.id FROM documents d WHERE NOT EXISTS (SELECT 1 FROM doc_status st "
        f"WHERE st.doc = d.pk AND st.status NOT IN ({marks})) {need_row} ORDER BY d.pk",
        values)]


def write_batch(lead: Project, out: Path, assignments: Mapping[str, Sequence[str]], *,
                meta: Mapping[str, object] | None = None, who: str = "claimdesk",
                progress: ProgressFn | None = None,
                cancel: Callable[[], None] | None = None) -> dict[str, Path]:
    """Write ``out/<annotator>.claimdesk`` for every annotator (-> its document ids).

    ``meta`` is stored in each file's project table under ``batch`` (with the annotator, the
    lead's path and the time), and ``last_annotator`` is set so the GUI opens the file as that
    annotator. Nothing is written when a target exists. ``cancel`` may raise between
    documents; files finished by then stay, the one being built is removed.
    """
    out.mkdir(parents=True, exist_ok=True)
    targets = {a: out / batch_file_name(a) for a in assignments}
    if len(set(targets.values())) != len(targets):
        raise InputError("two annotator names give the same file name", field="annotators")
    for target in targets.values():
        if target.exists():
            raise InputError("already exists; remove it or choose another --out",
                             file=target)
    total = sum(len(ids) for ids in assignments.values())
    done = 0
    actors = lead.actors.all()
    stamp = now()
    for annotator, ids in assignments.items():
        target = targets[annotator]
        part = target.with_name(f".{target.name}.part")
        _remove(part)
        try:
            with open_project(part, create=True, codebook=lead.codebook,
                              who=who) as p, p.transaction():
                p.set_meta("batch", dumps({**(meta or {}), "annotator": annotator,
                                           "lead": str(lead.path or ""),
                                           "created_at": stamp, "documents": len(ids)}))
                p.set_meta("last_annotator", annotator)
                p.annotations.ensure_annotator(annotator)
                for actor in actors:
                    p.actors.add(actor, who=who)
                for start in range(0, len(ids), 500):
                    if cancel is not None:
                        cancel()
                    chunk = ids[start:start + 500]
                    docs = [lead.documents.get(i) for i in chunk]
                    p.documents.insert_many(docs)
                    plans = []
                    for doc in docs:
                        layer = lead.annotations.layer(doc.id, annotator)
                        if has_work(layer):
                            plans.append(p.bulk.plan(doc.id, doc.text, layer))
                    p.bulk.write(plans, who=who)
                    done += len(chunk)
                    if progress is not None:
                        progress(done, total, f"{target.name}: {len(ids):,} documents")
            os.replace(part, target)
        finally:
            _remove(part)
    return targets


def _remove(path: Path) -> None:
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"),
              path.with_name(path.name + "-journal")):
        if p.exists():
            p.unlink()

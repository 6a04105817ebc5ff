"""Every call that ``desktop.formats`` makes into the store, in one place.

The import and export pipelines (``importing``, ``storing``, ``extending``, ``exporting``)
reach a project only through these functions; readers and writers never see one. A change
of the store's API is therefore one edit here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from desktop.core.codebook import Codebook
from desktop.core.errors import InputError
from desktop.core.model import Actor, AnnotatedDocument, DocStatus, Document, Evidence, Layer
from desktop.store import LayerPlan, Project, output_problem


def refuse_project_output(project: Project | None, target: Path, *, field: str) -> None:
    """Raise ``InputError`` when writing ``target`` would overwrite a project (the open
    one, its ``-wal``/``-shm``, or any Claimdesk project file)."""
    problem = output_problem(target, [project.path] if project and project.path else [])
    if problem:
        raise InputError(f"{problem}; writing there would destroy it. Choose another "
                         "output.", field=field)


# -- the codebook -------------------------------------------------------------------------


def codebook(project: Project) -> Codebook:
    return project.codebook


def codebook_version(project: Project) -> int:
    return project.codebook_version


def set_codebook(project: Project, new: Codebook, *, who: str) -> None:
    project.set_codebook(new, who=who)


# -- import -------------------------------------------------------------------------------


def transaction(project: Project) -> AbstractContextManager[Any]:
    """All writes inside land together, or none."""
    return project.transaction()


def ids_for_hashes(project: Project, hashes: Iterable[str]) -> dict[str, str]:
    """SHA-256 of the text -> document id, for those of ``hashes`` the project has."""
    return project.documents.ids_for_hashes(hashes)


def existing_ids(project: Project, ids: Iterable[str]) -> set[str]:
    """Those of ``ids`` that are document ids in the project."""
    return project.documents.existing_ids(ids)


def text_with_hash(project: Project, sha: str) -> str | None:
    doc_id = project.documents.id_for_hash(sha)
    return project.documents.get(doc_id).text if doc_id is not None else None


def insert_documents(project: Project, docs: Iterable[Document]) -> None:
    project.documents.insert_many(docs)


def merge_layer(project: Project, doc_id: str, layer: Layer, *, who: str,
                validated: bool) -> Mapping[str, int]:
    """Merge a layer into a stored document's layer; counts of what was added and skipped."""
    return project.bulk.merge(doc_id, layer, who=who, validated=validated).value


class NewLayers:
    """Layers for documents new in this import, planned one by one and written in bulk."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.plans: list[LayerPlan] = []

    def __len__(self) -> int:
        return len(self.plans)

    def plan(self, doc_id: str, text: str, layer: Layer, *,
             validated: bool) -> Mapping[str, int]:
        """Plan one layer (errors name its fields); its counts of spans, frames, relations
        and duplicates."""
        plan = self.project.bulk.plan(doc_id, text, layer, validated=validated)
        self.plans.append(plan)
        return plan.counts()

    def clear(self) -> None:
        self.plans.clear()

    def write(self, *, who: str) -> None:
        """Write the planned layers (their documents must be inserted first)."""
        if self.plans:
            self.project.bulk.write(self.plans, who=who)
            self.plans.clear()


def find_actor(project: Project, actor_id: str) -> Actor | None:
    return project.actors.find(actor_id)


def actor_by_name(project: Project, name: str) -> Actor | None:
    return project.actors.by_name(name)


def add_actor(project: Project, actor: Actor, *, who: str) -> Actor:
    return project.actors.add(actor, who=who).value


def update_actor(project: Project, actor: Actor, *, who: str) -> None:
    project.actors.update(actor, who=who)


def log_import(project: Project, *, who: str, added: int, known: int) -> None:
    project.log.record(who=who, action="import", entity="documents",
                       after={"added": added, "known": known})


# -- export -------------------------------------------------------------------------------


def annotators(project: Project) -> list[str]:
    return project.annotations.annotators()


def count_layers(project: Project, *, annotator: str, statuses: frozenset[DocStatus]) -> int:
    """How many documents ``layers`` yields."""
    return project.count_documents(annotator, statuses=statuses)


def layers(project: Project, *, annotator: str,
           statuses: frozenset[DocStatus]) -> Iterator[AnnotatedDocument]:
    """Every document (with one of ``statuses``, when given) with the layer of ``annotator``,
    in corpus order, streamed a page at a time."""
    return project.iter_layers(annotator, statuses=statuses)


def layer_overview(project: Project, annotator: str, *,
                   statuses: frozenset[DocStatus]) -> Iterator[tuple[str, DocStatus, bool]]:
    """(id, status, has annotations) of each document ``layers`` would yield."""
    return project.layer_overview(annotator, statuses=statuses)


def has_work(project: Project, annotator: str) -> bool:
    """True when ``annotator``'s layer holds any annotation or status."""
    return project.annotators.has_work(annotator)


def evidence(project: Project, doc_id: str, annotator: str) -> dict[str, Evidence]:
    """Span or frame id -> why the assistant suggested it, for one layer of one document."""
    spans, frames = project.suggestions.evidence(doc_id, annotator)
    return {**spans, **frames}

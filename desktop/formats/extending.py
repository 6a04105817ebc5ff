"""``--extend-codebook``: add the labels, roles, attributes and relation types a record uses.

Readers run with ``extend=True`` let unknown names through; ``extend_project`` wraps the record
stream and, before a record reaches the store, stores a new codebook version holding whatever
that record needs. It runs inside the import transaction, so a failed import leaves the codebook
as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from desktop.core.codebook_gaps import missing
from desktop.core.codebook_toml import extend
from desktop.core.errors import InputError
from desktop.formats.records import ImportRecord
from desktop.store import Project


def extend_project(project: Project, records: Iterable[ImportRecord], *,
                   who: str) -> Iterator[ImportRecord]:
    """Pass records through, first storing a codebook version with anything they lack."""
    for rec in records:
        if rec.layer is not None:
            wanted = missing(project.codebook, rec.layer)
            if wanted:
                try:
                    cb = extend(project.codebook, **wanted)
                except InputError as exc:
                    raise InputError(f"cannot extend the codebook: {exc.reason}",
                                     file=rec.file or None, line=rec.line,
                                     field=exc.field) from exc
                project.set_codebook(cb, who=who)
        yield rec

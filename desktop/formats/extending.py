"""``--extend-codebook``: add the labels, roles, attributes and relation types a record uses.

Readers run with ``extend=True`` reject every problem but those ``Problem.codebook_extensible``
names. ``extend_project`` wraps the record stream and, before a record reaches the store,
stores a new codebook version that adds exactly what the validator finds missing, so the
record then fits the codebook without being checked again. It runs inside the import
transaction, so a failed import leaves the codebook as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from desktop.core.codebook_gaps import missing
from desktop.core.codebook_toml import extend
from desktop.core.errors import InputError
from desktop.formats import store_calls as store
from desktop.formats.records import ImportRecord
from desktop.formats.sources import OnError
from desktop.store import Project


def extend_project(project: Project, records: Iterable[ImportRecord], *, who: str,
                   on_error: OnError | None = None) -> Iterator[ImportRecord]:
    """Pass records through, first storing a codebook version with anything they lack.

    A record whose names no codebook can hold raises, or with ``on_error`` is reported there
    and left out (the stream goes on).
    """
    for rec in records:
        if rec.layer is not None:
            current = store.codebook(project)
            wanted = missing(current, rec.layer)
            if wanted:
                try:
                    cb = extend(current, **wanted)
                except InputError as exc:
                    bad = InputError(f"cannot extend the codebook: {exc.reason}",
                                     file=rec.file or None, line=rec.line, field=exc.field)
                    if on_error is None:
                        raise bad from exc
                    on_error(bad)
                    continue
                store.set_codebook(project, cb, who=who)
        yield rec

"""What a store write changed: a small value computed where the SQL runs.

Every write of ``desktop.store`` returns a ``Change`` (inside ``Written``). The UI hands it to
one sink (``Workspace.apply``) that patches its caches and tells the views, so no caller ever
guesses what to refresh (the idea of Anki's ``OpChanges``).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Generic, TypeVar

T = TypeVar("T")

_EMPTY: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Change:
    """Ids and flags of what changed; every field empty or False means nothing did.

    ``doc`` and ``layer`` name the one annotator layer of one document an edit touched
    (None for registry, corpus or codebook changes). ``status`` is set only when a status row
    really changed; ``links`` when actor links of spans anywhere may have moved (merging or
    deleting an actor); ``reload`` when the change is too large to list (an import by another
    connection): everything must be read again.
    """

    doc: str | None = None
    layer: str | None = None
    spans_added: frozenset[str] = _EMPTY
    spans_updated: frozenset[str] = _EMPTY
    spans_removed: frozenset[str] = _EMPTY
    frames: frozenset[str] = _EMPTY
    relations: frozenset[str] = _EMPTY
    status: bool = False
    actors: frozenset[str] = _EMPTY
    links: bool = False
    corpus: bool = False
    codebook: bool = False
    reload: bool = False

    @property
    def spans(self) -> frozenset[str]:
        """Every span id added, updated or removed."""
        return self.spans_added | self.spans_updated | self.spans_removed

    @property
    def annotations(self) -> bool:
        """True when spans, frames or relations of ``doc``'s ``layer`` changed."""
        return bool(self.spans_added or self.spans_updated or self.spans_removed
                    or self.frames or self.relations)

    @property
    def structure(self) -> bool:
        """True when frames or relations changed (not only spans)."""
        return bool(self.frames or self.relations)

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self) if f.name not in ("doc", "layer"))

    def touches(self, doc: str | None, layer: str | None) -> bool:
        """True when this change may alter ``layer``'s annotations of ``doc``."""
        if self.reload or self.links:
            return True
        return (self.doc is not None and self.doc == doc and self.layer == layer
                and (self.annotations or self.status))

    def merged(self, other: Change) -> Change:
        """Both changes as one (they must concern the same layer, or one of them none)."""
        if self.doc is not None and other.doc is not None and (
                self.doc, self.layer) != (other.doc, other.layer):
            raise ValueError("cannot merge changes of different documents or layers")
        added: set[str] = set()
        updated: set[str] = set()
        removed: set[str] = set()
        for sid in self.spans | other.spans:
            # Was the span there before ``self`` and is it there after ``other``?
            if sid in self.spans:
                before = sid not in self.spans_added
            else:
                before = sid not in other.spans_added
            if sid in other.spans:
                after = sid not in other.spans_removed
            else:
                after = sid not in self.spans_removed
            if after and not before:
                added.add(sid)
            elif before and not after:
                removed.add(sid)
            elif before and after:
                updated.add(sid)
        return Change(
            doc=self.doc if self.doc is not None else other.doc,
            layer=self.layer if self.doc is not None else other.layer,
            spans_added=frozenset(added), spans_updated=frozenset(updated),
            spans_removed=frozenset(removed),
            frames=self.frames | other.frames, relations=self.relations | other.relations,
            status=self.status or other.status, actors=self.actors | other.actors,
            links=self.links or other.links, corpus=self.corpus or other.corpus,
            codebook=self.codebook or other.codebook, reload=self.reload or other.reload)


@dataclass(frozen=True, slots=True)
class Written(Generic[T]):
    """The result of a store write (``value``, e.g. the span with its new id) and its Change."""

    value: T
    change: Change

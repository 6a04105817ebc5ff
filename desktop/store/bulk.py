"""Whole layers in bulk, for imports and merges (``project.bulk``).

The merge rule itself (what counts as the same span, how ids are settled) is
``desktop.store.merge.plan_layer``; this repository runs it against the stored layer and
writes the planned rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from desktop.core.changes import Change, Written
from desktop.core.model import Layer
from desktop.store._base import Context, Repo
from desktop.store.merge import LayerPlan, LayerState, plan_layer, write_plans
from desktop.store.reading import AnnotationReader


class BulkRepo(Repo):
    def __init__(self, ctx: Context, reader: AnnotationReader) -> None:
        super().__init__(ctx)
        self._read = reader

    def plan(self, doc_id: str, text: str, layer: Layer, *,
             validated: bool = False) -> LayerPlan:
        """Validate a whole layer for a document that has none yet (no reads: pure).

        ``validated``: the caller already checked it (see ``merge.plan_layer``).
        """
        return plan_layer(doc_id, text, layer, self._ctx.codebook(), validated=validated)

    def write(self, plans: Sequence[LayerPlan], *, who: str) -> Change:
        """Insert planned layers in bulk (a savepoint inside the caller's transaction)."""
        with self._ctx.write():
            write_plans(self._db, self._log, plans, who=who)
        return Change(reload=True) if plans else Change()

    def merge(self, doc_id: str, layer: Layer, *, who: str,
              validated: bool = False) -> Written[Mapping[str, int]]:
        """Bring an imported layer into the store without duplicating identical annotations.

        The value counts what was added and the identical annotations skipped.
        """
        with self._ctx.write():
            doc_pk, text = self._doc(doc_id)
            stored = self._read.layer_of(doc_pk, layer.annotator)
            plan = plan_layer(doc_id, text, layer, self._ctx.codebook(),
                              state=LayerState.of(stored), before=stored.status,
                              validated=validated)
            write_plans(self._db, self._log, [plan], who=who)
        return Written(plan.counts(), Change(reload=True))

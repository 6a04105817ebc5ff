"""A flat model of the shown layer's relations: type, then head text → tail text.

Rows are keyed by relation id and diffed (``TreeModel.sync``), so the selection survives
every refresh. Nothing here is editable: relations are made with the R gesture and removed
with "Delete relation" (both through Workspace methods, undoable).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from desktop.core.model import Layer, Relation, Span
from desktop.ui.models.annotation_model import AnnRole, short
from desktop.ui.models.tree_model import Node, NodeKind, TreeModel
from desktop.ui.workspace import Workspace

Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole

REL_ID = int(Qt.ItemDataRole.UserRole) + 20
"""Custom role: the relation id of a row."""


def _text(span: Span | None, sid: str, limit: int = 0) -> str:
    """The span's text on one line (cut to ``limit`` characters if given)."""
    if span is None:
        return f"(missing span {sid})"
    text = short(span.text)
    return text if not limit or len(text) <= limit else text[:limit - 1] + "…"


@dataclass(frozen=True, slots=True)
class RelationRow:
    """A relation with its head and tail spans (None when missing)."""

    relation: Relation
    head: Span | None
    tail: Span | None


class RelationListModel(TreeModel):
    """One row per relation: column 0 the type, column 1 "head text → tail text"."""

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(2)
        self.ws = workspace

    def refresh(self, layer: Layer) -> None:
        spans = {s.id: s for s in layer.spans}
        self.sync([Node(NodeKind.RELATION, r.id,
                        RelationRow(r, spans.get(r.head), spans.get(r.tail)))
                   for r in layer.relations])

    def relation(self, index: Index) -> Relation | None:
        node = self.node(index)
        return node.payload.relation if node is not None else None

    def relation_index(self, rel_id: str) -> QModelIndex:
        node = next((n for n in self.root.children if n.key == rel_id), None)
        return self.index_of(node) if node is not None else QModelIndex()

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = _DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != _DISPLAY:
            return None
        return ("Relation", "Head → tail")[section] if section in (0, 1) else None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        node = self.node(index)
        if node is None:
            return None
        row: RelationRow = node.payload
        rel, head, tail = row.relation, row.head, row.tail
        col = index.column()
        if role == REL_ID:
            return rel.id
        if role == AnnRole.SPAN_ID:
            return rel.head
        if role == AnnRole.KIND:
            return int(node.kind)
        if role == _DISPLAY:
            if col == 0:
                return f"{rel.label} {rel.id}"
            # The head (often a long quote) is cut so the tail stays visible in the row.
            return f"{_text(head, rel.head, 30)} → {_text(tail, rel.tail, 40)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            rtype = self.ws.codebook.relation_type(rel.label)
            what = f"{rel.label}: {rtype.description}" if rtype and rtype.description \
                else rel.label
            ends = (f"head {rel.head} ({head.label if head else '?'}): {_text(head, rel.head)}"
                    f"\ntail {rel.tail} ({tail.label if tail else '?'}): "
                    f"{_text(tail, rel.tail)}")
            return f"{what}\n{ends}"
        if role == Qt.ItemDataRole.DecorationRole and col == 1 and head is not None:
            label = self.ws.codebook.label(head.label)
            return QColor(label.color) if label is not None else None
        if role == Qt.ItemDataRole.FontRole and col == 0:
            font = QFont()
            font.setBold(True)
            return font
        return None

"""A small keyed tree model that updates itself by diffing, so views keep their state.

Subclasses build the wanted tree as plain ``Node`` objects and call ``sync(nodes)``; rows are
inserted, removed and changed with the proper ``begin*/end*`` calls (keyed by ``Node.key``),
so selection, expansion and scroll position survive every refresh.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


class NodeKind(IntEnum):
    GROUP = 1
    SPAN = 2
    FRAME = 3
    FILLER = 4
    RELATION = 5


LEAF_KINDS = frozenset({NodeKind.SPAN, NodeKind.FILLER, NodeKind.RELATION})
"""Rows that never have children (so views need not ask)."""

_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_LEAF_FLAGS = _FLAGS | Qt.ItemFlag.ItemNeverHasChildren
EDITABLE = Qt.ItemFlag.ItemIsEditable


@dataclass(eq=False)
class Node:
    kind: NodeKind
    key: str
    payload: Any = None
    children: list[Node] = field(default_factory=list)
    parent: Node | None = None
    row: int = 0


def _opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """SequenceMatcher's opcodes, computed only between the common prefix and suffix.

    An edit inserts or removes a row or two among thousands; matching only the middle keeps
    a refresh linear (and cheap) instead of running the matcher over the whole list.
    """
    lo = 0
    n = min(len(a), len(b))
    while lo < n and a[lo] == b[lo]:
        lo += 1
    hi = 0
    while hi < n - lo and a[len(a) - 1 - hi] == b[len(b) - 1 - hi]:
        hi += 1
    middle = SequenceMatcher(a=a[lo:len(a) - hi], b=b[lo:len(b) - hi],
                             autojunk=False).get_opcodes()
    return [(tag, i1 + lo, i2 + lo, j1 + lo, j2 + lo) for tag, i1, i2, j1, j2 in middle
            if tag != "equal"]


def _adopt(parent: Node, nodes: Sequence[Node]) -> None:
    for node in nodes:
        node.parent = parent
        for i, child in enumerate(node.children):
            child.row = i
        _adopt(node, node.children)


class TreeModel(QAbstractItemModel):
    """Base class: holds the ``Node`` tree and implements the index/parent plumbing."""

    def __init__(self, columns: int) -> None:
        super().__init__()
        self.root = Node(NodeKind.GROUP, "")
        self._columns = columns

    # -- structure -----------------------------------------------------------------------

    def node(self, index: Index) -> Node | None:
        if not index.isValid():
            return None
        node = index.internalPointer()
        return node if isinstance(node, Node) else None

    def index_of(self, node: Node, column: int = 0) -> QModelIndex:
        if node is self.root or node.parent is None:
            return QModelIndex()
        return self.createIndex(node.row, column, node)

    def walk(self) -> list[Node]:
        out: list[Node] = []
        stack = list(reversed(self.root.children))
        while stack:
            n = stack.pop()
            out.append(n)
            stack.extend(reversed(n.children))
        return out

    def find(self, kind: NodeKind, key: str) -> Node | None:
        return next((n for n in self.walk() if n.kind == kind and n.key == key), None)

    def sync(self, nodes: Sequence[Node]) -> None:
        """Make the tree equal to ``nodes`` with minimal inserts, removals and changes."""
        self._sync(self.root, list(nodes))

    def _sync(self, old: Node, new: list[Node]) -> None:
        parent_index = self.index_of(old)
        old_keys = [c.key for c in old.children]
        new_keys = [c.key for c in new]
        if old_keys != new_keys:
            for tag, i1, i2, j1, j2 in reversed(_opcodes(old_keys, new_keys)):
                if tag in ("delete", "replace"):
                    self.beginRemoveRows(parent_index, i1, i2 - 1)
                    del old.children[i1:i2]
                    self._renumber(old)
                    self.endRemoveRows()
                if tag in ("insert", "replace"):
                    added = new[j1:j2]
                    self.beginInsertRows(parent_index, i1, i1 + len(added) - 1)
                    old.children[i1:i1] = added
                    _adopt(old, added)
                    self._renumber(old)
                    self.endInsertRows()
        changed: list[int] = []
        for mine, wanted in zip(old.children, new, strict=True):
            if mine is wanted:
                continue  # just inserted
            if mine.payload != wanted.payload:
                mine.payload = wanted.payload
                changed.append(mine.row)
            if mine.children or wanted.children:
                self._sync(mine, wanted.children)
        self.rows_changed(old, changed)

    # -- single-row edits (for models that patch themselves from a Change) ----------------

    def insert_row(self, parent: Node, row: int, node: Node) -> None:
        self.beginInsertRows(self.index_of(parent), row, row)
        parent.children.insert(row, node)
        _adopt(parent, [node])
        node.parent = parent
        self._renumber(parent)
        self.endInsertRows()

    def remove_row(self, parent: Node, row: int) -> None:
        self.beginRemoveRows(self.index_of(parent), row, row)
        del parent.children[row]
        self._renumber(parent)
        self.endRemoveRows()

    def set_payload(self, node: Node, payload: Any) -> None:
        if node.payload != payload and node.parent is not None:
            node.payload = payload
            self.rows_changed(node.parent, [node.row])

    def rows_changed(self, parent: Node, rows: Sequence[int]) -> None:
        """Emit ``dataChanged`` for ``rows`` of ``parent``: one signal per run of rows."""
        if not rows:
            return
        last = self._columns - 1
        start = prev = rows[0]
        for row in [*rows[1:], -2]:
            if row != prev + 1:
                self.dataChanged.emit(self.createIndex(start, 0, parent.children[start]),
                                      self.createIndex(prev, last, parent.children[prev]))
                start = row
            prev = row

    @staticmethod
    def _renumber(parent: Node) -> None:
        for i, child in enumerate(parent.children):
            child.row = i

    # -- Qt model API --------------------------------------------------------------------

    # index, rowCount and flags are called by QTreeView for every expanded row each time it
    # lays the tree out (after any row is inserted or removed), so they are kept lean.

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= self._columns or row < 0:
            return QModelIndex()
        pnode = parent.internalPointer() if parent.isValid() else self.root
        if not isinstance(pnode, Node) or row >= len(pnode.children):
            return QModelIndex()
        return self.createIndex(row, column, pnode.children[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        node = self.node(index)
        if node is None or node.parent is None or node.parent is self.root:
            return QModelIndex()
        return self.createIndex(node.parent.row, 0, node.parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            if parent.column() != 0:
                return 0
            node = parent.internalPointer()
            return len(node.children) if isinstance(node, Node) else 0
        return len(self.root.children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return self._columns

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return _NO_FLAGS
        node = index.internalPointer()
        return _LEAF_FLAGS if isinstance(node, Node) and node.kind in LEAF_KINDS else _FLAGS

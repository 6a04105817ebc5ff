"""The actor registry as a table model: name, kind, aliases and mention counts."""

from __future__ import annotations

from dataclasses import replace
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.core.model import Actor
from desktop.ui.workspace import Workspace

Index = QModelIndex | QPersistentModelIndex
ALIAS_SEPARATOR = "; "


class ActorRole(IntEnum):
    ACTOR_ID = Qt.ItemDataRole.UserRole + 1
    CHOICES = Qt.ItemDataRole.UserRole + 2
    FILTER = Qt.ItemDataRole.UserRole + 3
    SORT = Qt.ItemDataRole.UserRole + 4


class ActorColumn(IntEnum):
    NAME = 0
    KIND = 1
    ALIASES = 2
    MENTIONS = 3


_HEADERS = {ActorColumn.NAME: "Name", ActorColumn.KIND: "Kind",
            ActorColumn.ALIASES: "Aliases", ActorColumn.MENTIONS: "Mentions"}


def parse_aliases(text: str) -> tuple[str, ...]:
    """Aliases typed as "A; B; C" (semicolons, since names may contain commas)."""
    out: list[str] = []
    for part in text.replace("\n", ";").split(";"):
        alias = " ".join(part.split())
        if alias and alias not in out:
            out.append(alias)
    return tuple(out)


class ActorTableModel(QAbstractTableModel):
    """Every registry actor; edits go through ``Workspace.update_actor`` (undoable)."""

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.ws = workspace
        self.actors: list[Actor] = []
        self.counts: dict[str, int] = {}
        self._row_of: dict[str, int] = {}
        self.reload()

    def reload(self) -> None:
        """Re-read the registry; same ids in the same order only emit ``dataChanged``."""
        actors = self.ws.project.actors.all()
        counts = self.ws.project.actors.mention_counts()
        if [a.id for a in actors] == [a.id for a in self.actors]:
            changed = [i for i, a in enumerate(actors)
                       if a != self.actors[i] or counts.get(a.id) != self.counts.get(a.id)]
            self.actors, self.counts = actors, counts
            if changed:
                self.dataChanged.emit(self.index(min(changed), 0),
                                      self.index(max(changed), len(ActorColumn) - 1))
            return
        self.beginResetModel()
        self.actors, self.counts = actors, counts
        self._row_of = {a.id: i for i, a in enumerate(actors)}
        self.endResetModel()

    def row_of(self, actor_id: str) -> int | None:
        return self._row_of.get(actor_id)

    def actor(self, row: int) -> Actor:
        return self.actors[row]

    # -- Qt model API --------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.actors)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(ActorColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(ActorColumn)):
            return _HEADERS[ActorColumn(section)]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() != ActorColumn.MENTIONS:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.actors):
            return None
        a = self.actors[index.row()]
        col = ActorColumn(index.column())
        if role == ActorRole.ACTOR_ID:
            return a.id
        if role == ActorRole.FILTER:
            return " ".join((a.name, *a.aliases))
        if role == ActorRole.CHOICES:
            if col != ActorColumn.KIND:
                return None
            kinds = list(self.ws.codebook.actor_kinds)
            return kinds if a.kind in kinds else [*kinds, a.kind]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, ActorRole.SORT):
            if col == ActorColumn.NAME:
                return a.name.casefold() if role == ActorRole.SORT else a.name
            if col == ActorColumn.KIND:
                return a.kind
            if col == ActorColumn.ALIASES:
                return ALIAS_SEPARATOR.join(a.aliases)
            n = self.counts.get(a.id, 0)
            return n if role == ActorRole.SORT else str(n)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == ActorColumn.ALIASES:
                return ("Aliases, separated by semicolons" if not a.aliases
                        else "\n".join(a.aliases))
            if col == ActorColumn.MENTIONS:
                return "Linked spans across the corpus (all layers)"
            return f"{a.name} ({a.kind}) · id {a.id}"
        if role == Qt.ItemDataRole.TextAlignmentRole and col == ActorColumn.MENTIONS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        a = self.actors[index.row()]
        text = "" if value is None else str(value)
        col = ActorColumn(index.column())
        if col == ActorColumn.NAME:
            name = " ".join(text.split())
            if not name:
                return False
            new = replace(a, name=name)
        elif col == ActorColumn.KIND:
            if not text:
                return False
            new = replace(a, kind=text)
        elif col == ActorColumn.ALIASES:
            new = replace(a, aliases=tuple(x for x in parse_aliases(text) if x != a.name))
        else:
            return False
        return new != a and self.ws.update_actor(new)

"""One id allocator: ``s<n>``, ``f<n>``, ``r<n>`` in a layer, ``a<n>`` in the registry.

A new id is ``prefix`` followed by one more than the largest numeric suffix already used with
that prefix (``s2``, ``s10`` and ``sx9`` give ``s11``). In the database that maximum is computed
in SQL, so a key press never pulls a long article's ids into Python; during a bulk plan an
``IdPool`` keeps the maximum as ids are taken, so allocating is O(1) however large the layer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlite_utils import Database


def _number(ident: str, prefix: str) -> int:
    rest = ident[len(prefix):]
    return int(rest) if ident.startswith(prefix) and rest.isdigit() else 0


class IdPool:
    """Ids in use for one prefix; ``take`` keeps a wanted id when it is free."""

    __slots__ = ("_top", "_unread", "prefix", "used")

    def __init__(self, prefix: str, used: Iterable[str] = ()) -> None:
        self.prefix = prefix
        self.used: set[str] = set(used)
        self._top = 0
        # Numbers are read only when a fresh id is wanted, and each id at most once: an
        # import that keeps every incoming id (the usual case) never parses one.
        self._unread: list[str] = list(self.used)

    def __contains__(self, ident: object) -> bool:
        return ident in self.used

    def add(self, ident: str) -> None:
        if ident not in self.used:
            self.used.add(ident)
            self._unread.append(ident)

    def new(self) -> str:
        """A fresh id after the largest numeric one in use."""
        if self._unread:
            prefix = self.prefix
            self._top = max(self._top, *(_number(x, prefix) for x in self._unread))
            self._unread.clear()
        self._top += 1
        ident = f"{self.prefix}{self._top}"
        self.used.add(ident)
        return ident

    def take(self, wanted: str) -> str:
        """``wanted`` if it is non-empty and free, else a fresh id."""
        if wanted and wanted not in self.used:
            self.used.add(wanted)
            self._unread.append(wanted)
            return wanted
        return self.new()


def next_id(used: Sequence[str], prefix: str) -> str:
    """The id ``IdPool(prefix, used).new()`` would give."""
    return IdPool(prefix, used).new()


def next_layer_id(db: Database, table: str, doc_pk: int, annotator: str, prefix: str) -> str:
    """The next ``prefix<n>`` of one document layer in ``table``, computed in SQL."""
    row = db.execute(
        f"SELECT max(CAST(substr(id, {len(prefix) + 1}) AS INTEGER)) FROM {table} "
        "WHERE doc = ? AND annotator = ? AND substr(id, 1, ?) = ? "
        f"AND length(id) > ? AND substr(id, {len(prefix) + 1}) NOT GLOB '*[^0-9]*'",
        [doc_pk, annotator, len(prefix), prefix, len(prefix)]).fetchone()
    return f"{prefix}{int(row[0] or 0) + 1}"


def next_registry_id(db: Database, prefix: str = "a") -> str:
    """The next actor id, computed in SQL like ``next_layer_id``."""
    row = db.execute(
        f"SELECT max(CAST(substr(id, {len(prefix) + 1}) AS INTEGER)) FROM actors "
        "WHERE substr(id, 1, ?) = ? AND length(id) > ? "
        f"AND substr(id, {len(prefix) + 1}) NOT GLOB '*[^0-9]*'",
        [len(prefix), prefix, len(prefix)]).fetchone()
    return f"{prefix}{int(row[0] or 0) + 1}"

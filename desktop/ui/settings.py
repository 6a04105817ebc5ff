"""User preferences and window memory, declared in one place (as Picard's ``options``).

Every setting is an ``Option`` below: its key, its default and its type. ``Settings`` reads and
writes them through ``QSettings`` in INI format at an explicit file
(``desktop.paths.settings_file()``: under ``CLAIMDESK_HOME`` when that is set, as in the
tests), never at Qt's default location, so a test cannot touch the user's real preferences.
``Settings.transient()`` keeps values in memory only (windows built by tests and benchmarks).

What belongs to a project (its codebook, the annotator last used in it) lives in the project
file, not here; what belongs to a person at this computer (their default annotator name, the
appearance, recent projects, the window layout) lives here.

Signals:
    changed(str): an option was set to a new value (its key).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar, cast

from PySide6.QtCore import QByteArray, QObject, QSettings, Signal

from desktop.paths import settings_file

T = TypeVar("T")

RECENT_LIMIT = 10
THEMES = ("system", "light", "dark")


@dataclass(frozen=True, slots=True)
class Option(Generic[T]):
    key: str
    default: T
    doc: str = ""


# -- the declarations ---------------------------------------------------------------------

THEME = Option("appearance/theme", "system", "system (follow the desktop), light or dark")
FONT_SIZE = Option("appearance/article_font_size", 12, "article text size in points")
INLINE_TAGS = Option("article/inline_tags", False, "label name at the start of every span")
FRAME_ARCS = Option("article/frame_arcs", True,
                    "lines from the selected CLAIM to its frame's SOURCE and CUE spans")
ZOOM = Option("article/zoom", 0, "zoom steps relative to the font size")
SNAPPING = Option("labelling/snapping", True, "selections snap to whole words")
AUTOSUGGEST = Option("labelling/autosuggest", True,
                     "after labelling a SOURCE or ACTOR, name the registry actor it matches")
AUTO_SUGGEST = Option("assist/auto_suggest", False,
                      "suggest for a document when it opens (never for done or skipped ones)")
DEFAULT_ANNOTATOR = Option("identity/default_annotator", "",
                           "the annotator name offered in a project you open the first time")
RECENT: Option[list[str]] = Option("projects/recent", [],
                                   "recently opened projects, newest first")
LAST_PROJECT = Option("projects/last", "", "the project opened when none is given")
LAST_DOCUMENTS: Option[dict[str, str]] = Option("projects/last_documents", {},
                                                "project path -> the document last open in it")
GEOMETRY = Option("window/geometry", b"", "main window geometry (QMainWindow.saveGeometry)")
WINDOW_STATE = Option("window/state", b"", "docks and toolbars (QMainWindow.saveState)")
SPLITTER = Option("window/splitter", b"", "corpus list / article splitter")

OPTIONS: tuple[Option[object], ...] = cast(tuple[Option[object], ...], (
    THEME, FONT_SIZE, INLINE_TAGS, FRAME_ARCS, ZOOM, SNAPPING, AUTOSUGGEST, AUTO_SUGGEST,
    DEFAULT_ANNOTATOR, RECENT, LAST_PROJECT, LAST_DOCUMENTS, GEOMETRY, WINDOW_STATE, SPLITTER))


def _decode(option: Option[T], raw: object) -> T:
    """A stored value as the option's type; the default when it does not convert."""
    default = option.default
    try:
        if isinstance(default, bool):
            if isinstance(raw, str):
                return cast(T, raw.strip().lower() in ("true", "1", "yes", "on"))
            return cast(T, bool(raw))
        if isinstance(default, int):
            return cast(T, int(str(raw)))
        if isinstance(default, bytes):
            if isinstance(raw, QByteArray):
                return cast(T, bytes(raw.data()))
            return cast(T, bytes(raw)) if isinstance(raw, (bytes, bytearray)) else default
        if isinstance(default, (list, dict)):
            value = json.loads(str(raw))
            return cast(T, value) if isinstance(value, type(default)) else default
        return cast(T, str(raw))
    except (TypeError, ValueError):
        return default


def _encode(value: object) -> object:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bytes):
        return QByteArray(value)
    return value


class Settings(QObject):
    """Typed access to the options (``value``/``set_value``) plus the recent-project list."""

    changed = Signal(str)

    def __init__(self, path: Path | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self._qs: QSettings | None = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._qs = QSettings(str(path), QSettings.Format.IniFormat)
        self._memory: dict[str, object] = {}

    @classmethod
    def load(cls) -> Settings:
        """The user's settings file (see ``desktop.paths.settings_file``)."""
        return cls(settings_file())

    @classmethod
    def transient(cls) -> Settings:
        """Settings kept in memory only: nothing is read from or written to disk."""
        return cls(None)

    @property
    def persistent(self) -> bool:
        return self._qs is not None

    def value(self, option: Option[T]) -> T:
        if self._qs is None:  # held as set: already typed
            value = cast(T, self._memory.get(option.key, option.default))
        else:
            raw = self._qs.value(option.key)
            value = option.default if raw is None else _decode(option, raw)
        # Lists and dicts are copied: a caller changing one changes neither the declaration's
        # default nor a value held in memory.
        return cast(T, type(value)(value)) if isinstance(value, (list, dict)) else value

    def set_value(self, option: Option[T], value: T) -> None:
        if self.value(option) == value:
            return
        if self._qs is None:
            self._memory[option.key] = value
        else:
            self._qs.setValue(option.key, _encode(value))
        self.changed.emit(option.key)

    def sync(self) -> None:
        """Write pending values to disk now (Qt also does this on its own)."""
        if self._qs is not None:
            self._qs.sync()

    def reset(self) -> None:
        """Forget every value (tests; "restore defaults")."""
        if self._qs is not None:
            self._qs.clear()
            self._qs.sync()
        self._memory.clear()

    # -- recent projects -------------------------------------------------------------------

    def recent_projects(self) -> list[Path]:
        return [Path(p) for p in self.value(RECENT) if isinstance(p, str) and p]

    def add_recent(self, path: Path) -> None:
        """Put ``path`` first in the recent list (at most ``RECENT_LIMIT``), and make it last."""
        key = str(path.resolve())
        recent = [key, *(p for p in self.value(RECENT) if p != key)][:RECENT_LIMIT]
        self.set_value(RECENT, recent)
        self.set_value(LAST_PROJECT, key)

    def forget_recent(self, paths: Sequence[Path]) -> None:
        drop = {str(p.resolve()) for p in paths}
        self.set_value(RECENT, [p for p in self.value(RECENT) if p not in drop])

    def last_document(self, project: Path) -> str:
        return self.value(LAST_DOCUMENTS).get(str(project.resolve()), "")

    def set_last_document(self, project: Path, doc_id: str) -> None:
        docs = self.value(LAST_DOCUMENTS)
        key = str(project.resolve())
        if docs.get(key) == doc_id:
            return
        docs[key] = doc_id
        # Only projects still in the recent list are worth remembering a document for.
        keep = {*self.value(RECENT), key}
        self.set_value(LAST_DOCUMENTS, {k: v for k, v in docs.items() if k in keep})

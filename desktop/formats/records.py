"""What every reader is given (``ReadContext``) and what it produces (``ImportRecord``).

Readers see only core objects: the codebook, the input ``Source`` and these records. Writing
records to a project is ``storing.import_records``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from desktop.core.changes import Change
from desktop.core.codebook import Codebook
from desktop.core.errors import InputError
from desktop.core.limits import Limits
from desktop.core.model import Actor, Document, Layer
from desktop.formats.sources import OnError, Source


@dataclass(frozen=True, slots=True)
class ImportRecord:
    """One document as read from a file, with an optional layer and the actors it links."""

    document: Document
    layer: Layer | None = None
    actors: tuple[Actor, ...] = ()
    file: str = ""
    line: int | None = None
    id_hint: str = ""
    """A name to derive the document id from when ``document.id`` is empty (file stem)."""
    same_document: bool = False
    """Another layer for the document of the previous record (not counted twice)."""


@dataclass(slots=True)
class ImportReport:
    documents_added: int = 0
    first_added: str = ""
    """The id of the first document this import added ("" for none): the window opens it."""
    documents_known: int = 0
    spans: int = 0
    frames: int = 0
    relations: int = 0
    duplicates: int = 0
    actors_added: int = 0
    skipped: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def change(self) -> Change:
        """What the import changed, for a window showing the project (another connection)."""
        annotations = bool(self.spans or self.frames or self.relations)
        return Change(corpus=bool(self.documents_added), reload=annotations,
                      links=bool(self.actors_added))

    def summary(self) -> str:
        parts = [f"{self.documents_added} documents added",
                 f"{self.documents_known} already in the project",
                 f"{self.spans} spans, {self.frames} frames, {self.relations} relations",
                 f"{self.actors_added} actors added"]
        if self.duplicates:
            parts.append(f"{self.duplicates} identical annotations skipped")
        if self.skipped:
            parts.append(f"{len(self.skipped)} records skipped")
        return "; ".join(parts)


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """CSV/TSV: which column holds what (names or 1-based numbers); None means the default."""

    text: str | None = None
    title: str | None = None
    id: str | None = None
    meta: tuple[str, ...] = ()


def _ignore(_message: str) -> None:
    pass


@dataclass(frozen=True, slots=True)
class ReadContext:
    """What a reader is given besides the file.

    A reader checks everything it builds (structure, offsets, text and, through
    ``desktop.core.validate``, the codebook) where it still knows the file, line and field.
    With ``extend`` it lets through exactly the problems ``Problem.codebook_extensible``
    names; the import then adds those names to the codebook (``extending``).
    """

    codebook: Codebook
    extend: bool = False
    columns: ColumnMap = field(default_factory=ColumnMap)
    find_text: Callable[[str], str | None] | None = None
    """Standoff JSONL: the text with this SHA-256, or None (records without text need it)."""
    warn: Callable[[str], None] = _ignore
    on_error: OnError | None = None
    """Report a bad record here and go on (``--skip-bad``); without it the first one raises."""
    encoding: str | None = None
    """Plain text and Markdown: the encoding (default UTF-8; a byte-order mark wins)."""
    limits: Limits = field(default_factory=Limits)
    """How large a document, page or archive may be (``desktop.core.limits``)."""


Reader = Callable[[Source, ReadContext], Iterator[ImportRecord]]
"""Every format's reader: all records of one input file."""

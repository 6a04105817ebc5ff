"""Error types shared by every layer.

Anything a user can cause raises a ``ClaimdeskError`` subclass whose ``str()`` is a complete,
one-line message; the CLI and the GUI show that message and never a traceback.
"""

from __future__ import annotations

from pathlib import Path


class ClaimdeskError(Exception):
    """Base class for errors that carry a user-facing message."""


class InputError(ClaimdeskError):
    """Bad user input: a file, a record or a field that cannot be accepted.

    The message names the file, the line (1-based, when the input has lines) and the field.
    """

    def __init__(
        self,
        reason: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.reason = reason
        self.file = str(file) if file is not None else None
        self.line = line
        self.field = field
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = []
        if self.file is not None:
            where.append(self.file if self.line is None else f"{self.file}:{self.line}")
        elif self.line is not None:
            where.append(f"line {self.line}")
        if self.field:
            where.append(f"field '{self.field}'")
        prefix = ", ".join(where)
        return f"{prefix}: {self.reason}" if prefix else self.reason

    def located(
        self, *, file: str | Path | None = None, line: int | None = None
    ) -> InputError:
        """Return a copy with file/line filled in where this error lacks them."""
        return type(self)(
            self.reason,
            file=self.file if self.file is not None else file,
            line=self.line if self.line is not None else line,
            field=self.field,
        )


class CodebookError(InputError):
    """A codebook file or value that does not validate."""


class NotFoundError(ClaimdeskError):
    """A requested document, span, frame, actor or annotator does not exist."""


class StoreError(ClaimdeskError):
    """The project file cannot be opened or written (locked, corrupt, newer schema, disk)."""


class KnownStoreError(StoreError):
    """A condition of the environment, not a bug: said in a plain sentence, never "report it".

    The store raises the subclasses below in place of ``sqlite3`` errors with the matching
    result codes (see ``desktop.store.db``).
    """

    default = "The project file cannot be used right now."

    def __init__(self, message: str = "") -> None:
        super().__init__(message or self.default)


class ProjectBusy(KnownStoreError):  # noqa: N818 - a condition, named as users say it
    default = ("The project is busy: another Claimdesk process is writing it. Your edit was "
               "not saved; try again.")


class ProjectReadOnly(KnownStoreError):  # noqa: N818
    default = ("The project file is read-only (its permissions or its folder's forbid "
               "writing). Nothing was saved.")


class DiskFull(KnownStoreError):  # noqa: N818
    default = "The disk is full: nothing was saved. Free some space and try again."


class ProjectIOError(KnownStoreError):
    default = ("The project file could not be read or written (a disk or network error). "
               "Nothing was saved; check the drive and try again.")


class ProjectCorrupt(KnownStoreError):  # noqa: N818
    default = ("The project file is damaged or is not a Claimdesk project. Nothing was "
               "changed; restore it from a backup.")


class ProjectMoved(KnownStoreError):  # noqa: N818
    default = ("The project file was moved, deleted or replaced by another file while it was "
               "open. This edit was not saved, and nothing more is written to that path.")


class Cancelled(ClaimdeskError):  # noqa: N818 - reads better at call sites
    """A long job was cancelled by the user; nothing was written."""

    def __init__(self) -> None:
        super().__init__("cancelled; nothing was written")

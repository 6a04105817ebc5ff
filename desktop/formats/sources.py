"""Input files as readers see them: a display name, a relative path and lazily read bytes.

Files on disk and members of ``.zip`` archives look the same to the readers, so every format
can also be imported from an archive. Archive members are read in memory, one at a time; names
that are absolute or climb out of the archive (``..``) are rejected, and so are members larger
than ``MAX_MEMBER_BYTES`` and archives that expand too much (``zip_sources``).
"""

from __future__ import annotations

import contextlib
import json
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TypeVar

from desktop.core.errors import InputError
from desktop.core.limits import Limits
from desktop.core.text import decode_utf8
from desktop.formats.files import read_lines

OnError = Callable[[InputError], None]
"""Where a reader reports a bad record it skips (``--skip-bad``); without one it raises."""

T = TypeVar("T")

MAX_MEMBER_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Source:
    """One input file: ``name`` for messages, ``rel`` (posix) for pairing files in a folder."""

    name: str
    rel: str
    load: Callable[[], bytes] = field(repr=False, compare=False)
    path: Path | None = None
    """The file on disk, when it is one (lets big JSONL files stream)."""
    partner: Source | None = None
    """A file read together with this one (brat: the ``.txt`` of an ``.ann``)."""
    companions: tuple[Source, ...] = ()
    """Other files of the folder the reader consults (brat: a Claimdesk ``manifest.json``)."""
    size: int | None = None
    """Its size in bytes when known without reading it (a file, an archive member)."""

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.rel).suffix.lower()

    @property
    def stem(self) -> str:
        return PurePosixPath(self.rel).stem

    @property
    def folder(self) -> str:
        return str(PurePosixPath(self.rel).parent)

    def read(self) -> bytes:
        return self.load()

    def text(self) -> str:
        """The whole file as strict UTF-8 (a leading BOM is dropped)."""
        return decode_utf8(self.read(), self.name)

    def lines(self) -> Iterator[tuple[int, str]]:
        """(1-based line number, line without its newline): streamed from a file on disk,
        decoded whole from an archive member."""
        if self.path is not None:
            return read_lines(self.path, self.name)
        return numbered_lines(self.read(), self.name)

    def head(self, size: int = 65536) -> bytes:
        """The first bytes of the file, for sniffing."""
        if self.path is not None:
            try:
                with self.path.open("rb") as fh:
                    return fh.read(size)
            except OSError:
                return b""
        return self.read()[:size]


class Peek:
    """What sniffing looks at: the suffix, the first bytes and the first JSON line (parsed
    once, however many formats ask)."""

    def __init__(self, source: Source) -> None:
        self.suffix = source.suffix
        self._source = source
        self._head: bytes | None = None
        self._json: object = _UNSET

    @property
    def head(self) -> bytes:
        if self._head is None:
            self._head = self._source.head()
        return self._head

    @property
    def first_json(self) -> object:
        """The first non-blank line decoded as JSON; None when it is not JSON."""
        if self._json is _UNSET:
            self._json = None
            for raw in self.head.splitlines():
                if raw.strip():
                    with contextlib.suppress(ValueError, UnicodeDecodeError, RecursionError):
                        self._json = json.loads(raw.decode("utf-8-sig"))
                    break
        return self._json


_UNSET = object()


def one_line(exc: BaseException) -> str:
    """An exception's text for a one-line message."""
    return " ".join(str(exc).split())[:300]


def numbered_lines(raw: bytes, name: str) -> Iterator[tuple[int, str]]:
    """(1-based line number, line without its newline) of in-memory bytes, strict UTF-8."""
    text = decode_utf8(raw, name)
    for number, line in enumerate(text.split("\n"), start=1):
        yield number, line.rstrip("\r")


def parsed_lines(lines: Iterable[tuple[int, str]], name: str, parse: Callable[[str], T],
                 on_error: OnError | None) -> Iterator[tuple[int, T]]:
    """(line number, ``parse(line)``) of every non-blank line. An InputError from ``parse`` is
    located at ``name``:line and raised, or with ``on_error`` reported there and skipped."""
    for number, line in lines:
        if not line.strip():
            continue
        try:
            value = parse(line)
        except InputError as exc:
            bad = exc.located(file=name, line=number)
            if on_error is None:
                raise bad from exc
            on_error(bad)
            continue
        yield number, value


def _disk_loader(path: Path, name: str) -> Callable[[], bytes]:
    def load() -> bytes:
        try:
            size = path.stat().st_size
            if size > MAX_MEMBER_BYTES:
                raise InputError(f"the file is larger than {MAX_MEMBER_BYTES >> 20} MB",
                                 file=name)
            return path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", file=name) from exc
    return load


def disk_source(path: Path, root: Path) -> Source:
    """A file found under ``root`` (a folder) or given directly (``root`` is the file)."""
    if root.is_dir():
        rel = path.relative_to(root).as_posix()
        name = str(Path(root.name) / rel) if root.name else rel
    else:
        rel = path.name
        name = str(path)
    try:
        size: int | None = path.stat().st_size
    except OSError:
        size = None
    return Source(name=name, rel=rel, load=_disk_loader(path, name), path=path, size=size)


def _safe_member(info: zipfile.ZipInfo, archive: str) -> str | None:
    """The member's relative posix path, None for folders; unsafe names are an error."""
    raw = info.filename.replace("\\", "/")
    if info.is_dir() or raw.endswith("/"):
        return None
    if stat.S_ISLNK(info.external_attr >> 16):
        return None  # a symbolic link stored in the archive: its "content" is a path
    p = PurePosixPath(raw)
    if raw.startswith("/") or (p.parts and p.parts[0].endswith(":")) or ".." in p.parts:
        raise InputError(f"unsafe member name {info.filename!r} (absolute or '..')",
                         file=archive)
    if any(part.startswith(".") for part in p.parts) or p.parts[0] == "__MACOSX":
        return None  # hidden files and macOS resource forks
    return p.as_posix()


def zip_sources(raw_or_path: Path | bytes, name: str,
                limits: Limits | None = None) -> list[Source]:
    """The members of a zip archive as sources (``archive.zip:member`` in messages).

    Refused before anything is expanded: members larger than ``MAX_MEMBER_BYTES``, and
    archives whose members together expand beyond ``limits.max_archive_bytes`` or - beyond
    ``limits.archive_ratio_floor`` - more than ``limits.max_archive_ratio`` times the
    archive's own size (a "zip bomb": a few MB that become gigabytes). The sizes come from the
    archive's directory; a member that turns out larger than it says is refused as it is read.
    """
    import io

    bounds = limits or Limits()
    try:
        zf = zipfile.ZipFile(raw_or_path if isinstance(raw_or_path, Path)
                             else io.BytesIO(raw_or_path))
        infos = zf.infolist()
        packed = (raw_or_path.stat().st_size if isinstance(raw_or_path, Path)
                  else len(raw_or_path))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError(f"not a readable zip archive: {one_line(exc)}", file=name) from exc
    total = 0
    out: list[Source] = []
    for info in infos:
        rel = _safe_member(info, name)
        if rel is None:
            continue
        if info.file_size > MAX_MEMBER_BYTES:
            raise InputError(f"member {rel!r} is larger than {MAX_MEMBER_BYTES >> 20} MB",
                             file=name)
        total += info.file_size
        if total > bounds.max_archive_bytes:
            raise InputError(f"the archive expands to more than "
                             f"{bounds.max_archive_bytes >> 20} MB; import its files in "
                             "parts (or raise CLAIMDESK_MAX_ARCHIVE_MB)", file=name)
        member = f"{name}:{rel}"
        out.append(Source(name=member, rel=rel, load=_zip_loader(zf, info, member),
                          size=info.file_size))
    if total > bounds.archive_ratio_floor and total > bounds.max_archive_ratio * max(packed, 1):
        raise InputError(f"the archive ({packed:,} bytes) would expand to {total:,} bytes, "
                         f"more than {bounds.max_archive_ratio} times its size: refused as a "
                         "possible zip bomb (raise CLAIMDESK_MAX_ARCHIVE_RATIO if it is "
                         "genuine)", file=name)
    return sorted(out, key=lambda s: s.rel)


def _zip_loader(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> Callable[[], bytes]:
    def load() -> bytes:
        try:
            with zf.open(info) as fh:
                data = fh.read(MAX_MEMBER_BYTES + 1)
        except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, RuntimeError,
                NotImplementedError) as exc:
            raise InputError(f"cannot read the archive member: {one_line(exc)}",
                             file=name) from exc
        if len(data) > MAX_MEMBER_BYTES:  # the header lied about the size
            raise InputError(f"larger than {MAX_MEMBER_BYTES >> 20} MB", file=name)
        return data
    return load

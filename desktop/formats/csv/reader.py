"""CSV and TSV tables: one document per row, columns mapped to text, title, id and meta.

The delimiter is taken from the first line and the header row is sniffed (a first row naming a
known column is a header; otherwise ``csv.Sniffer().has_header`` decides). Column options take
a header name or a 1-based column number. Defaults: text from the first of
``text``/``body``/``content``/``article``, title from ``title``/``headline``, id from ``id``;
with no ``--meta-col`` every other column goes to ``meta``. Errors name the file, the physical
line where the row starts and the column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence

from desktop.core.errors import InputError
from desktop.core.model import Document
from desktop.core.offsets import normalize_newlines, sha256_text
from desktop.formats.records import ColumnMap, ImportRecord, ReadContext
from desktop.formats.sources import OnError, Source, one_line

TEXT_NAMES = ("text", "body", "content", "article", "full_text", "fulltext")
TITLE_NAMES = ("title", "headline", "heading")
ID_NAMES = ("id", "doc_id", "document_id")

csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))


class _Dialect(csv.excel):
    # Strict: a quote that is never closed, or text after a closing quote, is an error
    # instead of silently swallowing the following rows into one field.
    strict = True


class _TabDialect(csv.excel_tab):
    strict = True


def _dialect(sample: str, suffix: str) -> type[csv.Dialect]:
    """Quotes are always '"'; the delimiter is the one the header line uses most.

    ``csv.Sniffer().sniff`` is easily misled by article text (apostrophes, semicolons), so only
    the first line decides.
    """
    if suffix in (".tsv", ".tab"):
        return _TabDialect
    first = sample.split("\n", 1)[0]
    counts = {d: first.count(d) for d in ",;\t|"}
    best = max(counts, key=lambda d: counts[d])
    if counts[best] == 0 or best == ",":
        return _Dialect
    return type("_Sniffed", (_Dialect,), {"delimiter": best})


def _has_header(first: Sequence[str], sample: str, cols: ColumnMap) -> bool:
    known = {*TEXT_NAMES, *TITLE_NAMES, *ID_NAMES,
             *(c.lower() for c in (cols.text, cols.title, cols.id, *cols.meta)
               if c and not c.isdigit())}
    if any(cell.strip().lower() in known for cell in first):
        return True
    try:
        return csv.Sniffer().has_header(sample)
    except csv.Error:
        return False


def _show(header: Sequence[str]) -> str:
    """Column names for a one-line message (quoted, long ones cut)."""
    names = [repr(h if len(h) <= 40 else h[:40] + "...") for h in header[:12]]
    return ", ".join(names) + (", ..." if len(header) > 12 else "")


def _index(header: Sequence[str], wanted: str | None, defaults: Sequence[str], *,
           option: str, name: str, required: bool) -> int | None:
    if wanted is not None:
        if wanted.isdigit() and 1 <= int(wanted) <= len(header):
            return int(wanted) - 1
        for i, h in enumerate(header):
            if h == wanted:
                return i
        for i, h in enumerate(header):
            if h.strip().lower() == wanted.strip().lower():
                return i
        raise InputError(f"no column {wanted!r} (columns: {_show(header)})", file=name,
                         line=1, field=option)
    lowered = [h.strip().lower() for h in header]
    for d in defaults:
        if d in lowered:
            return lowered.index(d)
    if required:
        if len(header) == 1:
            return 0
        raise InputError(f"cannot tell which column holds the text (columns: "
                         f"{_show(header)}); pass {option} NAME", file=name, line=1,
                         field=option)
    return None


def read_csv(source: Source, ctx: ReadContext) -> Iterator[ImportRecord]:
    """Stream one record per non-empty row (``ctx.on_error``: report bad rows and go on)."""
    cols, on_error = ctx.columns, ctx.on_error
    name = source.name
    text = source.text()
    sample = text[:65536]
    dialect = _dialect(sample, source.suffix)
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows = _rows(reader, name, on_error)
    try:
        first_line, first = next(rows)
    except StopIteration:
        raise InputError("the table is empty", file=name) from None
    if _has_header(first, sample, cols):
        header = [h.strip() or f"column {i + 1}" for i, h in enumerate(first)]
        pending: list[tuple[int, list[str]]] = []
    else:
        header = [str(i + 1) for i in range(len(first))]
        pending = [(first_line, first)]
    ti = _index(header, cols.text, TEXT_NAMES, option="--text-col", name=name, required=True)
    hi = _index(header, cols.title, TITLE_NAMES, option="--title-col", name=name,
                required=False)
    ii = _index(header, cols.id, ID_NAMES, option="--id-col", name=name, required=False)
    if cols.meta:
        mi = [_index(header, m, (), option="--meta-col", name=name, required=False)
              for m in cols.meta]
        meta_cols = [i for i in mi if i is not None]
    else:
        meta_cols = [i for i in range(len(header)) if i not in (ti, hi, ii)]

    def records() -> Iterator[tuple[int, list[str]]]:
        yield from pending
        yield from rows

    # A last row without a line break after it may have been cut short (a truncated download
    # or copy) and there is no telling - not even from a closing quote, which the cut text may
    # end with. Every program that writes CSV ends its rows with a line break.
    cut = bool(text) and not text.endswith(("\n", "\r"))
    last_start = _last_row_start(text) if cut else -1
    for line, row in records():
        if not any(cell.strip() for cell in row):
            continue
        assert ti is not None
        body, _ = normalize_newlines(row[ti] if ti < len(row) else "")
        bad = None
        if cut and line >= last_start:
            bad = InputError("the file ends in the middle of this row, without a line break: "
                             "it looks cut short (a truncated download or copy?). If the row "
                             "is complete, end the file with a line break", file=name,
                             line=line, field="row")
        elif len(row) != len(header):
            bad = InputError(f"the row has {len(row)} fields, the header has {len(header)}",
                             file=name, line=line, field="row")
        elif not body.strip():
            bad = InputError("the text is empty", file=name, line=line,
                             field=f"column {header[ti]!r}")
        if bad is not None:
            if on_error is None:
                raise bad
            on_error(bad)
            continue
        title = row[hi].strip() if hi is not None else ""
        doc_id = row[ii].strip() if ii is not None else ""
        meta = {header[i]: normalize_newlines(row[i])[0] for i in meta_cols if row[i].strip()}
        doc = Document(id=doc_id, title=(title or body.strip().split("\n", 1)[0])[:200],
                       text=body, sha256=sha256_text(body), meta=meta)
        yield ImportRecord(document=doc, file=name, line=line,
                           id_hint=f"{source.stem}-{line}")


def _last_row_start(text: str) -> int:
    """The physical line (1-based) where the file's last row starts (the CSV reader has
    already checked the quoting, so quotes pair up)."""
    line, start, quoted = 1, 1, False
    at_row_start = True
    for ch in text:
        if at_row_start:
            start, at_row_start = line, False
        if ch == '"':
            quoted = not quoted
        elif ch == "\n":
            line += 1
            if not quoted:
                at_row_start = True
    return start


def _rows(reader: Iterator[list[str]], name: str,
          on_error: OnError | None) -> Iterator[tuple[int, list[str]]]:
    """(physical line where the row starts, cells). A row that is not valid CSV raises, or
    with ``on_error`` is reported there and the reading goes on with the next line."""
    line_num = getattr(reader, "line_num", 0)
    while True:
        start = line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            line_num = getattr(reader, "line_num", start)
            if "unexpected end of data" in str(exc):
                bad = InputError(
                    "a quoted field starting in this row is never closed, so every line "
                    "after it would become part of this row (a missing closing quote, or a "
                    "file cut short)", file=name, line=start)
            else:
                bad = InputError(f"not valid CSV: {one_line(exc)}", file=name, line=start)
            if on_error is None:
                raise bad from exc
            on_error(bad)
            continue
        line_num = getattr(reader, "line_num", start)
        yield start, row

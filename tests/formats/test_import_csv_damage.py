"""CSV never merges or cuts rows silently (defect: an unterminated quote swallowed the
following rows into one document, and a truncated file imported its last document cut short,
exit 0)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from helpers.foundation import deterministic, run_cli
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.codebook import load_codebook
from desktop.core.errors import InputError
from desktop.core.offsets import normalize_newlines
from desktop.formats.csv.reader import read_csv
from desktop.formats.records import ReadContext
from desktop.formats.sources import disk_source
from desktop.resources import default_codebook_path

CODEBOOK = load_codebook(default_codebook_path())


def _read(path: Path, *, skip: bool) -> tuple[list[str], list[InputError]]:
    bad: list[InputError] = []
    ctx = ReadContext(codebook=CODEBOOK, on_error=bad.append if skip else None)
    texts = [r.document.text for r in read_csv(disk_source(path, path), ctx)]
    return texts, bad


def _write(tmp_path: Path, raw: str, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(raw.encode("utf-8"))
    return path


def test_an_unterminated_quote_is_an_error_naming_its_row(tmp_path: Path,
                                                          project_path: Path) -> None:
    path = _write(tmp_path, 'id,title,text\n1,One,"First text\n2,Two,Second text\n'
                            "3,Three,Third text\n")
    with pytest.raises(InputError, match="never closed") as err:
        _read(path, skip=False)
    assert err.value.line == 2
    result = run_cli("import", project_path, path)
    assert result.code == 2
    assert "in.csv:2" in result.err
    assert run_cli("stats", project_path, "--json").out.count('"documents": 0') == 1


def test_with_skip_bad_the_rows_before_it_are_kept_and_it_is_reported(tmp_path: Path) -> None:
    path = _write(tmp_path, 'id,text\n1,Fine first row.\n2,"Never closed\n3,Swallowed.\n')
    texts, bad = _read(path, skip=True)
    assert texts == ["Fine first row."]
    assert [(b.line, "never closed" in b.reason) for b in bad] == [(3, True)]


def test_text_after_a_closing_quote_is_reported_and_later_rows_still_read(tmp_path: Path
                                                                         ) -> None:
    path = _write(tmp_path, 'id,text\n1,"Quoted" and more\n2,Second.\n3,"Third,\nmulti-line"\n')
    with pytest.raises(InputError, match="not valid CSV"):
        _read(path, skip=False)
    texts, bad = _read(path, skip=True)
    assert texts == ["Second.", "Third,\nmulti-line"]
    assert [b.line for b in bad] == [2]


@pytest.mark.parametrize("ending", ["", "\r"])
def test_a_truncated_last_row_is_an_error(tmp_path: Path, ending: str) -> None:
    path = _write(tmp_path, "id,text\r\n1,First text.\r\n2,Second text is cut sho" + ending)
    if ending:  # a lone CR ends the line: the row is complete
        assert _read(path, skip=False)[0] == ["First text.", "Second text is cut sho"]
        return
    with pytest.raises(InputError, match="cut short") as err:
        _read(path, skip=False)
    assert err.value.line == 3
    texts, bad = _read(path, skip=True)
    assert texts == ["First text."]
    assert [b.line for b in bad] == [3]


def test_even_a_last_row_closed_by_a_quote_may_be_cut(tmp_path: Path) -> None:
    # A quoted field ending in quotes, cut after one of them, still parses as closed: only
    # a line break proves the row complete.
    path = _write(tmp_path, 'id,text\n1,"First, text"\n2,"Second ""quoted""')
    with pytest.raises(InputError, match="cut short"):
        _read(path, skip=False)
    path = _write(tmp_path, 'id,text\n1,"First, text"\n2,"Second ""quoted"" text"\n')
    assert _read(path, skip=False)[0] == ["First, text", 'Second "quoted" text']


def test_multi_line_quoted_text_still_imports(tmp_path: Path) -> None:
    path = _write(tmp_path, 'id,text\n1,"Para one.\n\nPara two, with a comma."\n2,Plain.\n')
    assert _read(path, skip=False)[0] == ["Para one.\n\nPara two, with a comma.", "Plain."]


texts_st = st.lists(st.text(alphabet=st.sampled_from('ab ,"\n\r\té😀'), min_size=1,
                            max_size=30).filter(lambda t: t.strip()),
                    min_size=1, max_size=6)


@deterministic(max_examples=300)
@given(rows=texts_st, cut=st.floats(min_value=0.0, max_value=1.0))
def test_a_cut_file_never_yields_a_cut_or_merged_document(tmp_path_factory: pytest.
                                                          TempPathFactory,
                                                          rows: list[str], cut: float) -> None:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(["id", "text"])
    ends = []
    for n, text in enumerate(rows):
        writer.writerow([str(n), text])
        ends.append(len(buf.getvalue()))
    raw = buf.getvalue()
    keep = raw[:int(len(raw) * cut)]
    path = _write(tmp_path_factory.mktemp("cut"), keep)
    try:
        texts, bad = _read(path, skip=True)
    except InputError:
        return  # refused as a whole (e.g. the header itself was cut): nothing imported
    # Every document read is one whole row, in order; no complete row is dropped silently.
    assert texts == [normalize_newlines(t)[0] for t in rows[:len(texts)]], (keep, texts)
    # (a row cut between its CR and LF is complete: a lone CR ends a line too)
    complete = sum(1 for end in ends if end <= len(keep) + keep.endswith("\r"))
    assert len(texts) <= complete
    assert len(texts) + len(bad) >= complete or any(b.line == 1 for b in bad)

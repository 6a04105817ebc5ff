"""Fuzz: a mangled JSONL file imports cleanly or fails cleanly (exit 2, one line, nothing
written) — never a traceback, never an unexpected error, never a partial import."""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from pathlib import Path

from helpers.foundation import (
    assert_clean_failure,
    deterministic,
    fingerprint,
    hard_record,
    jsonl_bytes,
    macron_record,
    new_project_file,
    record,
    run_cli,
    span_at,
)
from hypothesis import given
from hypothesis import strategies as st

from desktop.store import check_project, open_project

CRLF_TEXT = 'Line one\r\nThe minister said "no".\r\nEnd.'
BASE = jsonl_bytes([
    macron_record("doc-1"),
    hard_record("doc-2"),
    record("doc-3", CRLF_TEXT, annotator="bob", status="in progress", spans=[
        span_at("s1", "SOURCE", CRLF_TEXT, "The minister"),
        span_at("s2", "CUE", CRLF_TEXT, "said"),
        span_at("s3", "CLAIM", CRLF_TEXT, '"no"', attrs={"form": "direct"})]),
])
DIGITS = [i for i, b in enumerate(BASE) if chr(b).isdigit()]
LETTERS = [i for i, b in enumerate(BASE) if chr(b).isascii() and chr(b).isalpha()]
PUNCT = [i for i, b in enumerate(BASE) if b in b'{}[]:,"\\\n']


@st.composite
def mangled(draw: st.DrawFn) -> bytes:
    data = bytearray(BASE)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["digit", "digit", "letter", "punct", "byte", "delete",
                                     "insert", "truncate", "duplicate-line"]))
        if kind == "digit":
            pos = draw(st.sampled_from(DIGITS))
            if pos < len(data):
                data[pos] = ord(draw(st.sampled_from("0123456789")))
        elif kind == "letter":
            pos = draw(st.sampled_from(LETTERS))
            if pos < len(data):
                data[pos] = ord(draw(st.sampled_from("aeixzAQ_ ")))
        elif kind == "punct":
            pos = draw(st.sampled_from(PUNCT))
            if pos < len(data):
                data[pos] = ord(draw(st.sampled_from('{}[]:,"\\\n 0-')))
        elif kind == "byte":
            pos = draw(st.integers(0, len(data) - 1))
            data[pos] = draw(st.integers(0, 255))
        elif kind == "delete":
            pos = draw(st.integers(0, len(data) - 1))
            del data[pos:pos + draw(st.integers(1, 8))]
        elif kind == "insert":
            pos = draw(st.integers(0, len(data)))
            data[pos:pos] = draw(st.binary(min_size=1, max_size=6))
        elif kind == "truncate":
            del data[draw(st.integers(0, len(data))):]
        else:
            lines = bytes(data).split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            data = bytearray(b"\n".join([*lines[:i + 1], lines[i], *lines[i + 1:]]))
        if not data:
            break
    return bytes(data)


_TEMPLATE: dict[str, object] = {}


def _empty_project(folder: Path) -> Path:
    if "path" not in _TEMPLATE:
        tmp = Path(tempfile.mkdtemp(prefix="claimdesk-fuzz-"))
        atexit.register(shutil.rmtree, tmp, ignore_errors=True)
        path = new_project_file(tmp / "empty.claimdesk")
        _TEMPLATE.update(path=path, fingerprint=fingerprint(path))
    target = folder / "p.claimdesk"
    shutil.copyfile(str(_TEMPLATE["path"]), target)
    return target


@deterministic(max_examples=150)
@given(mangled())
def test_mangled_jsonl_imports_or_fails_cleanly(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        project = _empty_project(folder)
        source = folder / "mangled.jsonl"
        source.write_bytes(data)
        result = run_cli("import", project, source, "--format", "jsonl")
        assert "Traceback" not in result.err + result.out
        if result.code != 0:
            assert_clean_failure(result, str(source))
            line = result.err_lines[0]
            assert f"{source}:" in line, line  # names the file and the line
            assert fingerprint(project) == _TEMPLATE["fingerprint"]  # nothing written
            return
        with open_project(project) as p:
            problems, _ = check_project(p)
            assert problems == []
            stats = p.stats()
        records = [ln for ln in data.split(b"\n") if ln.strip()]
        assert stats["documents"] <= len(records)
        for raw in records:  # every line was a valid record: all of it is in the project
            rec = json.loads(raw)
            assert isinstance(rec, dict)


def test_the_unmangled_file_imports_everything(tmp_path: Path) -> None:
    project = _empty_project(tmp_path)
    source = tmp_path / "base.jsonl"
    source.write_bytes(BASE)
    result = run_cli("import", project, source)
    assert result.code == 0, result
    stats = json.loads(run_cli("stats", project, "--json").out)
    assert (stats["documents"], stats["spans"], stats["frames"]) == (3, 13, 3)

"""Fuzzed inputs for every importer: a clean InputError (or a clean import), never a traceback,
never a partial import."""

from __future__ import annotations

import io
import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr
from pathlib import Path

import pytest
from helpers.foundation import fingerprint, jsonl_bytes, macron_record, new_project_file
from helpers.importing import HARD, zip_bytes
from helpers.optional import import_params
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_import_brat import POLNEAR, TEXT
from test_import_csv_html_text import CSV, HTML
from test_import_doccano import relation_record
from test_import_labelstudio import task

from desktop.cli import main
from desktop.core.errors import InputError
from desktop.formats.importing import ImportOptions, import_paths
from desktop.store import open_project

# name -> (files to write, path to import (relative), options)
CASES: dict[str, tuple[dict[str, bytes], str, dict[str, object]]] = {
    "txt": ({"a.txt": HARD.encode()}, "a.txt", {}),
    "html": ({"p.html": HTML.encode()}, "p.html", {}),
    "csv": ({"t.csv": CSV.encode()}, "t.csv", {}),
    "jsonl": ({"n.jsonl": jsonl_bytes([macron_record("d1"), macron_record("d2") | {
        "text": macron_record()["text"] + " More.", "sha256": None}])}, "n.jsonl", {}),
    "doccano": ({"d.jsonl": (json.dumps(relation_record(), ensure_ascii=False) + "\n"
                             + json.dumps({"text": "Paris, AFP said.",
                                           "label": [[7, 10, "ACTOR"], [11, 15, "CUE"]]})
                             + "\n").encode()}, "d.jsonl", {"fmt": "doccano"}),
    "brat": ({"b/x.txt": TEXT.encode(), "b/x.ann": "\n".join(POLNEAR).encode()}, "b", {}),
    "labelstudio": ({"l.json": json.dumps([task(), task(HARD + "Extra.")],
                                          ensure_ascii=False).encode()}, "l.json", {}),
    "zip": ({"z.zip": zip_bytes({"a.txt": "Zipped.", "d.jsonl": json.dumps(
        relation_record(), ensure_ascii=False)})}, "z.zip", {}),
    "standoff": ({"s.jsonl": jsonl_bytes([{k: v for k, v in macron_record().items()
                                           if k != "text"}]),
                  "texts/m.txt": macron_record()["text"].encode()}, "s.jsonl",
                 {"standoff": True}),
}


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """A valid input truncated, cut, spliced with noise or with a number changed."""
    n = len(data)
    op = draw(st.sampled_from(["truncate", "delete", "insert", "number", "bytes", "swap"]))
    i = draw(st.integers(0, n))
    if op == "truncate":
        return data[:i]
    if op == "delete":
        j = draw(st.integers(i, min(n, i + 40)))
        return data[:i] + data[j:]
    if op == "insert":
        noise = draw(st.sampled_from(['"', "{", "]", ",", "\t", "\r\n", "\n", ";", ":", "😀",
                                      "T9", "-1", "null", "999999", "\u0301", '"label"']))
        return data[:i] + noise.encode() + data[i:]
    if op == "bytes":
        return data[:i] + draw(st.binary(min_size=1, max_size=4)) + data[i:]
    if op == "swap":
        j = draw(st.integers(0, n))
        a, b = sorted((i, j))
        return data[:a] + data[b:] + data[a:b]
    digits = [k for k, c in enumerate(data) if 48 <= c <= 57]
    if not digits:
        return data[:i]
    k = draw(st.sampled_from(digits))
    return data[:k] + str(draw(st.integers(0, 400))).encode() + data[k + 1:]


@contextmanager
def workspace(files: dict[str, bytes]) -> Iterator[Path]:
    root = Path(tempfile.mkdtemp(prefix="claimdesk-fuzz-"))
    try:
        for name, data in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
        new_project_file(root / "p.claimdesk")
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _victim(name: str) -> str:
    """The file a fuzz case mutates (the annotations, not the article, for brat)."""
    files = CASES[name][0]
    return "b/x.ann" if name == "brat" else next(k for k in files if not k.startswith("texts/"))


def _check(name: str, mutation: bytes) -> None:
    files, target, options = CASES[name]
    changed = dict(files) | {_victim(name): mutation}
    with workspace(changed) as root:
        opts = dict(options)
        if opts.get("standoff"):
            opts["texts"] = root / "texts"
        before = fingerprint(root / "p.claimdesk")
        error: InputError | None = None
        try:
            with open_project(root / "p.claimdesk") as project:
                import_paths(project, [root / target], annotator="fuzz",
                             options=ImportOptions(**opts))  # type: ignore[arg-type]
        except InputError as exc:
            error = exc
        if error is not None:
            assert error.file is not None, error
            assert "\n" not in str(error)
            assert fingerprint(root / "p.claimdesk") == before


@pytest.mark.parametrize("name", import_params(sorted(CASES)))
def test_valid_inputs_import(name: str) -> None:
    files, target, options = CASES[name]
    with workspace(files) as root:
        opts = dict(options)
        if opts.get("standoff"):
            opts["texts"] = root / "texts"
        with open_project(root / "p.claimdesk") as project:
            report = import_paths(project, [root / target], annotator="fuzz",
                                  options=ImportOptions(**opts))  # type: ignore[arg-type]
        assert report.documents_added >= 1


@pytest.mark.slow
@pytest.mark.parametrize("name", import_params(sorted(CASES)))
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_mutated_inputs_fail_cleanly(name: str, data: st.DataObject) -> None:
    _check(name, data.draw(mutated(CASES[name][0][_victim(name)])))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), name=st.sampled_from(sorted(CASES)))
def test_cli_on_mutated_input_exits_0_or_2_with_one_line(name: str,
                                                          data: st.DataObject) -> None:
    files, target, options = CASES[name]
    changed = dict(files) | {_victim(name): data.draw(mutated(files[_victim(name)]))}
    with workspace(changed) as root:
        before = fingerprint(root / "p.claimdesk")
        args = ["import", str(root / "p.claimdesk"), str(root / target), "--annotator", "f"]
        if options.get("fmt"):
            args += ["--format", str(options["fmt"])]
        if options.get("standoff"):
            args += ["--standoff", "--texts", str(root / "texts")]
        err = io.StringIO()
        with redirect_stderr(err):
            code = main(args)
        message = err.getvalue()
        assert "Traceback" not in message
        assert "unexpected error" not in message
        if code != 0:
            assert code == 2
            assert message.count("\n") == 1, message
            assert fingerprint(root / "p.claimdesk") == before

"""The registry of formats: the command line reads it, the layout follows it, sniffing by it."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
from helpers.foundation import run_cli

from desktop.cli import build_parser
from desktop.formats import registry
from desktop.formats.sources import Source, disk_source
from desktop.formats.tokens import SCHEMES


def _choices(command: str) -> tuple[str, ...]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    fmt = next(a for a in sub.choices[command]._actions if a.dest == "format")
    assert fmt.choices is not None
    return tuple(fmt.choices)


def test_cli_choices_are_the_registry() -> None:
    assert _choices("import") == registry.IMPORT_FORMATS
    assert _choices("export") == registry.EXPORT_FORMATS
    assert registry.IMPORT_FORMATS == ("auto", "jsonl", "txt", "html", "csv", "doccano",
                                       "brat", "labelstudio")
    assert set(registry.EXPORT_FORMATS) == {"jsonl", "spacy", "conll", "hf", "brat",
                                            "labelstudio", "doccano", "csv", "network"}


def test_cli_help_lists_every_format_with_its_help() -> None:
    imp = run_cli("import", "--help").out
    for name, r in registry.readers():
        assert f"  {name}" in imp
        assert r.help in " ".join(imp.split()), name
    exp = " ".join(run_cli("export", "--help").out.split())
    for name, w in registry.writers():
        assert w.help in exp, name
    assert "tag scheme for conll and hf" in exp
    assert "output file for jsonl, doccano, labelstudio, spacy and conll without --split" in exp


@pytest.mark.parametrize("spec", registry.FORMATS, ids=lambda s: s.name)
def test_a_format_lives_where_its_name_says(spec: registry.FormatSpec) -> None:
    """``--format brat`` reads with desktop/formats/brat/reader.py, writes with .../writer.py."""
    assert spec.reading is not None or spec.writing is not None
    if spec.reading is not None:
        assert spec.reading.read.__module__ == f"desktop.formats.{spec.name}.reader"
        assert spec.reading.suffixes
        assert all(s.startswith(".") and s == s.lower() for s in spec.reading.suffixes)
    if spec.writing is not None:
        assert spec.writing.writer.__module__ == f"desktop.formats.{spec.name}.writer"
        single = spec.writing.single_file
        assert single is None or (single.startswith(".") and single == single.lower())


def test_names_and_labels_are_unique() -> None:
    names = [f.name for f in registry.FORMATS]
    assert len(set(names)) == len(names)
    assert registry.AUTO not in names
    for labels in (registry.import_labels(), registry.export_labels()):
        assert len(set(labels.values())) == len(labels)
    assert SCHEMES == ("IOB2", "IOB1", "BILOU")


def test_option_lookups() -> None:
    assert [n for n in registry.IMPORT_FORMATS if registry.takes_columns(n)] == ["auto", "csv"]
    assert [n for n in registry.IMPORT_FORMATS if registry.reads_standoff(n)] == ["auto",
                                                                                  "jsonl"]
    assert {n for n in registry.EXPORT_FORMATS if registry.writes_standoff(n)} == {
        "jsonl", "brat", "csv", "network"}
    assert {n for n in registry.EXPORT_FORMATS if registry.takes_scheme(n)} == {"conll", "hf"}
    assert {n: registry.single_file(n) for n in registry.EXPORT_FORMATS
            if registry.single_file(n)} == {"jsonl": ".jsonl", "spacy": ".spacy",
                                            "conll": ".conll", "labelstudio": ".json",
                                            "doccano": ".jsonl"}
    assert registry.reading("spacy") is None
    assert registry.writing("txt") is None
    assert registry.reading("auto") is None


# -- sniffing -------------------------------------------------------------------------------

NATIVE = {"id": "d1", "text": "Hello.", "spans": []}
DOCCANO = {"text": "Hello.", "label": [[0, 5, "CUE"]]}
DOCCANO_REL = {"text": "Hello.", "entities": [], "relations": []}
TASK = {"data": {"text": "Hello."}, "annotations": []}


def _source(tmp_path: Path, name: str, content: str) -> Source:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return disk_source(path, path)


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("a.jsonl", json.dumps(NATIVE), "jsonl"),
    ("a.ndjson", json.dumps({"sha256": "0" * 64, "meta": {}}), "jsonl"),
    ("a.json", json.dumps(NATIVE), "jsonl"),
    ("a.jsonl", json.dumps(DOCCANO), "doccano"),
    ("a.jsonl", json.dumps(DOCCANO_REL), "doccano"),
    ("a.jsonl", json.dumps(TASK), "labelstudio"),
    ("a.json", json.dumps([TASK], indent=2), "labelstudio"),
    ("a.json", "\ufeff" + json.dumps(TASK), "labelstudio"),
    ("a.jsonl", json.dumps({"data": {}, "spans": []}), "labelstudio"),
    ("a.jsonl", json.dumps({"other": 1}), None),
    ("a.jsonl", "not json", None),
    ("a.jsonl", json.dumps([TASK], indent=2), None),  # a pretty task list is .json only
    ("a.txt", "plain", "txt"),
    ("a.MD", "# heading", "txt"),
    ("a.htm", "<p>x</p>", "html"),
    ("a.tab", "text\nx", "csv"),
    ("a.ann", "T1\tCUE 0 1\tx", "brat"),
    ("a.pdf", "%PDF", None),
])
def test_sniff(tmp_path: Path, name: str, content: str, expected: str | None) -> None:
    assert registry.sniff(_source(tmp_path, name, content)) == expected


@pytest.mark.parametrize("obj", [NATIVE, DOCCANO, DOCCANO_REL, TASK, {"data": {}, "spans": []},
                                 {"text": "x", "labels": []}, {"sha256": "x"}])
def test_json_sniffers_never_both_claim_a_file(tmp_path: Path, obj: object) -> None:
    peek_source = _source(tmp_path, "a.json", json.dumps(obj))
    from desktop.formats.sources import Peek

    peek = Peek(peek_source)
    claims = [name for name, r in registry.readers()
              if ".json" in r.suffixes and r.sniff is not None and r.sniff(peek)]
    assert len(claims) <= 1, claims


def test_sniffed_suffixes_cover_every_reader() -> None:
    suffixes = registry.sniffed_suffixes()
    assert suffixes[-1] == ".zip"
    for _, r in registry.readers():
        assert set(r.suffixes) <= set(suffixes)

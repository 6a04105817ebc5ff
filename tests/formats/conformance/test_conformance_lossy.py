"""The realistic files of every tool -> native JSONL -> every other format: each loss is
reported, and every reason reported is one docs/formats.md lists for that format."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers.foundation import new_project_file, read_jsonl
from helpers.importing import run
from helpers.optional import export_params, needs

from desktop.formats import registry
from desktop.formats.exporting import export
from desktop.store import open_project

HERE = Path(__file__).parent
DOCS = HERE.parents[2] / "docs" / "formats.md"
SOURCES = ["brat/news", "brat/polnear", "doccano", "labelstudio"]


def documented() -> dict[str, set[str]]:
    """Format -> the report reasons the 'What each format loses' table lists for it."""
    text = DOCS.read_text("utf-8")
    table = text[text.index("### What each format loses"):].split("\n\n")[2]
    out: dict[str, set[str]] = {}
    for row in table.splitlines()[2:]:
        fmt, reasons = (c.strip() for c in row.strip("|").split("|"))
        out[fmt] = set(re.findall(r"`([^`]+)`", reasons))
    return out


@pytest.fixture(scope="module")
def native(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Every conformance file in one layer, exported as native JSONL and read back."""
    tmp = tmp_path_factory.mktemp("lossy")
    first = new_project_file(tmp / "first.claimdesk")
    for src in SOURCES:
        report = run(first, HERE / src, extend=True, annotator="all")
        assert report.skipped == []
    jsonl = tmp / "all.jsonl"
    with open_project(first) as p:
        export(p, fmt="jsonl", out=jsonl)
    project = new_project_file(tmp / "native.claimdesk")
    with open_project(first) as p, open_project(project) as q:
        q.set_codebook(p.codebook, who="test")
    run(project, jsonl)
    again = tmp / "again.jsonl"
    with open_project(project) as p:
        export(p, fmt="jsonl", out=again)
    assert read_jsonl(again) == read_jsonl(jsonl)  # native JSONL loses nothing
    return project, tmp


def test_the_corpus_has_what_the_formats_must_report(native: tuple[Path, Path]) -> None:
    _, tmp = native
    recs = read_jsonl(tmp / "again.jsonl")
    spans = [s for r in recs for s in r["spans"]]
    frames = [f for r in recs for f in r["frames"]]
    assert any(s.get("note") for s in spans)
    assert any(s.get("state") == "pending" for s in spans)
    assert any(f.get("trigger") for f in frames)
    assert any(s.get("fragments") for s in spans)
    assert any(len(r["meta"]) > 1 for r in recs)
    assert {"Label 1", "商品名称", "Person Name"} <= {s["label"] for s in spans}


@pytest.mark.parametrize("fmt", export_params(n for n in registry.EXPORT_FORMATS
                                              if n != "jsonl"))
def test_every_loss_is_reported_and_documented(native: tuple[Path, Path], fmt: str) -> None:
    project, tmp = native
    spec = registry.writing(fmt)
    assert spec is not None
    out = tmp / fmt / f"out{spec.single_file or ''}"
    with open_project(project) as p:
        report = export(p, fmt=fmt, out=out)
    docs = documented()
    allowed = docs[fmt] | docs["every format but jsonl"]
    assert set(report.dropped) <= allowed, set(report.dropped) - allowed
    assert "pending or rejected spans left out" in report.dropped
    expected = {
        "brat": {"documents whose metadata or status brat cannot hold (.txt/.ann have none)"},
        "labelstudio": {"frame triggers carried only in data.claimdesk (Label Studio)",
                        "discontinuous spans written as one Label Studio region per fragment"},
        "doccano": {"frame triggers carried only in the doccano 'claimdesk' field",
                    "span notes carried only in the doccano 'claimdesk' field"},
        "conll": {"frames not expressible in CoNLL", "relations not expressible in CoNLL",
                  "span notes not expressible in CoNLL",
                  "document ids, titles and metadata not expressible in CoNLL"},
        "hf": {"span notes not in the dataset", "frame triggers not in the dataset"},
        "csv": {"span notes not written (CSV)", "frame triggers not written (CSV)",
                "documents with metadata other than url, outlet and published (not in CSV)"},
    }.get(fmt, set())
    assert expected <= set(report.dropped)
    manifest = out / "manifest.json" if out.is_dir() else out.with_name(
        out.name + ".manifest.json")
    if fmt in ("brat", "conll"):  # names in a safe form are listed, and said
        key = "names" if fmt == "brat" else "label_names"
        mapping = json.loads(manifest.read_text("utf-8"))[key]
        assert mapping["Label_1"] == "Label 1"
        assert any("'Label 1' as 'Label_1'" in w for w in report.warnings)


def test_brat_export_of_everything_reads_back_with_its_names(native: tuple[Path, Path]) -> None:
    project, tmp = native
    out = tmp / "brat-back"
    with open_project(project) as p:
        export(p, fmt="brat", out=out)
        labels = {s.label for d in p.documents.ids() for s in p.annotations.layer(d, "all").spans
                  if s.state.value == "accepted"}
    back = new_project_file(tmp / "brat-back.claimdesk")
    with open_project(project) as p, open_project(back) as q:
        q.set_codebook(p.codebook, who="test")
    run(back, out, annotator="all")
    with open_project(back) as q:
        got = {s.label for d in q.documents.ids() for s in q.annotations.layer(d, "all").spans}
    assert got == labels


@needs("spacy")
def test_spacys_conll_reader_reads_the_names_back(native: tuple[Path, Path]) -> None:
    """``spacy convert``'s CoNLL-2003 converter parses the export; the safe forms it sees map
    back to the labels through the manifest's ``label_names``."""
    from spacy.training.converters import conll_ner_to_docs

    project, tmp = native
    out = tmp / "spacy-conll" / "corpus.conll"
    with open_project(project) as p:
        export(p, fmt="conll", out=out)
    mapping = json.loads(out.with_name("corpus.conll.manifest.json").read_text("utf-8"))[
        "label_names"]
    docs = conll_ner_to_docs(out.read_text("utf-8"), n_sents=1, no_print=True)
    seen = {mapping.get(e.label_, e.label_) for d in docs for e in d.ents}
    assert {"Label 1", "商品名称", "Person Name", "CLAIM"} <= seen

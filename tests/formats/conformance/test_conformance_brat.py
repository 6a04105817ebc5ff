"""brat conformance: files in brat's real shapes (its own example corpora's events, R, A, N,
notes, shared triggers, nested events, fragments out of order, CRLF; PolNeAR's attribution
events annotated by two people) -> import -> brat export.

- In a project whose codebook does not know the names (``--extend-codebook``), the export is
  the input up to ids and line order, less what docs/formats.md says brat import leaves out
  (nested events and what points to them), and validates against its own annotation.conf by
  brat's rules (helpers.brat).
- Into the default news-attribution codebook, PolNeAR's names are read as the codebook's
  (said so) and each annotator keeps a layer; the export still validates.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.brat import canonical, parse_ann, parse_conf, problems
from helpers.foundation import new_project_file
from helpers.importing import run
from helpers.optional import needs

from desktop.formats.exporting import export
from desktop.store import open_project

HERE = Path(__file__).parent
NEUTRAL = """
[codebook]
name = "Empty"
version = "1"

[[labels]]
name = "Note"
"""
"""A codebook that knows none of the files' names: everything is added as it is."""

LEFT_OUT = {"strike": {"E2"}}
"""What the brat import leaves out (docs/formats.md): the nested event and its attribute."""


def _neutral(tmp_path: Path, name: str) -> Path:
    from desktop.core.codebook import parse_codebook
    from desktop.store import open_project as op

    path = tmp_path / f"{name}.claimdesk"
    with op(path, create=True, codebook=parse_codebook(NEUTRAL)):
        pass
    return path


def _export(project: Path, out: Path, annotator: str | None = None) -> list[str]:
    with open_project(project) as p:
        report = export(p, fmt="brat", out=out, annotator=annotator)
    return report.warnings


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    tmp = tmp_path_factory.mktemp("news")
    project = _neutral(tmp, "news")
    report = run(project, HERE / "brat" / "news", extend=True)
    assert report.skipped == []
    out = tmp / "out"
    _export(project, out)
    return out, report.warnings


@pytest.mark.parametrize("stem", ["merger", "strike"])
def test_brat_round_trip_is_identical_up_to_ids_and_order(news: tuple[Path, list[str]],
                                                          stem: str) -> None:
    out, _ = news
    source = parse_ann((HERE / "brat" / "news" / f"{stem}.ann").read_text("utf-8"))
    back = parse_ann((out / f"{stem}.ann").read_text("utf-8"))
    assert canonical(back) == canonical(source, drop=LEFT_OUT.get(stem, set()))


def test_brat_export_validates_against_its_own_conf(news: tuple[Path, list[str]]) -> None:
    out, _ = news
    conf = parse_conf((out / "annotation.conf").read_text("utf-8"))
    for ann in sorted(out.glob("*.ann")):
        text = ann.with_suffix(".txt").read_text("utf-8")
        assert problems(conf, parse_ann(ann.read_text("utf-8")), text) == [], ann.name
    merger = (out / "merger.ann").read_text("utf-8")
    assert "Reference T1 Wikipedia:534366\tNorthwind Traders" in merger  # no prefix added
    assert "Quote 192 199;96 128\t" in merger  # fragment order kept
    assert merger.count("\tTransfer-money 222 226\t") == 1  # one shared trigger


def test_brat_source_shapes_are_what_brat_accepts(news: tuple[Path, list[str]]) -> None:
    """The fixtures themselves follow brat's rules (checked with the export's conf)."""
    out, _ = news
    conf = parse_conf((out / "annotation.conf").read_text("utf-8"))
    merger = parse_ann((HERE / "brat" / "news" / "merger.ann").read_text("utf-8"))
    raw = (HERE / "brat" / "news" / "merger.txt").read_bytes().decode("utf-8")
    assert "\r\n" in raw  # CRLF input; brat's server counts CRLF as one character (brat#853)
    assert problems(conf, merger, raw.replace("\r\n", "\n")) == []


def test_nested_events_are_reported_not_fatal(news: tuple[Path, list[str]]) -> None:
    _, warnings = news
    assert any("strike.ann:9: event E2 left out" in w and "Cause-Arg:E1" in w
               for w in warnings)


def test_polnear_into_the_news_codebook(tmp_path: Path) -> None:
    project = new_project_file(tmp_path / "p.claimdesk")
    report = run(project, HERE / "brat" / "polnear", annotator_from_filename=r"_(ann\d+)$")
    assert (report.documents_added, report.frames) == (1, 5)
    assert any("label 'Content' read as the codebook's 'CLAIM'" in w for w in report.warnings)
    assert any("frame f3" not in w and "E3 (attribution) kept outside the codebook's role "
               "limits" in w for w in report.warnings)
    with open_project(project) as p:
        assert set(p.annotations.layers_of("article-0042")) == {"ann1", "ann2"}
    rename = {"Source": "SOURCE", "Cue": "CUE", "Content": "CLAIM", "Attribution": "attribution",
              "Attribution-no-source": "attribution"}
    roles = {"Content": "content", "Cue": "cue", "Source": "source"}
    for who in ("ann1", "ann2"):
        out = tmp_path / who
        _export(project, out, annotator=who)
        conf = parse_conf((out / "annotation.conf").read_text("utf-8"))
        back = parse_ann((out / "article-0042.ann").read_text("utf-8"))
        text = (out / "article-0042.txt").read_text("utf-8")
        assert problems(conf, back, text) == []
        source = parse_ann((HERE / "brat" / "polnear" / f"article-0042_{who}.ann").read_text(
            "utf-8"))
        want = canonical(source, rename=rename, roles=roles)
        got = canonical(back)
        assert got == want


def test_polnear_keeps_its_names_in_a_codebook_that_has_none(tmp_path: Path) -> None:
    project = _neutral(tmp_path, "polnear")
    run(project, HERE / "brat" / "polnear", extend=True, annotator_from_filename=r"_(ann\d+)$")
    for who in ("ann1", "ann2"):
        out = tmp_path / who
        _export(project, out, annotator=who)
        source = parse_ann((HERE / "brat" / "polnear" / f"article-0042_{who}.ann").read_text(
            "utf-8"))
        back = parse_ann((out / "article-0042.ann").read_text("utf-8"))
        assert canonical(back) == canonical(source)
        conf = parse_conf((out / "annotation.conf").read_text("utf-8"))
        assert problems(conf, back, (out / "article-0042.txt").read_text("utf-8")) == []


@needs("pybrat")
def test_pybrat_reads_the_export(news: tuple[Path, list[str]]) -> None:
    from pybrat.parser import BratParser

    out, _ = news
    examples = {e.id: e for e in BratParser(error="raise").parse(out)}
    merger = examples["merger"]
    assert len(merger.events) == 5
    trigger_ids = [e.trigger.id for e in merger.events if e.type == "Transfer-money"]
    assert (len(trigger_ids), len(set(trigger_ids))) == (4, 3)  # one trigger, two events
    quote = next(e for e in merger.entities if e.type == "Quote")
    assert [(s.start, s.end) for s in quote.spans] == [(192, 199), (96, 128)]
    assert [r.rid + ":" + r.eid for e in merger.entities for r in e.references] == [
        "Wikipedia:534366"]

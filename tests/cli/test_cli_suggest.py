"""`claimdesk suggest`: write pending suggestions, evaluate against a layer, train; clear
errors with exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers.assist import DEV, story_project

from desktop.cli import main
from desktop.core.model import SpanState
from desktop.store import open_project


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return story_project(tmp_path_factory.mktemp("cli") / "dev.claimdesk", DEV)


@pytest.fixture
def dev(template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "dev.claimdesk"
    path.write_bytes(template.read_bytes())
    return path


def test_suggest_writes_pending_suggestions_into_the_named_layer(
        dev: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["suggest", str(dev), "--annotator", "alice", "--docs", "01-ceasefire-talks",
                 "02-port-strike"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("2 documents: ")
    assert "pending spans" in out
    assert "alice's layer" in out
    assert "suggested in 2 of 2 documents" in err  # progress on stderr
    with open_project(dev) as p:
        assert p.suggestions.documents_with_pending("alice") == ["01-ceasefire-talks",
                                                                  "02-port-strike"]
        spans = p.annotations.spans("01-ceasefire-talks", "alice")
        assert spans
        assert all(s.state is SpanState.PENDING for s in spans)


def test_suggest_needs_a_layer_when_there_is_no_single_annotator(
        dev: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["suggest", str(dev)]) == 2
    err = capsys.readouterr().err
    assert "--annotator" in err
    assert len(err.strip().splitlines()) == 1


def test_evaluate_prints_per_label_frames_cue_and_direct_quote_figures(
        dev: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["suggest", str(dev), "--evaluate", "--against", "gold"]) == 0
    out = capsys.readouterr().out
    for needle in ("CLAIM", "SOURCE", "CUE", "ACTOR", "frames c+s", "cue F1",
                   "direct-quote CLAIM recall", "documents 18"):
        assert needle in out
    with open_project(dev) as p:
        assert p.suggestions.documents_with_pending("gold") == []  # nothing written


def test_evaluate_json_meets_the_development_targets(dev: Path,
                                                     capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    assert main(["suggest", str(dev), "--evaluate", "--against", "gold", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["against"] == "gold"
    assert data["documents"] == 18
    assert data["direct_claim_recall"]["recall"] >= 0.95
    assert data["frames_content_source"]["f1"] >= 0.8
    assert data["cue_f1"] >= 0.85
    assert set(data["labels"]) == {"ACTOR", "CLAIM", "CUE", "SOURCE"}


@pytest.mark.parametrize(("argv", "field"), [
    (["--evaluate"], "--against"),
    (["--against", "gold"], "--against"),
    (["--evaluate", "--against", "nobody"], "--against"),
    (["--evaluate", "--against", "gold", "--annotator", "gold"], "--annotator"),
    (["--annotator", "alice", "--docs", "nope"], "--docs"),
    (["--annotator", "alice", "--train"], "annotator"),
])
def test_bad_usage_is_one_line_and_exit_2(dev: Path, capsys: pytest.CaptureFixture[str],
                                          argv: list[str], field: str) -> None:
    assert main(["suggest", str(dev), *argv]) == 2
    err = capsys.readouterr().err.strip()
    assert field in err
    assert len(err.splitlines()) == 1
    with open_project(dev) as p:
        assert p.suggestions.documents_with_pending("alice") == []


def test_train_reports_held_out_scores(dev: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["suggest", str(dev), "--annotator", "gold", "--train", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["documents"] == 18
    assert data["held_out_documents"] == 4
    assert set(data["rules"]) == {"ACTOR", "CLAIM", "CUE", "SOURCE"}
    assert "used_for" in data


def test_stats_counts_pending_and_rejected_suggestions(dev: Path,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    assert main(["suggest", str(dev), "--annotator", "alice", "--docs",
                 "01-ceasefire-talks"]) == 0
    with open_project(dev) as p:
        stats = p.stats()["suggestions"]
        span = p.annotations.spans("01-ceasefire-talks", "alice")[0]
        p.suggestions.decide("01-ceasefire-talks", "alice",
                             spans={span.id: SpanState.REJECTED}, who="alice")
        frames = len(p.annotations.frames("01-ceasefire-talks", "alice"))
        pending = len(p.annotations.spans("01-ceasefire-talks", "alice"))
    assert stats == {"pending_spans": pending, "pending_frames": frames,
                     "rejected_spans": 0, "rejected_frames": 0}
    capsys.readouterr()
    assert main(["stats", str(dev)]) == 0
    out = capsys.readouterr().out
    assert f"suggested   {pending - 1} spans and" in out
    assert "1 spans and 0 frames rejected" in out

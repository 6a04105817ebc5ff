"""The hard corpus (``helpers.corpus``) exported as native JSONL: lossless, standoff, choices."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers.corpus import make_corpus

from desktop.core.offsets import sha256_text
from desktop.formats.exporting import export
from desktop.store import open_project


@pytest.fixture
def corpus(tmp_path: Path, project_path: Path) -> tuple[Path, dict[str, str]]:
    return make_corpus(tmp_path, project_path)


def test_corpus_has_the_hard_cases(corpus: tuple[Path, dict[str, str]]) -> None:
    path, texts = corpus
    with open_project(path) as p:
        spans = [s for d in texts for s in p.annotations.spans(d, "alice")]
    assert any(s.discontinuous for s in spans)
    assert any("\n" in s.text for s in spans)
    assert len(texts) == 4


def test_jsonl_export_is_lossless_and_standoff_keeps_text_out(
        corpus: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    path, texts = corpus
    with open_project(path) as p:
        rep = export(p, fmt="jsonl", out=tmp_path / "a.jsonl", annotator="alice")
        export(p, fmt="jsonl", out=tmp_path / "so.jsonl", annotator="alice", standoff=True)
        want = {d: p.annotations.layer(d, "alice") for d in texts}
    assert rep.documents == 4
    recs = [json.loads(x) for x in (tmp_path / "a.jsonl").read_text("utf-8").splitlines()]
    for r in recs:
        assert r["text"] == texts[r["id"]]
        assert len(r["spans"]) == len(want[r["id"]].spans)  # pending kept in native JSONL
        for s in r["spans"]:
            frags = s.get("fragments") or [[s["start"], s["end"]]]
            assert s["text"] == " ".join(r["text"][a:b] for a, b in frags)
    so = [json.loads(x) for x in (tmp_path / "so.jsonl").read_text("utf-8").splitlines()]
    for r in so:
        assert "text" not in r
        assert all("text" not in s for s in r["spans"])
        assert r["sha256"] == sha256_text(texts[r["id"]])
    assert not (tmp_path / "so.jsonl.manifest.json").exists()


def test_several_annotators_need_a_choice(corpus: tuple[Path, dict[str, str]],
                                          tmp_path: Path) -> None:
    from desktop.core.errors import InputError

    path, _ = corpus
    with open_project(path) as p, pytest.raises(InputError, match="several annotators"):
        export(p, fmt="conll", out=tmp_path / "x.conll")
    assert not (tmp_path / "x.conll").exists()

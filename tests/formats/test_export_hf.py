"""Hugging Face export loaded with datasets.load_dataset("parquet", ...)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers.corpus import export_alice, make_corpus
from helpers.optional import require_optional

datasets = require_optional("datasets")
require_optional("pyarrow")


@pytest.fixture
def corpus(tmp_path: Path, project_path: Path) -> tuple[Path, dict[str, str]]:
    return make_corpus(tmp_path, project_path)


def test_loads_with_datasets_and_every_offset_is_exact(
        corpus: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    path, texts = corpus
    out = tmp_path / "hf"
    export_alice(path, "hf", out, scheme="BILOU")
    ds = datasets.load_dataset("parquet", data_files={"train": str(out / "train.parquet")},
                               cache_dir=str(tmp_path / "cache"))["train"]
    names = ds.features["ner_tags"].feature.names
    assert names[0] == "O"
    assert "U-CLAIM" in names
    assert "L-SOURCE" in names
    assert len(ds) == len(texts)
    frames = relations = 0
    for row in ds:
        text = texts[row["id"]]
        assert row["text"] == text
        assert row["tokens"] == [text[a:b] for a, b in row["token_offsets"]]
        assert len(row["ner_tags"]) == len(row["tokens"])
        for s in row["spans"]:
            assert s["text"] == " ".join(text[a:b] for a, b in s["fragments"])
            assert (s["start"], s["end"]) == (s["fragments"][0][0], s["fragments"][-1][1])
            json.loads(s["attrs"])
        ids = {s["id"] for s in row["spans"]}
        for f in row["frames"]:
            frames += 1
            assert all(x in ids for r in f["roles"] for x in r["spans"])
        for r in row["relations"]:
            relations += 1
            assert r["head"] in ids
            assert r["tail"] in ids
        tags = [names[t] for t in row["ner_tags"]]
        for tok, tag in zip(row["token_offsets"], tags, strict=True):
            if tag != "O":
                a, b = tok
                assert any(fa <= a and b <= fb for s in row["spans"]
                           for fa, fb in s["fragments"] if s["label"] == tag[2:])
    assert frames == 5
    assert relations == 2
    card = (out / "README.md").read_text("utf-8")
    for needle in ("BILOU", "code points", "U-CLAIM", "[[labels]]", "| train | 4 |"):
        assert needle in card
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert set(manifest["files"]) == {"README.md", "train.parquet"}


def test_split_gives_parquet_per_split(corpus: tuple[Path, dict[str, str]],
                                       tmp_path: Path) -> None:
    path, texts = corpus
    out = tmp_path / "hf"
    export_alice(path, "hf", out, split="34/33/33", seed=1)
    files = {p.stem: str(p) for p in out.glob("*.parquet")}
    ds = datasets.load_dataset("parquet", data_files=files, cache_dir=str(tmp_path / "c"))
    assert sum(len(ds[k]) for k in ds) == len(texts)
    assert sorted(x for k in ds for x in ds[k]["id"]) == sorted(texts)

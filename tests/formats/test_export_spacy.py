"""spaCy DocBin export: loaded with DocBin().from_disk(), every span's characters exact."""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers.corpus import export_alice, make_corpus
from helpers.optional import require_optional

from desktop.core.errors import ClaimdeskError

spacy = require_optional("spacy")
from spacy.tokens import DocBin  # noqa: E402


@pytest.fixture
def corpus(tmp_path: Path, project_path: Path) -> tuple[Path, dict[str, str]]:
    return make_corpus(tmp_path, project_path)


def _docs(path: Path) -> list[object]:
    nlp = spacy.blank("xx")
    return list(DocBin().from_disk(path).get_docs(nlp.vocab))


def test_every_span_is_exact_and_data_travels_in_user_data(
        corpus: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    path, texts = corpus
    out = tmp_path / "corpus.spacy"
    report = export_alice(path, "spacy", out)
    docs = _docs(out)
    assert len(docs) == 4
    seen_discontinuous = False
    for doc in docs:
        cd = doc.user_data["claimdesk"]
        text = texts[cd["doc_id"]]
        assert doc.text == text
        sc = list(doc.spans["sc"])
        by_id: dict[str, list[tuple[int, int]]] = {}
        for sp in sc:
            assert sp.text == text[sp.start_char:sp.end_char]
            by_id.setdefault(sp.id_, []).append((sp.start_char, sp.end_char))
        for s in cd["spans"]:
            frags = [tuple(f) for f in s.get("fragments") or [(s["start"], s["end"])]]
            seen_discontinuous |= len(frags) > 1
            assert by_id[s["id"]] == frags
            assert s["text"] == " ".join(text[a:b] for a, b in frags)
            if s["actor"]:
                assert {sp.kb_id_ for sp in sc if sp.id_ == s["id"]} == {s["actor"]}
        ents = sorted((e.start_char, e.end_char) for e in doc.ents)
        for (_, e1), (s2, _) in itertools.pairwise(ents):
            assert e1 <= s2
        for e in doc.ents:
            assert e.text == text[e.start_char:e.end_char]
        assert "statement" not in {sp.text for sp in sc}  # the pending suggestion
        if cd["doc_id"] == "d1":
            assert cd["frames"][0]["roles"]["source"] == ("s2",)
            assert cd["relations"][0]["tail"] == "s4"
            assert {a["id"] for a in cd["actors"]} == {"a1", "a2"}
    assert seen_discontinuous
    assert any("doc.ents" in w for w in report.warnings)
    assert (tmp_path / "corpus.spacy.manifest.json").exists()


def test_split_writes_one_docbin_per_split(corpus: tuple[Path, dict[str, str]],
                                           tmp_path: Path) -> None:
    path, texts = corpus
    export_alice(path, "spacy", tmp_path / "sp", split="50/50", seed=7)
    total = sum(len(_docs(p)) for p in (tmp_path / "sp").glob("*.spacy"))
    assert total == len(texts)


def test_missing_spacy_explains_the_extra(corpus: tuple[Path, dict[str, str]], tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    path, _ = corpus
    monkeypatch.setitem(sys.modules, "spacy", None)
    with pytest.raises(ClaimdeskError, match=r"claimdesk\[formats\]"):
        export_alice(path, "spacy", tmp_path / "x.spacy")
    assert not (tmp_path / "x.spacy").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".x.spacy")]


def test_missing_extra_in_the_bundle_says_to_install_with_python(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.formats.writing import require

    monkeypatch.setitem(sys.modules, "datasets", None)
    with pytest.raises(ClaimdeskError, match=r"'datasets': pip install 'claimdesk\[formats\]'"):
        require("datasets", "Hugging Face")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    with pytest.raises(ClaimdeskError, match=r"stand-alone Claimdesk does not include it.*"
                       r"claimdesk\[formats\]"):
        require("datasets", "Hugging Face")


def _sharded_docs(path: Path) -> list[object]:
    nlp = spacy.blank("xx")
    return [d for p in sorted(path.glob("*.spacy"))
            for d in DocBin().from_disk(p).get_docs(nlp.vocab)]


def _same(a: Any, b: Any) -> bool:
    return bool(a.text == b.text and a.user_data == b.user_data
                and [(e.start_char, e.end_char, e.label_, e.id_) for e in a.ents]
                == [(e.start_char, e.end_char, e.label_, e.id_) for e in b.ents]
                and [(s.start_char, s.end_char, s.label_, s.id_, s.kb_id_) for s in a.spans["sc"]]
                == [(s.start_char, s.end_char, s.label_, s.id_, s.kb_id_)
                    for s in b.spans["sc"]])


def test_large_exports_stream_in_shards_that_load_back_exactly(
        corpus: tuple[Path, dict[str, str]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.formats.spacy import writer

    path, texts = corpus
    export_alice(path, "spacy", tmp_path / "whole.spacy")
    whole = _docs(tmp_path / "whole.spacy")
    monkeypatch.setattr(writer, "SHARD_DOCS", 3)
    out = tmp_path / "big.spacy"
    report = export_alice(path, "spacy", out)
    assert out.is_dir()
    assert sorted(p.name for p in out.iterdir()) == ["00000.spacy", "00001.spacy"]
    assert [len(_docs(p)) for p in sorted(out.iterdir())] == [3, 1]
    sharded = _sharded_docs(out)
    assert len(sharded) == len(whole) == len(texts)
    assert all(_same(a, b) for a, b in zip(sharded, whole, strict=True))
    manifest = json.loads((tmp_path / "big.spacy.manifest.json").read_text())
    assert manifest["shards"]["folders"] == {"big.spacy": 2}
    assert set(manifest["files"]) == {"big.spacy/00000.spacy", "big.spacy/00001.spacy"}
    assert report.documents == len(texts)
    # spaCy's own corpus reader (what `spacy train --paths.train big.spacy` uses) takes the
    # folder as it is.
    from spacy.training import Corpus

    nlp = spacy.blank("xx")
    assert len(list(Corpus(out)(nlp))) == len(texts)
    # Exporting again replaces the folder, and a small export replaces it with one file.
    export_alice(path, "spacy", out)
    monkeypatch.setattr(writer, "SHARD_DOCS", 1000)
    export_alice(path, "spacy", out)
    assert out.is_file()
    assert len(_docs(out)) == len(texts)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".big.spacy")]


def test_split_parts_shard_on_their_own(corpus: tuple[Path, dict[str, str]], tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.formats.spacy import writer

    path, texts = corpus
    monkeypatch.setattr(writer, "SHARD_DOCS", 1)
    export_alice(path, "spacy", tmp_path / "sp", split="50/50", seed=7)
    parts = sorted(p.name for p in (tmp_path / "sp").iterdir())
    assert "manifest.json" in parts
    total = 0
    for name in parts:
        p = tmp_path / "sp" / name
        if name.endswith(".spacy"):
            total += len(_sharded_docs(p)) if p.is_dir() else len(_docs(p))
    assert total == len(texts)


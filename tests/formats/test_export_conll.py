"""CoNLL-2003 export, read back with an independent parser: tokens, tags and offsets."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from helpers.corpus import export_alice, make_corpus
from helpers.foundation import any_text, deterministic
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.model import Span
from desktop.formats.conll.writer import sentence_breaks
from desktop.formats.tokens import (
    Chunk,
    boundaries,
    select_by_preference,
    select_chunks,
    tag_tokens,
    tokenize,
)
from desktop.store import open_project


@pytest.fixture
def corpus(tmp_path: Path, project_path: Path) -> tuple[Path, dict[str, str]]:
    return make_corpus(tmp_path, project_path)


def parse_conll(raw: str) -> list[list[list[tuple[str, str]]]]:
    """Documents -> sentences -> (token, tag); checks the four-column layout."""
    docs: list[list[list[tuple[str, str]]]] = []
    sent: list[tuple[str, str]] = []
    for line in raw.split("\n"):
        if line == "-DOCSTART- -X- -X- O":
            docs.append([])
            continue
        if not line:
            if sent:
                docs[-1].append(sent)
                sent = []
            continue
        cols = line.split(" ")
        assert cols[1:3] == ["-X-", "_"], line
        assert len(cols) == 4, line
        sent.append((cols[0], cols[3]))
    assert not sent
    return docs


def chunks_of(tags: list[str], scheme: str) -> list[tuple[int, int, str]]:
    """Decode tags to (first token, last token + 1, label)."""
    out: list[tuple[int, int, str]] = []
    cur: list[object] | None = None
    for i, t in enumerate([*tags, "O"]):
        p, _, lab = t.partition("-")
        begins = (p in ("B", "U") or (p == "I" and (cur is None or cur[2] != lab))
                  or (scheme == "IOB1" and p == "B"))
        if cur is not None and (p == "O" or begins):
            out.append((int(cur[0]), i, str(cur[2])))  # type: ignore[call-overload]
            cur = None
        if p in ("B", "I", "U", "L") and cur is None:
            cur = [i, None, lab]
        if p in ("U", "L") and cur is not None:
            out.append((int(cur[0]), i + 1, lab))  # type: ignore[call-overload]
            cur = None
    return out


def align(text: str, tokens: list[str]) -> list[tuple[int, int]]:
    pos, offs = 0, []
    for t in tokens:
        k = text.index(t, pos)
        assert not text[pos:k].strip(), (text[pos:k], t)  # only whitespace is skipped
        offs.append((k, k + len(t)))
        pos = k + len(t)
    assert not text[pos:].strip()
    return offs


@pytest.mark.parametrize("scheme", ["IOB2", "IOB1", "BILOU"])
def test_tokens_and_tags_match_the_spans(corpus: tuple[Path, dict[str, str]], tmp_path: Path,
                                         scheme: str) -> None:
    path, texts = corpus
    out = tmp_path / "c.conll"
    report = export_alice(path, "conll", out, scheme=scheme)
    docs = parse_conll(out.read_text("utf-8"))
    manifest = json.loads((tmp_path / "c.conll.manifest.json").read_text("utf-8"))
    assert manifest["scheme"] == scheme
    assert "tokenisation" in manifest
    with open_project(path) as p:
        ids = p.documents.ids()
        layers = {d: p.annotations.layer(d, "alice") for d in ids}
    assert len(docs) == len(ids)
    for doc_id, sents in zip(ids, docs, strict=True):
        text = texts[doc_id]
        toks = [t for s in sents for t in s]
        offs = align(text, [t for t, _ in toks])
        got = {(offs[a][0], offs[b - 1][1], lab)
               for a, b, lab in chunks_of([tag for _, tag in toks], scheme)}
        spans = [s for s in layers[doc_id].spans if s.state.value == "accepted"]
        frags = {(a, b, s.label) for s in spans for a, b in s.fragments}
        for a, b, lab in got:  # every chunk is exactly a span fragment (stripped of spaces)
            assert any(lab == fl and text[fa:fb].strip() == text[a:b] for fa, fb, fl in frags)
        chunks, _ = select_chunks(spans)
        assert len(got) == len(chunks)
        # the same tokens as the spaCy and HF exports
        assert [t for t, _ in toks] == [text[a:b] for a, b in tokenize(text, boundaries(spans))]
        assert not [t for t, _ in toks if not t or any(c.isspace() for c in t)]
    assert any("overlapping" in w for w in report.warnings)


def test_tag_schemes_on_adjacent_chunks() -> None:
    text = "Anna Berg Carl said"
    toks = tokenize(text)
    chunks = [Chunk("ACTOR", 0, 9, "s1"), Chunk("ACTOR", 10, 14, "s2"),
              Chunk("CUE", 15, 19, "s3")]
    assert tag_tokens(toks, chunks, "IOB2")[0] == ["B-ACTOR", "I-ACTOR", "B-ACTOR", "B-CUE"]
    assert tag_tokens(toks, chunks, "IOB1")[0] == ["I-ACTOR", "I-ACTOR", "B-ACTOR", "I-CUE"]
    assert tag_tokens(toks, chunks, "BILOU")[0] == ["B-ACTOR", "L-ACTOR", "U-ACTOR", "U-CUE"]


def test_tokenizer_keeps_graphemes_and_cuts_at_span_boundaries() -> None:
    text = "Le 🇫🇷 pre\u0301sident 👩\u200d👩\u200d👧 👍🏽 Parisians!"
    got = [text[a:b] for a, b in tokenize(text)]
    assert got == ["Le", "🇫🇷", "pre\u0301sident", "👩\u200d👩\u200d👧", "👍🏽", "Parisians", "!"]
    k = text.index("Paris")
    got = [text[a:b] for a, b in tokenize(text, [k, k + 5])]
    assert got[-3:] == ["Paris", "ians", "!"]


def test_sentences_break_at_newlines_and_full_stops(tmp_path: Path,
                                                    corpus: tuple[Path, dict[str, str]]) -> None:
    path, _ = corpus
    out = tmp_path / "c.conll"
    export_alice(path, "conll", out)
    docs = parse_conll(out.read_text("utf-8"))
    first = docs[0]  # the CRLF document: three lines
    assert [t for t, _ in first[0]] == ["Line", "one", "."]


@deterministic(300)
@given(st.lists(st.sampled_from([".", "!", "?", "\n", " ", "\u2003", "\u00a0", "\u2028", "a",
                                 "Z", "\t", "😀"]) | any_text, max_size=12).map("".join))
def test_sentence_breaks_are_the_regular_expression(text: str) -> None:
    by_regex = {m.start() if m.group() == "\n" else m.end()
                for m in re.finditer(r"[.!?](?=\s)|\n", text)}
    assert sentence_breaks(text) == by_regex


def _select_by_scan(spans: list[Span]) -> tuple[list[Chunk], list[Span]]:
    """select_chunks as first written: every candidate against every fragment taken."""
    taken: list[tuple[int, int]] = []
    chunks: list[Chunk] = []
    dropped: list[Span] = []
    for s in sorted(spans, key=lambda s: (-(s.end - s.start), s.start, s.label, s.id)):
        if any(a < e and s_ < b for s_, e in s.fragments for a, b in taken):
            dropped.append(s)
            continue
        taken.extend(s.fragments)
        chunks.extend(Chunk(s.label, a, b, s.id) for a, b in s.fragments)
    chunks.sort(key=lambda c: c.start)
    return chunks, dropped


@st.composite
def _span_sets(draw: Any) -> list[Span]:
    spans = []
    for k in range(draw(st.integers(0, 8))):
        cuts = sorted(draw(st.sets(st.integers(0, 30), min_size=2, max_size=6)))
        pairs = list(zip(cuts[::2], cuts[1::2], strict=False))
        # brat keeps fragments in the order written ("T1 Content 6 11;0 5"): both orders
        frags = tuple(draw(st.sampled_from([pairs[:1], pairs, pairs[::-1]])))
        spans.append(Span(id=f"s{k + 1}", label=draw(st.sampled_from(["CLAIM", "CUE"])),
                          fragments=frags, text=""))
    return spans


@deterministic(400)
@given(_span_sets())
def test_chunk_selection_is_the_full_scan(spans: list[Span]) -> None:
    assert select_chunks(spans) == _select_by_scan(spans)
    # The shortcut for layers where nothing overlaps agrees with the long way too.
    assert select_by_preference(spans) == _select_by_scan(spans)

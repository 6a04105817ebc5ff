"""Tokenisation, entity selection and tag schemes shared by the spaCy, CoNLL and HF exports.

Tokenisation (the same for all three, so their tokens agree):

* A token is a run of word characters (``\\w``, i.e. letters, digits, underscore) with any
  combining marks, ZWJ/ZWNJ joiners, variation selectors and emoji modifiers attached; or a
  pair of regional indicators (a flag); or any other single non-space character with its
  attached marks and ZWJ continuations (so ``👩‍👩‍👧``, ``👍🏽`` and ``é`` written with a
  combining accent each stay one token). Whitespace separates tokens and is never a token in
  CoNLL/HF.
* **Every span boundary is a token boundary**: the text is first cut at every fragment start
  and end of every exported span, and each piece is tokenised on its own. So every span aligns
  exactly with whole tokens (spaCy ``char_span(..., alignment_mode="strict")`` never fails)
  and no span is ever expanded or shrunk. The price is that a span boundary inside a word
  splits the word.

Entity selection (``doc.ents``, CoNLL, HF ``ner_tags``): a deterministic non-overlapping subset
of the spans: longest outer extent first, then earliest start, then label and id; a span is
taken when none of its fragments overlaps a fragment already taken. A discontinuous span
contributes one chunk per fragment. Spans covering only whitespace have no tokens and are
dropped. Everything not taken is counted as dropped in the export report.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desktop.core.model import Span

SCHEMES = ("IOB2", "IOB1", "BILOU")

TOKENISATION = (
    "claimdesk-1: word runs (\\w plus attached combining marks/joiners), single other "
    "characters with attached marks, ZWJ sequences and flag pairs kept whole; whitespace "
    "separates; every span boundary is also a token boundary")


@functools.cache
def token_re() -> re.Pattern[str]:
    bmp: list[str] = []
    astral: list[str] = []
    start = prev = -2
    # Marks live in planes 0 and 1 and in the variation selectors supplement (plane 14).
    for cp in (*range(0x20000), *range(0xE0100, 0xE01F0), 0x110000):
        if cp < 0x110000 and unicodedata.category(chr(cp)) in ("Mn", "Mc", "Me"):
            if cp != prev + 1:
                if start >= 0:
                    (bmp if start < 0x10000 else astral).append(_range(start, prev))
                start = cp
            prev = cp
    (bmp if start < 0x10000 else astral).append(_range(start, prev))
    # BMP classes compile to bitmaps; astral marks are tried only after a cheap range test.
    m_bmp = f"{''.join(bmp)}\u200c\ufe00-\ufe0f"
    m_astral = (f"(?=[\U00010000-\U0010FFFF])[{''.join(astral)}"
                f"\U0001F3FB-\U0001F3FF\U000E0020-\U000E007F]")
    word = f"[\\w{m_bmp}\u200d]"
    mark = f"(?:[{m_bmp}]|{m_astral})"
    return re.compile(
        rf"\w{word}*(?:{m_astral}{word}*)*"
        rf"|[\U0001F1E6-\U0001F1FF]{{2}}"
        rf"|\S{mark}*(?:\u200d\S{mark}*)*")


def _range(a: int, b: int) -> str:
    return re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"


def boundaries(spans: Iterable[Span]) -> list[int]:
    """Sorted distinct fragment starts and ends of ``spans``."""
    return sorted({x for s in spans for f in s.fragments for x in f})


def tokenize(text: str, cuts: Sequence[int] = ()) -> list[tuple[int, int]]:
    """Non-whitespace tokens of ``text`` as (start, end) code-point ranges, cut at ``cuts``."""
    rx = token_re()
    if not cuts:
        return [m.span() for m in rx.finditer(text)]
    out: list[tuple[int, int]] = []
    a = 0
    for b in (*cuts, len(text)):
        if b > a:
            out.extend((m.start() + a, m.end() + a) for m in rx.finditer(text[a:b]))
            a = b
    return out


@dataclass(frozen=True, slots=True)
class Chunk:
    """One contiguous labelled stretch chosen for the non-overlapping layer."""

    label: str
    start: int
    end: int
    span_id: str


def _preference(s: Span) -> tuple[int, int, str, str]:
    """Longest outer extent first, then earliest start, then label and id."""
    start = s.start  # the outer bounds: fragments may come in any order (brat)
    return start - s.end, start, s.label, s.id


def select_chunks(spans: Sequence[Span]) -> tuple[list[Chunk], list[Span]]:
    """The non-overlapping subset (see module doc) as chunks in text order, and the rest."""
    pieces = sorted([(a, b, s.label, s.id) for s in spans for a, b in s.fragments])
    if all(pieces[i][1] <= pieces[i + 1][0] for i in range(len(pieces) - 1)):
        # Nothing overlaps (most documents): every span is taken whatever the preference.
        return [Chunk(label, a, b, sid) for a, b, label, sid in pieces], []
    return select_by_preference(spans)


def select_by_preference(spans: Sequence[Span]) -> tuple[list[Chunk], list[Span]]:
    """``select_chunks`` the long way: each span in order of preference, taken when none of
    its fragments overlaps one taken before."""
    # Taken fragments never overlap one another, so sorted by start they are also sorted by
    # end: the one that could overlap [a, b) is the first ending after a (a bisection).
    starts: list[int] = []
    ends: list[int] = []
    chunks: list[Chunk] = []
    dropped: list[Span] = []
    for s in sorted(spans, key=_preference):
        frags = s.fragments
        clash = False
        for a, b in frags:
            i = bisect_right(ends, a)
            if i < len(starts) and starts[i] < b:
                clash = True
                break
        if clash:
            dropped.append(s)
            continue
        for a, b in frags:
            i = bisect_left(starts, a)
            starts.insert(i, a)
            ends.insert(i, b)
            chunks.append(Chunk(s.label, a, b, s.id))
    chunks.sort(key=_chunk_start)
    return chunks, dropped


def _chunk_start(c: Chunk) -> int:
    return c.start


def tag_tokens(tokens: Sequence[tuple[int, int]], chunks: Sequence[Chunk],
               scheme: str = "IOB2") -> tuple[list[str], list[Chunk]]:
    """One tag per token for ``chunks`` in ``scheme``; also the chunks that cover no token."""
    tags = ["O"] * len(tokens)
    starts = [t[0] for t in tokens]
    empty: list[Chunk] = []
    prev_end_tok = -2
    prev_label = ""
    for c in chunks:
        i = bisect_left(starts, c.start)
        j = i
        while j < len(tokens) and tokens[j][1] <= c.end:
            j += 1
        if j == i:
            empty.append(c)
            continue
        n = j - i
        if scheme == "BILOU":
            if n == 1:
                tags[i] = f"U-{c.label}"
            else:
                tags[i] = f"B-{c.label}"
                for k in range(i + 1, j - 1):
                    tags[k] = f"I-{c.label}"
                tags[j - 1] = f"L-{c.label}"
        else:
            first = "B"
            if scheme == "IOB1" and not (prev_end_tok == i - 1 and prev_label == c.label):
                first = "I"
            tags[i] = f"{first}-{c.label}"
            for k in range(i + 1, j):
                tags[k] = f"I-{c.label}"
        prev_end_tok, prev_label = j - 1, c.label
    return tags, empty


def tag_names(labels: Sequence[str], scheme: str) -> list[str]:
    """All tags of ``scheme`` for ``labels`` in a fixed order, ``O`` first (HF ClassLabel)."""
    prefixes = ("B", "I", "L", "U") if scheme == "BILOU" else ("B", "I")
    return ["O", *(f"{p}-{label}" for label in labels for p in prefixes)]

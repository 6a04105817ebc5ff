"""Tokens and sentences of a document, with code-point offsets.

Sentences never end inside a quotation: a quotation of several sentences, or of several
paragraphs, belongs to one sentence together with its attribution.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from desktop.assist.quotes import QUOTE_MARKS, Quote

# Initialisms ("U.S."), numbers ("6.5", "2,300"), words with inner apostrophes or hyphens
# ("Maran's", "co-chair") or a plural possessive ("Tenants'"), any other single character.
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|\d+(?:[.,:]\d+)+|\w+(?:['’\-]\w+)*(?:(?<=s)['’](?!\w))?"
                    r"|[^\w\s]")
_ENDS = frozenset(".!?…")


class Token(NamedTuple):
    """One token (a tuple, for speed: a document has thousands)."""

    start: int
    end: int
    text: str
    lower: str
    is_word: bool
    """Starts with a letter, digit or underscore."""
    capitalised: bool


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into ``text``."""
    out: list[Token] = []
    new = tuple.__new__  # skips NamedTuple's argument handling: a text has thousands
    append = out.append
    for m in _TOKEN.finditer(text, start, len(text) if end is None else end):
        word = m.group()
        at = m.start()
        first = word[0]
        append(new(Token, (at, at + len(word), word, word.lower(),
                           first.isalnum() or first == "_", first.isupper())))
    return out


@dataclass(frozen=True, slots=True)
class Sentence:
    """Tokens ``[first, last)`` of the document; ``start``/``end`` are code points."""

    first: int
    last: int
    start: int
    end: int
    paragraph: int


def split_sentences(text: str, tokens: Sequence[Token], quotes: Sequence[Quote],
                    abbreviations: Collection[str]) -> list[Sentence]:
    """Sentences of a tokenised text: boundaries at paragraph breaks and sentence ends.

    A full stop ends a sentence when the next word starts with a capital, a digit or a quote
    mark, unless it follows a listed abbreviation or a single initial. "?" and "!" inside a
    closing quote end nothing ("Why?" she asked). No boundary falls inside a quotation.
    """
    n = len(tokens)
    if not n:
        return []
    inside = _Inside(quotes)
    closing = {q.end - 1 for q in quotes}
    # breaks[i]: a line break between token i and token i + 1
    breaks = bytearray(n)
    ends = [t.end for t in tokens]
    pos = text.find("\n")
    while pos >= 0:
        k = bisect_right(ends, pos) - 1
        if 0 <= k < n:
            breaks[k] = 1
        pos = text.find("\n", pos + 1)
    out: list[Sentence] = []
    first = 0
    paragraph = 0
    qi = 0
    i = 0
    while i < n:
        tok = tokens[i]
        nxt = i + 1
        boundary = False
        if nxt < n:
            if tok.text in _ENDS:
                # absorb the marks that close a quotation or bracket: said "yes." Then ...
                j = nxt
                while j < n and _closes(tokens[j], closing) and not breaks[j - 1]:
                    j += 1
                closed_by_quote = j > nxt and tokens[j - 1].start in closing
                if j < n and not breaks[j - 1]:
                    if (_starts_sentence(tokens[j].text[0])
                            and not (closed_by_quote and tok.text in "?!")
                            and not _abbreviation(tokens, i, abbreviations)):
                        boundary = True
                        nxt = j
                elif j < n:
                    boundary = True
                    nxt = j
            elif breaks[i]:
                boundary = True
        if boundary:
            pos = tokens[nxt - 1].end
            qi, in_quote = inside(pos, qi)
            if not in_quote:
                out.append(Sentence(first, nxt, tokens[first].start, tokens[nxt - 1].end,
                                    paragraph))
                if breaks[nxt - 1]:
                    paragraph += 1
                first = nxt
        i = nxt
    out.append(Sentence(first, n, tokens[first].start, tokens[n - 1].end, paragraph))
    return out


def _closes(tok: Token, closing: Collection[int]) -> bool:
    return tok.start in closing or tok.text in ")]"


def _starts_sentence(ch: str) -> bool:
    return ch.isupper() or ch.isdigit() or ch in QUOTE_MARKS or ch in "‘'(["


def _abbreviation(tokens: Sequence[Token], i: int, abbreviations: Collection[str]) -> bool:
    """Whether the full stop at token ``i`` closes an abbreviation or an initial."""
    if tokens[i].text != "." or i == 0:
        return False
    prev = tokens[i - 1]
    if prev.end != tokens[i].start:
        return False
    return prev.lower in abbreviations or (len(prev.text) == 1 and prev.text.isupper())


class _Inside:
    """Answers "is this position strictly inside a quotation?" for increasing positions."""

    def __init__(self, quotes: Sequence[Quote]) -> None:
        self.quotes = quotes

    def __call__(self, pos: int, qi: int) -> tuple[int, bool]:
        qs = self.quotes
        while qi < len(qs) and qs[qi].end <= pos:
            qi += 1
        return qi, qi < len(qs) and qs[qi].start < pos < qs[qi].end

"""Phrase matching on word boundaries, longest match first: registry actors and learned phrases.

Phrases are indexed by their first word, so a text is scanned once, word by word, with one
dictionary look-up per word however many phrases there are (a regular expression alternation
of thousands of names would try each of them at every position).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from desktop.core.model import Actor

T = TypeVar("T")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Match(Generic[T]):
    start: int
    end: int
    payload: T


class PhraseMatcher(Generic[T]):
    """Finds non-overlapping occurrences of phrases, leftmost and then longest first.

    A match must start and end on a word boundary: "Varga" matches in "Varga's" and
    "(Varga)" but not in "Vargas".
    """

    def __init__(self, phrases: Iterable[tuple[str, T]], *, ignore_case: bool = False) -> None:
        self.ignore_case = ignore_case
        index: dict[str, list[tuple[str, T]]] = {}
        for phrase, payload in phrases:
            phrase = phrase.strip()
            m = _WORD.search(phrase)
            if m is None or m.start() != 0:
                continue  # a phrase must start with a word character
            key = m.group().lower() if ignore_case else m.group()
            form = phrase.lower() if ignore_case else phrase
            bucket = index.setdefault(key, [])
            if all(existing != form for existing, _ in bucket):
                bucket.append((form, payload))
        for bucket in index.values():
            bucket.sort(key=lambda e: -len(e[0]))
        self._index = index

    def __len__(self) -> int:
        return sum(len(b) for b in self._index.values())

    def find(self, text: str) -> list[Match[T]]:
        haystack = text.lower() if self.ignore_case else text
        # lower() keeps code-point offsets for nearly all text; where it does not (e.g. "İ"),
        # match on the original text instead of risking shifted offsets.
        if len(haystack) != len(text):
            haystack = text
        out: list[Match[T]] = []
        index = self._index
        n = len(text)
        pos = 0
        for m in _WORD.finditer(haystack):
            start = m.start()
            if start < pos:
                continue
            bucket = index.get(m.group())
            if not bucket:
                continue
            for form, payload in bucket:
                end = start + len(form)
                if haystack.startswith(form, start) and (
                        end >= n or not (haystack[end].isalnum() or haystack[end] == "_")
                        or not (form[-1].isalnum() or form[-1] == "_")):
                    out.append(Match(start, end, payload))
                    pos = end
                    break
        return out


class Gazetteer:
    """Mentions of registry actors: every name and alias, longest match on word boundaries."""

    def __init__(self, actors: Sequence[Actor]) -> None:
        self.actors = {a.id: a for a in actors}
        self._matcher: PhraseMatcher[str] = PhraseMatcher(
            (name, a.id) for a in actors for name in (a.name, *a.aliases) if name.strip())

    def find(self, text: str) -> list[Match[str]]:
        """Mentions in ``text``; the payload is the actor id."""
        return self._matcher.find(text)

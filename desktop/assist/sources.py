"""Sources: the noun phrase governing a cue, read word by word away from it.

Backwards from the cue ("Deputy Foreign Minister Anton Varga said", "two people familiar with
the talks said", "Varga, the deputy foreign minister, said", "a nurse who asked not to be
named said", "he said") or forwards from it ("said Anton Varga, the deputy foreign minister",
"according to the Vessarian Relief Agency (VRA)"). The walk stops at punctuation, function
words, auxiliaries, adverbs, time words and reporting verbs (all from the lexicon); a
determiner starts the phrase unless an inner preposition precedes it ("the head of the
agency"). Restrictive relative clauses (no commas) belong to the phrase; clauses between
commas do not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from desktop.assist.lexicon import Lexicon
from desktop.assist.textunits import Token

MAX_WORDS = 14
_RELATIVE = frozenset({"who", "whose"})
_OBJECT_PRONOUNS = frozenset({"them", "us"})
_PASSIVE = frozenset({"was", "is", "were", "are", "been", "be"})
_IRREGULAR_PARTICIPLES = frozenset({"told", "said", "written", "known", "shown", "given",
                                    "seen", "made", "found", "held"})


@dataclass(frozen=True, slots=True)
class Phrase:
    """A source phrase: tokens ``[first, last)``."""

    first: int
    last: int
    pronoun: bool = False
    context_last: int = -1
    """End token of a descriptor left out of the span (", who asked not to be named,")."""


class SourceFinder:
    """Source-phrase walks over one tokenised document."""

    def __init__(self, tokens: Sequence[Token], lexicon: Lexicon) -> None:
        self.tokens = tokens
        self.lex = lexicon
        w = lexicon.words
        self.w = w
        self.stops = (w.stop_words | w.auxiliaries | w.adverbs | w.complementizers
                      | w.pronouns | w.time_words | lexicon.verb_words)
        self.skippable = w.auxiliaries | w.adverbs
        self._anonymity_re = _phrases_re(w.anonymity_markers)
        self._withholding_re = _phrases_re(w.withholding)

    @cached_property
    def lower_seen(self) -> frozenset[str]:
        """Words the text also writes in lower case: a capital on them at the start of a
        sentence says nothing ("Police said" vs "Varga said")."""
        return frozenset(t.text for t in self.tokens if t.is_word and t.text.islower())

    # -- word classes ------------------------------------------------------------------------

    def content(self, tok: Token, prev: Token | None = None) -> bool:
        """A word that may stand inside a source: a name, title, noun, adjective, number.

        A time word counts after a number ("a season-ticket holder for 30 years").
        """
        if not tok.is_word:
            return tok.text == "&"
        if tok.lower in self.w.time_words and prev is not None and prev.text[0].isdigit():
            return True
        return tok.lower not in self.stops and tok.lower not in self.w.inner_prepositions

    def determiner(self, tok: Token) -> bool:
        return tok.lower in self.w.determiners or tok.lower in self.w.quantifiers

    def _abbrev_dot(self, i: int) -> bool:
        toks = self.tokens
        return (toks[i].text == "." and i > 0 and toks[i - 1].end == toks[i].start
                and (toks[i - 1].lower in self.w.abbreviations
                     or (len(toks[i - 1].text) == 1 and toks[i - 1].text.isupper())))

    def _inner_prep(self, lo: int, k: int) -> bool:
        """Whether token ``k`` is a preposition inside a phrase ("familiar with", "head of")."""
        toks = self.tokens
        tok = toks[k]
        if tok.lower not in self.w.inner_prepositions or k - 1 < lo:
            return False
        left = toks[k - 1]
        if left.lower in self.w.inner_heads:
            return True
        if tok.lower == "to":
            return False
        if left.is_word and left.lower.endswith("ing") and self.content(left):
            # "residents living near the river": a participle after a noun
            return k - 2 >= lo and toks[k - 2].is_word and self.content(toks[k - 2]) and not \
                toks[k - 2].lower.endswith("ing")
        return left.is_word and self.content(left)

    def _participle(self, tok: Token) -> bool:
        """A past participle opening a reduced relative ("published on", "seen by")."""
        low = tok.lower
        return (tok.is_word and not tok.capitalised and len(low) >= 4
                and low.endswith(("ed", "en")) and low not in self.w.inner_heads)

    # -- backwards -------------------------------------------------------------------------

    def skip_back(self, lo: int, i: int) -> int:
        """Last token before ``i`` that is not an auxiliary, adverb or time adjunct between a
        subject and its cue ("X has also said", "the ministry on Tuesday said")."""
        toks = self.tokens
        j = i - 1
        while j >= lo:
            low = toks[j].lower
            if low in self.skippable or low == "not":
                j -= 1
            elif low in self.w.time_words and j - 1 >= lo and toks[j - 1].lower in \
                    self.w.adjunct_starts:
                j -= 2
            else:
                break
        return j

    def passive(self, phrase: Phrase, cue: int, cue_first: str) -> bool:
        """"It was announced that ...", "The plan was described as ...": the phrase before a
        passive cue is what was reported, not who reported it. (Cues whose source stands
        before them, "X was quoted as saying", are not asked.)"""
        toks = self.tokens
        between = range(max(phrase.last, phrase.context_last), cue)
        if not any(toks[x].lower in _PASSIVE for x in between):
            return False
        if phrase.pronoun and toks[phrase.first].lower == "it":
            return True
        return cue_first.endswith(("ed", "en")) or cue_first in _IRREGULAR_PARTICIPLES

    def np_back(self, lo: int, j: int) -> int:
        """First token of the noun phrase ending at token ``j`` (``j + 1`` when none)."""
        toks = self.tokens
        k = j
        start = j + 1
        words = 0
        if (k - 1 >= lo and toks[k].lower in _OBJECT_PRONOUNS
                and toks[k - 1].lower == "of"):  # "one of them"
            start, k = k - 1, k - 2
        while k >= lo and words < MAX_WORDS:
            tok = toks[k]
            if self._abbrev_dot(k) and k < j:
                k -= 1
                continue
            if self.determiner(tok):
                start = k
                words += 1
                if k - 1 >= lo and self._inner_prep(lo, k - 1):
                    k -= 1  # "the head of the agency": go on past the preposition
                    continue
                if (k - 1 >= lo and tok.lower in self.w.quantifiers
                        and toks[k - 1].lower in self.w.determiners):
                    k -= 1  # "the two men"
                    continue
                break
            if self.content(tok):
                start = k
                words += 1
                k -= 1
                continue
            if start == k + 1 and self._inner_prep(lo, k):
                k -= 1
                continue
            break
        return start

    def before(self, lo: int, cue: int) -> list[Phrase]:
        """The source(s) standing before the cue at token ``cue``; empty when none."""
        toks = self.tokens
        j = self.skip_back(lo, cue)
        if j < lo:
            return []
        if toks[j].text == ",":
            return self._apposition(lo, j)
        if toks[j].lower in self.w.pronouns:
            return [Phrase(j, j + 1, pronoun=True)]
        relative = self._relative_back(lo, j)
        if relative is not None:
            return [relative]
        end = j + 1
        if toks[j].text == ")":  # "the Athletics Integrity Board (AIB)"
            opening = self._paren_back(lo, j)
            if opening is None:
                return []
            j = opening - 1
        start = self.np_back(lo, j)
        if start > j:
            return []
        phrases = [Phrase(start, end)]
        # "Varga and Prime Minister Mikkel Strand said", "Varga, Maran and Strand said"
        joiner = "and"
        while (start - 2 >= lo and toks[start - 1].lower == joiner and toks[start].capitalised
               and toks[start - 2].capitalised and toks[start - 2].is_word):
            first = self.np_back(lo, start - 2)
            if first > start - 2:
                break
            phrases.insert(0, Phrase(first, start - 1))
            start, joiner = first, ","
        return phrases

    def _paren_back(self, lo: int, close: int) -> int | None:
        toks = self.tokens
        for p in range(close - 1, max(lo, close - 5) - 1, -1):
            if toks[p].text == "(":
                return p if p < close - 1 and p - 1 >= lo else None
            if not toks[p].is_word:
                return None
        return None

    def _relative_back(self, lo: int, j: int) -> Phrase | None:
        """"a nurse who asked not to be named said": the phrase with its relative clause."""
        toks = self.tokens
        w = j
        while w > lo and j - w < 12 and toks[w].is_word:
            if toks[w].lower in _RELATIVE and w < j:
                head = self.np_back(lo, w - 1)
                if head <= w - 1 and toks[w - 1].is_word and self.content(toks[w - 1]):
                    return Phrase(head, j + 1)
                return None
            w -= 1
        return None

    def _apposition(self, lo: int, comma: int) -> list[Phrase]:
        """"X, the deputy minister, said" keeps the descriptor; "X, who ..., said" does not."""
        toks = self.tokens
        prev = comma - 1
        while prev >= lo and toks[prev].text != ",":
            prev -= 1
        if prev - 1 < lo or prev + 1 >= comma:
            return []
        head_start = self.np_back(lo, prev - 1)
        if head_start > prev - 1:
            return []
        head_last = prev  # exclusive end of the head phrase
        # "Dragan, 23, who joined ..., said": the age belongs to the head
        if (all(toks[x].text.isdigit() for x in range(head_start, prev))
                and head_start - 2 >= lo and toks[head_start - 1].text == ","):
            name_start = self.np_back(lo, head_start - 2)
            if name_start <= head_start - 2:
                head_start = name_start
        if not any(toks[x].capitalised or toks[x].lower in self.w.pronouns
                   for x in range(head_start, comma)):
            return []
        first = toks[prev + 1]
        if first.text.isdigit() and prev + 2 == comma:  # "Varga, 54, said"
            return [Phrase(head_start, comma)]
        descriptor = self.determiner(first) or (
            self.content(first) and not first.lower.endswith("ing")
            and first.lower not in self.lex.cue_words)
        if descriptor and self.np_back(prev + 1, comma - 1) == prev + 1:
            return [Phrase(head_start, comma)]
        return [Phrase(head_start, head_last, context_last=comma)]

    # -- forwards --------------------------------------------------------------------------

    def after(self, i: int, hi: int) -> list[Phrase]:
        """The source standing after a cue, from token ``i`` ("said Varga", "according to X")."""
        toks = self.tokens
        if i >= hi:
            return []
        if toks[i].lower in self.w.pronouns:
            return [Phrase(i, i + 1, pronoun=True)]
        end = self.np_forward(i, hi)
        if end == i:
            return []
        end = self._paren_forward(end, hi)
        end = self._relative_forward(end, hi)
        # "said Anton Varga, the deputy foreign minister." keeps the descriptor
        if end + 1 < hi and toks[end].text == ",":
            nxt = toks[end + 1]
            if self.determiner(nxt) or nxt.text.isdigit() or (
                    self.content(nxt) and not nxt.lower.endswith("ing")):
                appos_end = self._relative_forward(self.np_forward(end + 1, hi), hi)
                if appos_end > end + 1 and (appos_end >= hi or _closes(toks[appos_end].text)):
                    return [Phrase(i, appos_end)]
                return [Phrase(i, end, context_last=appos_end)]
        return [Phrase(i, end)]

    def _paren_forward(self, end: int, hi: int) -> int:
        toks = self.tokens
        if end < hi and toks[end].text == "(":
            for p in range(end + 1, min(hi, end + 5)):
                if toks[p].text == ")":
                    return p + 1 if p > end + 1 else end
                if not toks[p].is_word:
                    break
        return end

    def _relative_forward(self, end: int, hi: int) -> int:
        """Extend over a restrictive relative clause ("an engineer who spent 35 years here")."""
        toks = self.tokens
        if end < hi and toks[end].lower in _RELATIVE:
            k = end + 1
            while k < hi and toks[k].is_word:
                k += 1
            return k
        return end

    def np_forward(self, i: int, hi: int) -> int:
        """End (exclusive) of the noun phrase starting at token ``i``."""
        toks = self.tokens
        k = i
        words = 0
        while k < hi and words < MAX_WORDS:
            tok = toks[k]
            if self.determiner(tok):
                if k > i and toks[k - 1].lower not in self.w.inner_prepositions and not (
                        toks[k - 1].lower in self.w.determiners
                        and tok.lower in self.w.quantifiers):
                    break
                k += 1
                words += 1
                continue
            if self.content(tok, toks[k - 1] if k > i else None):
                if (k > i and self._participle(tok) and k + 1 < hi
                        and (toks[k + 1].lower in self.stops
                             or toks[k + 1].lower in self.w.inner_prepositions)):
                    break  # "a memo seen by Tavra", "a poll published on Monday"
                k += 1
                words += 1
                continue
            if self._abbrev_dot(k) and k > i:
                k += 1
                continue
            if (k > i and k + 1 < hi and self._inner_prep(i, k)
                    and (self.content(toks[k + 1]) or self.determiner(toks[k + 1]))):
                k += 1
                continue
            break
        while k > i and (self.determiner(toks[k - 1])
                         or toks[k - 1].lower in self.w.inner_prepositions):
            k -= 1  # a phrase never ends on a determiner or preposition
        return k

    def subject(self, i: int, hi: int) -> Phrase | None:
        """The name at the start of a clause ("The Central Bank of Vessaria kept ... and
        warned"): a determiner, then capitalised words (with inner prepositions)."""
        toks = self.tokens
        k = i
        if k < hi and toks[k].lower in self.w.determiners:
            k += 1
        named = k
        while k < hi and ((toks[k].capitalised and self.content(toks[k]))
                          or (k > named and toks[k].lower in self.w.inner_prepositions
                              and k + 1 < hi and toks[k + 1].capitalised)):
            k += 1
        if k == named or k >= hi or toks[k].capitalised:
            return None
        return Phrase(i, k)

    # -- classification --------------------------------------------------------------------

    def anonymity(self, text: str, phrase: Phrase, sentence_first: int, *,
                  after: str = "") -> str:
        """named | unnamed | anonymous.

        Anonymous when the phrase, its left-out descriptor or (for ``after``, the rest of the
        sentence) withholds the identity; named when a capitalised word other than a title
        stands before the phrase's first inner preposition ("Analysts at Norvik Bank" is
        unnamed) or the phrase is a pronoun; unnamed otherwise.
        """
        toks = self.tokens
        last = max(phrase.last, phrase.context_last)
        stretch = text[toks[phrase.first].start:toks[last - 1].end]
        if self._anonymity_re is not None and self._anonymity_re.search(stretch):
            return "anonymous"
        if after and self._withholding_re is not None and self._withholding_re.search(after):
            return "anonymous"
        if phrase.pronoun:
            return "named"
        for x in range(phrase.first, phrase.last):
            tok = toks[x]
            if tok.lower in self.w.inner_prepositions and x > phrase.first and not toks[
                    x - 1].capitalised:
                break  # "a spokesman for the Vessarian Competition Authority"
            if not (tok.capitalised and tok.is_word) or _base(tok.lower) in self.w.not_names:
                continue
            if x != sentence_first or (
                    _base(tok.lower) not in self.lower_seen and tok.lower not in self.stops
                    and tok.lower not in self.w.determiners
                    and tok.lower not in self.w.quantifiers):
                return "named"
        return "unnamed"


def _phrases_re(phrases: Sequence[str]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    ordered = sorted(phrases, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(m) for m in ordered) + r")(?!\w)",
                      re.IGNORECASE)


def _closes(text: str) -> bool:
    return text in (",", ".", ";", ":", "!", "?", '"', "”", "»", ")")


def _base(word: str) -> str:
    """A word without its possessive ending."""
    for suffix in ("'s", "’s", "'", "’"):
        if word.endswith(suffix):
            return word[:-len(suffix)]
    return word

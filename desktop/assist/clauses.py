"""Reported clauses, and the state the frame rules share while reading one text.

``ClauseRules`` holds the tokens, quotations, sentences and cues of a text and what has been
claimed so far; its methods find reported clauses (after the cue: ``X said (that) ...``;
before it: ``..., X said.``; around it: ``The deal, X said, will ...``), the sources of a cue,
and emit frames. ``frames.FrameFinder`` adds the quotation rules and the driver.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from desktop.assist.lexicon import CueDef, Lexicon
from desktop.assist.quotes import OPENERS, Quote, find_quotes
from desktop.assist.sources import Phrase, SourceFinder
from desktop.assist.textunits import Sentence, Token, split_sentences, tokenize
from desktop.core.model import Fragment

END_PUNCT = frozenset(".!?;:,…")
_NOT_CLAUSE_START = frozenset({"to", "of", "about", "for", "with", "by", "as", "on", "in", "at",
                               "from", "into", "against", "over", "under", "after", "before",
                               "whether", "if", "how", "what", "why", "when", "where", "who",
                               "which", "so", "nothing", "anything"})
DASHES = frozenset("-–—")
_CONJUNCTIONS = frozenset({"and", "but", ","})
_OBJECT_PRONOUNS = frozenset({"him", "her", "them", "me", "us"})
_NOT_CONTINUATION = frozenset({"who", "which", "whose", "as", "while", "after", "before",
                               "because", "although", "though", "when", "where", "but",
                               "and", "or", "so", "if", "since", "until", "with", "without",
                               "despite", "amid", "including", "according"})


@dataclass(frozen=True, slots=True)
class Piece:
    """One proposed span."""

    label: str
    fragments: tuple[Fragment, ...]
    attrs: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class RuleFrame:
    """One proposed attribution frame."""

    content: Piece
    sources: tuple[Piece, ...]
    cue: Piece | None
    rule: str
    score: float
    channel: str = ""


@dataclass(slots=True)
class Cue:
    i: int
    k: int
    cue: CueDef

    @property
    def end(self) -> int:
        return self.i + self.k


@dataclass(slots=True)
class SentenceState:
    sentence: Sentence
    lo: int
    frames: list[RuleFrame] = field(default_factory=list)
    sources: list[tuple[Phrase, ...]] = field(default_factory=list)


class ClauseRules:
    """The shared reading state of one text, and the reported-clause rules."""

    def __init__(self, text: str, lexicon: Lexicon) -> None:
        self.text = text
        self.lex = lexicon
        self.w = lexicon.words
        self.tokens: list[Token] = tokenize(text)
        self.quotes: list[Quote] = find_quotes(text)
        self.sentences = split_sentences(text, self.tokens, self.quotes, self.w.abbreviations)
        self.src = SourceFinder(self.tokens, lexicon)
        index = {t.start: i for i, t in enumerate(self.tokens)}
        self.qtok: list[tuple[int, int]] = [(index[q.start], index[q.end - 1] + 1)
                                            for q in self.quotes]
        self.open_at = {span[0]: qi for qi, span in enumerate(self.qtok)}
        self.by_start = {q.start: qi for qi, q in enumerate(self.quotes)}
        self.in_quote = bytearray(len(self.tokens))
        self.quote_of = [-1] * len(self.tokens)
        for qi, (a, b) in enumerate(self.qtok):
            self.in_quote[a:b] = b"\x01" * (b - a)
            self.quote_of[a:b] = [qi] * (b - a)
        self.claimed = bytearray(len(self.tokens))
        self.used: set[int] = set()
        self.cues: dict[int, Cue] = {}
        self.frames: list[RuleFrame] = []

    def _clause_after(self, st: SentenceState, c: Cue) -> bool:
        cue = c.cue
        if cue.that == "no" or cue.needs_quote:
            return False
        start = self._complement_start(st.sentence, c)
        if start is None:
            return False
        return self._clause(st, c, start, self._sources(st, c), "source cue (that) clause",
                            0.75)

    def _complement_start(self, s: Sentence, c: Cue) -> int | None:
        """First token of the reported clause after the cue, or None when there is none.

        "said (that) ...", "said on Tuesday (that) ...", "told the Herald that ...",
        "denied throughout the trial that ..."; verbs that need "that" get nothing without it.
        """
        toks = self.tokens
        w = self.w
        e = c.end
        if e >= s.last:
            return None
        first = toks[e]
        if first.lower in w.complementizers:
            return e + 1
        if c.cue.object or first.lower in w.adjunct_starts:
            k = e
            while k < s.last and k - e < 10 and toks[k].is_word and k not in self.cues:
                if toks[k].lower in w.complementizers:
                    return k + 1
                k += 1
            if c.cue.object and c.cue.that == "optional":
                return self._after_object(s, e)
            if c.cue.object or c.cue.that == "required":
                return None
            k = e
            while k < s.last and (toks[k].lower in w.adjunct_starts or toks[k].lower in
                                  w.time_words or (k > e and toks[k].text[0].isdigit())):
                k += 1
            return k
        return None if c.cue.that == "required" else e

    def _after_object(self, s: Sentence, e: int) -> int | None:
        """"told Tavra the deal was close", "told him the deal was close": the clause after a
        named or pronoun addressee, when it opens like a clause."""
        toks = self.tokens
        if toks[e].lower in _OBJECT_PRONOUNS:
            k = e + 1
        else:
            k = self.src.np_forward(e, s.last)
            if k == e or not any(toks[x].capitalised for x in range(e, k)):
                return None
        if k >= s.last:
            return None
        nxt = toks[k]
        w = self.w
        if (nxt.lower in w.determiners or nxt.lower in w.pronouns or nxt.capitalised
                or nxt.lower in w.quantifiers or nxt.text[0].isdigit()):
            return k
        return None

    def _clause_before(self, st: SentenceState, c: Cue) -> bool:
        """"Prices will rise, the bank said (on Tuesday)." and, with the attribution in the
        middle, "The deal, the minister said, will be signed on Friday." (two fragments)."""
        toks = self.tokens
        s = st.sentence
        if c.cue.needs_quote or (c.cue.source == "before" and c.i > 0
                                 and toks[c.i - 1].text == ","):
            return False
        inverted = False
        phrases = self.src.before(st.lo, c.i)
        if phrases and phrases[0].first - 1 > st.lo and toks[phrases[0].first - 1].text == ",":
            if self._passive(phrases[0], c):
                return False
            comma = phrases[0].first - 1
            tail = c.end
        elif (not phrases and c.i - 1 > st.lo and toks[c.i - 1].text == ","
              and c.cue.source != "before"):
            phrases = self.src.after(c.end, s.last)
            if not phrases:
                return False
            comma = c.i - 1
            tail = phrases[-1].last
            inverted = True
        else:
            return False
        stop = self._attribution_tail(s, c, tail, inverted=inverted)
        if stop is None:
            return False
        lo = self._free_from(st, comma)
        pieces = [(lo, comma)]
        more = self._continuation(s, lo, comma, stop)
        if more is not None:
            pieces.append((stop + 1, more))
        return self._clause_span(st, c, pieces, phrases, "clause, source cue", 0.7)

    def _attribution_tail(self, s: Sentence, c: Cue, tail: int, *,
                          inverted: bool = False) -> int | None:
        """Where the words after a closing attribution end (the punctuation token), or None
        when they are more than a short adjunct ("on Tuesday", "in a televised address") or
        an addressee ("sources told Tavra.")."""
        toks = self.tokens
        if tail < s.last and toks[tail].text not in ",.;!?":
            if c.cue.object and not inverted and toks[tail].lower not in self.w.adjunct_starts:
                # an addressee: "told Tavra", "told a parliamentary inquiry on Monday"
                addressee = self.src.np_forward(tail, s.last)
                if addressee == tail:
                    return None
                tail = addressee
            elif inverted or toks[tail].lower not in self.w.adjunct_starts:
                return None
        for k in range(tail, min(s.last, tail + 9)):
            if toks[k].text in ",.;!?":
                return k
            if toks[k].lower in self.w.complementizers or k in self.cues:
                return None
        return s.last if s.last - tail <= 9 else None

    def _continuation(self, s: Sentence, lo: int, comma: int, stop: int) -> int | None:
        """End of the clause that resumes after a mid-sentence attribution, if one does."""
        toks = self.tokens
        nxt = stop + 1
        if (stop >= s.last or toks[stop].text != "," or nxt >= s.last or comma - lo > 8
                or not toks[nxt].is_word or toks[nxt].lower.endswith("ing")
                or nxt in self.cues or toks[nxt].lower in _NOT_CONTINUATION):
            return None
        return self._clause_end(s, nxt)

    def _sources(self, st: SentenceState, c: Cue) -> list[Phrase]:
        """The cue's own source before it, or the one it shares with the clause before."""
        lo = self._free_from(st, c.i)
        phrases = self.src.before(lo, c.i)
        if phrases and self._passive(phrases[0], c):
            return []
        if phrases:
            return phrases
        toks = self.tokens
        j = self.src.skip_back(lo, c.i)
        joined = j >= st.lo and (toks[j].lower in _CONJUNCTIONS or toks[j].lower in ("who",
                                                                                    "which"))
        if joined and st.sources:
            return list(st.sources[-1])
        if joined and toks[j].lower in ("and", "but"):
            subject = self.src.subject(st.lo, j)
            if subject is not None:
                return [subject]
        return []

    def _passive(self, phrase: Phrase, c: Cue) -> bool:
        return c.cue.source == "either" and self.src.passive(phrase, c.i, self.tokens[c.i].lower)

    def _free_from(self, st: SentenceState, i: int) -> int:
        """First token after anything already claimed before token ``i`` in this sentence."""
        k = i - 1
        while k >= st.lo and not self.claimed[k]:
            k -= 1
        return k + 1

    def _clause(self, st: SentenceState, c: Cue, start: int, phrases: Sequence[Phrase],
                rule: str, score: float) -> bool:
        s = st.sentence
        toks = self.tokens
        if start >= s.last or self.claimed[start]:
            return False
        first = toks[start]
        after_that = start > 0 and toks[start - 1].lower in self.w.complementizers
        if (first.lower in _NOT_CLAUSE_START and not after_that) or not (
                first.is_word or first.text in OPENERS):
            return False
        return self._clause_span(st, c, [(start, self._clause_end(s, start))], phrases, rule,
                                 score)

    def _clause_end(self, s: Sentence, start: int) -> int:
        """Where a reported clause stops: the sentence end, a semicolon, something already
        claimed, or a second cue joined by "and", "but" or a comma."""
        toks = self.tokens
        end = start
        while end < s.last:
            if self.in_quote[end]:
                end += 1
                continue
            t = toks[end]
            if t.text == ";" or self.claimed[end]:
                break
            if t.lower in _CONJUNCTIONS and self._second_attribution(s, end):
                break
            end += 1
        return end

    def _second_attribution(self, s: Sentence, k: int) -> bool:
        """Whether a new attribution starts after the conjunction at token ``k``:
        ", adding that", "and warned that", ", and the union said ..."."""
        toks = self.tokens
        j = k + 1
        if toks[k].text == "," and j < s.last and toks[j].lower in ("and", "but"):
            j += 1
        if j >= s.last:
            return False
        if j in self.cues:
            return True
        for c in range(j + 1, min(s.last, j + 8)):
            if not toks[c].is_word or self.in_quote[c]:
                return False
            if c in self.cues:
                phrases = self.src.before(j, c)
                return bool(phrases) and phrases[0].first == j
        return False

    def _clause_span(self, st: SentenceState, c: Cue, pieces: Sequence[tuple[int, int]],
                     phrases: Sequence[Phrase], rule: str, score: float) -> bool:
        """Emit a reported clause of one or two token ranges, trimmed of end punctuation."""
        toks = self.tokens
        ranges = []
        for start, end in pieces:
            while start < end and toks[start].text in DASHES:
                start += 1  # "— We are ready, Varga said." (dash-introduced speech)
            while end > start and toks[end - 1].text in END_PUNCT and not self.in_quote[end - 1]:
                end -= 1
            if start < end:
                ranges.append((start, end))
        words = sum(1 for a, b in ranges for k in range(a, b) if toks[k].is_word)
        if not ranges or words < (2 if len(ranges) == 1 else 3):
            return False
        inner: set[int] = set()
        for start, end in ranges:
            q0, q1 = self.quote_of[start], self.quote_of[end - 1]
            if (q0 >= 0 and self.qtok[q0][0] < start) or (q1 >= 0 and self.qtok[q1][1] > end):
                return False  # the clause would cut a quotation
            inner.update(self.quote_of[k] for k in range(start, end) if self.quote_of[k] >= 0)
        if len(inner) == 1 and len(ranges) == 1 and self.qtok[next(iter(inner))] == ranges[0]:
            form = "direct"
        else:
            form = "mixed" if inner else "indirect"
        self.used.update(inner)
        fragments = tuple((toks[a].start, toks[b - 1].end) for a, b in ranges)
        for a, b in ranges:
            self._claim_tokens(a, b)
        piece = Piece("CLAIM", fragments, (("form", form),))
        return self._emit(st, c, piece, phrases, rule, score if phrases else score - 0.15)

    def _emit(self, st: SentenceState, c: Cue | None, content: Piece,
              phrases: Sequence[Phrase], rule: str, score: float) -> bool:
        toks = self.tokens
        for a, b in content.fragments:
            qi = self.by_start.get(a, -1)
            if qi >= 0 and self.quotes[qi].end == b:
                self.used.add(qi)
                self._claim_tokens(*self.qtok[qi])
        sources = []
        after = self.text[toks[c.end - 1].end:st.sentence.end] if c is not None else ""
        for p in phrases:
            anonymity = self.src.anonymity(self.text, p, st.sentence.first, after=after)
            sources.append(Piece("SOURCE", ((toks[p.first].start, toks[p.last - 1].end),),
                                 (("anonymity", anonymity),)))
            self._claim_tokens(p.first, p.last)
        cue_piece = None
        channel = ""
        if c is not None:
            cue_piece = Piece("CUE", ((toks[c.i].start, toks[c.end - 1].end),))
            self._claim_tokens(c.i, c.end)
            channel = c.cue.channel
        frame = RuleFrame(content, tuple(sources), cue_piece, rule, round(score, 2), channel)
        st.frames.append(frame)
        st.sources.append(tuple(phrases))
        self.frames.append(frame)
        return True

    def _claim_tokens(self, a: int, b: int) -> None:
        self.claimed[a:b] = b"\x01" * (b - a)

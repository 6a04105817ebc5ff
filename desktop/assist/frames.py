"""Attribution frames from rules: quotations, cues, sources and reported clauses together.

Sentence by sentence (a closing attribution first, since it governs the clause before it),
every cue outside quotation marks looks for its content, in order:

1. "according to X": the quotation or clause on either side of it;
2. a quotation just before it: ``"...," X said`` / ``"...," said X`` (a second quotation
   right after the attribution continues a split quote);
3. a quotation just after a colon or comma: ``X said: "..."``;
4. for cues that need one ("called", "accused"), the next quotation in the clause (partial);
5. the clause after it: ``X said (that) ...`` (clauses.py);
6. the clause before it: ``..., X said on Tuesday.`` (clauses.py).

Then quotations left over: ``X: "..."`` (a source without a cue) and a sentence that is only a
quotation, continuing the speaker of a direct quotation just before it.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop.assist.clauses import (
    DASHES,
    END_PUNCT,
    ClauseRules,
    Cue,
    Piece,
    RuleFrame,
    SentenceState,
)
from desktop.assist.lexicon import Lexicon
from desktop.assist.sources import Phrase
from desktop.assist.textunits import Sentence, Token

__all__ = ["FrameFinder", "Piece", "RuleFrame", "rule_frames"]


class FrameFinder(ClauseRules):
    """Runs the frame rules over one text."""

    # -- driver ----------------------------------------------------------------------------

    def run(self) -> list[RuleFrame]:
        self._find_cues()
        prev: SentenceState | None = None
        for s in self.sentences:
            st = SentenceState(s, self._clause_start(s))
            # A closing attribution ("..., the board announced on Tuesday.") governs the whole
            # clause before it, cue words inside that clause included: it goes first.
            last = max((ci for ci in range(s.first, s.last) if ci in self.cues), default=None)
            if last is not None and not self.cues[last].cue.preposition:
                self._clause_before(st, self.cues[last])
            for ci in range(s.first, s.last):
                c = self.cues.get(ci)
                if c is None or self.claimed[c.i]:
                    continue
                self._frame_for_cue(st, c)
            self._leftover_quotes(st, prev)
            prev = st
        return self.frames

    def _find_cues(self) -> None:
        toks = self.tokens
        words = [t.lower for t in toks]
        gaps = _Gaps(self.text, toks)
        for s in self.sentences:
            i = s.first
            while i < s.last:
                tok = toks[i]
                if self.in_quote[i] or not tok.is_word or words[i] not in self.lex.cue_words:
                    i += 1
                    continue
                m = self.lex.match_at(words, gaps, i)
                if m is None or i + m[0] > s.last:
                    i += 1
                    continue
                prev = toks[i - 1] if i > s.first else None
                if prev is not None and (prev.lower in self.w.determiners
                                         or prev.lower.endswith(("'s", "’s"))):
                    i += 1  # "a statement", "the said agreement", "the ministry's report"
                    continue
                if tok.capitalised and prev is not None and prev.is_word:
                    i += 1  # "State media": a name, not a cue
                    continue
                self.cues[i] = Cue(i, m[0], m[1])
                i += m[0]

    def _clause_start(self, s: Sentence) -> int:
        """First token after a dateline ("LOMIRA, March 4 (Tavra) - ")."""
        toks = self.tokens
        first = toks[s.first]
        if (first.is_word and len(first.text) > 1 and first.text.isupper()
                and s.first + 1 < s.last and toks[s.first + 1].text in ",("):
            for i in range(s.first + 1, min(s.last, s.first + 16)):
                if toks[i].text in DASHES and i + 1 < s.last:
                    return i + 1
        return s.first

    # -- one cue -----------------------------------------------------------------------------

    def _frame_for_cue(self, st: SentenceState, c: Cue) -> None:
        if c.cue.preposition:
            self._according(st, c)
            return
        rules = [self._quote_before, self._quote_after, self._partial_quote,
                 self._clause_after, self._clause_before]
        if c.i > st.lo and self.tokens[c.i - 1].text == ",":
            rules[3:] = [self._clause_before, self._clause_after]  # "..., said the bank."
        for rule in rules:
            if rule(st, c):
                return

    def _according(self, st: SentenceState, c: Cue) -> bool:
        s = st.sentence
        phrases = self.src.after(c.end, s.last)
        if not phrases:
            return False
        src_end = phrases[-1].last
        q = self._quote_ending_before(st, c.i)
        if q is not None:
            return self._emit(st, c, self._quote_piece(q), phrases, "according to + quote", 0.85)
        if c.i == st.lo:
            # "According to a poll published on Monday, 14 expect ..."
            comma = src_end
            while comma < s.last and comma - src_end < 6 and self.tokens[comma].is_word:
                comma += 1
            if comma < s.last and self.tokens[comma].text == ",":
                return self._clause(st, c, comma + 1, phrases, "according to X, clause", 0.8)
            return False
        if c.i > st.lo and self.tokens[c.i - 1].text == ",":
            lo = self._free_from(st, c.i)
            pieces = [(lo, c.i - 1)]
            more = self._continuation(s, lo, c.i - 1, src_end)
            if more is not None:
                pieces.append((src_end + 1, more))
            return self._clause_span(st, c, pieces, phrases, "clause, according to X", 0.8)
        return False

    def _quote_before(self, st: SentenceState, c: Cue) -> bool:
        qi = self._quote_ending_before(st, c.i, attribution=True)
        if qi is None:
            return False
        toks = self.tokens
        r0 = self.qtok[qi][1]
        if r0 < c.i and toks[r0].text == ",":
            r0 += 1
        if r0 == c.i:
            phrases = [] if c.cue.source == "before" else self.src.after(c.end, st.sentence.last)
            rule = "quote, cue source"
        else:
            phrases = self.src.before(r0, c.i)
            if not phrases or phrases[0].first != r0 or c.cue.source == "after":
                return False
            if self._passive(phrases[0], c):
                phrases = []
            rule = "quote, source cue"
        end = max([c.end] + [p.last for p in phrases])
        content = self._split_quote(qi, end, st.sentence)
        return self._emit(st, c, content, phrases, rule, 0.9 if phrases else 0.6)

    def _quote_after(self, st: SentenceState, c: Cue) -> bool:
        toks = self.tokens
        s = st.sentence
        k = c.end
        while k < s.last and k - c.end < 8 and toks[k].is_word:
            k += 1
        if k >= s.last or toks[k].text not in ":,":
            return False
        nxt = k + 1
        if nxt < s.last:
            qi = self.open_at.get(nxt)
        elif toks[k].text == ":" and nxt < len(toks):
            qi = self.open_at.get(nxt)  # "he said:" then the quotation in the next paragraph
        else:
            qi = None
        if qi is None or qi in self.used:
            return False
        phrases = self._sources(st, c)
        return self._emit(st, c, self._quote_piece(qi), phrases, "source cue: quote",
                          0.85 if phrases else 0.55)

    def _partial_quote(self, st: SentenceState, c: Cue) -> bool:
        if not c.cue.needs_quote:
            return False
        s = st.sentence
        for k in range(c.end, s.last):
            if self.tokens[k].text == ";" or (k in self.cues and not self.in_quote[k]):
                return False
            qi = self.open_at.get(k)
            if qi is not None:
                if qi in self.used:
                    return False
                phrases = self._sources(st, c)
                piece = self._quote_piece(qi, form="partial")
                return self._emit(st, c, piece, phrases, "cue ... quote (partial)", 0.6)
        return False

    # -- building blocks ---------------------------------------------------------------------

    def _quote_ending_before(self, st: SentenceState, i: int, *,
                             attribution: bool = False) -> int | None:
        """An unused quotation ending just before token ``i`` (a comma and, with
        ``attribution``, a source phrase may stand between)."""
        toks = self.tokens
        k = i - 1
        limit = i - 18 if attribution else i - 2
        while k >= max(st.sentence.first, limit):
            if self.in_quote[k]:
                qi = self.quote_of[k]
                if qi in self.used or self.qtok[qi][1] != k + 1:
                    return None
                return qi
            if not attribution and toks[k].text != ",":
                return None
            if toks[k].text in ".;!?" or (k in self.cues and k != i):
                return None
            k -= 1
        return None

    def _split_quote(self, qi: int, end: int, s: Sentence) -> Piece:
        """The quotation, joined with the next one when the attribution splits it."""
        toks = self.tokens
        q = self.quotes[qi]
        k = end
        while k < len(toks) and k - end < 8 and toks[k].is_word and k not in self.cues:
            k += 1
        if k + 1 < len(toks) and toks[k].text in ",.:":
            qj = self.open_at.get(k + 1)
            if qj is not None and qj not in self.used and qj != qi:
                q2 = self.quotes[qj]
                last = q.last_char(self.text)
                if last not in ".!?" and (toks[k].text == "," or q2.starts_lower(self.text)):
                    self.used.add(qj)
                    self._claim_tokens(*self.qtok[qj])
                    return Piece("CLAIM", ((q.start, q.end), (q2.start, q2.end)),
                                 (("form", "direct"),))
        return self._quote_piece(qi)

    def _quote_piece(self, qi: int, *, form: str = "direct") -> Piece:
        q = self.quotes[qi]
        return Piece("CLAIM", ((q.start, q.end),), (("form", form),))

    # -- quotations without a cue ----------------------------------------------------------

    def _leftover_quotes(self, st: SentenceState, prev: SentenceState | None) -> None:
        toks = self.tokens
        s = st.sentence
        for a in range(s.first, s.last):
            qi = self.open_at.get(a)
            if qi is None or qi in self.used:
                continue
            b = self.qtok[qi][1]
            # "Brekke: "There will be some overlap ...""
            if a - 1 > st.lo and toks[a - 1].text == ":":
                start = self.src.np_back(st.lo, a - 2)
                if start == st.lo and any(toks[x].capitalised for x in range(start, a - 1)):
                    self._emit(st, None, self._quote_piece(qi), [Phrase(start, a - 1)],
                               "source: quote", 0.7)
                    continue
            # a sentence that is only a quotation continues the speaker before it
            only_quote = a == st.lo and all(toks[x].text in END_PUNCT for x in range(b, s.last))
            if (only_quote and prev is not None and prev.sources and prev.sources[-1]
                    and prev.frames[-1].content.attrs == (("form", "direct"),)
                    and s.paragraph - prev.sentence.paragraph <= 1):
                same = prev.sentence.paragraph == s.paragraph
                self._emit(st, None, self._quote_piece(qi), prev.sources[-1],
                           "quote continues the speaker" if same else
                           "quote paragraph continues the speaker", 0.6 if same else 0.5)


class _Gaps:
    """gaps[j]: only spaces (no line break, no punctuation) between tokens j and j + 1.

    Computed on demand: only multi-word cue phrases ask, at a few positions per text."""

    def __init__(self, text: str, tokens: Sequence[Token]) -> None:
        self.text = text
        self.tokens = tokens

    def __len__(self) -> int:
        return len(self.tokens)

    def __getitem__(self, j: int) -> bool:
        toks = self.tokens
        if j + 1 >= len(toks):
            return False
        gap = self.text[toks[j].end:toks[j + 1].start]
        return bool(gap) and gap.isspace() and "\n" not in gap


def rule_frames(text: str, lexicon: Lexicon) -> list[RuleFrame]:
    """Every attribution frame the rules find in ``text``."""
    return FrameFinder(text, lexicon).run()

"""Selection snapping: grapheme clusters, word boundaries, trimming, quotation marks.

Code points in, code points out; no Qt. The article view converts Qt's UTF-16 selection to
code points (ui/text_bridge.py) and asks this module where the span should really start and
end. Every function here returns offsets on grapheme-cluster boundaries, so a span never cuts
a combining mark off its base letter, a flag in half or a ZWJ emoji sequence apart.

The cluster rules are a compact subset of UAX #29 (extended grapheme clusters) that covers
what news text contains: CR LF, combining marks, variation selectors, emoji modifiers, tag
sequences, ZWJ sequences and regional-indicator pairs.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Literal

from desktop.core.model import Fragment

ZWJ = "\u200d"

OPENING_QUOTES = frozenset('"“„«‹‘‚「『')
CLOSING_QUOTES = frozenset('"”»›’」』“')
QUOTES = OPENING_QUOTES | CLOSING_QUOTES

# Characters that join two letters into one word: "Macron's", "ceasefire-talks".
_WORD_JOINERS = frozenset("'’-‐")


def _is_extend(ch: str) -> bool:
    """True for characters that never start a cluster (GB9, GB9a)."""
    cp = ord(ch)
    if ch == ZWJ:
        return True
    if 0x1F3FB <= cp <= 0x1F3FF:  # emoji skin-tone modifiers
        return True
    if 0xE0020 <= cp <= 0xE007F:  # tag characters (subdivision flags)
        return True
    return unicodedata.category(ch) in ("Mn", "Me", "Mc")


def _is_regional(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def _is_pictographic(ch: str) -> bool:
    cp = ord(ch)
    return (0x1F000 <= cp <= 0x1FAFF or 0x2600 <= cp <= 0x27BF or 0x2300 <= cp <= 0x23FF
            or unicodedata.category(ch) == "So")


def is_boundary(text: str, i: int) -> bool:
    """Whether a grapheme-cluster boundary lies before ``text[i]``."""
    if i <= 0 or i >= len(text):
        return True
    prev, cur = text[i - 1], text[i]
    if prev == "\r" and cur == "\n":
        return False
    if prev in "\r\n" or cur in "\r\n":
        return True
    if _is_extend(cur):
        return False
    if prev == ZWJ and _is_pictographic(cur):
        return False
    if _is_regional(prev) and _is_regional(cur):
        # Regional indicators pair up from the start of their run: break after an even count.
        run = 0
        j = i - 1
        while j >= 0 and _is_regional(text[j]):
            run += 1
            j -= 1
        return run % 2 == 0
    return True


def cluster_start(text: str, i: int) -> int:
    """The start of the cluster containing offset ``i`` (``i`` itself on a boundary)."""
    i = max(0, min(i, len(text)))
    while not is_boundary(text, i):
        i -= 1
    return i


def cluster_end(text: str, i: int) -> int:
    """The first boundary at or after ``i``."""
    i = max(0, min(i, len(text)))
    while not is_boundary(text, i):
        i += 1
    return i


def next_boundary(text: str, i: int) -> int:
    """The boundary after the cluster starting at ``i`` (``len(text)`` at the end)."""
    if i >= len(text):
        return len(text)
    return cluster_end(text, i + 1)


def prev_boundary(text: str, i: int) -> int:
    """The boundary before ``i`` (0 at the start)."""
    if i <= 0:
        return 0
    return cluster_start(text, i - 1)


def clusters(text: str) -> list[str]:
    """``text`` split into grapheme clusters."""
    out = []
    i = 0
    while i < len(text):
        j = next_boundary(text, i)
        out.append(text[i:j])
        i = j
    return out


# -- classification of clusters ------------------------------------------------------------

def _base(text: str, i: int) -> str:
    return text[i] if i < len(text) else ""


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or (bool(ch) and unicodedata.category(ch)[0] == "M")


def is_trimmable(ch: str) -> bool:
    """Whitespace, punctuation and invisible format characters at a span's edge."""
    if not ch:
        return False
    if ch.isspace():
        return True
    cat = unicodedata.category(ch)
    return cat[0] in ("P", "Z") or cat in ("Cc", "Cf")


def _wordy_at(text: str, i: int) -> bool:
    """The cluster starting at ``i`` belongs to a word (joiners count between letters)."""
    ch = _base(text, i)
    if is_word_char(ch):
        return True
    if ch in _WORD_JOINERS:
        before = prev_boundary(text, i)
        after = next_boundary(text, i)
        return (i > 0 and is_word_char(_base(text, before))
                and is_word_char(_base(text, after)))
    return False


# -- snapping ------------------------------------------------------------------------------

def align(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` to whole grapheme clusters."""
    n = len(text)
    start, end = max(0, min(start, n)), max(0, min(end, n))
    if end < start:
        start, end = end, start
    return cluster_start(text, start), cluster_end(text, end)


def trim(text: str, start: int, end: int, *, keep_quotes: bool = False) -> tuple[int, int]:
    """Drop whitespace and punctuation clusters from both ends (quotes too, unless kept)."""
    def drop(ch: str) -> bool:
        return is_trimmable(ch) and not (keep_quotes and ch in QUOTES)

    while start < end and drop(_base(text, start)):
        start = next_boundary(text, start)
    while end > start and drop(_base(text, prev_boundary(text, end))):
        end = prev_boundary(text, end)
    return start, end


def expand_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a range whose ends fall inside words to the whole words."""
    if start < end and _wordy_at(text, start):
        while start > 0 and _wordy_at(text, prev_boundary(text, start)):
            start = prev_boundary(text, start)
    if end > start and _wordy_at(text, prev_boundary(text, end)):
        while end < len(text) and _wordy_at(text, end):
            end = next_boundary(text, end)
    return start, end


_TRAILING_INSIDE_QUOTE = frozenset(",.;:!?…")


def _closing_quote_after(text: str, end: int) -> int | None:
    """End offset of a closing quote right after ``end`` (allowing ``,`` ``.`` etc. first)."""
    i = end
    while i < len(text) and text[i] in _TRAILING_INSIDE_QUOTE:
        i += 1
    if i < len(text) and text[i] in CLOSING_QUOTES:
        return i + 1
    return None


def include_quotes(text: str, start: int, end: int) -> tuple[int, int]:
    """Pull the enclosing quotation marks of direct speech into the range.

    ``We are moving,`` inside ``"We are moving," he said`` becomes ``"We are moving,"``;
    a range that already holds one of the two marks gains the other.
    """
    if start >= end:
        return start, end
    has_open = text[start] in OPENING_QUOTES
    has_close = text[end - 1] in CLOSING_QUOTES and (end - start > 1 or not has_open)
    before_open = start > 0 and text[start - 1] in OPENING_QUOTES
    if has_open and has_close:
        return start, end
    if has_open:
        close = _closing_quote_after(text, end)
        return (start, close) if close is not None else (start, end)
    if has_close:
        return (start - 1, end) if before_open else (start, end)
    if before_open:
        close = _closing_quote_after(text, end)
        if close is not None:
            return start - 1, close
    return start, end


def snap(text: str, start: int, end: int, *, keep_quotes: bool = False,
         words: bool = True) -> tuple[int, int] | None:
    """Where a selection of ``[start, end)`` should become a span, or None if it is empty.

    With ``words`` the range is trimmed of whitespace and punctuation and widened to whole
    words; ``keep_quotes`` keeps (and completes) the quotation marks of direct speech. Without
    ``words`` only grapheme alignment applies.
    """
    start, end = align(text, start, end)
    if words:
        start, end = trim(text, start, end, keep_quotes=keep_quotes)
        start, end = expand_to_words(text, start, end)
        if keep_quotes:
            start, end = include_quotes(text, start, end)
    return (start, end) if start < end else None


def word_at(text: str, pos: int) -> tuple[int, int] | None:
    """The word (or single non-space cluster) at ``pos``; used for double-click."""
    if not text:
        return None
    pos = cluster_start(text, min(pos, len(text) - 1))
    if _wordy_at(text, pos):
        return expand_to_words(text, pos, next_boundary(text, pos))
    if pos > 0 and _wordy_at(text, prev_boundary(text, pos)):
        return expand_to_words(text, prev_boundary(text, pos), pos)
    if text[pos].isspace():
        return None
    return pos, next_boundary(text, pos)


# -- moving a boundary ---------------------------------------------------------------------

Direction = Literal[-1, 1]


def step(text: str, pos: int, direction: Direction, *, by_word: bool) -> int:
    """Move offset ``pos`` one cluster, or to the next word edge, left (-1) or right (+1).

    Word steps land on word edges: moving right from inside or before a word stops at its end;
    moving left stops at the start of the word before (or containing) ``pos``.
    """
    n = len(text)
    if not by_word:
        return next_boundary(text, pos) if direction > 0 else prev_boundary(text, pos)
    if direction > 0:
        i = pos
        while i < n and not _wordy_at(text, i):
            i = next_boundary(text, i)
        while i < n and _wordy_at(text, i):
            i = next_boundary(text, i)
        return i
    i = pos
    while i > 0 and not _wordy_at(text, prev_boundary(text, i)):
        i = prev_boundary(text, i)
    while i > 0 and _wordy_at(text, prev_boundary(text, i)):
        i = prev_boundary(text, i)
    return i


def step_edge(text: str, pos: int, direction: Direction, *, edge: Literal["start", "end"],
              by_word: bool) -> int:
    """Move a span edge: a start lands on word starts, an end on word ends."""
    if not by_word:
        return step(text, pos, direction, by_word=False)
    n = len(text)
    if edge == "end":
        if direction > 0:
            return step(text, pos, 1, by_word=True)
        # Back to the end of the previous word.
        i = step(text, pos, -1, by_word=True)
        while i > 0 and not _wordy_at(text, prev_boundary(text, i)):
            i = prev_boundary(text, i)
        return i
    if direction < 0:
        return step(text, pos, -1, by_word=True)
    # Forward to the start of the next word.
    i = pos
    while i < n and _wordy_at(text, i):
        i = next_boundary(text, i)
    while i < n and not _wordy_at(text, i):
        i = next_boundary(text, i)
    return i


def move_edge(text: str, fragments: Sequence[Fragment], direction: Direction, *,
              edge: Literal["start", "end"], by_word: bool) -> tuple[Fragment, ...] | None:
    """Fragments with the span's first start or last end moved; None if that empties it."""
    frags = [(int(f[0]), int(f[1])) for f in fragments]
    if edge == "start":
        s, e = frags[0]
        new = step_edge(text, s, direction, edge="start", by_word=by_word)
        if new >= e or new == s:
            return None
        frags[0] = (new, e)
    else:
        s, e = frags[-1]
        new = step_edge(text, e, direction, edge="end", by_word=by_word)
        if new <= s or new == e:
            return None
        frags[-1] = (s, new)
    return merge_fragments(frags)


def merge_fragments(fragments: Sequence[Sequence[int]]) -> tuple[Fragment, ...]:
    """Sort fragments and fuse the ones that overlap or touch."""
    out: list[list[int]] = []
    for s, e in sorted((int(a), int(b)) for a, b in fragments):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return tuple((s, e) for s, e in out)

"""Quotations: straight and curly double quotes, guillemets and low-high quotes.

A quotation runs from its opening mark to the matching closing mark. Marks of another kind
inside it (nested single quotes, or double quotes inside guillemets) are part of its text. A
quotation still open at the end of a paragraph continues when the next paragraph starts with
the same opening mark (the convention for quotes over several paragraphs); otherwise it is
dropped as unbalanced. Top-level single quotes are not quotations: an apostrophe cannot be
told from a closing single quote without a parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# opening mark -> closing marks that end it
PAIRS: dict[str, str] = {
    '"': '"',
    "“": "”",
    "«": "»",
    "„": "“”",
    "»": "«",  # German and Danish order
    "‹": "›",
}
OPENERS = frozenset(PAIRS)
QUOTE_MARKS = frozenset('"“”«»„‹›')
_SPACE = " \t\u00a0\u202f\u2009"


@dataclass(frozen=True, slots=True)
class Quote:
    """One quotation; ``start``/``end`` include the marks (``end`` exclusive)."""

    start: int
    end: int
    mark: str
    paragraphs: int = 1
    """How many paragraphs the quotation runs over."""

    def inner(self, text: str) -> str:
        return text[self.start + 1:self.end - 1]

    def last_char(self, text: str) -> str:
        """The last non-space character inside the marks ("" when empty)."""
        inner = self.inner(text).rstrip()
        return inner[-1] if inner else ""

    def starts_lower(self, text: str) -> bool:
        """Whether the first letter inside the marks is lower case (a split quote's tail)."""
        for ch in self.inner(text):
            if ch.isalpha():
                return ch.islower()
        return False


_INTERESTING = re.compile(r'[\n\r"“”«»„‹›]')


def find_quotes(text: str) -> list[Quote]:
    """Every balanced top-level quotation in ``text``, in order."""
    out: list[Quote] = []
    n = len(text)
    open_at = -1
    mark = ""
    closers = ""
    paragraphs = 1
    skip_to = -1
    for m in _INTERESTING.finditer(text):
        i = m.start()
        if i < skip_to:
            continue
        ch = text[i]
        if ch == "\n" or ch == "\r":
            if open_at >= 0:
                # Continue only when the next paragraph opens with the same mark.
                j = i
                while j < n and (text[j] in "\r\n" or text[j] in _SPACE):
                    j += 1
                if j < n and text[j] == mark:
                    paragraphs += 1
                    skip_to = j + 1
                    continue
                open_at = -1
            continue
        if open_at < 0:
            if ch in OPENERS and _can_open(text, i, ch):
                open_at, mark, closers, paragraphs = i, ch, PAIRS[ch], 1
        elif ch in closers:
            out.append(Quote(open_at, i + 1, mark, paragraphs))
            open_at = -1
    return out


def _can_open(text: str, i: int, ch: str) -> bool:
    """Whether the mark at ``i`` can open a quotation.

    A straight quote always can (they alternate). A closing-style guillemet only opens when
    a matching one follows in the same paragraph, so a stray "»" opens nothing.
    """
    if ch != "»":
        return True
    nl = text.find("\n", i)
    return text.find("«", i + 1, nl if nl >= 0 else len(text)) > 0


def quote_at(quotes: list[Quote], pos: int) -> Quote | None:
    """The quotation whose marks enclose ``pos`` (start <= pos < end), if any."""
    lo, hi = 0, len(quotes)
    while lo < hi:
        mid = (lo + hi) // 2
        if quotes[mid].end <= pos:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(quotes) and quotes[lo].start <= pos:
        return quotes[lo]
    return None

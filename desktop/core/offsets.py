"""The offset contract: code points everywhere, `\\n` line endings, UTF-16 only at Qt's edge.

Every stored offset is a Python code-point index into the document text exactly as stored,
``end`` exclusive. Import normalises CRLF and lone CR to LF once and remaps offsets that came
with the input; afterwards the text never changes and its SHA-256 is kept beside it.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass


def sha256_text(text: str) -> str:
    """Hex SHA-256 of the UTF-8 encoding of ``text``."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class NewlineMap:
    """Maps code-point offsets in an original text to offsets in its LF-normalised form.

    ``removed`` holds, sorted, the original index of every ``\\r`` that was dropped (the CR of
    each CRLF pair). A lone CR becomes LF and keeps its length, so it needs no entry.
    """

    removed: tuple[int, ...]

    def __call__(self, offset: int) -> int:
        # An offset that falls between CR and LF maps to the position of the resulting LF.
        return offset - bisect_left(self.removed, offset)

    @property
    def identity(self) -> bool:
        return not self.removed


def normalize_newlines(text: str) -> tuple[str, NewlineMap]:
    """Return ``text`` with CRLF and lone CR turned into LF, plus the offset map."""
    if "\r" not in text:
        return text, NewlineMap(())
    removed: list[int] = []
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        j = text.find("\r", i)
        if j < 0:
            out.append(text[i:])
            break
        out.append(text[i:j])
        if j + 1 < n and text[j + 1] == "\n":
            removed.append(j)
        else:
            out.append("\n")
        i = j + 1
    return "".join(out), NewlineMap(tuple(removed))


class Utf16Index:
    """Converts between code-point offsets and UTF-16 code-unit offsets for one text.

    Built once per text in O(n); each conversion is O(log k) for k astral characters, so a
    100,000-character article converts thousands of positions per millisecond.
    """

    __slots__ = ("_astral_cp", "_astral_u16", "_len_cp")

    def __init__(self, text: str) -> None:
        astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        self._astral_cp = astral
        # UTF-16 index of the high surrogate of each astral character.
        self._astral_u16 = [cp + k for k, cp in enumerate(astral)]
        self._len_cp = len(text)

    @property
    def length_utf16(self) -> int:
        return self._len_cp + len(self._astral_cp)

    def to_utf16(self, cp: int) -> int:
        """UTF-16 offset of code-point offset ``cp`` (0 <= cp <= len(text))."""
        if not 0 <= cp <= self._len_cp:
            raise ValueError(f"code-point offset {cp} outside 0..{self._len_cp}")
        return cp + bisect_left(self._astral_cp, cp)

    def to_codepoint(self, u16: int, *, round_up: bool = False) -> int:
        """Code-point offset of UTF-16 offset ``u16``.

        An offset inside a surrogate pair is snapped down to the character start, or up to the
        character end with ``round_up`` (use it for exclusive span ends).
        """
        if not 0 <= u16 <= self.length_utf16:
            raise ValueError(f"UTF-16 offset {u16} outside 0..{self.length_utf16}")
        k = bisect_right(self._astral_u16, u16 - 1)
        # k astral characters start strictly before u16; if the last one's low surrogate is at
        # u16, the offset is mid-character.
        if k and self._astral_u16[k - 1] == u16 - 1:
            start_cp = self._astral_cp[k - 1]
            return start_cp + 1 if round_up else start_cp
        return u16 - k


def utf16_length(text: str) -> int:
    """Number of UTF-16 code units in ``text``."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def span_text(text: str, fragments: Sequence[tuple[int, int]]) -> str:
    """The stored text of a span: its fragments joined by a single space."""
    return " ".join(text[s:e] for s, e in fragments)

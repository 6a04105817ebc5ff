"""Safe forms of codebook names for formats that restrict them, reversible through a mapping.

Claimdesk keeps every name exactly (``Label 1``, ``商品名称``, ``_gt_N``). A few targets cannot
hold some names: brat type, role and attribute names must match ``[A-Za-z0-9_-]+`` (brat's own
storage form), and CoNLL tags are whitespace-separated columns. ``SafeNames`` gives each name
a form the target accepts, the same one every time, and records the mapping (safe form ->
name) that the export writes to its manifest and report. Names that are already safe are
written as they are, so ordinary corpora round-trip untouched.

The escape: whitespace becomes ``_``; any other character outside the safe set becomes
``_<hex code point>_`` (``商品`` -> ``_5546__54c1_``, ``A>B`` -> ``A_3e_B``). A form that
collides with another name gets ``-2``, ``-3``, ... The mapping, not the escape, is what
reverses it: the brat reader reads it back from the export's ``manifest.json``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

BRAT_SAFE = re.compile(r"^[A-Za-z0-9_\-]+$")
"""brat's storage form for type, role and attribute names (its projectconfig's rule)."""


def _brat_escape(name: str) -> str:
    out = []
    for ch in name:
        if ch.isspace():
            out.append("_")
        elif re.match(r"[A-Za-z0-9_\-]", ch):
            out.append(ch)
        else:
            out.append(f"_{ord(ch):x}_")
    return "".join(out) or "_"


def _conll_escape(name: str) -> str:
    return re.sub(r"\s", "_", name) or "_"


class SafeNames:
    """Safe forms for one export: ``names(name)`` -> the form to write."""

    def __init__(self, is_safe: Callable[[str], bool], escape: Callable[[str], str]) -> None:
        self._is_safe = is_safe
        self._escape = escape
        self._forms: dict[str, str] = {}
        self._used: set[str] = set()
        self._reserved: set[str] = set()
        self.mapping: dict[str, str] = {}
        """Safe form -> original name, for every name that had to change."""

    def __call__(self, name: str) -> str:
        form = self._forms.get(name)
        if form is None:
            if self._is_safe(name) and name not in self._used:
                form = name
            else:
                base = self._escape(name)
                form, n = base, 2
                while form in self._used or form in self._reserved:
                    form = f"{base}-{n}"
                    n += 1
                self.mapping[form] = name
            self._forms[name] = form
            self._used.add(form)
        return form

    def claim(self, names: Iterable[str]) -> None:
        """Reserve the names that are already safe, so an escaped form never takes the place
        of a real name that is written later in the export (call before writing)."""
        self._reserved.update(n for n in names if self._is_safe(n))


def brat_names() -> SafeNames:
    return SafeNames(lambda n: bool(BRAT_SAFE.match(n)), _brat_escape)


def conll_names() -> SafeNames:
    return SafeNames(lambda n: not re.search(r"\s", n) and bool(n), _conll_escape)

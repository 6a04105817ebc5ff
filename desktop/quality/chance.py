"""Chance-corrected agreement over characters: Cohen's kappa and Krippendorff's alpha (nominal).

The unit is one character (code point) of a document. A character's category for one
annotator is the *set* of labels of that annotator's counted spans covering it, as a sorted
tuple: ``()`` when uncoded, ``("CLAIM",)``, or ``("ACTOR", "CLAIM")`` for an ACTOR nested in a
CLAIM. The set rule is deterministic and loses nothing; without overlaps it is the plain label.

A layer is constant between span boundaries, so the work is done on *segments* (maximal runs
where no annotator's category changes), weighted by their length: a 3,000-character article
with ten spans per layer is about forty segments, not 3,000 characters.

Everything is accumulated in integers and turned into a ``Fraction`` at the end, so a
hand-computed case compares exactly. Undefined values (no units, or no variation to correct
for chance) are ``None``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from typing import TypeVar

from desktop.core.model import Span

Category = tuple[str, ...]
"""A character's category: the sorted labels covering it; ``()`` for none."""

H = TypeVar("H", bound=Hashable)

NONE: Category = ()


def category_runs(spans: Iterable[Span]) -> list[tuple[int, Category]]:
    """``(position, category)`` change points of one layer, starting with ``(0, ...)``."""
    events: dict[int, list[tuple[int, str]]] = {}
    for span in spans:
        for s, e in span.fragments:
            events.setdefault(s, []).append((1, span.label))
            events.setdefault(e, []).append((-1, span.label))
    runs: list[tuple[int, Category]] = [(0, NONE)]
    active: Counter[str] = Counter()
    for pos in sorted(events):
        for delta, label in events[pos]:
            active[label] += delta
        cat = tuple(sorted(label for label, n in active.items() if n > 0))
        if cat != runs[-1][1]:
            if runs[-1][0] == pos:
                runs.pop()
            if not runs or runs[-1][1] != cat:
                runs.append((pos, cat))
    return runs


def segments(runs: Sequence[Sequence[tuple[int, Category]]], length: int
             ) -> Iterator[tuple[int, tuple[Category, ...]]]:
    """``(width, categories)`` of every maximal segment of ``[0, length)``, one per layer."""
    cuts = sorted({pos for layer in runs for pos, _ in layer if pos < length} | {0})
    cuts.append(length)
    index = [0] * len(runs)
    for k in range(len(cuts) - 1):
        pos, width = cuts[k], cuts[k + 1] - cuts[k]
        cats = []
        for n, layer in enumerate(runs):
            i = index[n]
            while i + 1 < len(layer) and layer[i + 1][0] <= pos:
                i += 1
            index[n] = i
            cats.append(layer[i][1])
        yield width, tuple(cats)


# -- Cohen's kappa ----------------------------------------------------------------------------


def kappa_from_table(table: Mapping[tuple[H, H], int]) -> Fraction | None:
    """Cohen's kappa of a contingency table ``{(category_a, category_b): weight}``.

    ``None`` when there are no units or the expected agreement is 1 (both annotators used one
    and the same category throughout: there is nothing to correct for).
    """
    n = 0
    agreed = 0
    rows: Counter[H] = Counter()
    cols: Counter[H] = Counter()
    for (ca, cb), w in table.items():
        n += w
        rows[ca] += w
        cols[cb] += w
        if ca == cb:
            agreed += w
    chance = sum(w * cols[c] for c, w in rows.items())  # n^2 * p_e
    if n == 0 or chance == n * n:
        return None
    return Fraction(n * agreed - chance, n * n - chance)


def cohen_kappa(pairs: Iterable[tuple[H, H]]) -> Fraction | None:
    """Cohen's kappa of paired nominal values (one pair per unit)."""
    return kappa_from_table(Counter(pairs))


# -- Krippendorff's alpha ---------------------------------------------------------------------


def alpha_from_pairs(pairs_by_m: Mapping[int, Mapping[tuple[H, H], int]]) -> Fraction | None:
    """Nominal alpha from ordered value pairs grouped by ``m``, the values in their unit.

    ``pairs_by_m[m][(c, k)]`` counts ordered pairs of values (c, k) from different coders
    within units that have ``m`` values; each counts ``1 / (m - 1)`` in the coincidence matrix.
    ``None`` when fewer than two pairable values exist or only one category occurs.
    """
    o: dict[tuple[H, H], Fraction] = {}
    for m, pairs in pairs_by_m.items():
        if m < 2:
            continue
        for key, count in pairs.items():
            if count:
                o[key] = o.get(key, Fraction(0)) + Fraction(count, m - 1)
    n_c: dict[H, Fraction] = {}
    disagree = Fraction(0)
    for (c, k), v in o.items():
        n_c[c] = n_c.get(c, Fraction(0)) + v
        if c != k:
            disagree += v
    n = sum(n_c.values(), Fraction(0))
    expected = n * n - sum((v * v for v in n_c.values()), Fraction(0))
    if n <= 1 or expected == 0:
        return None
    return 1 - (n - 1) * disagree / expected


def krippendorff_alpha(units: Iterable[Sequence[H | None]]) -> Fraction | None:
    """Nominal alpha of reliability data: one sequence of coder values per unit, None missing.

    Units with fewer than two values are not pairable and drop out.
    """
    by_m: dict[int, Counter[tuple[H, H]]] = {}
    for unit in units:
        values = Counter(v for v in unit if v is not None)
        m = sum(values.values())
        if m < 2:
            continue
        bucket = by_m.setdefault(m, Counter())
        add_value_pairs(bucket, values, 1)
    return alpha_from_pairs(by_m)


def add_value_pairs(bucket: Counter[tuple[H, H]], values: Mapping[H, int], weight: int) -> None:
    """Add the ordered pairs of values from different coders of one unit, ``weight`` times."""
    for c, nc in values.items():
        for k, nk in values.items():
            pairs = nc * (nc - 1) if c == k else nc * nk
            if pairs:
                bucket[(c, k)] += weight * pairs


class AlphaAccumulator:
    """Accumulates character segments for alpha over all annotators, streaming.

    Keeps three variants: all characters; only characters someone coded (``coded``); and,
    per label, the binary question "does this label cover the character?".
    """

    def __init__(self) -> None:
        self.pairs: dict[int, Counter[tuple[Category, Category]]] = {}
        self.uncoded: dict[int, int] = {}
        """Pairs (none, none) from segments nobody coded, per m."""
        self.total: dict[int, int] = {}
        """All ordered pairs per m (the per-label binary tables derive (absent, absent))."""
        self.label_both: dict[str, dict[int, int]] = {}
        self.label_one: dict[str, dict[int, int]] = {}
        self.units = 0
        """Characters with at least two values (the pairable units)."""

    def add(self, width: int, cats: Sequence[Category]) -> None:
        m = len(cats)
        if m < 2:
            return
        self.units += width
        bucket = self.pairs.get(m)
        if bucket is None:
            bucket = self.pairs[m] = Counter()
            self.uncoded[m] = self.total[m] = 0
        all_pairs = width * m * (m - 1)
        self.total[m] += all_pairs
        if m == 2:
            c1, c2 = cats
            if c1 == c2:
                bucket[(c1, c1)] += 2 * width
            else:
                bucket[(c1, c2)] += width
                bucket[(c2, c1)] += width
        else:
            add_value_pairs(bucket, Counter(cats), width)
        present = {label for cat in cats for label in cat}
        if not present:
            self.uncoded[m] += all_pairs
            return
        for label in present:
            p = sum(1 for cat in cats if label in cat)
            both = self.label_both.setdefault(label, {})
            one = self.label_one.setdefault(label, {})
            both[m] = both.get(m, 0) + width * p * (p - 1)
            one[m] = one.get(m, 0) + width * p * (m - p)

    def alpha(self) -> Fraction | None:
        return alpha_from_pairs(self.pairs)

    def alpha_coded(self) -> Fraction | None:
        coded = {}
        for m, bucket in self.pairs.items():
            trimmed = Counter(bucket)
            trimmed[(NONE, NONE)] -= self.uncoded[m]
            coded[m] = trimmed
        return alpha_from_pairs(coded)

    def alpha_label(self, label: str) -> Fraction | None:
        both = self.label_both.get(label, {})
        one = self.label_one.get(label, {})
        tables: dict[int, dict[tuple[bool, bool], int]] = {}
        for m, total in self.total.items():
            tt, tf = both.get(m, 0), one.get(m, 0)
            tables[m] = {(True, True): tt, (True, False): tf, (False, True): tf,
                         (False, False): total - tt - 2 * tf}
        return alpha_from_pairs(tables)

"""Cohen's kappa and Krippendorff's alpha: textbook cases and the krippendorff package."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from helpers.foundation import deterministic
from helpers.quality import categories, layers_strategy, ly, sp
from hypothesis import assume, given
from hypothesis import strategies as st

from desktop.quality.chance import (
    AlphaAccumulator,
    category_runs,
    cohen_kappa,
    kappa_from_table,
    krippendorff_alpha,
    segments,
)

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", nominal example:
# four coders, twelve units, missing values. Hand computation: n = 40 pairable values;
# disagreeing coincidences 2 (unit 2) + 4 (unit 6) + 2 (unit 8) = 8; value totals
# 9, 13, 10, 5, 3 so sum(n_c * n_k, c != k) = 1600 - 384 = 1216;
# alpha = 1 - 39 * 8 / 1216 = 113/152 (0.743 in the paper).
N = None  # a missing value
TEXTBOOK = [  # one row per coder, as in the paper
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]


def test_alpha_textbook_example() -> None:
    units = list(zip(*TEXTBOOK, strict=True))
    assert krippendorff_alpha(units) == Fraction(113, 152)


def test_kappa_textbook_example() -> None:
    # 50 units: yes/yes 20, yes/no 5, no/yes 10, no/no 15. p_o = 0.7, p_e = .5*.6 + .5*.4 = .5.
    table = {("y", "y"): 20, ("y", "n"): 5, ("n", "y"): 10, ("n", "n"): 15}
    assert kappa_from_table(table) == Fraction(2, 5)
    pairs = [k for k, n in table.items() for _ in range(n)]
    assert cohen_kappa(pairs) == Fraction(2, 5)


def test_undefined_values_are_none() -> None:
    assert cohen_kappa([]) is None
    assert cohen_kappa([("x", "x")] * 5) is None  # one category: nothing to correct for
    assert krippendorff_alpha([]) is None
    assert krippendorff_alpha([["x", None], [None, "y"]]) is None  # nothing pairable
    assert krippendorff_alpha([["x", "x"], ["x", "x"]]) is None
    # One unit, two different values: D_o = D_e, so alpha is 0 (not -1).
    assert krippendorff_alpha([["x", "y"]]) == 0


def test_total_disagreement_on_binary_data() -> None:
    assert cohen_kappa([("a", "b"), ("b", "a")]) == -1
    assert cohen_kappa([("a", "b")] * 3) == 0  # A always says a, B always b: p_e = 0


def test_category_runs_use_the_label_set() -> None:
    spans = [sp("s1", "CLAIM", (0, 20)), sp("s2", "ACTOR", (5, 10)),
             sp("s3", "CLAIM", (15, 25)), sp("s4", "CUE", (30, 32), (34, 36))]
    assert category_runs(spans) == [
        (0, ("CLAIM",)), (5, ("ACTOR", "CLAIM")), (10, ("CLAIM",)), (25, ()),
        (30, ("CUE",)), (32, ()), (34, ("CUE",)), (36, ())]
    # Two touching spans of one label read like one long span character by character.
    assert category_runs([sp("s1", "CLAIM", (0, 5)), sp("s2", "CLAIM", (5, 9))]) == [
        (0, ("CLAIM",)), (9, ())]
    assert category_runs([]) == [(0, ())]


@deterministic(150)
@given(st.data())
def test_segments_agree_with_characters(data: st.DataObject) -> None:
    length = data.draw(st.integers(1, 40))
    layers = [data.draw(layers_strategy(n, length)) for n in ("a", "b", "c")]
    chars = [categories(layer, length) for layer in layers]
    expanded = []
    for width, cats in segments([category_runs(layer.spans) for layer in layers], length):
        assert width > 0
        expanded.extend([cats] * width)
    assert expanded == list(zip(*chars, strict=True))


# -- cross-checks against the krippendorff package -------------------------------------------

krippendorff = pytest.importorskip("krippendorff")
np = pytest.importorskip("numpy")


def _package_alpha(rows: list[list[int | None]]) -> float | None:
    matrix = np.array([[np.nan if v is None else v for v in row] for row in rows], dtype=float)
    values = sorted({v for row in rows for v in row if v is not None})
    if len(values) < 2:
        return None
    with np.errstate(divide="ignore", invalid="ignore"):
        got = float(krippendorff.alpha(reliability_data=matrix, value_domain=values,
                                       level_of_measurement="nominal"))
    return None if math.isnan(got) else got


def test_the_package_agrees_on_the_textbook_example() -> None:
    assert _package_alpha(TEXTBOOK) == pytest.approx(float(Fraction(113, 152)), abs=1e-12)


@deterministic(300)
@given(st.integers(2, 5).flatmap(lambda coders: st.lists(
    st.lists(st.one_of(st.none(), st.integers(0, 3)), min_size=coders, max_size=coders),
    min_size=1, max_size=25)))
def test_alpha_matches_the_package_on_random_data(units: list[list[int | None]]) -> None:
    ours = krippendorff_alpha(units)
    pairable = [u for u in units if sum(v is not None for v in u) >= 2]
    assume(len({v for u in pairable for v in u if v is not None}) >= 2)
    assert ours is not None
    rows = [list(r) for r in zip(*units, strict=True)]
    assert _package_alpha(rows) == pytest.approx(float(ours), abs=1e-9)


@deterministic(100)
@given(st.data())
def test_character_alpha_matches_the_package(data: st.DataObject) -> None:
    """The segment-weighted accumulator equals the package run on one unit per character."""
    length = data.draw(st.integers(1, 30))
    layers = [data.draw(layers_strategy(n, length)) for n in ("a", "b", "c")]
    acc = AlphaAccumulator()
    for width, cats in segments([category_runs(layer.spans) for layer in layers], length):
        acc.add(width, cats)
    chars = [categories(layer, length) for layer in layers]
    codes = {c: i for i, c in enumerate(sorted({c for row in chars for c in row}))}
    expected = _package_alpha([[codes[c] for c in row] for row in chars])
    got = acc.alpha()
    if expected is None:
        assert got is None
    else:
        assert got is not None
        assert float(got) == pytest.approx(expected, abs=1e-9)


def test_empty_layers_give_no_alpha() -> None:
    acc = AlphaAccumulator()
    for width, cats in segments([category_runs(ly("a").spans), category_runs(ly("b").spans)],
                                10):
        acc.add(width, cats)
    assert acc.units == 10
    assert acc.alpha() is None
    assert acc.alpha_coded() is None
    assert acc.alpha_label("CLAIM") is None

"""Agreement on random layers: against slow character-by-character computations, and its
symmetries."""

from __future__ import annotations

from dataclasses import replace

from helpers.foundation import deterministic
from helpers.quality import LABELS, categories, layers_strategy
from hypothesis import given
from hypothesis import strategies as st

from desktop.quality import DocLayers, cohen_kappa, compute_agreement, krippendorff_alpha
from desktop.quality.report import as_float

NAMES = ("a", "b", "c")


@st.composite
def corpora(draw: st.DrawFn) -> list[DocLayers]:
    """A few documents, each done by a random subset of three annotators."""
    docs = []
    for k in range(draw(st.integers(1, 4))):
        length = draw(st.integers(0, 30))
        who = draw(st.sets(st.sampled_from(NAMES)))
        layers = {n: draw(layers_strategy(n, length)) if length else
                  draw(layers_strategy(n, 0, max_spans=0)) for n in sorted(who)}
        docs.append(DocLayers(f"d{k}", length, layers))
    return docs


@deterministic(150)
@given(corpora())
def test_kappa_and_alpha_equal_the_slow_character_computation(docs: list[DocLayers]) -> None:
    r = compute_agreement(docs, annotators=NAMES)
    units: list[list[tuple[str, ...] | None]] = []
    pairs: dict[tuple[str, str], list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    for d in docs:
        chars = {n: categories(layer, d.length) for n, layer in d.layers.items()}
        if len(chars) >= 2:
            units.extend([chars[n][i] if n in chars else None for n in NAMES]
                         for i in range(d.length))
        for p in r.pairs:
            if p.a in chars and p.b in chars:
                pairs.setdefault((p.a, p.b), []).extend(zip(chars[p.a], chars[p.b],
                                                            strict=True))
    assert r.alpha == as_float(krippendorff_alpha(units))
    for label in r.labels:
        binary = [[None if v is None else label in v for v in u] for u in units]
        assert r.per_label[label].alpha == as_float(krippendorff_alpha(binary))
    for p in r.pairs:
        table = pairs.get((p.a, p.b), [])
        assert p.chars.units == len(table)
        assert p.chars.kappa == as_float(cohen_kappa(table))
        assert p.chars.kappa_coded == as_float(cohen_kappa(
            [(x, y) for x, y in table if x or y]))
        for label in r.labels:
            assert p.per_label[label].kappa == as_float(cohen_kappa(
                [(label in x, label in y) for x, y in table]))


@deterministic(150)
@given(corpora())
def test_swapping_the_annotators_swaps_precision_and_recall(docs: list[DocLayers]) -> None:
    ab = compute_agreement(docs, annotators=["a", "b"]).pair("a", "b")
    ba = compute_agreement(docs, annotators=["b", "a"]).pair("b", "a")
    for x, y in ((ab.exact, ba.exact), (ab.overlap, ba.overlap),
                 (ab.frames.frames, ba.frames.frames)):
        assert (x.matched, x.a, x.b) == (y.matched, y.b, y.a)
        assert x.f1 == y.f1
    assert ab.chars.kappa == ba.chars.kappa
    assert ab.alpha == ba.alpha
    assert {(y, x): n for (x, y), n in ab.confusion.counts.items()} == ba.confusion.counts
    assert (ab.actors.same, ab.actors.only_a) == (ba.actors.same, ba.actors.only_b)


@deterministic(150)
@given(corpora())
def test_counts_are_consistent(docs: list[DocLayers]) -> None:
    r = compute_agreement(docs, annotators=NAMES)
    for p in r.pairs:
        for label, la in p.per_label.items():
            assert la.exact.matched <= la.overlap.matched <= min(la.overlap.a, la.overlap.b)
            assert la.exact.a == la.overlap.a
            assert label in LABELS
        matrix = p.confusion.matrix()
        assert sum(matrix[i][i] for i in range(len(matrix) - 1)) == p.overlap.matched
        assert sum(sum(row) for row in matrix[:-1]) == p.overlap.a  # each A span once
        assert sum(row[i] for row in matrix for i in range(len(row) - 1)) == p.overlap.b
        assert p.documents == sum(1 for d in docs if p.a in d.layers and p.b in d.layers)
    assert r.documents.compared + r.documents.single + r.documents.none == len(docs)


@deterministic(100)
@given(corpora(), st.randoms(use_true_random=False))
def test_the_order_of_spans_in_a_layer_does_not_matter(docs: list[DocLayers], rnd: object
                                                       ) -> None:
    shuffled = []
    for d in docs:
        layers = {}
        for n, layer in d.layers.items():
            spans = list(layer.spans)
            rnd.shuffle(spans)  # type: ignore[attr-defined]
            layers[n] = replace(layer, spans=tuple(spans))
        shuffled.append(DocLayers(d.doc_id, d.length, layers))
    assert compute_agreement(shuffled).to_json() == compute_agreement(docs).to_json()


@deterministic(100)
@given(corpora())
def test_a_layer_agrees_with_itself(docs: list[DocLayers]) -> None:
    twins = [DocLayers(d.doc_id, d.length, {"a": d.layers["a"], "b": replace(
        d.layers["a"], annotator="b")}) for d in docs if "a" in d.layers]
    p = compute_agreement(twins, annotators=["a", "b"]).pair("a", "b")
    assert p.exact.f1 in (1, None)
    assert p.overlap.f1 in (1, None)
    assert p.chars.kappa in (1, None)
    assert all(n == 0 for (x, y), n in p.confusion.counts.items() if x != y)

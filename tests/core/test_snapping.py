"""Selection snapping: word boundaries, trimming, quotes, and never splitting a grapheme."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.snapping import (
    align,
    clusters,
    include_quotes,
    is_boundary,
    merge_fragments,
    move_edge,
    snap,
    step_edge,
    word_at,
)

FLAG = "🇫🇷"
FAMILY = "👩\u200d👩\u200d👧"
E_ACUTE = "e\u0301"
THUMB = "👍🏽"

# Clusters the tests build text from: each item is one grapheme cluster.
ATOMS = ["a", "b", "Z", "9", " ", "\n", ",", ".", "'", "-", '"', "“", "”", "«", "»", "(",
         FLAG, "🇩🇪", FAMILY, E_ACUTE, "n\u0303\u0301", THUMB, "😀", "❤\ufe0f", "ب", "ت", "Ե",
         "ր", "\u200b", "日"]

atoms = st.lists(st.sampled_from(ATOMS), min_size=1, max_size=25)


def _boundaries(parts: list[str]) -> set[int]:
    out = {0}
    pos = 0
    for p in parts:
        pos += len(p)
        out.add(pos)
    return out


def test_clusters_of_known_sequences() -> None:
    text = f"x{FLAG}{FLAG}{FAMILY}{E_ACUTE}{THUMB}\r\n"
    assert clusters(text) == ["x", FLAG, FLAG, FAMILY, E_ACUTE, THUMB, "\r\n"]


def test_three_regional_indicators_pair_from_the_left() -> None:
    text = "\U0001F1EB\U0001F1F7\U0001F1E9"
    assert clusters(text) == [FLAG, "\U0001F1E9"]


@given(atoms)
def test_cluster_boundaries_match_the_atoms(parts: list[str]) -> None:
    text = "".join(parts)
    found = {i for i in range(len(text) + 1) if is_boundary(text, i)}
    assert found == _boundaries(parts)


@given(atoms, st.integers(0, 200), st.integers(0, 200), st.booleans(), st.booleans())
@settings(max_examples=400)
def test_snap_never_splits_a_cluster(parts: list[str], a: int, b: int, keep: bool,
                                     words: bool) -> None:
    text = "".join(parts)
    cuts = _boundaries(parts)
    a, b = a % (len(text) + 1), b % (len(text) + 1)
    result = snap(text, a, b, keep_quotes=keep, words=words)
    if result is None:
        return
    start, end = result
    assert 0 <= start < end <= len(text)
    assert start in cuts
    assert end in cuts


@given(atoms, st.integers(0, 200), st.integers(0, 200))
def test_snapped_span_has_no_space_or_punctuation_at_its_edges(parts: list[str], a: int,
                                                               b: int) -> None:
    text = "".join(parts)
    a, b = a % (len(text) + 1), b % (len(text) + 1)
    result = snap(text, a, b)
    if result is None:
        return
    s, e = result
    for ch in (text[s], text[e - 1]):
        assert not ch.isspace()
        assert ch not in ",.'\"“”«»(-\u200b"


@given(atoms, st.integers(0, 200), st.integers(0, 200))
def test_snap_is_idempotent(parts: list[str], a: int, b: int) -> None:
    text = "".join(parts)
    a, b = a % (len(text) + 1), b % (len(text) + 1)
    once = snap(text, a, b)
    if once is not None:
        assert snap(text, *once) == once


@pytest.mark.parametrize(("text", "sel", "expected"), [
    ("the truce tonight", (5, 12), "truce tonight"),      # ends mid-word -> whole words
    ("the truce tonight", (3, 10), "truce"),              # leading/trailing space trimmed
    ("Macron's office said", (2, 6), "Macron's"),
    ("(Meridian Wire) said", (0, 15), "Meridian Wire"),
    (f"{FAMILY} Ødegaard{E_ACUTE}x said", (len(FAMILY) + 2, len(FAMILY) + 4),
     f"Ødegaard{E_ACUTE}x"),
    ("talks, officials said.", (7, 22), "officials said"),
])
def test_snap_examples(text: str, sel: tuple[int, int], expected: str) -> None:
    result = snap(text, *sel)
    assert result is not None
    assert text[result[0]:result[1]] == expected


def test_quotes_are_trimmed_unless_the_label_keeps_them() -> None:
    text = '"We are moving towards a truce," he said.'
    inner = text.index("We")
    end = text.index("truce") + 3
    plain = snap(text, 0, len('"We are moving towards a truce,"'))
    assert plain is not None
    assert text[plain[0]:plain[1]] == "We are moving towards a truce"
    kept = snap(text, inner, end, keep_quotes=True)
    assert kept is not None
    assert text[kept[0]:kept[1]] == '"We are moving towards a truce,"'


def test_curly_and_guillemet_quotes_are_completed() -> None:
    text = "Er sagte: «Wir sind bereit.» Dann ging er."
    s = text.index("Wir")
    result = snap(text, s, s + 3, keep_quotes=True)
    assert result == (s, s + 3)  # not the whole quote: only when the selection reaches its end
    e = text.index("bereit") + 6
    result = snap(text, s, e, keep_quotes=True)
    assert result is not None
    assert text[result[0]:result[1]] == "«Wir sind bereit.»"


def test_include_quotes_keeps_a_complete_quote() -> None:
    text = 'x "abc" y'
    assert include_quotes(text, 2, 7) == (2, 7)


def test_snapping_off_only_aligns_to_clusters() -> None:
    text = f"a {FLAG} b"
    assert snap(text, 0, 3, words=False) == (0, 4)  # half a flag becomes the whole flag
    assert snap(text, 1, 2, words=False) == (1, 2)  # a lone space is allowed when off


def test_align_orders_reversed_ranges() -> None:
    assert align("abc", 2, 1) == (1, 2)


def test_word_at() -> None:
    text = f"{FLAG} Ødegaard's talks, {FAMILY}!"
    s = text.index("Ø")
    assert word_at(text, s + 3) == (s, s + len("Ødegaard's"))
    fam = text.index(FAMILY)
    assert word_at(text, fam + 2) == (fam, fam + len(FAMILY))
    assert word_at(text, text.index(" talks")) == (s, s + len("Ødegaard's"))  # word before
    assert word_at("  ", 1) is None


def test_step_edges_by_word_and_cluster() -> None:
    text = f"one two{E_ACUTE} three"
    two_end = text.index(" three")
    assert step_edge(text, len("one"), 1, edge="end", by_word=True) == two_end
    assert step_edge(text, two_end, -1, edge="end", by_word=True) == 3
    assert step_edge(text, 0, 1, edge="start", by_word=True) == 4
    assert step_edge(text, 4, -1, edge="start", by_word=True) == 0
    # By cluster, e + combining acute is one step.
    assert step_edge(text, two_end, -1, edge="end", by_word=False) == two_end - 2


def test_move_edge_refuses_to_empty_a_span() -> None:
    text = "one two three"
    assert move_edge(text, [(4, 7)], 1, edge="start", by_word=True) is None
    assert move_edge(text, [(4, 7)], -1, edge="end", by_word=True) is None
    assert move_edge(text, [(4, 7)], 1, edge="end", by_word=True) == ((4, 13),)
    assert move_edge(text, [(0, 3), (8, 13)], 1, edge="start", by_word=False) == (
        (1, 3), (8, 13))


def test_merge_fragments() -> None:
    assert merge_fragments([(8, 10), (0, 3), (2, 5)]) == ((0, 5), (8, 10))
    assert merge_fragments([(0, 3), (3, 5)]) == ((0, 5),)

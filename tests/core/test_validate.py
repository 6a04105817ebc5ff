"""The one validator: every problem kind, its field and message, and the helpers callers use
instead of reading messages."""

from __future__ import annotations

from itertools import pairwise

import pytest
from helpers.foundation import ARABIC, COMBINING, EMOJI, FLAG, ZWJ_FAMILY
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.codebook import Codebook, load_codebook
from desktop.core.errors import InputError
from desktop.core.model import Frame, Relation, Span
from desktop.core.offsets import span_text
from desktop.core.validate import (
    Problem,
    ProblemKind,
    bounds_problems,
    frame_limit_problems,
    frame_problems,
    offset_problems,
    order_problems,
    rejecting,
    relation_problems,
    span_codebook_problems,
    span_problems,
    text_problem,
)
from desktop.resources import default_codebook_path

K = ProblemKind
LABELS = {"s1": "CLAIM", "s2": "SOURCE", "s3": "CUE", "s4": "ACTOR"}


@pytest.fixture(scope="module")
def cb() -> Codebook:
    return load_codebook(default_codebook_path())


def kinds(problems: list[Problem]) -> list[ProblemKind]:
    return [p.kind for p in problems]


def fields(problems: list[Problem]) -> list[str]:
    return [p.field for p in problems]


# -- offsets and text ---------------------------------------------------------------------


@pytest.mark.parametrize(("fragments", "listed", "kind", "fld", "fragment"), [
    pytest.param([], False, K.NO_FRAGMENTS, "fragments", "at least one", id="none"),
    pytest.param([(-1, 3)], False, K.NEGATIVE_OFFSET, "start", "offset -1 is negative",
                 id="negative"),
    pytest.param([(3, 3)], False, K.EMPTY_RANGE, "end", "end 3 is not after start 3",
                 id="empty"),
    pytest.param([(4, 3)], False, K.EMPTY_RANGE, "end", "not after", id="backwards"),
    pytest.param([(0, 11)], False, K.PAST_END, "end", "past the end of the text (10 code",
                 id="past-end"),
    pytest.param([(0, 2), (-1, 4)], True, K.NEGATIVE_OFFSET, "fragments[1]", "negative",
                 id="listed-negative"),
    pytest.param([(0, 2), (5, 12)], True, K.PAST_END, "fragments[1]", "past the end",
                 id="listed-past-end"),
    pytest.param([(2, 6), (5, 8)], True, K.FRAGMENTS_OVERLAP, "fragments", "overlap",
                 id="overlap"),
])
def test_offset_problems(fragments: list[tuple[int, int]], listed: bool, kind: ProblemKind,
                         fld: str, fragment: str) -> None:
    [problem] = offset_problems(fragments, 10, listed=listed)
    assert (problem.kind, problem.field) == (kind, fld)
    assert fragment in problem.message


def test_valid_ranges_have_no_offset_problems() -> None:
    assert offset_problems([(0, 10)], 10) == []
    assert offset_problems([(9, 10)], 10) == []
    assert offset_problems([(0, 2), (2, 4)], 10, listed=True) == []  # touching is fine


def test_bounds_come_before_order_and_one_per_fragment() -> None:
    problems = offset_problems([(5, 8), (-1, 20)], 10, listed=True)
    assert kinds(problems) == [K.NEGATIVE_OFFSET]
    assert kinds(bounds_problems([(-1, 2), (3, 3), (4, 99)], 10, listed=True)) == [
        K.NEGATIVE_OFFSET, K.EMPTY_RANGE, K.PAST_END]
    assert kinds(order_problems([(5, 8), (-1, 20)])) == [K.FRAGMENTS_OVERLAP]


def test_fragments_out_of_text_order_are_valid_and_keep_their_order() -> None:
    """brat writes and accepts ``T1 Content 6 11;0 5``: only overlaps are bad."""
    assert offset_problems([(5, 8), (2, 4)], 10, listed=True) == []
    assert kinds(order_problems([(6, 9), (0, 7)])) == [K.FRAGMENTS_OVERLAP]
    span = Span(id="s1", label="CLAIM", fragments=((6, 10), (0, 5)), text="ghij abcde")
    assert (span.start, span.end) == (0, 10)
    assert span_problems(span, "abcdefghij") == []
    assert text_problem("abcdefghij", span.fragments, "abcde ghij") is not None


@given(st.lists(st.tuples(st.integers(-3, 14), st.integers(-3, 14)), max_size=4))
def test_offset_problems_accept_exactly_the_spans_a_span_may_hold(
        fragments: list[tuple[int, int]]) -> None:
    ok = offset_problems(fragments, 10, listed=True) == []
    expected = (bool(fragments) and all(0 <= s < e <= 10 for s, e in fragments)
                and all(b[0] >= a[1] for a, b in pairwise(sorted(fragments))))
    assert ok == expected


def test_text_problem_counts_code_points_in_hard_text() -> None:
    text = f"{FLAG} {ZWJ_FAMILY} said {COMBINING}x {EMOJI} {ARABIC}"
    start = text.index("said")
    frags = [(start, start + 4), (text.index(ARABIC), len(text))]
    assert text_problem(text, frags, f"said {ARABIC}") is None
    utf16_start = len(text[:start].encode("utf-16-le")) // 2
    wrong = [(utf16_start, utf16_start + 4)]
    problem = text_problem(text, wrong, "said")
    assert problem is not None
    assert (problem.kind, problem.field) == (K.TEXT_MISMATCH, "text")
    assert f"{utf16_start}..{utf16_start + 4}" in problem.message


def test_text_problem_options() -> None:
    text = "one\ntwo"
    assert text_problem(text, [(0, 7)], "one two") is not None
    assert text_problem(text, [(0, 7)], "one two", newline_as_space=True) is None
    problem = text_problem(text, [(0, 3)], "two", at=(10, 13))
    assert problem is not None
    assert "10..13" in problem.message


def test_span_problems_against_a_text() -> None:
    text = f"{FLAG} Paris"
    good = Span.from_text(text, id="s1", label="ACTOR", fragments=((3, 8),))
    assert span_problems(good, text) == []
    assert kinds(span_problems(good, "short")) == [K.PAST_END]
    moved = Span(id="s1", label="ACTOR", fragments=((2, 7),), text="Paris")
    assert kinds(span_problems(moved, text)) == [K.TEXT_MISMATCH]
    split = Span(id="s2", label="CLAIM", fragments=((0, 2), (3, 99)),
                 text=span_text(text, [(0, 2), (3, 8)]))
    assert fields(span_problems(split, text)) == ["fragments[1]"]


# -- the codebook -------------------------------------------------------------------------


def _span(label: str, **attrs: object) -> Span:
    return Span(id="s1", label=label, fragments=((0, 1),), text="x", attrs=attrs)


def test_span_codebook_problems(cb: Codebook) -> None:
    assert span_codebook_problems(_span("CLAIM", form="direct"), cb) == []
    assert span_codebook_problems(_span("CUE"), cb) == []
    [p] = span_codebook_problems(_span("QUOTE"), cb)
    assert (p.kind, p.field) == (K.UNKNOWN_LABEL, "label")
    assert "QUOTE" in p.message
    assert "ACTOR" in p.message  # lists the labels there are
    [p] = span_codebook_problems(_span("CLAIM", form="shouted"), cb)
    assert (p.kind, p.field, p.name) == (K.BAD_ATTRIBUTE_VALUE, "attrs.form", "form")
    assert "'shouted' is not one of direct" in p.message
    [p] = span_codebook_problems(_span("CLAIM", tone="calm"), cb)
    assert (p.kind, p.field, p.message) == (K.UNKNOWN_ATTRIBUTE, "attrs.tone",
                                            "unknown attribute for label CLAIM")
    [p] = span_codebook_problems(_span("CLAIM", form=3), cb)
    assert (p.kind, p.field, p.message) == (K.ATTRIBUTE_NOT_STRING, "attrs.form",
                                            "must be a string, not int")


def test_an_unknown_label_still_reports_its_attributes(cb: Codebook) -> None:
    problems = span_codebook_problems(_span("QUOTE", tone="calm", loud=1), cb)
    assert kinds(problems) == [K.UNKNOWN_LABEL, K.UNKNOWN_ATTRIBUTE, K.UNKNOWN_ATTRIBUTE,
                               K.ATTRIBUTE_NOT_STRING]
    assert fields(problems) == ["label", "attrs.tone", "attrs.loud", "attrs.loud"]


def test_frame_problems(cb: Codebook) -> None:
    ok = Frame(id="f1", type="attribution",
               roles={"content": ("s1",), "source": ("s2",), "cue": ("s3",)},
               attrs={"channel": "statement"})
    assert frame_problems(ok, labels=LABELS, codebook=cb) == []
    bad = Frame(id="f1", type="attribution",
                roles={"content": ("s4",), "source": ("s9",), "speaker": ("s2",),
                       "cue": ("s3", "s3")},
                attrs={"channel": "pigeon", "mood": "x"})
    problems = frame_problems(bad, labels=LABELS, codebook=cb)
    assert [(p.kind, p.field) for p in problems] == [
        (K.ROLE_LABEL, "roles.content"), (K.UNKNOWN_SPAN, "roles.source"),
        (K.UNKNOWN_ROLE, "roles.speaker"), (K.DUPLICATE_FILLER, "roles.cue"),
        (K.BAD_ATTRIBUTE_VALUE, "attrs.channel"), (K.UNKNOWN_ATTRIBUTE, "attrs.mood")]
    assert problems[0].message == "span 's4' is ACTOR, role takes CLAIM"
    assert problems[1].message == "span 's9' does not exist"
    assert problems[2].message == "unknown role for frame type attribution"
    assert problems[3].message == "lists the same span twice"
    assert [p.name for p in problems] == ["content", "source", "speaker", "cue", "channel",
                                          "mood"]


def test_an_unknown_frame_type_still_checks_its_fillers(cb: Codebook) -> None:
    frame = Frame(id="f1", type="quotation", roles={"said": ("s3", "s9")}, attrs={"x": 2})
    problems = frame_problems(frame, labels=LABELS, codebook=cb)
    assert [(p.kind, p.field) for p in problems] == [
        (K.UNKNOWN_FRAME_TYPE, "type"), (K.UNKNOWN_ROLE, "roles.said"),
        (K.UNKNOWN_SPAN, "roles.said"), (K.UNKNOWN_ATTRIBUTE, "attrs.x"),
        (K.ATTRIBUTE_NOT_STRING, "attrs.x")]
    assert problems[0].message == "unknown frame type 'quotation'"
    assert frame_limit_problems(frame, cb) == []


def test_frame_limit_problems(cb: Codebook) -> None:
    empty = Frame(id="f1", type="attribution", roles={"cue": ("s3",)})
    [p] = frame_limit_problems(empty, cb)
    assert (p.kind, p.field, p.message) == (K.ROLE_TOO_FEW, "roles.content",
                                            "content: needs at least 1, has 0")
    two = Frame(id="f1", type="attribution", roles={"content": ("s1", "s5")})
    [p] = frame_limit_problems(two, cb)
    assert (p.kind, p.message) == (K.ROLE_TOO_MANY, "content: allows at most 1, has 2")
    assert p.is_limit
    assert frame_problems(two, labels=LABELS, codebook=cb)[0].kind is K.UNKNOWN_SPAN


def test_relation_problems(cb: Codebook) -> None:
    assert relation_problems(Relation("r1", "about", "s1", "s4"), labels=LABELS,
                             codebook=cb) == []
    problems = relation_problems(Relation("r1", "about", "s2", "s9"), labels=LABELS,
                                 codebook=cb)
    assert [(p.kind, p.field) for p in problems] == [(K.RELATION_LABEL, "head"),
                                                     (K.UNKNOWN_SPAN, "tail")]
    assert problems[0].message == "span 's2' is SOURCE, about takes CLAIM"
    rel = Relation("r1", "about", "s1", "s4", attrs={"weight": "heavy"})
    [p] = relation_problems(rel, labels=LABELS, codebook=cb)
    assert (p.kind, p.field, p.message) == (K.RELATION_ATTRIBUTE, "attrs.weight",
                                            "unknown attribute for relation type about")


def test_an_unknown_relation_type_still_checks_its_ends(cb: Codebook) -> None:
    problems = relation_problems(Relation("r1", "cites", "s1", "s9"), labels=LABELS,
                                 codebook=cb)
    assert [(p.kind, p.field) for p in problems] == [(K.UNKNOWN_RELATION_TYPE, "label"),
                                                     (K.UNKNOWN_SPAN, "tail")]
    assert problems[0].message == "unknown relation type 'cites'"


# -- what callers decide by ---------------------------------------------------------------


def test_codebook_extensible_names_exactly_what_extending_can_fix() -> None:
    extensible = {k for k in ProblemKind if Problem(k, "", "").codebook_extensible}
    assert extensible == {K.UNKNOWN_LABEL, K.UNKNOWN_ATTRIBUTE, K.BAD_ATTRIBUTE_VALUE,
                          K.UNKNOWN_FRAME_TYPE, K.UNKNOWN_ROLE, K.ROLE_LABEL,
                          K.UNKNOWN_RELATION_TYPE, K.RELATION_LABEL}


def test_rejecting_lets_through_only_what_extending_adds(cb: Codebook) -> None:
    problems = span_codebook_problems(_span("QUOTE", tone="calm", loud=1), cb)
    assert rejecting(problems, extend=False) == problems
    assert kinds(rejecting(problems, extend=True)) == [K.ATTRIBUTE_NOT_STRING]


def test_kind_groups() -> None:
    assert {k for k in ProblemKind if Problem(k, "", "").is_limit} == {K.ROLE_TOO_FEW,
                                                                       K.ROLE_TOO_MANY}
    assert {k for k in ProblemKind if Problem(k, "", "").about_attribute} == {
        K.UNKNOWN_ATTRIBUTE, K.BAD_ATTRIBUTE_VALUE, K.ATTRIBUTE_NOT_STRING,
        K.RELATION_ATTRIBUTE}


def test_every_kind_is_produced_by_some_check(cb: Codebook) -> None:
    """The enum lists nothing the validator never reports (each kind appears in a test)."""
    seen: set[ProblemKind] = set()
    seen |= set(kinds(offset_problems([], 5)))
    seen |= set(kinds(bounds_problems([(-1, 1), (3, 3), (0, 9)], 5, listed=True)))
    seen |= set(kinds(order_problems([(2, 3), (0, 1)]) + order_problems([(0, 3), (2, 4)])))
    mismatch = text_problem("abc", [(0, 1)], "b")
    assert mismatch is not None
    seen.add(mismatch.kind)
    seen |= set(kinds(span_codebook_problems(_span("QUOTE", a=1), cb)))
    seen |= set(kinds(span_codebook_problems(_span("CLAIM", form="x"), cb)))
    seen |= set(kinds(frame_problems(Frame("f", "quotation", {}), labels={}, codebook=cb)))
    seen |= set(kinds(frame_problems(
        Frame("f", "attribution", {"content": ("s4", "s4", "s9"), "x": ()}),
        labels=LABELS, codebook=cb)))
    seen |= set(kinds(frame_limit_problems(Frame("f", "attribution", {}), cb)))
    seen |= set(kinds(frame_limit_problems(
        Frame("f", "attribution", {"content": ("s1", "s1")}), cb)))
    seen |= set(kinds(relation_problems(Relation("r", "cites", "s1", "s1", {"w": "1"}),
                                        labels=LABELS, codebook=cb)))
    seen |= set(kinds(relation_problems(Relation("r", "about", "s2", "s1"), labels=LABELS,
                                        codebook=cb)))
    assert seen == set(ProblemKind)


def test_error_names_the_field_inside_its_object() -> None:
    p = Problem(K.UNKNOWN_ATTRIBUTE, "attrs.tone", "unknown attribute for label CLAIM")
    err = p.error(within="spans[3]")
    assert isinstance(err, InputError)
    assert (err.field, err.reason) == ("spans[3].attrs.tone", p.message)
    assert p.error().field == "attrs.tone"
    assert Problem(K.UNKNOWN_SPAN, "", "gone").error(within="frames[0]").field == "frames[0]"
    assert p.error(hint="pass --extend-codebook").reason == (
        "unknown attribute for label CLAIM; pass --extend-codebook")

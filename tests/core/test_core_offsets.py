"""The offset contract: code points, UTF-16 at Qt's edge, LF normalisation with remapping."""

from __future__ import annotations

import hashlib

import pytest
from helpers.foundation import (
    ARABIC,
    ARMENIAN,
    COMBINING,
    EMOJI,
    FLAG,
    HEBREW,
    SKIN_TONE,
    ZWJ_FAMILY,
    any_text,
    deterministic,
    hard_text,
)
from hypothesis import example, given
from hypothesis import strategies as st

from desktop.core.offsets import (
    Utf16Index,
    normalize_newlines,
    sha256_text,
    span_text,
    utf16_length,
)

SAMPLES = [
    "",
    "plain ascii",
    f"{EMOJI}",
    f"a{EMOJI}b{EMOJI}{EMOJI}c",
    f"{FLAG} France",
    f"family {ZWJ_FAMILY}!",
    f"ok {SKIN_TONE}",
    f"caf{COMBINING}",
    f"{ARABIC} and {HEBREW}",
    f"{ARMENIAN}\r\n{EMOJI}\r{FLAG}",
    "\U0001d11e\U0001d11e",
]


def _u16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _between_cr_lf(text: str, o: int) -> bool:
    return 0 < o < len(text) and text[o - 1] == "\r" and text[o] == "\n"


# -- UTF-16 ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", SAMPLES)
def test_utf16_examples_match_the_encoder(text: str) -> None:
    idx = Utf16Index(text)
    assert idx.length_utf16 == _u16(text) == utf16_length(text)
    for cp in range(len(text) + 1):
        assert idx.to_utf16(cp) == _u16(text[:cp])


def test_utf16_known_values() -> None:
    text = f"a{EMOJI}b{FLAG}c"  # FLAG is two regional indicators, each astral
    idx = Utf16Index(text)
    assert [idx.to_utf16(i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 6, 8, 9]
    assert idx.to_codepoint(2) == 1  # inside the emoji: snaps down to its start
    assert idx.to_codepoint(2, round_up=True) == 2  # or up to its end
    assert idx.to_codepoint(3) == 2
    assert idx.to_codepoint(9) == 6


@deterministic()
@given(any_text)
@example(f"{ZWJ_FAMILY}{FLAG}{SKIN_TONE}{COMBINING}{ARABIC}{ARMENIAN}")
def test_utf16_round_trip_and_encoder_agree(text: str) -> None:
    idx = Utf16Index(text)
    assert idx.length_utf16 == _u16(text)
    prefix_units = 0
    for cp in range(len(text) + 1):
        u16 = idx.to_utf16(cp)
        assert u16 == prefix_units
        assert idx.to_codepoint(u16) == cp
        assert idx.to_codepoint(u16, round_up=True) == cp
        if cp < len(text):
            prefix_units += 2 if ord(text[cp]) > 0xFFFF else 1


@deterministic()
@given(any_text)
@example(f"x{EMOJI}{FLAG}{ZWJ_FAMILY}")
def test_utf16_offset_inside_a_surrogate_pair_snaps(text: str) -> None:
    idx = Utf16Index(text)
    starts = [idx.to_utf16(cp) for cp in range(len(text) + 1)]
    for u16 in range(idx.length_utf16 + 1):
        down = idx.to_codepoint(u16)
        up = idx.to_codepoint(u16, round_up=True)
        # down: the last character boundary at or before u16; up: the first at or after.
        assert down == max(cp for cp, s in enumerate(starts) if s <= u16)
        assert up == min(cp for cp, s in enumerate(starts) if s >= u16)
        if u16 in starts:
            assert down == up
        else:
            assert up == down + 1
            assert ord(text[down]) > 0xFFFF


@deterministic()
@given(any_text, st.integers())
def test_utf16_out_of_range_is_rejected(text: str, n: int) -> None:
    idx = Utf16Index(text)
    if 0 <= n <= len(text):
        idx.to_utf16(n)
    else:
        with pytest.raises(ValueError, match="outside"):
            idx.to_utf16(n)
    if 0 <= n <= idx.length_utf16:
        idx.to_codepoint(n)
    else:
        with pytest.raises(ValueError, match="outside"):
            idx.to_codepoint(n)


# -- newline normalisation -------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "norm", "removed"), [
    ("", "", ()),
    ("a\nb", "a\nb", ()),
    ("a\r\nb", "a\nb", (1,)),
    ("a\rb", "a\nb", ()),
    ("\r\r\n\n\r", "\n\n\n\n", (1,)),
    (f"{EMOJI}\r\n{ARABIC}\r\n", f"{EMOJI}\n{ARABIC}\n", (1, 8)),
])
def test_normalize_newlines_examples(raw: str, norm: str, removed: tuple[int, ...]) -> None:
    out, remap = normalize_newlines(raw)
    assert out == norm
    assert remap.removed == removed
    assert remap.identity == (not removed)


@deterministic()
@given(any_text)
@example(f"{ARMENIAN}\r\n{FLAG}\r{ZWJ_FAMILY}\r\n\r\n{COMBINING}\r")
def test_normalize_newlines_maps_every_offset(text: str) -> None:
    norm, remap = normalize_newlines(text)
    assert "\r" not in norm
    assert norm == text.replace("\r\n", "\n").replace("\r", "\n")
    assert remap(0) == 0
    assert remap(len(text)) == len(norm)
    mapped = [remap(o) for o in range(len(text) + 1)]
    assert mapped == sorted(mapped)  # monotonic
    good = [o for o in range(len(text) + 1) if not _between_cr_lf(text, o)]
    for o in range(len(text)):
        if _between_cr_lf(text, o):
            # between CR and LF: lands on the LF that replaced the pair
            assert norm[remap(o)] == "\n"
        else:
            assert norm[remap(o)] == ("\n" if text[o] == "\r" else text[o])
    sample = [*good[:: max(1, len(good) // 30)], len(text)]
    for i, a in enumerate(sample):
        for b in sample[i:]:
            assert norm[remap(a):remap(b)] == normalize_newlines(text[a:b])[0]


@deterministic()
@given(hard_text)
def test_normalize_newlines_is_idempotent(text: str) -> None:
    once, _ = normalize_newlines(text)
    twice, remap = normalize_newlines(once)
    assert twice == once
    assert remap.identity
    assert all(remap(o) == o for o in range(len(once) + 1))


# -- small helpers -------------------------------------------------------------------------


def test_sha256_text_is_over_utf8() -> None:
    text = f"{ARABIC}{EMOJI}"
    assert sha256_text(text) == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert sha256_text("a") != sha256_text("a\n")


def test_span_text_joins_fragments_with_one_space() -> None:
    text = '"The decision," he said, "is final."'
    assert span_text(text, [(0, 14)]) == '"The decision,'
    second = text.index("is final")
    assert span_text(text, [(1, 13), (second, second + 8)]) == "The decision is final"



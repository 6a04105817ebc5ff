"""Quotation finding and the direct-quote frames built on it."""

from __future__ import annotations

import pytest
from helpers.assist import frames_in, suggest_text
from helpers.foundation import ARABIC, COMBINING, EMOJI, FLAG, HEBREW, ZWJ_FAMILY

from desktop.assist.quotes import find_quotes
from desktop.core.offsets import normalize_newlines


def quoted(text: str) -> list[str]:
    return [text[q.start:q.end] for q in find_quotes(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ('He said "yes" and "no".', ['"yes"', '"no"']),
    ("He said “yes” and “no”.", ["“yes”", "“no”"]),
    ("Il a dit «oui» puis «non».", ["«oui»", "«non»"]),
    ("Er sagte „ja“ und „nein”.", ["„ja“", "„nein”"]),
    ("Er sagte »ja« und ging.", ["»ja«"]),
    ("A stray » and ” close nothing.", []),
])
def test_each_kind_of_double_quote(text: str, expected: list[str]) -> None:
    assert quoted(text) == expected


def test_nested_single_quotes_and_apostrophes_stay_inside() -> None:
    text = "“He told me, ‘Nobody checks, nobody ever will,’ and left,” Lind's aide said."
    assert quoted(text) == ["“He told me, ‘Nobody checks, nobody ever will,’ and left,”"]


def test_a_quote_continues_when_the_next_paragraph_reopens_it() -> None:
    text = "She said: “First part.\n\n“Second part.”\n\nAfter."
    (q,) = find_quotes(text)
    assert text[q.start:q.end] == "“First part.\n\n“Second part.”"
    assert q.paragraphs == 2


def test_an_unclosed_quote_at_a_paragraph_end_is_dropped() -> None:
    assert quoted('He said "never\nThen "yes" came.') == ['"yes"']


def test_straight_quotes_over_paragraphs() -> None:
    text = 'Varga said: "One.\n"Two."\n'
    assert quoted(text) == ['"One.\n"Two."']


def test_direct_quote_with_source_after_and_before() -> None:
    assert frames_in('"We are ready," Anton Varga said.') == [
        ('"We are ready,"', ("Anton Varga",), "said")]
    assert frames_in('"We are ready," said Anton Varga.') == [
        ('"We are ready,"', ("Anton Varga",), "said")]
    assert frames_in('Anton Varga said: "We are ready."') == [
        ('"We are ready."', ("Anton Varga",), "said")]


def test_guillemets_and_curly_quotes_make_frames() -> None:
    assert frames_in("«Nous sommes prêts,» Varga said.") == [
        ("«Nous sommes prêts,»", ("Varga",), "said")]
    assert frames_in("“We are ready,” she told reporters.") == [
        ("“We are ready,”", ("she",), "told reporters")]


def test_split_quote_is_one_claim_with_two_fragments() -> None:
    text = '"The release of detainees," Varga said, "will come at the end."'
    s = suggest_text(text)
    (claim,) = [sp for sp in s.spans if sp.label == "CLAIM"]
    assert [text[a:b] for a, b in claim.fragments] == ['"The release of detainees,"',
                                                        '"will come at the end."']
    assert claim.text == '"The release of detainees," "will come at the end."'
    assert claim.attrs == {"form": "direct"}


def test_split_quote_across_a_full_stop_when_the_tail_is_lower_case() -> None:
    text = '"Our soldiers are on our soil," Holm said. "what they do there is our business."'
    ((content, sources, _cue),) = frames_in(text)
    assert content == '"Our soldiers are on our soil," "what they do there is our business."'
    assert sources == ("Holm",)


def test_two_sentences_of_one_speaker_are_two_claims_with_one_source() -> None:
    text = '"We will win," Varga said. "The people are with us."'
    assert frames_in(text) == [('"We will win,"', ("Varga",), "said"),
                               ('"The people are with us."', ("Varga",), None)]
    s = suggest_text(text)
    assert len([sp for sp in s.spans if sp.label == "SOURCE"]) == 1


def test_a_question_in_quotes_keeps_its_attribution() -> None:
    assert frames_in('"Why now?" Varga asked.') == [('"Why now?"', ("Varga",), "asked")]


def test_multi_paragraph_quote_after_a_colon_on_its_own_line() -> None:
    text = "In a reply, he said:\n\n«The city has heard you.\n\n«But it cannot act alone.»\n"
    ((content, sources, cue),) = frames_in(text)
    assert content == "«The city has heard you.\n\n«But it cannot act alone.»"
    assert (sources, cue) == (("he",), "said")


def test_scare_quotes_without_a_cue_are_no_claim() -> None:
    assert frames_in('The so-called "peace dividend" never came.') == []


@pytest.mark.parametrize("piece", [EMOJI, FLAG, ZWJ_FAMILY, COMBINING, ARABIC, HEBREW])
def test_offsets_with_astral_combining_and_rtl_text(piece: str) -> None:
    text = f'{piece} "We are {piece} ready," Varga said about {piece}{piece}.'
    s = suggest_text(text)
    for sp in s.spans:
        assert sp.text == " ".join(text[a:b] for a, b in sp.fragments)
    assert [sp.text for sp in s.spans if sp.label == "CLAIM"] == [f'"We are {piece} ready,"']


def test_crlf_input_once_normalised() -> None:
    raw = 'Varga said: "One.\r\n\r\n"Two."\r\nThe end.'
    text, _ = normalize_newlines(raw)
    ((content, _sources, _cue),) = frames_in(text)
    assert content == '"One.\n\n"Two."'

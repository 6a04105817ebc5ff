"""Reported clauses, cue-only and source-only frames, coordinated cues, what is no cue."""

from __future__ import annotations

import pytest
from helpers.assist import frames_in, suggest_text


@pytest.mark.parametrize(("text", "frame"), [
    ("Varga said the talks had failed.", ("the talks had failed", ("Varga",), "said")),
    ("Varga said that the talks had failed.", ("the talks had failed", ("Varga",), "said")),
    ("Varga said on Tuesday that the talks had failed.",
     ("the talks had failed", ("Varga",), "said")),
    ("Varga said on Tuesday the talks had failed.",
     ("the talks had failed", ("Varga",), "said")),
    ("The ministry denied that troops were moved.",
     ("troops were moved", ("The ministry",), "denied")),
    ("Brask told the Lomira Herald that the union would ballot members.",
     ("the union would ballot members", ("Brask",), "told")),
    ("The minister told reporters the plan was dead.",
     ("the plan was dead", ("The minister",), "told reporters")),
    ("Halvor said in a statement that it remained open to talks.",
     ("it remained open to talks", ("Halvor",), "said in a statement")),
    ("Prices will rise next year, the central bank said on Tuesday.",
     ("Prices will rise next year", ("the central bank",), "said")),
    ("Prices will rise next year, said the central bank.",
     ("Prices will rise next year", ("the central bank",), "said")),
    ("According to the ministry, 42 cases have been recorded.",
     ("42 cases have been recorded", ("the ministry",), "According to")),
    ("LOMIRA, March 4 (Tavra) - Both sides will meet next week, the two governments said.",
     ("Both sides will meet next week", ("the two governments",), "said")),
    ("She pointed out that wages had risen by 14 percent.",
     ("wages had risen by 14 percent", ("She",), "pointed out")),
])
def test_indirect_claims(text: str, frame: tuple[str, tuple[str, ...], str]) -> None:
    assert frames_in(text) == [frame]


def test_indirect_claims_carry_form_indirect() -> None:
    s = suggest_text("Varga said the talks had failed.")
    (claim,) = [sp for sp in s.spans if sp.label == "CLAIM"]
    assert claim.attrs == {"form": "indirect"}


def test_a_quoted_stretch_in_a_reported_clause_makes_it_mixed() -> None:
    text = 'The bank said it was "prepared to act again" if wages rose.'
    s = suggest_text(text)
    (claim,) = [sp for sp in s.spans if sp.label == "CLAIM"]
    assert claim.text == 'it was "prepared to act again" if wages rose'
    assert claim.attrs == {"form": "mixed"}


def test_a_quoted_fragment_after_called_is_partial() -> None:
    text = "Kovac called the decision “a disgrace” and said she would complain."
    assert frames_in(text) == [("“a disgrace”", ("Kovac",), "called"),
                               ("she would complain", ("Kovac",), "said")]
    s = suggest_text(text)
    forms = {sp.text: sp.attrs["form"] for sp in s.spans if sp.label == "CLAIM"}
    assert forms["“a disgrace”"] == "partial"


def test_a_participle_cue_shares_the_source_of_the_clause_before() -> None:
    text = "Ivers said the bank would wait, adding that the vote had been unanimous."
    assert frames_in(text) == [("the bank would wait", ("Ivers",), "said"),
                               ("the vote had been unanimous", ("Ivers",), "adding")]
    s = suggest_text(text)
    assert len([sp for sp in s.spans if sp.label == "SOURCE"]) == 1


def test_a_coordinated_cue_after_another_verb_takes_the_subject() -> None:
    text = "Calder Mining apologised on Monday for the spill and said it would pay."
    assert frames_in(text) == [("it would pay", ("Calder Mining",), "said")]


def test_a_relative_who_shares_the_source() -> None:
    text = ('"Tarsk cannot take this," said the mayor, Erna Stolt, who said she had asked '
            "for a meeting.")
    assert frames_in(text) == [('"Tarsk cannot take this,"', ("the mayor, Erna Stolt",), "said"),
                               ("she had asked for a meeting", ("the mayor, Erna Stolt",),
                                "said")]


@pytest.mark.parametrize("text", [
    "The said agreement expired in 2020.",
    "Officials agreed to meet again.",
    "Residents were told to leave their homes.",
    "He issued a statement on Monday.",
    "Kostic promised to freeze fuel prices.",
    "The minister urged both sides to return to the table.",
    "State media reported heavy fighting.",
    "The confirmation came late.",
])
def test_no_attribution(text: str) -> None:
    assert frames_in(text) == []


def test_cues_inside_a_quotation_belong_to_the_speaker() -> None:
    text = '"He told me he said nothing," Varga said.'
    assert frames_in(text) == [('"He told me he said nothing,"', ("Varga",), "said")]


def test_a_frame_carries_the_channel_of_its_cue() -> None:
    s = suggest_text("Halvor said in a statement that it remained open to talks.")
    (frame,) = s.frames
    assert frame.attrs == {"channel": "statement"}
    s = suggest_text("Varga said the talks had failed.")
    assert s.frames[0].attrs == {}


@pytest.mark.parametrize(("text", "content", "source", "cue"), [
    ("The deal, the minister said, will be signed on Friday.",
     "The deal will be signed on Friday", "the minister", "said"),
    ("The deal, according to two diplomats, will be signed on Friday.",
     "The deal will be signed on Friday", "two diplomats", "according to"),
])
def test_an_attribution_in_the_middle_splits_the_claim(text: str, content: str, source: str,
                                                       cue: str) -> None:
    assert frames_in(text) == [(content, (source,), cue)]
    s = suggest_text(text)
    (claim,) = [sp for sp in s.spans if sp.label == "CLAIM"]
    assert [text[a:b] for a, b in claim.fragments] == ["The deal",
                                                        "will be signed on Friday"]


def test_a_participle_after_a_closing_attribution_is_not_part_of_the_claim() -> None:
    assert frames_in("Prices will rise, the bank said on Tuesday, citing energy costs.") == [
        ("Prices will rise", ("the bank",), "said")]


@pytest.mark.parametrize(("text", "frame"), [
    ("Sources told Tavra the deal was close.", ("the deal was close", ("Sources",), "told")),
    ("Varga told him the deal was close.", ("the deal was close", ("Varga",), "told")),
    ("The deal is close, sources told the Lomira Herald on Monday.",
     ("The deal is close", ("sources",), "told")),
])
def test_an_addressee_between_cue_and_clause(text: str,
                                             frame: tuple[str, tuple[str, ...], str]) -> None:
    assert frames_in(text) == [frame]


def test_a_quote_paragraph_continues_the_speaker_of_the_paragraph_before() -> None:
    text = '"We will win," Varga said.\n\n"The people are with us."\n\n"Nobody else is."\n'
    assert frames_in(text) == [('"We will win,"', ("Varga",), "said"),
                               ('"The people are with us."', ("Varga",), None),
                               ('"Nobody else is."', ("Varga",), None)]
    # but not after a paragraph of the writer's own
    text = '"We will win," Varga said.\n\nThe vote is on Sunday.\n\n"Nobody else is."\n'
    assert frames_in(text) == [('"We will win,"', ("Varga",), "said")]


@pytest.mark.parametrize(("text", "frames"), [
    ('The plan was described as "reckless" by critics.', [('"reckless"', (), "described")]),
    ('"We are ready," Varga was quoted as saying.',
     [('"We are ready,"', ("Varga",), "quoted as saying")]),
    ("Varga did not say whether the talks had failed.", []),
    ("The ministry said that it was ready, and the union said it was not.",
     [("it was ready", ("The ministry",), "said"), ("it was not", ("the union",), "said")]),
    ("— We are ready, Varga said.", [("We are ready", ("Varga",), "said")]),
    ("Residents living near the river said the water had turned brown.",
     [("the water had turned brown", ("Residents living near the river",), "said")]),
    ("Varga, Maran and Strand said the deal was close.",
     [("the deal was close", ("Varga", "Maran", "Strand"), "said")]),
])
def test_passives_questions_coordination_lists(
        text: str, frames: list[tuple[str, tuple[str, ...], str]]) -> None:
    assert frames_in(text) == frames


def test_a_that_clause_may_start_with_any_word() -> None:
    text = "Moreau said the inquiry began in 2023 and added that about 800 users were hit."
    assert frames_in(text) == [("the inquiry began in 2023", ("Moreau",), "said"),
                               ("about 800 users were hit", ("Moreau",), "added")]


def test_a_closing_attribution_governs_cue_words_inside_its_clause() -> None:
    text = ("Pupils must resit the exam after the paper was posted on social media, "
            "the board announced on Tuesday.")
    assert frames_in(text) == [("Pupils must resit the exam after the paper was posted on "
                                "social media", ("the board",), "announced")]

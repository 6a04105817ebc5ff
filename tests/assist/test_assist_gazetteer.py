"""Registry mentions: longest match, word boundaries, linking, Unicode offsets."""

from __future__ import annotations

import pytest
from helpers.assist import labelled, suggest_text
from helpers.foundation import ARABIC, EMOJI, FLAG, ZWJ_FAMILY

from desktop.assist.gazetteer import Gazetteer, PhraseMatcher
from desktop.core.model import Actor

ACTORS = (Actor("maran", "Ilse Maran", "person", ("Maran", "President Ilse Maran")),
          Actor("cbv", "Central Bank of Vessaria", "organisation"),
          Actor("vessaria", "Vessaria", "state"),
          Actor("roux", "Céline Roux", "person", ("Roux",)),
          Actor("udu", "United Dockworkers' Union", "organisation", ("UDU",)))


def found(text: str) -> list[tuple[str, str]]:
    return [(text[m.start:m.end], m.payload) for m in Gazetteer(ACTORS).find(text)]


def test_longest_match_first() -> None:
    assert found("President Ilse Maran met Maran's aides at the Central Bank of Vessaria.") == [
        ("President Ilse Maran", "maran"), ("Maran", "maran"),
        ("Central Bank of Vessaria", "cbv")]


@pytest.mark.parametrize("text", ["Marangoni", "Vessarian", "maran", "UDUs", "XUDU"])
def test_word_boundaries_and_case(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize("text", ["(UDU)", "UDU's", "UDU-led", "“UDU”", "UDU."])
def test_punctuation_around_a_name(text: str) -> None:
    assert found(text) == [("UDU", "udu")]


def test_names_with_accents_and_apostrophes() -> None:
    assert found("Céline Roux and the United Dockworkers' Union.") == [
        ("Céline Roux", "roux"), ("United Dockworkers' Union", "udu")]


@pytest.mark.parametrize("piece", [EMOJI, FLAG, ZWJ_FAMILY, ARABIC, "\u200f"])
def test_offsets_next_to_astral_and_rtl_text(piece: str) -> None:
    text = f"{piece}{piece} Roux {piece} Vessaria.{piece}"
    assert found(text) == [("Roux", "roux"), ("Vessaria", "vessaria")]


def test_ignore_case_option() -> None:
    m = PhraseMatcher([("Norvik Bank", 1)], ignore_case=True)
    assert [(x.start, x.end) for x in m.find("NORVIK BANK and norvik bank")] == [(0, 11),
                                                                                (16, 27)]


def test_actor_spans_are_linked_and_typed_but_sources_are_not_actors() -> None:
    text = ("Vessaria will talk, President Ilse Maran said. "
            "\"We will talk to Vessaria first,\" Maran said.")
    s = suggest_text(text, ACTORS)
    actors = [(sp.text, sp.actor, sp.attrs.get("kind")) for sp in s.spans if sp.label == "ACTOR"]
    assert actors == [("Vessaria", "vessaria", "state"), ("Vessaria", "vessaria", "state")]
    assert labelled(s, "SOURCE") == ["President Ilse Maran", "Maran"]
    assert {sp.actor for sp in s.spans if sp.label == "SOURCE"} == {"maran"}

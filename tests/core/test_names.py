"""Proposed canonical actor names: no possessive, no title, case kept."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.names import propose_actor_name


@pytest.mark.parametrize(("span", "name"), [
    ("President Emmanuel Macron's office", "Emmanuel Macron"),
    ("President Emmanuel Macron’s office", "Emmanuel Macron"),
    ("Deputy Foreign Minister Anton Varga", "Anton Varga"),
    ("Norwegian envoy Søren Ødegaard", "Søren Ødegaard"),
    ("UN Secretary-General António Guterres", "António Guterres"),
    ("Dr. Aiko Tanaka", "Aiko Tanaka"),
    ("the Kremlin", "Kremlin"),
    ("the Foreign Ministry", "Foreign Ministry"),
    ("UNICEF", "UNICEF"),
    ("Charles de Gaulle", "Charles de Gaulle"),
    ("the ministers' spokesperson", "ministers"),
    ("a senior official", "senior official"),
    ("Ursula von der Leyen", "Ursula von der Leyen"),
    ("the speaker of the house", "speaker of the house"),
    ("Hamas", "Hamas"),
    ("General Motors", "General Motors"),
    ("the Justice Department", "Justice Department"),
    ("Sir Keir Starmer", "Keir Starmer"),
    ("“Ødegaard”,", "Ødegaard"),
    ("مكتب الرئيس", "مكتب الرئيس"),
])
def test_proposals(span: str, name: str) -> None:
    assert propose_actor_name(span) == name


@given(st.text(min_size=1, max_size=60))
def test_a_proposal_is_made_of_the_span_text(text: str) -> None:
    name = propose_actor_name(text)
    assert name == " ".join(name.split())  # tidy spacing
    for word in name.split():
        assert word in text  # nothing invented, case kept

"""Sources: before and after the cue, titles, possessives, pronouns, anonymous sources."""

from __future__ import annotations

import pytest
from helpers.assist import dev_actors, frames_in, suggest_text


def sources_of(text: str) -> list[tuple[str, ...]]:
    return [f[1] for f in frames_in(text)]


@pytest.mark.parametrize(("text", "source"), [
    ("Korvenian Prime Minister Mikkel Strand said the talks had failed.",
     "Korvenian Prime Minister Mikkel Strand"),
    ("President Ilse Maran's office said in a statement that a truce was close.",
     "President Ilse Maran's office"),
    ("Two people familiar with the talks said the deal was close.",
     "Two people familiar with the talks"),
    ("A senior official said the deal was close.", "A senior official"),
    ("The head of the agency said the deal was close.", "The head of the agency"),
    ("An analyst at Norvik Bank said rates would fall.", "An analyst at Norvik Bank"),
    ("He said the deal was close.", "He"),
    ("The ministry has also repeatedly denied that troops were moved.", "The ministry"),
    ("A nurse who asked not to be named said staff were exhausted.",
     "A nurse who asked not to be named"),
    ("Anton Varga, the deputy foreign minister, said the talks would resume.",
     "Anton Varga, the deputy foreign minister"),
    ("Halvor's chief executive, Mats Ekberg, said the offer stood.",
     "Halvor's chief executive, Mats Ekberg"),
    ("Okonjo, 29, denied that she had cheated.", "Okonjo, 29"),
    ("Dragan, 23, who joined in the summer, said he would stay.", "Dragan, 23"),
    ("The Green Rivers Alliance, which has campaigned for years, said the spill was avoidable.",
     "The Green Rivers Alliance"),
    ("The agency's register shows it, the Athletics Integrity Board (AIB) said.",
     "the Athletics Integrity Board (AIB)"),
    ("After the vote the minister said the coalition was united.", "the minister"),
    ("One of them said the coalition was united.", "One of them"),
])
def test_source_before_the_cue(text: str, source: str) -> None:
    assert sources_of(text) == [(source,)]


@pytest.mark.parametrize(("text", "source"), [
    ('"We are ready," said Anton Varga, the deputy foreign minister.',
     "Anton Varga, the deputy foreign minister"),
    ('"We are ready," said Mira Holt, chief economist at Norvik Bank.',
     "Mira Holt, chief economist at Norvik Bank"),
    ('"We are ready," said Kovac\'s assistant, Piet Morgen.', "Kovac's assistant, Piet Morgen"),
    ('"We are ready," said Greta Lund, 71, as she left.', "Greta Lund, 71"),
    ('"We are ready," said Ana Petrov, whose father died.', "Ana Petrov"),
    ('"We are ready," said a retired engineer who spent 35 years there.',
     "a retired engineer who spent 35 years there"),
    ("Prices will rise, according to two people familiar with the matter.",
     "two people familiar with the matter"),
    ("Seven people died, according to the Vessarian Relief Agency (VRA).",
     "the Vessarian Relief Agency (VRA)"),
    ("Jobs will go, according to an internal memo seen by Tavra.", "an internal memo"),
])
def test_source_after_the_cue(text: str, source: str) -> None:
    assert sources_of(text) == [(source,)]


def test_two_named_sources_share_one_frame() -> None:
    assert sources_of("Varga and Prime Minister Mikkel Strand said the images were clear.") == [
        ("Varga", "Prime Minister Mikkel Strand")]


def test_an_impersonal_passive_has_no_source() -> None:
    assert frames_in("It was announced on Monday that the port would reopen.") == [
        ("the port would reopen", (), "announced")]


def test_a_source_without_a_cue_before_a_colon() -> None:
    assert frames_in('Brekke: "There will be some overlap."') == [
        ('"There will be some overlap."', ("Brekke",), None)]


@pytest.mark.parametrize(("text", "anonymity"), [
    ("Varga said the talks had failed.", "named"),
    ("Police said the march was peaceful.", "unnamed"),
    ("The Interior Ministry said the march was peaceful.", "named"),
    ("The ministry said the march was peaceful.", "unnamed"),
    ("He said the march was peaceful.", "named"),
    ("Two people familiar with the talks said the deal was close.", "anonymous"),
    ("A spokesman for the Vessarian Competition Authority said it would look.", "unnamed"),
    ("A senior official, speaking on condition of anonymity, said the deal was close.",
     "anonymous"),
    ("The deal is close, a diplomat said, asking not to be named.", "anonymous"),
])
def test_anonymity(text: str, anonymity: str) -> None:
    s = suggest_text(text)
    (source,) = [sp for sp in s.spans if sp.label == "SOURCE"]
    assert source.attrs == {"anonymity": anonymity}


def test_sources_are_linked_to_the_registry_through_the_longest_name() -> None:
    text = ("Deputy Foreign Minister Anton Varga said the talks would resume. "
            "He added that prisoners would be freed first.")
    s = suggest_text(text, dev_actors())
    links = {sp.text: sp.actor for sp in s.spans if sp.label == "SOURCE"}
    assert links == {"Deputy Foreign Minister Anton Varga": "varga", "He": "varga"}
    assert not [sp for sp in s.spans if sp.label == "ACTOR"]  # a source is not also an actor

"""The cue lexicon: bundled data, inflections, phrases, validation, other languages."""

from __future__ import annotations

import pytest
from helpers.assist import codebook, doc

from desktop.assist.engine import Suggester
from desktop.assist.lexicon import LexiconError, default_lexicon, parse_lexicon
from desktop.resources import lexicon_path


def test_the_bundled_english_lexicon_loads() -> None:
    lex = default_lexicon("en")
    assert lex.language == "en"
    assert lexicon_path("en").name == "cues-en.toml"
    for word in ("say", "says", "said", "saying", "told", "added", "announced", "warned",
                 "accused", "claimed", "denied", "insisted", "according"):
        assert word in lex.cue_words, word


@pytest.mark.parametrize(("words", "length", "text"), [
    (["said", "in", "a", "statement", "on"], 4, "{say} in a statement"),
    (["says", "in", "a", "statement"], 4, "{say} in a statement"),
    (["told", "reporters"], 2, "{tell} reporters"),
    (["told", "the", "herald"], 1, "{tell}"),
    (["according", "to"], 2, "according to"),
    (["quoted", "as", "saying"], 3, "{quote} as saying"),
])
def test_longest_phrase_wins(words: list[str], length: int, text: str) -> None:
    m = default_lexicon().match_at(words, [True] * len(words), 0)
    assert m is not None
    assert (m[0], m[1].text) == (length, text)


def test_a_phrase_never_spans_punctuation() -> None:
    m = default_lexicon().match_at(["told", "reporters"], [False, False], 0)
    assert m is not None
    assert m[1].text == "{tell}"


def test_that_clause_settings_are_data() -> None:
    cues = {c.text: c for c in default_lexicon().cues}
    assert cues["{say}"].that == "optional"
    assert cues["{deny}"].that == "required"
    assert cues["{accuse}"].needs_quote
    assert cues["{tell}"].object
    assert cues["according to"].source == "after"
    assert cues["{say} in a statement"].channel == "statement"


@pytest.mark.parametrize(("raw", "field"), [
    ('[lexicon]\nlanguage = "xx"\n', "cues"),
    ('[lexicon]\nlanguage = "xx"\n[[cues]]\ntext = "{sag}"\n', "cues[0].text"),
    ('[lexicon]\nlanguage = "xx"\n[[cues]]\ntext = "x"\nthat = "maybe"\n', "cues[0].that"),
    ('[lexicon]\nlanguage = "xx"\n[[cues]]\ntext = "x"\ncolour = 1\n', "cues[0].colour"),
    ('[lexicon]\n[[cues]]\ntext = "x"\n', "lexicon.language"),
    ('[lexicon]\nlanguage = "xx"\n[[cues]]\ntext = "x"\n[words]\npronoun = []\n',
     "words.pronoun"),
    ('[lexicon]\nlanguage = "xx"\n[inflections]\nsay = "said"\n[[cues]]\ntext = "x"\n',
     "inflections.say"),
])
def test_errors_name_the_field(raw: str, field: str) -> None:
    with pytest.raises(LexiconError) as err:
        parse_lexicon(raw, source_name="cues-xx.toml")
    assert err.value.field == field
    assert "cues-xx.toml" in str(err.value)


GERMAN = """
[lexicon]
language = "de"
[inflections]
sagen = ["sagt", "sagte", "sagten"]
[[cues]]
text = "{sagen}"
that = "optional"
[[cues]]
text = "laut"
source = "after"
[words]
determiners = ["der", "die", "das", "ein", "eine"]
pronouns = ["er", "sie"]
stop_words = ["und", "aber", "dass"]
complementizers = ["dass"]
"""


def test_another_language_is_a_data_file() -> None:
    lex = parse_lexicon(GERMAN)
    s = Suggester(codebook(), lexicon=lex)
    text = "„Wir sind bereit“, sagte Anton Varga. Laut der Regierung wird verhandelt."
    out = s.suggest(doc(text))
    by_id = {sp.id: sp.text for sp in out.spans}
    frames = [(by_id[f.roles["content"][0]], by_id[f.roles["source"][0]],
               by_id[f.roles["cue"][0]]) for f in out.frames]
    assert frames == [("„Wir sind bereit“", "Anton Varga", "sagte")]

"""The gold markup of the evaluation stories, and actor registry files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers.assist import ACTORS_FILE, DATA, DEV
from helpers.foundation import deterministic
from hypothesis import given
from hypothesis import strategies as st

from desktop.assist.goldmarkup import (
    find_actors_file,
    iter_stories,
    load_actors,
    load_story,
    parse_markup,
)
from desktop.core.errors import InputError
from desktop.core.validate import span_problems

EXAMPLE = """Talks resume
[[Q1:CLAIM;form=direct "We will talk to [[A1:ACTOR Avren]] first,"]] \
[[S1:SOURCE;anonymity=named Varga]] [[C1:CUE said]].
[[Q2:CLAIM "The release of detainees,"]] Varga [[C2:CUE said]]. [[Q2:CLAIM "will come at the end."]]
---
frame Q1 source=S1 cue=C1   # a comment
frame Q2 cue=C2 channel=press_conference
"""


def test_the_example_parses() -> None:
    story = parse_markup(EXAMPLE, doc_id="ex")
    text = story.document.text
    assert text.startswith("Talks resume\n\"We will talk to Avren first,\" Varga said.\n")
    assert story.document.title == "Talks resume"
    spans = {s.id: s for s in story.layer.spans}
    assert spans["Q1"].text == '"We will talk to Avren first,"'
    assert spans["Q1"].attrs == {"form": "direct"}
    assert spans["A1"].text == "Avren"
    assert spans["Q2"].text == '"The release of detainees," "will come at the end."'
    assert len(spans["Q2"].fragments) == 2
    for s in story.layer.spans:
        assert span_problems(s, text) == []
    f1, f2 = story.layer.frames
    assert f1.roles == {"content": ("Q1",), "source": ("S1",), "cue": ("C1",)}
    assert f2.roles == {"content": ("Q2",), "cue": ("C2",)}
    assert f2.attrs == {"channel": "press conference"}


def test_crlf_and_bom_are_normalised() -> None:
    crlf = "\ufeff" + EXAMPLE.replace("\n", "\r\n")
    assert parse_markup(crlf, doc_id="x").document.text == parse_markup(
        EXAMPLE, doc_id="x").document.text


def test_text_without_frames() -> None:
    story = parse_markup("Title\n[[A1:ACTOR Varga]] arrived.\n", doc_id="x")
    assert story.document.text == "Title\nVarga arrived.\n"
    assert story.layer.frames == ()


@pytest.mark.parametrize(("raw", "line", "field"), [
    ("T\n[[Q1:CLAIM unclosed\n", 2, "Q1"),
    ("T\nno opener]]\n", 2, "span"),
    ("T\n[[Q1:PERSON x]]\n", 2, "Q1"),
    ("T\n[[Q1 CLAIM x]]\n", 2, "span"),
    ("T\n[[Q1:CLAIM ]]\n", 2, "Q1"),
    ("T\n[[Q1:CLAIM a]] [[Q1:CUE b]]\n", 2, "Q1"),
    ("T\n[[Q1:CLAIM a]]\n---\nframe Q9\n", 4, "content"),
    ("T\n[[Q1:CLAIM a]] [[S1:CUE b]]\n---\nframe Q1 source=S1\n", 4, "source"),
    ("T\n[[Q1:CLAIM a]]\n---\nframe Q1\nframe Q1\n", 5, "content"),
    ("T\n[[Q1:CLAIM a]]\n---\nframe Q1 speaker=Q1\n", 4, "speaker"),
    ("T\n[[Q1:CLAIM a]]\n---\nframe Q1 source\n", 4, "source"),
    ("T\n[[Q1:CLAIM a]]\n---\nframes Q1\n", 4, "frame"),
])
def test_errors_name_line_and_field(raw: str, line: int, field: str) -> None:
    with pytest.raises(InputError) as err:
        parse_markup(raw, doc_id="x", source_name="s.txt")
    assert (err.value.file, err.value.line, err.value.field) == ("s.txt", line, field)


# no "-" so that no piece makes the "---" line that starts the frames
_piece = st.text(alphabet=st.characters(blacklist_characters="[]\r-"), max_size=12)


@deterministic(150)
@given(st.lists(st.tuples(_piece, st.sampled_from(["ACTOR", "CLAIM", "SOURCE", "CUE"]),
                          _piece.filter(lambda t: t != "")), max_size=6), _piece)
def test_any_well_formed_markup_round_trips(pieces: list[tuple[str, str, str]],
                                            tail: str) -> None:
    raw = "T\n" + "".join(f"{before}[[X{i}:{label} {inner}]]"
                          for i, (before, label, inner) in enumerate(pieces)) + tail
    story = parse_markup(raw, doc_id="x")
    assert story.document.text == "T\n" + "".join(b + i for b, _, i in pieces) + tail
    for (_, label, inner), span in zip(pieces, story.layer.spans, strict=True):
        assert (span.label, span.text) == (label, inner)


def test_the_development_set_parses() -> None:
    stories = list(iter_stories(DEV))
    assert len(stories) >= 15
    for story in [*stories, *iter_stories(DATA / "fresh")]:
        assert 200 <= len(story.document.text.split()) <= 900, story.document.id
        for s in story.layer.spans:
            assert span_problems(s, story.document.text) == []


def test_actor_files(tmp_path: Path) -> None:
    actors = load_actors(ACTORS_FILE)
    assert {"varga", "maran", "tavra"} <= {a.id for a in actors}
    entries = [{"id": "a", "name": "Ada", "kind": "person", "aliases": ["A."]}, {"name": "B"}]
    (tmp_path / "actors.json").write_text(json.dumps({"actors": entries}), encoding="utf-8")
    (tmp_path / "more.jsonl").write_text("\n".join(json.dumps(e) for e in entries),
                                         encoding="utf-8")
    for name in ("actors.json", "more.jsonl"):
        got = load_actors(tmp_path / name)
        assert [(a.id, a.name, a.kind, a.aliases) for a in got] == [
            ("a", "Ada", "person", ("A.",)), ("a2", "B", "other", ())]
    sub = tmp_path / "stories"
    sub.mkdir()
    assert find_actors_file(sub) == tmp_path / "actors.json"
    (tmp_path / "bad.json").write_text('[{"aliases": []}]', encoding="utf-8")
    with pytest.raises(InputError, match="needs a name"):
        load_actors(tmp_path / "bad.json")


def test_load_story_names_the_file(tmp_path: Path) -> None:
    p = tmp_path / "01-x.txt"
    p.write_text("T\n[[Q1:CLAIM a\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"01-x\.txt:2"):
        load_story(p)

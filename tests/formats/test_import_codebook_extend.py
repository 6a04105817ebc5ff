"""Codebook writing (``to_toml``) and extension (``extend``) behind --extend-codebook."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.codebook import AttributeDef, load_codebook, parse_codebook
from desktop.core.codebook_toml import extend, to_toml
from desktop.resources import default_codebook_path


def test_default_codebook_round_trips_through_toml() -> None:
    cb = load_codebook(default_codebook_path())
    again = parse_codebook(to_toml(cb))
    assert again == cb


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=30), st.text(max_size=30))
def test_any_description_round_trips(desc: str, name: str) -> None:
    cb = load_codebook(default_codebook_path())
    from dataclasses import replace

    cb2 = replace(cb, description=desc, name=name or "x",
                  labels=(replace(cb.labels[0], description=desc), *cb.labels[1:]))
    assert parse_codebook(to_toml(cb2)) == cb2


def test_extend_adds_only_what_is_missing() -> None:
    cb = load_codebook(default_codebook_path())
    new = extend(cb, labels=["LOCATION", "CUE"],
                 label_attrs={"CLAIM": {"form": ["rhetorical"], "tense": ["past"]}},
                 frame_roles={"attribution": {"addressee": ["ACTOR"], "source": ["ACTOR"]},
                              "denial": {"content": ["CLAIM"]}},
                 frame_attrs={"attribution": {"channel": ["radio"]}},
                 relations={"located_in": (["ACTOR"], ["LOCATION"]),
                            "about": (["SOURCE"], ["ACTOR"])})
    assert [x.name for x in new.labels] == [*(x.name for x in cb.labels), "LOCATION"]
    loc = new.label("LOCATION")
    assert loc is not None
    assert loc.key == ""
    assert loc.color.startswith("#")
    claim = new.label("CLAIM")
    assert claim is not None
    form = claim.attribute("form")
    assert form is not None
    assert form.values == ("direct", "indirect", "mixed", "partial", "rhetorical")
    assert claim.attribute("tense") == AttributeDef(name="tense", values=("past",))
    att = new.frame_type("attribution")
    assert att is not None
    source = att.role("source")
    assert source is not None
    assert source.labels == ("SOURCE", "ACTOR")
    assert att.role("addressee") is not None
    assert new.frame_type("denial") is not None
    channel = next(a for a in att.attributes if a.name == "channel")
    assert channel.values[-1] == "radio"
    about = new.relation_type("about")
    assert about is not None
    assert about.head == ("CLAIM", "SOURCE")
    assert new.relation_type("located_in") is not None
    assert parse_codebook(new.source) == new
    assert extend(new, labels=["LOCATION"]) == new

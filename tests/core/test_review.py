"""Defaults that need confirming, required actor links and the done-time findings."""

from __future__ import annotations

import pytest

from desktop.core.codebook import parse_codebook
from desktop.core.errors import CodebookError
from desktop.core.model import Frame, Layer, Span, SpanState
from desktop.core.review import FindingKind, review_layer, summarise
from desktop.resources import default_codebook_path

TEXT = '"The truce holds," the envoy said; a senior official said the same to Reuters.'

BOOK = """
[[labels]]
name = "CLAIM"
  [[labels.attributes]]
  name = "form"
  values = ["direct", "indirect"]
  default = "direct"
[[labels]]
name = "SOURCE"
links_actor = true
link_required = { anonymity = ["named"] }
  [[labels.attributes]]
  name = "anonymity"
  values = ["named", "unnamed"]
  default = "named"
[[labels]]
name = "CUE"
  [[labels.attributes]]
  name = "tense"
  values = ["past", "present"]
  default = "past"
  default_ok = true
[[frames]]
name = "attribution"
  [[frames.roles]]
  name = "content"
  labels = ["CLAIM"]
  min = 1
  max = 1
  [[frames.roles]]
  name = "source"
  labels = ["SOURCE"]
"""


def _span(sid: str, label: str, needle: str, **kw: object) -> Span:
    start = TEXT.index(needle)
    return Span.from_text(TEXT, id=sid, label=label, fragments=((start, start + len(needle)),),
                          **kw)  # type: ignore[arg-type]


def test_defaults_are_stored_only_when_the_codebook_says_so() -> None:
    cb = parse_codebook(BOOK)
    claim, cue = cb.label("CLAIM"), cb.label("CUE")
    assert claim is not None
    assert cue is not None
    assert claim.stored_defaults() == {}
    assert cue.stored_defaults() == {"tense": "past"}
    assert [a.name for a in claim.unconfirmed({})] == ["form"]
    assert claim.unconfirmed({"form": "direct"}) == []
    assert claim.value_of({}, "form") == "direct"


def test_link_required_depends_on_the_attribute_value_or_its_default() -> None:
    source = parse_codebook(BOOK).label("SOURCE")
    assert source is not None
    assert source.needs_link({})  # the default, named
    assert source.needs_link({"anonymity": "named"})
    assert not source.needs_link({"anonymity": "unnamed"})


@pytest.mark.parametrize(("snippet", "key"), [
    ('link_required = true', "needs links_actor"),
    ('links_actor = true\nlink_required = { colour = ["red"] }', "not an attribute"),
    ('links_actor = true\nlink_required = { anonymity = ["famous"] }', "not one of"),
    ('links_actor = true\nlink_required = 3', "must be true, false or a table"),
])
def test_bad_link_required_names_the_key(snippet: str, key: str) -> None:
    text = f"""
[[labels]]
name = "SOURCE"
{snippet}
  [[labels.attributes]]
  name = "anonymity"
  values = ["named", "unnamed"]
"""
    with pytest.raises(CodebookError, match=key) as info:
        parse_codebook(text)
    assert "link_required" in str(info.value)


def test_default_ok_needs_a_default() -> None:
    with pytest.raises(CodebookError, match="default_ok"):
        parse_codebook('[[labels]]\nname = "X"\n  [[labels.attributes]]\n  name = "a"\n'
                       '  default_ok = true\n')


def test_old_codebooks_still_parse_and_nothing_is_required() -> None:
    old = default_codebook_path().read_text(encoding="utf-8").replace(
        'link_required = { anonymity = ["named"] }', "")
    cb = parse_codebook(old)
    source = cb.label("SOURCE")
    assert source is not None
    assert not source.needs_link({})


def test_review_finds_incomplete_frames_lonely_claims_and_unlinked_named_sources() -> None:
    cb = parse_codebook(BOOK)
    claim = _span("s1", "CLAIM", '"The truce holds,"')
    envoy = _span("s2", "SOURCE", "the envoy")
    official = _span("s3", "SOURCE", "a senior official", attrs={"anonymity": "unnamed"})
    lonely = _span("s4", "CLAIM", "the same")
    pending = _span("s5", "CLAIM", "Reuters", state=SpanState.PENDING)
    empty_frame = Frame(id="f2", type="attribution", roles={"source": ("s2",)})
    layer = Layer(annotator="alice", spans=(claim, envoy, official, lonely, pending),
                  frames=(Frame(id="f1", type="attribution",
                                roles={"content": ("s1",), "source": ("s2",)}), empty_frame))
    found = review_layer(layer, cb)
    assert [(f.kind, f.target) for f in found] == [
        (FindingKind.INCOMPLETE_FRAME, "f2"),
        (FindingKind.NO_ACTOR, "s2"),
        (FindingKind.NO_FRAME, "s4"),
    ]
    assert "content: needs at least 1" in found[0].message
    assert "“the same”" in found[2].message
    assert summarise(found) == ("1 incomplete frame, 1 span without an actor link, "
                                "1 span without its frame")


def test_a_linked_claim_in_a_frame_is_clean() -> None:
    cb = parse_codebook(BOOK)
    layer = Layer(annotator="a", spans=(_span("s1", "CLAIM", '"The truce holds,"'),
                                        _span("s2", "SOURCE", "the envoy", actor="a1")),
                  frames=(Frame(id="f1", type="attribution",
                                roles={"content": ("s1",), "source": ("s2",)}),))
    assert review_layer(layer, cb) == []

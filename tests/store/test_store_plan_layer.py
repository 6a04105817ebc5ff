"""Planning a layer: the shortcut for a new layer where nothing collapses gives the same plan
as the general merge, and fresh ids follow the largest numeric one."""

from __future__ import annotations

from typing import Any

from helpers.foundation import deterministic
from hypothesis import example, given
from hypothesis import strategies as st

from desktop.core.codebook import load_codebook
from desktop.core.model import DocStatus, Frame, Layer, Relation, Span
from desktop.resources import default_codebook_path
from desktop.store.merge import LayerState, plan_layer

CODEBOOK = load_codebook(default_codebook_path())
TEXT = "Anna Berg said the talks will resume, officials told reporters on Monday."

_ids = st.sampled_from(["s1", "s2", "s3", "s10", "", "x"])
_shapes = st.sampled_from([((0, 4),), ((0, 9),), ((10, 14),), ((0, 4), (10, 14))])


@st.composite
def layers(draw: Any) -> Layer:
    spans = [Span(id=draw(_ids), label=draw(st.sampled_from(["ACTOR", "CUE"])),
                  fragments=(frags := draw(_shapes)),
                  text=" ".join(TEXT[a:b] for a, b in frags))
             for _ in range(draw(st.integers(0, 5)))]
    roles = st.sampled_from([{"content": ("s1",)}, {"content": ("s1",), "cue": ("s2",)},
                             {"content": ("s2", "s2")}, {"content": ("s1",), "cue": ()}])
    frames = [Frame(id=draw(st.sampled_from(["f1", "f2", ""])), type="attribution",
                    roles=draw(roles),
                    attrs=draw(st.sampled_from([{}, {"channel": "statement"}])))
              for _ in range(draw(st.integers(0, 3)))]
    relations = [Relation(id=draw(st.sampled_from(["r1", "r2", ""])), label="about",
                          head=draw(_ids), tail=draw(_ids))
                 for _ in range(draw(st.integers(0, 3)))]
    return Layer(annotator="alice", status=DocStatus.DONE, spans=tuple(spans),
                 frames=tuple(frames), relations=tuple(relations))


def _frame(fid: str, **roles: tuple[str, ...]) -> Frame:
    return Frame(id=fid, type="attribution", roles=roles)


_SAME_FRAMES = Layer(annotator="a", frames=(_frame("f1", content=("s1",)),
                                            _frame("f2", content=("s1",))))
_SAME_RELATIONS = Layer(annotator="a", relations=(Relation(id="r1", label="about", head="s1",
                                                           tail="s2"),
                                                  Relation(id="r2", label="about", head="s1",
                                                           tail="s2")))
_FILLER_TWICE = Layer(annotator="a", frames=(_frame("f1", content=("s1", "s1")),))


@deterministic(400)
@given(layers())
@example(_SAME_FRAMES)
@example(_SAME_RELATIONS)
@example(_FILLER_TWICE)
def test_new_layer_shortcut_plans_as_the_general_merge(layer: Layer) -> None:
    short = plan_layer("d1", TEXT, layer, CODEBOOK, validated=True)
    general = plan_layer("d1", TEXT, layer, CODEBOOK, state=LayerState(), validated=True)
    assert short == general


def test_fresh_ids_follow_the_largest_number() -> None:
    spans = tuple(Span(id=i, label="CUE", fragments=((k, k + 1),), text=TEXT[k])
                  for k, i in enumerate(["s2", "s10", "sx9", "s2", ""]))
    plan = plan_layer("d1", TEXT, Layer(annotator="a", spans=spans), CODEBOOK,
                      validated=True)
    assert [s.id for s in plan.spans] == ["s2", "s10", "sx9", "s11", "s12"]

"""Scores on hand-computed cases, and the evaluator's command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers.assist import doc

from desktop.assist.evaluate import Counts, evaluate_pairs, main, normal_fragments
from desktop.core.model import Frame, Layer, Span

TEXT = '"A," Varga said. "B."\n\n"C.\n"D." Officials said the plan failed.'


def sp(sid: str, label: str, *frags: tuple[int, int], **attrs: str) -> Span:
    return Span.from_text(TEXT, id=sid, label=label, fragments=tuple(frags), attrs=attrs)


def at(piece: str) -> tuple[int, int]:
    i = TEXT.index(piece)
    return (i, i + len(piece))


GOLD_SPANS = (
    sp("q1", "CLAIM", at('"A,"'), form="direct"),
    sp("s1", "SOURCE", at("Varga")),
    sp("c1", "CUE", at("said")),
    sp("q2", "CLAIM", at('"B."'), form="direct"),
    sp("q3", "CLAIM", at('"C.'), at('"D."'), form="direct"),  # one piece per paragraph
    sp("s2", "SOURCE", at("Officials")),
    sp("q4", "CLAIM", at("the plan failed"), form="indirect"),
)
GOLD = Layer("gold", spans=GOLD_SPANS, frames=(
    Frame("f1", "attribution", {"content": ("q1",), "source": ("s1",), "cue": ("c1",)}),
    Frame("f2", "attribution", {"content": ("q2",), "source": ("s1",)}),
    Frame("f3", "attribution", {"content": ("q4",), "source": ("s2",)}),
))


def test_whitespace_gaps_are_joined() -> None:
    assert normal_fragments(TEXT, (at('"C.'), at('"D."'))) == ((at('"C.')[0], at('"D."')[1]),)
    assert normal_fragments(TEXT, (at('"A,"'), at('"B."'))) == (at('"A,"'), at('"B."'))


def test_counts() -> None:
    c = Counts(tp=3, fp=1, fn=2)
    assert (c.precision, c.recall) == (0.75, 0.6)
    assert c.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert Counts().f1 == 0.0


def test_hand_computed_scores() -> None:
    pred = Layer("p", spans=(
        sp("a", "CLAIM", at('"A,"'), form="direct"),          # exact
        sp("b", "SOURCE", at("Varga"), anonymity="named"),    # exact
        sp("c", "CUE", at("said")),                           # exact
        sp("d", "CLAIM", (at('"C.')[0], at('"D."')[1]), form="mixed"),  # exact after joining
        sp("e", "CLAIM", at("the plan failed."), form="indirect"),      # overlap only
        sp("f", "SOURCE", at("Officials")),                   # exact
        sp("g", "CUE", (at("Officials")[0] + 1, at("said the")[0] + 4)),  # "fficials said"
    ), frames=(
        Frame("x1", "attribution", {"content": ("a",), "source": ("b",), "cue": ("g",)}),
        Frame("x2", "attribution", {"content": ("d",), "source": ("b",)}),
        Frame("x3", "attribution", {"content": ("e",), "source": ("f",)}),
    ))
    r = evaluate_pairs([(doc(TEXT), GOLD, pred)])
    claim = r.exact["CLAIM"]
    assert (claim.tp, claim.fp, claim.fn) == (2, 1, 2)          # q1, q3 hit; q2, q4 missed
    assert (r.overlap["CLAIM"].tp, r.overlap["CLAIM"].fn) == (3, 1)
    assert (r.exact["SOURCE"].tp, r.exact["SOURCE"].fp) == (2, 0)
    assert (r.exact["CUE"].tp, r.exact["CUE"].fp, r.exact["CUE"].fn) == (1, 1, 0)
    # frames: x1 matches f1 on content+source (cue ignored); x2's content has no gold frame;
    # x3's content overlaps q4 with the same source: overlap match only
    assert (r.frames.tp, r.frames.fp, r.frames.fn) == (1, 2, 2)
    assert (r.frames_full.tp, r.frames_full.fp) == (0, 3)
    assert (r.frames_overlap.tp, r.frames_overlap.fn) == (2, 1)
    assert (r.direct_recall.hit, r.direct_recall.total) == (2, 3)
    assert (r.form_accuracy.hit, r.form_accuracy.total) == (1, 2)  # q3 gold direct, got mixed
    assert r.anonymity_accuracy.total == 0  # gold sources carry no anonymity here
    out = r.to_json()
    assert out["cue_f1"] == 0.6667  # P 1/2, R 1/1
    assert out["direct_claim_recall"] == {"matched": 2, "total": 3, "recall": 0.6667}
    assert "frames c+s" in r.format()


def test_a_frame_without_source_matches_only_a_frame_without_source() -> None:
    gold = Layer("g", spans=GOLD_SPANS[:1], frames=(
        Frame("f", "attribution", {"content": ("q1",)}),))
    pred = Layer("p", spans=(GOLD_SPANS[0], GOLD_SPANS[1]), frames=(
        Frame("f", "attribution", {"content": ("q1",), "source": ("s1",)}),))
    r = evaluate_pairs([(doc(TEXT), gold, pred)])
    assert (r.frames.tp, r.frames.fp, r.frames.fn) == (0, 1, 1)
    r = evaluate_pairs([(doc(TEXT), gold, gold)])
    assert (r.frames.tp, r.frames.fp, r.frames.fn) == (1, 0, 0)


STORY = """Port strike
"We are ready," [[S1:SOURCE;anonymity=named Edda Brask]] [[C1:CUE said]].
---
frame Q1 source=S1 cue=C1
"""


def test_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    story = STORY.replace('"We are ready,"', '[[Q1:CLAIM;form=direct "We are ready,"]]')
    (tmp_path / "01-port.txt").write_text(story, encoding="utf-8")
    (tmp_path / "actors.toml").write_text('[[actors]]\nname = "Edda Brask"\n', encoding="utf-8")
    assert main([str(tmp_path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["documents"] == 1
    assert out["frames_content_source"]["f1"] == 1.0
    assert out["direct_claim_recall"]["recall"] == 1.0
    assert main([str(tmp_path), "--errors"]) == 0
    assert "direct-quote CLAIM recall 1.000 (1/1)" in capsys.readouterr().out


@pytest.mark.parametrize("content", [None, "T\n[[Q1:CLAIM x\n"])
def test_bad_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                           content: str | None) -> None:
    if content is not None:
        (tmp_path / "01-bad.txt").write_text(content, encoding="utf-8")
    assert main([str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("evaluate: ")
    assert err.count("\n") == 1
    assert main([str(tmp_path / "missing")]) == 2


def test_skip_bad_leaves_a_broken_story_out(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    story = STORY.replace('"We are ready,"', '[[Q1:CLAIM;form=direct "We are ready,"]]')
    (tmp_path / "01-port.txt").write_text(story, encoding="utf-8")
    (tmp_path / "02-bad.txt").write_text("T\n[[Q1:CLAIM x\n", encoding="utf-8")
    assert main([str(tmp_path), "--json"]) == 2
    capsys.readouterr()
    assert main([str(tmp_path), "--json", "--skip-bad"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["documents"] == 1
    assert captured.err.startswith("warning: ")
    assert "02-bad.txt:2" in captured.err

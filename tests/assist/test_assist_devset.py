"""The development stories: the issue's targets, and that they cover every pattern."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from helpers.assist import DEV

from desktop.assist.evaluate import Report, evaluate_folder
from desktop.assist.goldmarkup import GoldStory, iter_stories


@lru_cache(maxsize=1)
def report() -> Report:
    return evaluate_folder(DEV)


def test_direct_quote_claim_recall_is_at_least_095() -> None:
    assert report().direct_recall.total >= 50
    assert report().direct_recall.value >= 0.95


def test_frame_content_source_f1_is_at_least_08() -> None:
    assert report().frames.f1 >= 0.8


def test_cue_f1_is_at_least_085() -> None:
    assert report().label("CUE").f1 >= 0.85


def test_every_label_is_scored() -> None:
    r = report()
    assert r.documents >= 15
    assert {"ACTOR", "CLAIM", "SOURCE", "CUE"} <= set(r.exact)


def _claims(story: GoldStory) -> Iterator[str]:
    for s in story.layer.spans:
        if s.label == "CLAIM":
            yield s.text


def test_the_stories_cover_every_pattern() -> None:
    stories = list(iter_stories(DEV))
    claims = [c for st in stories for c in _claims(st)]
    spans = [s for st in stories for s in st.layer.spans]
    frames = [(st, f) for st in stories for f in st.layer.frames]
    by_id = {(st.document.id, s.id): s for st in stories for s in st.layer.spans}
    assert any(c.startswith('"') for c in claims)                     # straight quotes
    assert any(c.startswith("“") for c in claims)                     # curly quotes
    assert any(c.startswith("«") for c in claims)                     # guillemets
    assert any("‘" in c for c in claims)                              # nested single quotes
    assert any("\n" in c for c in claims)                             # several paragraphs
    assert any(s.label == "CLAIM" and s.discontinuous for s in spans)  # split quote
    forms = {s.attrs.get("form") for s in spans if s.label == "CLAIM"}
    assert forms == {"direct", "indirect", "mixed", "partial"}
    anonymity = {s.attrs.get("anonymity") for s in spans if s.label == "SOURCE"}
    assert anonymity == {"named", "unnamed", "anonymous"}
    sources = [s.text for s in spans if s.label == "SOURCE"]
    assert {"he", "she", "He", "She"} & set(sources)                  # pronouns
    assert any("'s " in s for s in sources)                           # possessives
    assert any("Minister" in s for s in sources)                      # titles
    cues = {s.text.lower() for s in spans if s.label == "CUE"}
    assert {"said", "told reporters", "according to", "denied", "said in a statement",
            "added", "claimed", "insisted", "warned", "announced", "quoted by"} <= cues
    assert any(not f.roles.get("source") for _, f in frames)          # cue-only frame
    assert any(not f.roles.get("cue") for _, f in frames)             # source, no cue
    assert any(len(f.roles.get("source", ())) > 1 for _, f in frames)  # two sources
    # "said X" as well as "X said"
    texts = {st.document.id: st.document.text for st in stories}
    inverted = [st for st, f in frames if f.roles.get("source") and f.roles.get("cue")
                and by_id[(st.document.id, f.roles["cue"][0])].start
                < by_id[(st.document.id, f.roles["source"][0])].start]
    assert inverted
    assert any(s.label == "ACTOR" for s in spans)
    assert all(len(texts[k].split()) >= 200 for k in texts)

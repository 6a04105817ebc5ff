"""A small hard corpus for the export tests, built through the store API.

Documents mix emoji, flags, ZWJ sequences, skin tones, combining marks, Arabic and Hebrew, a
text imported with CRLF line endings, discontinuous spans, overlapping spans, spans crossing a
newline, a span starting at whitespace, a span boundary inside a word, frames (one without a
cue), relations, actor links and a pending suggestion.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.core.model import Actor, DocStatus, Document, Frame, Relation, Span, SpanState
from desktop.core.offsets import sha256_text
from desktop.formats.exporting import export
from desktop.formats.importing import import_paths
from desktop.store import Project, open_project

D1 = ("\"We are moving towards a truce tonight or tomorrow but it's still fragile,\" "
      "President Emmanuel Macron's office said in a statement to AFP. 😀")
D2 = ("Le 🇫🇷 pre\u0301sident 👩\u200d👩\u200d👧 a de\u0301clare\u0301 : «La décision», "
      "a-t-il dit, «est finale.» 👍🏽 Fin.")
D3 = "قال الوزير مرحبا. אמר השר שלום.\nSecond line here, said Parisians."
D4_RAW = "Line one.\r\nThe mayor said: \"No comment.\"\r\nEnd 👩\u200d👩\u200d👧 here.\r\n"


def _span(text: str, sid: str, label: str, needle: str, *, nth: int = 0, actor: str | None = None,
          attrs: dict[str, Any] | None = None, extra: tuple[str, ...] = (),
          state: SpanState = SpanState.ACCEPTED, lead: int = 0, cut: int = 0) -> Span:
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(needle, pos + 1)
    frags = [(pos - lead, pos + len(needle) - cut)]
    for more in extra:
        p = text.index(more, frags[-1][1])
        frags.append((p, p + len(more)))
    return Span.from_text(text, id=sid, label=label, fragments=tuple(frags), attrs=attrs or {},
                          actor=actor, state=state)


def build_corpus(project: Project, tmp: Path) -> dict[str, str]:
    """Fill ``project``; returns doc id -> text."""
    crlf = tmp / "crlf-doc.txt"
    crlf.write_bytes(D4_RAW.encode("utf-8"))
    import_paths(project, [crlf], fmt="txt")
    docs = [Document(id=i, title=f"Title {i}", text=t, sha256=sha256_text(t),
                     meta={"url": f"https://example.org/{i}", "outlet": "Example"})
            for i, t in (("d1", D1), ("d2", D2), ("d3", D3))]
    with project.transaction():
        project.documents.insert_many(docs)
    d4 = next(i for i in project.documents.ids() if i not in ("d1", "d2", "d3"))
    t4 = project.documents.get(d4).text
    assert "\r" not in t4
    macron = project.actors.add(Actor(id="a1", name="Emmanuel Macron", kind="person",
                                      aliases=("Macron",)), who="t").value
    afp = project.actors.add(Actor(id="a2", name="AFP", kind="organisation"), who="t").value
    paris = project.actors.add(Actor(id="a3", name="Paris, France", kind="state"), who="t").value
    w = "t"
    # d1: the worked example
    project.spans.add("d1", "alice", _span(D1, "s1", "CLAIM", D1[:D1.index(",\"") + 2],
                                      attrs={"form": "direct"}), who=w)
    project.spans.add("d1", "alice", _span(D1, "s2", "SOURCE", "President Emmanuel Macron's office",
                                      actor=macron.id, attrs={"anonymity": "named"}), who=w)
    project.spans.add("d1", "alice", _span(D1, "s3", "CUE", "said"), who=w)
    project.spans.add("d1", "alice", _span(D1, "s4", "ACTOR", "AFP", actor=afp.id), who=w)
    project.spans.add("d1", "alice", _span(D1, "s5", "ACTOR", "Emmanuel Macron", actor=macron.id),
                 who=w)  # overlaps s2
    project.spans.add("d1", "alice", _span(D1, "s6", "CUE", "statement",
                                      state=SpanState.PENDING), who=w)
    project.frames.add("d1", "alice", Frame(id="f1", type="attribution", roles={
        "content": ("s1",), "source": ("s2",), "cue": ("s3",)},
        attrs={"channel": "press conference"}), who=w)
    project.relations.add("d1", "alice", Relation(id="r1", label="about", head="s1", tail="s4"),
                     who=w)
    project.spans.add("d1", "bob", _span(D1, "s1", "CUE", "said"), who=w)
    # d2: discontinuous claim, emoji, flags, ZWJ, combining marks
    project.spans.add("d2", "alice", _span(D2, "s1", "CLAIM", "«La décision»",
                                      extra=("«est finale.»",), attrs={"form": "direct"}),
                 who=w)
    project.spans.add("d2", "alice", _span(D2, "s2", "SOURCE", "pre\u0301sident 👩\u200d👩\u200d👧",
                                      actor=macron.id), who=w)
    project.spans.add("d2", "alice", _span(D2, "s3", "CUE", "dit"), who=w)
    project.spans.add("d2", "alice", _span(D2, "s4", "ACTOR", "🇫🇷"), who=w)
    project.spans.add("d2", "alice", _span(D2, "s5", "CUE", "de\u0301clare\u0301"), who=w)
    project.frames.add("d2", "alice", Frame(id="f1", type="attribution", roles={
        "content": ("s1",), "source": ("s2",), "cue": ("s3", "s5")}), who=w)
    # d3: RTL, a claim across a newline, overlap, leading-space span, boundary inside a word
    project.spans.add("d3", "alice", _span(D3, "s1", "CUE", "قال"), who=w)
    project.spans.add("d3", "alice", _span(D3, "s2", "SOURCE", "الوزير"), who=w)
    project.spans.add("d3", "alice", _span(D3, "s3", "CLAIM", "שלום.\nSecond line here",
                                      attrs={"form": "indirect"}), who=w)
    project.spans.add("d3", "alice", _span(D3, "s4", "SOURCE", "השר", lead=1), who=w)
    project.spans.add("d3", "alice", _span(D3, "s5", "ACTOR", "Paris", actor=paris.id), who=w)
    project.spans.add("d3", "alice", _span(D3, "s6", "CLAIM", "line here", cut=0), who=w)
    project.frames.add("d3", "alice", Frame(id="f1", type="attribution", roles={
        "content": ("s3",), "source": ("s4",)}), who=w)  # no cue
    project.frames.add("d3", "alice", Frame(id="f2", type="attribution", roles={
        "content": ("s6",), "source": ("s2",), "cue": ("s1",)}), who=w)
    project.relations.add("d3", "alice", Relation(id="r1", label="about", head="s3", tail="s5"),
                     who=w)
    # d4: CRLF imported
    project.spans.add(d4, "alice", _span(t4, "s1", "SOURCE", "The mayor"), who=w)
    project.spans.add(d4, "alice", _span(t4, "s2", "CUE", "said"), who=w)
    project.spans.add(d4, "alice", _span(t4, "s3", "CLAIM", "\"No comment.\""), who=w)
    project.spans.add(d4, "alice", _span(t4, "s4", "ACTOR", "👩\u200d👩\u200d👧 here.\n",
                                    lead=0), who=w)
    project.frames.add(d4, "alice", Frame(id="f1", type="attribution", roles={
        "content": ("s3",), "source": ("s1",), "cue": ("s2",)}), who=w)
    for d in ("d1", "d2", "d3", d4):
        project.status.set(d, "alice", DocStatus.DONE, who=w)
    return {"d1": D1, "d2": D2, "d3": D3, d4: t4}


def make_corpus(tmp_path: Path, project_path: Path) -> tuple[Path, dict[str, str]]:
    """The project file with the corpus built, and doc id -> text."""
    with open_project(project_path) as p:
        texts = build_corpus(p, tmp_path)
    return project_path, texts


def export_alice(path: Path, fmt: str, out: Path, **kwargs: Any) -> Any:
    with open_project(path) as p:
        return export(p, fmt=fmt, out=out, annotator="alice", **kwargs)

"""Shared builders for the assistant's tests (Qt-free)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from desktop.assist.engine import Suggester, Suggestions
from desktop.assist.goldmarkup import load_actors
from desktop.core.codebook import Codebook, load_codebook
from desktop.core.model import Actor, Document
from desktop.core.offsets import sha256_text
from desktop.resources import default_codebook_path

DATA = Path(__file__).resolve().parents[1] / "data" / "assist"
DEV = DATA / "dev"
ACTORS_FILE = DATA / "actors.toml"

Readable = tuple[str, tuple[str, ...], str | None]
"""A frame as (content text, source texts, cue text)."""


@lru_cache(maxsize=1)
def codebook() -> Codebook:
    return load_codebook(default_codebook_path())


@lru_cache(maxsize=1)
def dev_actors() -> tuple[Actor, ...]:
    return tuple(load_actors(ACTORS_FILE))


def doc(text: str, doc_id: str = "d1") -> Document:
    return Document(id=doc_id, title=text.split("\n", 1)[0], text=text,
                    sha256=sha256_text(text))


def suggest_text(text: str, actors: Sequence[Actor] = ()) -> Suggestions:
    return Suggester(codebook(), actors=actors).suggest(doc(text))


def readable(s: Suggestions) -> list[Readable]:
    by_id = {sp.id: sp for sp in s.spans}

    def texts(ids: Sequence[str]) -> tuple[str, ...]:
        return tuple(by_id[i].text for i in ids)

    out = []
    for f in s.frames:
        cue = texts(f.roles.get("cue", ()))
        out.append((by_id[f.roles["content"][0]].text, texts(f.roles.get("source", ())),
                    cue[0] if cue else None))
    return out


def frames_in(text: str, actors: Sequence[Actor] = ()) -> list[Readable]:
    return readable(suggest_text(text, actors))


def labelled(s: Suggestions, label: str) -> list[str]:
    return [sp.text for sp in s.spans if sp.label == label]


def story_project(path: Path, folder: Path = DEV, *, annotator: str = "gold") -> Path:
    """A project with the stories of ``folder`` (gold annotations in ``annotator``'s layer)
    and their actor registry."""
    from desktop.store import open_project
    from desktop.suggesting.stories import add_stories

    with open_project(path, create=True) as project:
        add_stories(project, folder, annotator=annotator)
    return path

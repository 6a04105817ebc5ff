"""Evaluation stories into a project: documents, their gold layer and the actor registry.

The assistant's development and held-out sets are gold-markup stories
(docs/assist-gold-markup.md). Loading them into a project lets ``claimdesk suggest
--evaluate --against gold`` score them the way it scores any annotated project::

    python -m desktop.suggesting.stories FOLDER PROJECT [--annotator gold] [--actors FILE]

The project is created when missing; documents already in it (same text) are left alone.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop.assist.goldmarkup import find_actors_file, iter_stories, load_actors
from desktop.core.errors import ClaimdeskError
from desktop.core.model import GOLD, Layer
from desktop.store import Project, open_project


def add_stories(project: Project, folder: str | Path, *, annotator: str = GOLD,
                actors_file: str | Path | None = None, who: str = "claimdesk") -> int:
    """Add every story of ``folder`` with its gold annotations in ``annotator``'s layer and
    the folder's actors (one transaction); returns the documents added."""
    stories = [s for s in iter_stories(folder)
               if project.documents.id_for_hash(s.document.sha256) is None]
    path = actors_file or find_actors_file(folder)
    with project.transaction():
        if path is not None:
            for actor in load_actors(path):
                if project.actors.find(actor.id) is None:
                    project.actors.add(actor, who=who)
        project.documents.insert_many(s.document for s in stories)
        plans = [project.bulk.plan(s.document.id, s.document.text,
                                   Layer(annotator=annotator, status=s.layer.status,
                                         spans=s.layer.spans, frames=s.layer.frames))
                 for s in stories]
        project.bulk.write(plans, who=who)
    return len(stories)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desktop.suggesting.stories",
                                     description="Load gold-markup stories into a project.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("project", type=Path)
    parser.add_argument("--annotator", default=GOLD, help="the layer (default: gold)")
    parser.add_argument("--actors", type=Path, help="actor registry file (default: "
                        "actors.toml/.json in the folder or its parent)")
    args = parser.parse_args(argv)
    try:
        with open_project(args.project, create=not args.project.exists()) as project:
            n = add_stories(project, args.folder, annotator=args.annotator,
                            actors_file=args.actors)
    except ClaimdeskError as exc:
        print(f"stories: {exc}", file=sys.stderr)
        return 2
    print(f"{n} stories added to {args.project} ({args.annotator}'s layer)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

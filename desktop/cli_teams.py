"""`claimdesk adjudicate`: the gold layer filled with what needs no judgement.

Registered by ``desktop.cli`` (``add_parsers``, ``HANDLERS``); like it, never imports ui.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from desktop.cli_support import StderrProgress, name_list, wait_for_other_writers
from desktop.core.model import DocStatus
from desktop.store import open_project
from desktop.teams import adjudicate

COMMANDS = ("adjudicate",)


def add_parsers(sub: Any) -> None:
    """Add the command to ``sub`` (the main parser's subparsers)."""
    s = sub.add_parser(
        "adjudicate", help="put what the annotators agree on into the gold layer (the rest "
        "is for the Adjudication window)",
        description="Copies every difference the compared layers agree on in every respect "
        "(label, extent, attributes, actor link; frames: roles) into the gold layer, and "
        "with --prefer NAME that annotator's version of every other difference they have. "
        "Decisions gold already holds are kept. One transaction; Ctrl+Z in the window does "
        "not undo it, `claimdesk history` shows it.")
    s.add_argument("project", type=Path)
    s.add_argument("--annotators", type=name_list, metavar="A,B,...",
                   help="compare only these layers (default: everyone but gold)")
    s.add_argument("--prefer", metavar="NAME",
                   help="take this annotator's version of every difference gold does not "
                   "decide yet (default: leave them for the window)")
    s.add_argument("--status", action="append", choices=[*(x.value for x in DocStatus), "any"],
                   help="layers with this status are compared (repeatable; default done)")
    s.add_argument("--done", action="store_true",
                   help="mark documents left with nothing undecided as done in gold")
    s.add_argument("--json", action="store_true", help="machine-readable report")


def _adjudicate(args: argparse.Namespace) -> int:
    wanted = args.status or [DocStatus.DONE.value]
    statuses = None if "any" in wanted else frozenset(DocStatus(s) for s in wanted)
    with open_project(args.project) as project:
        wait_for_other_writers(project, args.project)
        run = adjudicate(project, who=project.meta("last_annotator") or "claimdesk",
                         annotators=args.annotators, prefer=args.prefer, statuses=statuses,
                         finish=args.done, progress=StderrProgress("adjudicated"))
    if args.json:
        print(json.dumps(run.to_json(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(run.lines()))
    return 0


HANDLERS = {"adjudicate": _adjudicate}

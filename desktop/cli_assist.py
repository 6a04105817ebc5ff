"""`claimdesk suggest`: the assistant from the command line (write, evaluate, train).

Registered by ``desktop.cli`` (``add_parsers``, ``HANDLERS``); like it, never imports ui.
"""

from __future__ import annotations

import argparse
import json
import signal
from pathlib import Path
from typing import Any

from desktop.cli_support import StderrProgress, wait_for_other_writers
from desktop.core.errors import InputError
from desktop.core.model import GOLD, DocStatus
from desktop.formats.progress import CancelToken
from desktop.store import Project, open_project

COMMANDS = ("suggest",)


def add_parsers(sub: Any) -> None:
    """Add the command to ``sub`` (the main parser's subparsers)."""
    s = sub.add_parser("suggest", help="the assistant: write pending suggestions, evaluate "
                       "them against a layer, or train its model",
                       description="Write the assistant's suggestions into an annotator's "
                       "layer as pending spans and frames (replacing earlier pending ones; "
                       "accepted and rejected work is never touched), or with --evaluate "
                       "score suggestions against an annotated layer (nothing is written), "
                       "or with --train train the statistical model on that annotator's "
                       "documents marked done.")
    s.add_argument("project", type=Path)
    s.add_argument("--annotator", help="the layer to suggest in and learn from (default: the "
                   "project's only annotator); with --evaluate: also use what the assistant "
                   "learned from this layer")
    s.add_argument("--docs", nargs="+", metavar="ID", help="only these documents")
    s.add_argument("--status", action="append", choices=[x.value for x in DocStatus],
                   help="only documents with this status in the layer (repeatable)")
    s.add_argument("--no-learned", action="store_true",
                   help="rules and the actor registry only (no string recommender, no model)")
    mode = s.add_mutually_exclusive_group()
    mode.add_argument("--evaluate", action="store_true",
                      help="score suggestions against --against's layer; writes nothing")
    mode.add_argument("--train", action="store_true",
                      help="train the statistical model on the annotator's done documents "
                      "and store it in the project; prints its held-out scores")
    s.add_argument("--against", metavar="gold|NAME",
                   help="with --evaluate: the layer to score against")
    s.add_argument("--json", action="store_true",
                   help="with --evaluate or --train: machine-readable output")
    s.add_argument("--errors", action="store_true",
                   help="with --evaluate: also list every missed and extra span and frame")



def _suggest_layer(project: Project, annotator: str | None) -> str:
    """The layer to suggest in: ``--annotator``, else the project's only annotator."""
    if annotator is not None:
        if not annotator.strip():
            raise InputError("the annotator name is empty", field="--annotator")
        return annotator
    names = [a for a in project.annotations.annotators() if a != GOLD]
    if len(names) == 1:
        return names[0]
    raise InputError("name the layer to suggest in with --annotator NAME (the project has "
                     f"{'annotators ' + ', '.join(names) if names else 'no annotator yet'})",
                     field="--annotator")


def _suggest(args: argparse.Namespace) -> int:
    from desktop import suggesting

    if args.against and not args.evaluate:
        raise InputError("--against goes with --evaluate", field="--against")
    if args.evaluate and not args.against:
        raise InputError("--evaluate needs --against gold|NAME", field="--against")
    statuses = frozenset(DocStatus(x) for x in args.status or ())
    # Scoring only reads: it works on a read-only project and never upgrades the file.
    with open_project(args.project, readonly=bool(args.evaluate)) as project:
        if args.evaluate:
            report = suggesting.evaluate_against(
                project, args.against, doc_ids=args.docs,
                learned_from=None if args.no_learned else args.annotator,
                progress=StderrProgress("scored"))
            if report.documents == 0:
                raise InputError(f"{args.against!r} has no annotated documents to score "
                                 "against", field="--against")
            if args.json:
                out = {"against": args.against, **report.to_json()}
                if args.errors:
                    out["errors"] = report.errors
                print(json.dumps(out, ensure_ascii=False, indent=2))
            else:
                print(f"suggestions scored against {args.against}'s layer")
                print(report.format())
                if args.errors:
                    print("\n".join(report.errors))
            return 0
        layer = _suggest_layer(project, args.annotator)
        if args.train:
            wait_for_other_writers(project, args.project)
            stored = suggesting.train_model(project, layer, progress=StderrProgress(
                "training:", "steps"))
            report_m = stored.report
            if args.json:
                print(json.dumps({"annotator": layer, "trained_at": stored.trained_at,
                                  "documents": stored.documents,
                                  **(report_m.to_json() if report_m else {})},
                                 ensure_ascii=False, indent=2))
            else:
                print(f"model trained on {stored.documents} documents of {layer}'s layer "
                      "and stored in the project")
                if report_m is not None:
                    print(report_m.format())
            return 0
        wait_for_other_writers(project, args.project)
        token = CancelToken()
        previous = signal.signal(signal.SIGINT, lambda *_: token.cancel())
        try:
            suggester = suggesting.suggester_for(project, layer, learned=not args.no_learned)
            run = suggesting.suggest_documents(
                project, layer, doc_ids=args.docs, statuses=statuses, suggester=suggester,
                progress=StderrProgress("suggested in"), cancel=token).value
        finally:
            signal.signal(signal.SIGINT, previous)
    print(run.summary())
    return 130 if run.cancelled else 0


HANDLERS = {"suggest": _suggest}

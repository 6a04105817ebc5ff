"""`claimdesk backup`, `restore` and `history`: the commands that keep work recoverable.

Registered by ``desktop.cli`` (``add_parsers``, ``HANDLERS``); like it, never imports ui.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop.core.errors import ClaimdeskError, InputError
from desktop.core.history import describe
from desktop.core.text import size_text
from desktop.store import (
    Backup,
    backup_folder,
    backups_kept,
    list_backups,
    open_project,
    output_problem,
    restore,
)

COMMANDS = ("backup", "restore", "history")


def add_parsers(sub: Any) -> None:
    """Add the commands to ``sub`` (the main parser's subparsers)."""
    s = sub.add_parser(
        "backup", help="copy a project into its backups folder (or --out FILE)",
        description="Make a consistent copy of the project (also while Claimdesk edits it). "
        f"Backups live in the user's data folder, one folder per project; the automatic ones "
        f"(on open and while editing) are kept {backups_kept()} deep, manual ones until "
        "you delete them.")
    s.add_argument("project", type=Path)
    s.add_argument("--out", type=Path, metavar="FILE",
                   help="write the copy here instead (a new file)")

    s = sub.add_parser(
        "restore", help="list a project's backups, or put one back",
        description="Put a backup back in place of the project. The current content is "
        "first kept as a 'before-restore' backup, so a restore can itself be undone. Refused "
        "while the project is open in Claimdesk or any other program.")
    s.add_argument("project", type=Path)
    which = s.add_mutually_exclusive_group(required=True)
    which.add_argument("--list", action="store_true", help="list the backups, newest first")
    which.add_argument("--from", dest="source", metavar="FILE|N",
                       help="the backup to restore: a file, or its number in --list")

    s = sub.add_parser("history", help="who changed what, when (the change log)")
    s.add_argument("project", type=Path)
    s.add_argument("--doc", metavar="ID", help="only changes to this document")
    s.add_argument("--who", metavar="NAME", help="only changes made by this person")
    s.add_argument("--limit", type=int, default=50, metavar="N",
                   help="show the newest N changes (default 50)")
    s.add_argument("--json", action="store_true", help="machine-readable output")


def _local(when: datetime) -> str:
    return when.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _backup(args: argparse.Namespace) -> int:
    if args.out is not None:
        problem = output_problem(args.out, [args.project])
        if problem or args.out.exists():
            raise InputError(problem or f"{args.out} exists; choose a new file", field="--out")
    with open_project(args.project, readonly=True) as project:
        if args.out is not None:
            project.save_copy(args.out)
            made = args.out
        else:
            path = project.backup("manual")
            assert path is not None
            made = path
    print(f"backed up {args.project} to {made} ({size_text(made.stat().st_size)})")
    return 0


def _pick(args: argparse.Namespace, backups: list[Backup]) -> Path:
    source = str(args.source)
    if source.isdigit() and not Path(source).exists():
        n = int(source)
        if not 1 <= n <= len(backups):
            raise InputError(f"there is no backup number {n} (see `claimdesk restore "
                             f"{args.project} --list`)", field="--from")
        return backups[n - 1].path
    path = Path(source)
    if not path.is_file():
        raise InputError(f"{path}: no such backup file", field="--from")
    return path


def _restore(args: argparse.Namespace) -> int:
    backups = list_backups(args.project)
    if args.list:
        if not backups:
            print(f"no backups of {args.project} (they would be in "
                  f"{backup_folder(args.project)})")
            return 0
        print(f"backups of {args.project} in {backup_folder(args.project)}:")
        for n, b in enumerate(backups, start=1):
            print(f"{n:>3}  {_local(b.created)}  {b.reason:<16} {size_text(b.size):>10}  "
                  f"{b.path.name}")
        return 0
    source = _pick(args, backups)
    kept = restore(args.project, source)
    print(f"restored {args.project} from {source}")
    if kept is not None:
        print(f"the content it replaced is kept in {kept.path} "
              f"(undo with `claimdesk restore {args.project} --from {kept.path}`)")
    return 0


def _history(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise InputError("must be at least 1", field="--limit")
    with open_project(args.project, readonly=True) as project:
        if args.doc is not None and not project.documents.exists(args.doc):
            raise ClaimdeskError(f"no document with id {args.doc!r} in {args.project}")
        entries = project.log.recent(limit=args.limit, doc=args.doc, who=args.who)
    if args.json:
        for e in entries:
            print(json.dumps({"seq": e.seq, "at": e.at, "who": e.who, "action": e.action,
                              "entity": e.entity, "doc": e.doc, "id": e.entity_id,
                              "before": json.loads(e.before) if e.before else None,
                              "after": json.loads(e.after) if e.after else None},
                             ensure_ascii=False))
        return 0
    for e in entries:
        when = e.at.replace("T", " ").rstrip("Z")[:19]
        doc = f"  [{e.doc}]" if e.doc and args.doc is None else ""
        what = describe(e.action, e.entity, e.entity_id, e.before, e.after)
        print(f"{when}  {e.who:<12} {what}{doc}")
    if not entries:
        print("no changes recorded", file=sys.stderr)
    return 0


HANDLERS = {"backup": _backup, "restore": _restore, "history": _history}

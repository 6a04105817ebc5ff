"""The `claimdesk` command line: thin commands over core, store and formats (never ui).

Exit status: 0 success, 1 `check` found problems, 2 bad usage or bad input (one message on
stderr naming file, line and field; nothing written).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from desktop import __version__, cli_data
from desktop.core.codebook import load_codebook
from desktop.core.errors import ClaimdeskError, InputError
from desktop.core.limits import Limits, from_environment
from desktop.core.model import DocStatus
from desktop.formats import registry
from desktop.formats.exporting import export
from desktop.formats.importing import (
    ImportOptions,
    check_report_path,
    import_paths,
    write_skip_report,
)
from desktop.formats.records import ColumnMap
from desktop.formats.tokens import SCHEMES
from desktop.logs import setup_logging
from desktop.places import warning as place_warning
from desktop.store import Project, check_project, known_error, open_project

log = logging.getLogger(__name__)

COMMANDS = ("init", "import", "export", "stats", "check", *cli_data.COMMANDS)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse exits 2 too; keep its one-line message but not the usage dump.
        sys.stderr.write(f"claimdesk: {message} (see `claimdesk --help`)\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="claimdesk", description="Annotate attribution in news articles. "
                "Without a command, opens the desktop application.")
    p.add_argument("--version", action="version", version=f"claimdesk {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    s = sub.add_parser("init", help="create a project file")
    s.add_argument("project", type=Path, help="the project file to create (.claimdesk)")
    s.add_argument("--codebook", type=Path, help="codebook TOML (default: news attribution)")

    s = sub.add_parser("import", help="import documents (and annotations) into a project",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       epilog=_format_list([(registry.AUTO, "sniff each file by extension and "
                                                            "content (the default)"),
                                            *((n, r.help) for n, r in registry.readers())]))
    s.add_argument("project", type=Path)
    s.add_argument("paths", type=Path, nargs="+", metavar="PATH",
                   help="files, folders (read recursively) or .zip archives")
    s.add_argument("--format", default=registry.AUTO, choices=registry.IMPORT_FORMATS,
                   help="input format (default: sniff from each file)")
    s.add_argument("--annotator", help="layer that imported annotations go to "
                   "(default: the 'annotator' field of each record)")
    s.add_argument("--skip-bad", action="store_true",
                   help="import the good records and report each bad one (default: all or "
                   "nothing)")
    s.add_argument("--report", type=Path, metavar="PATH",
                   help="with --skip-bad: where to list the skipped records (default: "
                   "PROJECT.import-report.txt)")
    s.add_argument("--extend-codebook", action="store_true",
                   help="add unknown labels, roles, attributes and relation types to a new "
                   "codebook version instead of rejecting them")
    s.add_argument("--text-col", metavar="COL", help="CSV/TSV: column with the text (name or "
                   "1-based number; default: text, body or content)")
    s.add_argument("--title-col", metavar="COL", help="CSV/TSV: column with the title "
                   "(default: title or headline)")
    s.add_argument("--id-col", metavar="COL", help="CSV/TSV: column with the document id "
                   "(default: id)")
    s.add_argument("--meta-col", action="append", metavar="COL",
                   help="CSV/TSV: a column to keep in meta (repeatable; default: all others)")
    s.add_argument("--standoff", action="store_true",
                   help=f"{_names(r.label for _, r in registry.readers() if r.standoff)} "
                   "without text: re-hydrate from documents already in the project or from "
                   "--texts")
    s.add_argument("--texts", type=Path, metavar="FOLDER",
                   help="with --standoff: folder of article files matched by SHA-256")
    s.add_argument("--max-chars", type=int, metavar="N",
                   help=f"refuse documents longer than N characters (default "
                   f"{Limits().max_document_chars:,}; CLAIMDESK_MAX_DOCUMENT_CHARS)")

    writers = registry.writers()
    s = sub.add_parser("export", help="export a layer of the corpus",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       epilog=_format_list([(n, w.help) for n, w in writers]))
    s.add_argument("project", type=Path)
    s.add_argument("--format", required=True, choices=registry.EXPORT_FORMATS)
    s.add_argument("--out", required=True, type=Path,
                   help=f"output file for {_names(n for n, w in writers if w.single_file)} "
                   "without --split; a folder otherwise")
    who = s.add_mutually_exclusive_group()
    who.add_argument("--annotator", help="export this annotator's layer")
    who.add_argument("--gold", action="store_true", help="export the gold layer")
    s.add_argument("--status", action="append", choices=[x.value for x in DocStatus],
                   help="only documents with this status (repeatable)")
    s.add_argument("--split", metavar="TRAIN/DEV/TEST",
                   help="deterministic split by document, e.g. 80/10/10 (--out is a folder)")
    s.add_argument("--seed", type=int, default=0, help="seed for --split (default 0)")
    s.add_argument("--standoff", action="store_true",
                   help="leave the article text out (sha256, url and offsets only; "
                   f"{_names(n for n, w in writers if w.standoff)})")
    s.add_argument("--scheme", default=SCHEMES[0], choices=SCHEMES,
                   help=f"tag scheme for {_names(n for n, w in writers if w.tag_scheme)} "
                   f"(default {SCHEMES[0]})")

    s = sub.add_parser("stats", help="counts of documents, annotators and annotations")
    s.add_argument("project", type=Path)
    s.add_argument("--json", action="store_true", help="machine-readable output")

    s = sub.add_parser("check", help="integrity: offsets, hashes, references, SQLite")
    s.add_argument("project", type=Path)
    cli_data.add_parsers(sub)
    return p


def _names(names: Iterable[str]) -> str:
    """``a, b and c``."""
    items = list(names)
    return " and ".join([", ".join(items[:-1]), items[-1]] if len(items) > 1 else items)


def _format_list(rows: Sequence[tuple[str, str]]) -> str:
    """The formats as an indented two-column list under a heading (``--help`` epilog)."""
    width = max(len(name) for name, _ in rows) + 2
    return "formats (--format):\n" + "\n".join(f"  {name:<{width}}{text}"
                                                for name, text in rows)


def _init(args: argparse.Namespace) -> int:
    if args.project.exists():
        raise ClaimdeskError(f"{args.project}: already exists")
    codebook = load_codebook(args.codebook) if args.codebook else None
    with open_project(args.project, create=True, codebook=codebook) as project:
        print(f"created {args.project} (codebook: {project.codebook.name} "
              f"{project.codebook.version})")
    return 0


LOCK_PATIENCE = 3600.0
"""Seconds a command-line write waits for another Claimdesk process to finish writing."""


def _wait_for_other_writers(project: Project, path: Path) -> None:
    """Let a long command wait for the lock (saying so once) instead of failing at once."""
    project.wait_for_lock(LOCK_PATIENCE, on_wait=lambda: print(
        f"claimdesk: another Claimdesk process is writing {path}; waiting for it to finish "
        "(Ctrl+C stops, nothing is written)", file=sys.stderr, flush=True))


def _import(args: argparse.Namespace) -> int:
    limits = from_environment(os.environ)
    if args.max_chars is not None:
        if args.max_chars < 1:
            raise InputError("must be at least 1", field="--max-chars")
        limits = replace(limits, max_document_chars=args.max_chars)
    options = ImportOptions(
        fmt=args.format, extend=args.extend_codebook, standoff=args.standoff, texts=args.texts,
        columns=ColumnMap(text=args.text_col, title=args.title_col, id=args.id_col,
                          meta=tuple(args.meta_col or ())), limits=limits)
    report_path = None
    if args.skip_bad:
        report_path = args.report or args.project.with_name(
            args.project.name + ".import-report.txt")
    with open_project(args.project) as project:
        if report_path is not None:  # before importing: a refused report must not come last
            check_report_path(project, report_path)
        _wait_for_other_writers(project, args.project)
        report = import_paths(project, args.paths, annotator=args.annotator,
                              skip_bad=args.skip_bad, options=options)
        for w in report.warnings:
            print(f"warning: {w}", file=sys.stderr)
        for bad in report.skipped:
            print(f"skipped: {bad}", file=sys.stderr)
        print(report.summary())
        if report_path is not None:
            write_skip_report(report, report_path, project=project)
            print(f"{len(report.skipped)} skipped records listed in {report_path}")
    return 0


def _export(args: argparse.Namespace) -> int:
    statuses = frozenset(DocStatus(s) for s in args.status or ())
    with open_project(args.project, readonly=True) as project:
        report = export(project, fmt=args.format, out=args.out, annotator=args.annotator,
                        gold=args.gold, statuses=statuses, split=args.split, seed=args.seed,
                        standoff=args.standoff, scheme=args.scheme)
    for w in report.warnings:
        print(f"warning: {w}", file=sys.stderr)
    print(report.summary())
    return 0


def _stats(args: argparse.Namespace) -> int:
    with open_project(args.project, readonly=True) as project:
        stats = project.stats()
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return 0
    print(f"documents   {stats['documents']}")
    print(f"annotators  {stats['annotators']} ({', '.join(stats['annotator_names']) or '-'})")
    for key in ("spans", "frames", "relations", "actors"):
        print(f"{key:<11} {stats[key]}")
    for label, n in stats["labels"].items():
        print(f"  {label:<9} {n}")
    cb = stats["codebook"]
    print(f"codebook    {cb['name']} {cb['version']} (stored version {cb['stored_version']})")
    return 0


def _check(args: argparse.Namespace) -> int:
    with open_project(args.project, readonly=None, damaged_ok=True) as project:
        problems, warnings = check_project(project)
    for w in warnings:
        print(f"warning: {w}")
    for p in problems:
        print(f"problem: {p}")
    print(f"{len(problems)} problems, {len(warnings)} warnings")
    return 1 if problems else 0


_HANDLERS = {"init": _init, "import": _import, "export": _export, "stats": _stats,
             "check": _check, **cli_data.HANDLERS}


def _warn_about_the_place(args: argparse.Namespace) -> None:
    """One stderr line when the project is on a network drive or in a synced folder."""
    project = getattr(args, "project", None)
    if isinstance(project, Path) and project.exists():
        warning = place_warning(project)
        if warning:
            log.warning("%s", warning)
            print(f"warning: {warning}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; never lets a traceback reach the user."""
    args = build_parser().parse_args(argv)
    if args.command is None:
        build_parser().print_help()
        return 2
    log_path = setup_logging()
    try:
        _warn_about_the_place(args)
        return _HANDLERS[args.command](args)
    except ClaimdeskError as exc:
        print(f"claimdesk: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("claimdesk: interrupted; nothing was written", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`claimdesk stats P | head -1`): not an error. Point stdout
        # at devnull so the interpreter's final flush does not complain either.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:  # last line of defence: a message, not a traceback
        known = known_error(exc)
        if known is not None:  # an environmental SQLite error the store did not wrap
            log.warning("%s: %s", type(known).__name__, getattr(known, "detail", ""))
            print(f"claimdesk: {known}", file=sys.stderr)
            return 2
        log.exception("unexpected error in `claimdesk %s`", args.command)
        where = f"; the details are in {log_path}" if log_path else ""
        print(f"claimdesk: unexpected error: {type(exc).__name__}: {exc}{where} (please "
              "report this)", file=sys.stderr)
        return 2

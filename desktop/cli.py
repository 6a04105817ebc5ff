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

from desktop import __version__, cli_assist, cli_data, cli_teams
from desktop.cli_support import StderrProgress, name_list, wait_for_other_writers
from desktop.core.codebook import load_codebook
from desktop.core.errors import ClaimdeskError, InputError
from desktop.core.limits import Limits, from_environment
from desktop.core.model import DocStatus
from desktop.formats import registry
from desktop.formats.exporting import export
from desktop.formats.importing import (
    ANNOTATOR_FROM_FILENAME,
    ImportOptions,
    check_report_path,
    import_paths,
    write_skip_report,
)
from desktop.formats.records import ColumnMap
from desktop.formats.tokens import SCHEMES
from desktop.logs import setup_logging
from desktop.places import warning as place_warning
from desktop.store import check_project, known_error, merge_projects, open_project
from desktop.teams import agreement_report, format_agreement, make_batches, team_stats

log = logging.getLogger(__name__)

COMMANDS = ("init", "import", "export", "stats", "check", "batch", "merge", "agree",
            *cli_teams.COMMANDS, *cli_assist.COMMANDS, *cli_data.COMMANDS)


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
    layer = s.add_mutually_exclusive_group()
    layer.add_argument("--annotator", help="layer that imported annotations go to "
                       "(default: the 'annotator' field of each record)")
    layer.add_argument("--annotator-from-filename", nargs="?", metavar="REGEX",
                       const=ANNOTATOR_FROM_FILENAME,
                       help="each file's layer from its name: the regex's 'annotator' or "
                       "first group, searched in the name without suffix (default "
                       f"'{ANNOTATOR_FROM_FILENAME}': X_ann1.ann -> ann1)")
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
    s.add_argument("--encoding", metavar="NAME",
                   help="plain text and Markdown files: their encoding, e.g. cp1252 or "
                   "utf-16 (default: UTF-8; a UTF-8 or UTF-16 byte-order mark is recognised)")
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
    s.add_argument("--include-untouched", action=argparse.BooleanOptionalAction, default=None,
                   help="export documents nobody annotated (status new, nothing in the layer) "
                   "as documents without attribution (default: no for spacy, conll and hf, "
                   "yes otherwise)")
    s.add_argument("--force", action="store_true",
                   help="replace an existing output file, and export even when the checks "
                   "before writing find the result misleading (an empty gold layer, an "
                   "empty split part)")
    s.add_argument("--include-pending", action="store_true",
                   help="also write the assistant's pending suggestions: jsonl always keeps "
                   "them (\"state\": \"pending\" on spans and frames), "
                   f"{_names(n for n, w in writers if w.predictions)} writes them as "
                   "predictions; other formats refuse")

    s = sub.add_parser("stats", help="counts of documents, annotators and annotations")
    s.add_argument("project", type=Path)
    s.add_argument("--json", action="store_true", help="machine-readable output")

    s = sub.add_parser("check", help="integrity: offsets, hashes, references, SQLite")
    s.add_argument("project", type=Path)

    s = sub.add_parser("batch", help="hand out documents: one project file per annotator")
    s.add_argument("project", type=Path)
    s.add_argument("--out", required=True, type=Path, metavar="DIR",
                   help="folder for the annotators' files and batch-report.json")
    s.add_argument("--annotators", required=True, type=name_list, metavar="A,B,...",
                   help="comma-separated annotator names")
    s.add_argument("--overlap", type=_share, default=0.0, metavar="F",
                   help="share of documents every annotator gets, for agreement (0..1; "
                   "default 0)")
    s.add_argument("--seed", type=int, default=0, help="seed of the assignment (default 0)")
    s.add_argument("--status", action="append", choices=[x.value for x in DocStatus],
                   help="only documents with this status for everyone who has one "
                   "(repeatable; e.g. new: nobody has started them)")

    s = sub.add_parser("merge", help="bring annotators' project files back into this one")
    s.add_argument("project", type=Path, help="the lead's project")
    s.add_argument("others", type=Path, nargs="+", metavar="OTHER",
                   help="annotators' project files (one transaction for all)")
    s.add_argument("--extend-codebook", action="store_true",
                   help="add labels, roles and attributes the files use that the project's "
                   "codebook lacks (default: refuse the merge)")
    s.add_argument("--json", action="store_true", help="machine-readable report")

    s = sub.add_parser("agree", help="inter-annotator agreement (spans, characters, frames)")
    s.add_argument("project", type=Path)
    s.add_argument("--annotators", type=name_list, metavar="A,B,...",
                   help="compare only these, in this order (gold: the adjudicated layer)")
    s.add_argument("--labels", type=name_list, metavar="L,...", help="only spans of these labels")
    s.add_argument("--status", action="append", choices=[*(x.value for x in DocStatus), "any"],
                   help="layers with this status count (repeatable; default done)")
    s.add_argument("--json", action="store_true", help="the full report as JSON")
    s.add_argument("--no-documents", action="store_true",
                   help="with --json: leave out the per-document breakdown")

    cli_teams.add_parsers(sub)
    cli_assist.add_parsers(sub)
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


def _share(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {raw!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, not {raw}")
    return value


def _init(args: argparse.Namespace) -> int:
    if args.project.exists():
        raise ClaimdeskError(f"{args.project}: already exists")
    codebook = load_codebook(args.codebook) if args.codebook else None
    with open_project(args.project, create=True, codebook=codebook) as project:
        print(f"created {args.project} (codebook: {project.codebook.name} "
              f"{project.codebook.version})")
    return 0


def _import(args: argparse.Namespace) -> int:
    limits = from_environment(os.environ)
    if args.max_chars is not None:
        if args.max_chars < 1:
            raise InputError("must be at least 1", field="--max-chars")
        limits = replace(limits, max_document_chars=args.max_chars)
    options = ImportOptions(
        fmt=args.format, extend=args.extend_codebook, standoff=args.standoff, texts=args.texts,
        annotator_from_filename=args.annotator_from_filename,
        columns=ColumnMap(text=args.text_col, title=args.title_col, id=args.id_col,
                          meta=tuple(args.meta_col or ())), encoding=args.encoding,
        limits=limits)
    report_path = None
    if args.skip_bad:
        report_path = args.report or args.project.with_name(
            args.project.name + ".import-report.txt")
    with open_project(args.project) as project:
        if report_path is not None:  # before importing: a refused report must not come last
            check_report_path(project, report_path)
        wait_for_other_writers(project, args.project)
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
    def warn(line: str) -> None:  # told before anything is written
        print(f"warning: {line}", file=sys.stderr, flush=True)

    with open_project(args.project, readonly=True) as project:
        report = export(project, fmt=args.format, out=args.out, annotator=args.annotator,
                        gold=args.gold, statuses=statuses, split=args.split, seed=args.seed,
                        standoff=args.standoff, scheme=args.scheme, force=args.force,
                        include_untouched=args.include_untouched, warn=warn,
                        include_pending=args.include_pending)
    for w in report.warnings[len(report.checks):]:
        print(f"warning: {w}", file=sys.stderr)
    print(report.summary())
    return 0


def _stats(args: argparse.Namespace) -> int:
    with open_project(args.project, readonly=True) as project:
        stats = project.stats()
        if args.json:
            stats["team"] = team_stats(project)
        else:
            labels = project.label_counts()
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return 0
    print(f"documents   {stats['documents']}")
    print(f"annotators  {stats['annotators']} ({', '.join(stats['annotator_names']) or '-'})")
    for key in ("spans", "frames", "relations", "actors"):
        print(f"{key:<11} {stats[key]}")
    for label, n in stats["labels"].items():
        print(f"  {label:<9} {n}")
    sug = stats["suggestions"]
    if any(sug.values()):
        print(f"suggested   {sug['pending_spans']} spans and {sug['pending_frames']} frames "
              f"pending, {sug['rejected_spans']} spans and {sug['rejected_frames']} frames "
              "rejected (counted above)")
    cb = stats["codebook"]
    print(f"codebook    {cb['name']} {cb['version']} (stored version {cb['stored_version']})")
    _print_breakdown(stats)
    if labels:
        print("\naccepted spans by label")
    for name in sorted(labels):
        counts = ", ".join(f"{k} {v}" for k, v in labels[name].items())
        print(f"  {name}: {counts}")
    return 0


def _batch(args: argparse.Namespace) -> int:
    statuses = frozenset(DocStatus(s) for s in args.status or ())
    with open_project(args.project) as project:
        result = make_batches(project, args.out, args.annotators, overlap=args.overlap,
                              seed=args.seed, statuses=statuses)
    print("\n".join(result.lines()))
    return 0


def _merge(args: argparse.Namespace) -> int:
    with open_project(args.project) as project:
        wait_for_other_writers(project, args.project)
        reports, _ = merge_projects(project, args.others, who=project.meta(
            "last_annotator") or "claimdesk", extend_codebook=args.extend_codebook,
            progress=StderrProgress("read", final=False))
    if args.json:
        print(json.dumps([r.to_json() for r in reports], ensure_ascii=False, indent=2))
    else:
        for r in reports:
            print("\n".join(r.lines()))
    return 0


def _agree(args: argparse.Namespace) -> int:
    wanted = args.status or [DocStatus.DONE.value]
    statuses = None if "any" in wanted else frozenset(DocStatus(s) for s in wanted)
    with open_project(args.project, readonly=True) as project:
        report = agreement_report(project, annotators=args.annotators, labels=args.labels,
                                  statuses=statuses, per_document=not args.no_documents,
                                  progress=StderrProgress("compared", final=False))
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(format_agreement(report)))
    return 0


_STATUS_ORDER = ("new", "in progress", "done", "skipped")


def _print_breakdown(stats: dict[str, object]) -> None:
    """Documents per status for each annotator (new: no status yet) and their annotations."""
    total = int(str(stats["documents"]))
    by = stats["by_annotator"]
    assert isinstance(by, dict)
    rows = [(name, entry) for name, entry in by.items()
            if name in stats["annotator_names"]  # type: ignore[operator]
            or entry["spans"] or entry["status"]]
    if not rows:
        return
    width = max(len("annotator"), *(len(name) for name, _ in rows))
    print()
    print(f"{'annotator':<{width}}  {'new':>7} {'in progr.':>9} {'done':>7} {'skipped':>7}  "
          f"{'spans':>7} {'frames':>7} {'relations':>9}")
    for name, entry in rows:
        status = dict(entry["status"])
        status["new"] = status.get("new", 0) + total - sum(status.values())
        cells = [status.get(k, 0) for k in _STATUS_ORDER]
        print(f"{name:<{width}}  {cells[0]:>7} {cells[1]:>9} {cells[2]:>7} {cells[3]:>7}  "
              f"{entry['spans']:>7} {entry['frames']:>7} {entry['relations']:>9}")


def _check(args: argparse.Namespace) -> int:
    with open_project(args.project, readonly=None, damaged_ok=True) as project:
        problems, warnings = check_project(project)
    for w in warnings:
        print(f"warning: {w}")
    for p in problems:
        print(f"problem: {p}")
    docs = {w.split(",", 1)[0] for w in warnings if w.startswith("document ")}
    where = f" (in {len(docs)} document{'s' if len(docs) != 1 else ''})" if docs else ""
    print(f"{len(problems)} problems, {len(warnings)} warnings{where}")
    return 1 if problems else 0


def unknown_command(word: str) -> str | None:
    """The message for ``claimdesk WORD`` when WORD is neither a command nor a project path.

    A bare word that names no file and has no project suffix is taken as a mistyped command
    (``claimdesk improt``), not as a project to create and open.
    """
    if word in COMMANDS or word.startswith("-") or Path(word).exists():
        return None
    if Path(word).suffix or os.sep in word or "/" in word:
        return None
    import difflib

    close = difflib.get_close_matches(word, COMMANDS, n=1, cutoff=0.6)
    hint = f"; did you mean `claimdesk {close[0]}`?" if close else ""
    return (f"claimdesk: unknown command {word!r}{hint} (commands: {', '.join(COMMANDS)}; "
            "to open a project, give its file, e.g. `claimdesk my.claimdesk`)")


_HANDLERS = {"init": _init, "import": _import, "export": _export, "stats": _stats,
             "check": _check, "batch": _batch, "merge": _merge, "agree": _agree,
             **cli_teams.HANDLERS, **cli_assist.HANDLERS, **cli_data.HANDLERS}


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

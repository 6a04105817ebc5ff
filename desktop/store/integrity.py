"""`claimdesk check`: offsets, hashes, references, codebook and SQLite's own checks."""

from __future__ import annotations

import json
import sqlite3

from desktop.core.codebook import Codebook
from desktop.core.offsets import sha256_text, span_text
from desktop.core.review import review_layer
from desktop.core.validate import offset_problems
from desktop.store.db import write
from desktop.store.opening import missing_tables
from desktop.store.project import Project
from desktop.store.rows import TRIGGER_ROLE


def _fragments(raw: str | None, start: int, end: int) -> list[tuple[int, int]] | None:
    """The stored fragments, or None when the column does not hold [start, end] pairs."""
    if not raw:
        return [(start, end)]
    try:
        value = json.loads(raw)
    except ValueError:
        return None
    if (not isinstance(value, list) or not value
            or not all(isinstance(f, list) and len(f) == 2
                       and all(type(x) is int for x in f) for f in value)):
        return None
    return [(f[0], f[1]) for f in value]


def check_project(project: Project) -> tuple[list[str], list[str]]:
    """(problems, warnings), one readable line each.

    Problems break a contract (offsets, hashes, references, SQLite); warnings are annotation
    quality findings such as frames whose roles are not all filled.
    """
    db = project._db
    problems: list[str] = []
    warnings: list[str] = []
    for (msg,) in db.execute("PRAGMA integrity_check"):
        if msg != "ok":
            problems.append(f"sqlite: {msg}")
    gone = missing_tables(db)
    for table in gone:
        problems.append(f"sqlite: the table {table} is missing (the file was damaged or "
                        "changed by another program; restore it from a backup)")
    if gone:
        return problems, warnings  # the checks below read those tables
    for table, rowid, parent, _ in db.execute("PRAGMA foreign_key_check"):
        problems.append(f"sqlite: {table} row {rowid} points to a missing {parent} row")
    if project.read_only:
        warnings.append("search index: not checked (the project is open for reading only)")
    else:
        try:
            with write(db):
                db.execute("INSERT INTO documents_fts(documents_fts, rank) "
                           "VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as exc:
            problems.append(f"search index: {exc}")
    try:
        codebook: Codebook | None = project.codebook
    except Exception as exc:  # noqa: BLE001 - any failure here is itself the finding
        problems.append(f"codebook: {exc}")
        codebook = None

    texts: dict[int, tuple[str, str]] = {}
    for pk, doc_id, text, sha in db.execute("SELECT pk, id, text, sha256 FROM documents"):
        if sha256_text(text) != sha:
            problems.append(f"document {doc_id}: text does not match its stored SHA-256")
        if "\r" in text:
            problems.append(f"document {doc_id}: text contains CR characters")
        texts[pk] = (doc_id, text)

    labels: dict[int, tuple[int, str, str]] = {}
    for pk, doc, annotator, sid, label, start, end, frags, stored in db.execute(
            'SELECT pk, doc, annotator, id, label, start, "end", fragments, text FROM spans'):
        doc_id, text = texts.get(doc, ("?", ""))
        where = f"document {doc_id}, layer {annotator}, span {sid}"
        labels[pk] = (doc, annotator, label)
        fragments = _fragments(frags, start, end)
        if fragments is None:
            problems.append(f"{where}: fragments {frags!r} are not [start, end] pairs")
            continue
        if (min(int(a) for a, _ in fragments), max(int(b) for _, b in fragments)) != (
                start, end):
            problems.append(f"{where}: start/end differ from its fragments' outer bounds")
        bad = offset_problems(fragments, len(text))
        if bad:
            problems.append(f"{where}: {bad[0].message}")
            continue
        actual = span_text(text, [(int(s), int(e)) for s, e in fragments])
        if actual != stored:
            problems.append(f"{where}: stored text {stored!r} differs from the document "
                            f"({actual!r}) at {start}..{end}")
        if codebook is not None and codebook.label(label) is None:
            problems.append(f"{where}: label {label} is not in the codebook")

    frames: dict[int, tuple[int, str, str, str, dict[str, list[str]]]] = {}
    for fpk, doc, annotator, fid, ftype in db.execute(
            "SELECT pk, doc, annotator, id, type FROM frames"):
        frames[fpk] = (doc, annotator, fid, ftype, {})
    for fpk, role, span_pk in db.execute("SELECT frame, role, span FROM frame_roles"):
        if fpk not in frames:
            continue  # an orphan role: reported by foreign_key_check above
        doc, annotator, fid, _, roles = frames[fpk]
        owner = labels.get(span_pk)
        if owner is None or owner[:2] != (doc, annotator):
            what = f"role {role}" if role != TRIGGER_ROLE else "its trigger"
            problems.append(f"document {texts.get(doc, ('?',))[0]}, layer {annotator}, frame "
                            f"{fid}: {what} points outside its document layer")
        roles.setdefault(role, []).append(owner[2] if owner else "?")
    if codebook is not None:
        for doc, annotator, fid, ftype, _ in frames.values():
            if codebook.frame_type(ftype) is None:
                problems.append(f"document {texts.get(doc, ('?',))[0]}, layer {annotator}, "
                                f"frame {fid}: frame type {ftype} is not in the codebook")

    for rid, doc, annotator, head, tail in db.execute(
            "SELECT id, doc, annotator, head, tail FROM relations"):
        for end_name, span_pk in (("head", head), ("tail", tail)):
            owner = labels.get(span_pk)
            if owner is None or owner[:2] != (doc, annotator):
                problems.append(f"document {texts.get(doc, ('?',))[0]}, layer {annotator}, "
                                f"relation {rid}: {end_name} points outside its document layer")
    if codebook is not None and not problems:
        warnings.extend(_review(project, codebook))
    return problems, warnings


def _review(project: Project, codebook: Codebook) -> list[str]:
    """What marking a document done would warn about, for every annotated layer.

    Only when the file is sound: the layers are read through the ordinary reader, which
    expects the references it relies on to hold.
    """
    out = []
    for doc_id, annotator in project._db.execute(
            "SELECT d.id, l.annotator FROM (SELECT DISTINCT doc, annotator FROM spans UNION "
            "SELECT DISTINCT doc, annotator FROM frames) l JOIN documents d ON d.pk = l.doc "
            "ORDER BY d.pk, l.annotator"):
        layer = project.annotations.layer(doc_id, annotator)
        for finding in review_layer(layer, codebook):
            out.append(f"document {doc_id}, layer {annotator}: {finding.message}")
    return out

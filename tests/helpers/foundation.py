"""Shared builders for the Qt-free foundation tests (core, store, formats, cli).

Imported by the tests and by tests/helpers/fixtures.py (the fixtures the per-folder
``conftest.py`` files in tests/store, tests/formats and tests/cli offer). Nothing here touches Qt.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import json
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from desktop.core.model import Document
from desktop.core.offsets import sha256_text
from desktop.store import Project, open_project


def deterministic(max_examples: int = 100) -> settings:
    """Hypothesis settings for this suite: the same examples on every run, no deadline."""
    # too_slow depends on the machine's load, not on the code: it would make the suite flaky
    return settings(derandomize=True, database=None, deadline=None, max_examples=max_examples,
                    suppress_health_check=[HealthCheck.too_slow])


# -- hard Unicode --------------------------------------------------------------------------

EMOJI = "😀"
FLAG = "🇫🇷"
ZWJ_FAMILY = "👩\u200d👩\u200d👧"
SKIN_TONE = "👍🏽"
COMBINING = "e\u0301"
ARABIC = "مرحبا"
HEBREW = "שלום"
ARMENIAN = "Երևան"

HARD_PIECES = (EMOJI, FLAG, ZWJ_FAMILY, SKIN_TONE, COMBINING, ARABIC, HEBREW, ARMENIAN,
               "\r\n", "\r", "\n", " ", "a", "Z", "€", "\U0001d11e", "\ufeff", "\u200f")

hard_text = st.lists(st.sampled_from(HARD_PIECES) | st.text(max_size=4), max_size=25).map(
    "".join)
"""Text mixing astral characters, flags, ZWJ sequences, skin tones, combining marks, RTL
scripts, CRLF and lone CR with arbitrary Unicode."""

any_text = st.text(max_size=80) | hard_text


ImportFn = Callable[..., Any]
"""``import_records(records, **kwargs) -> ImportReport`` (fixture, helpers.fixtures)."""
ExportFn = Callable[..., list[dict[str, Any]]]
"""``export_records(**kwargs) -> list of exported records`` (fixture, helpers.fixtures)."""


# -- projects -----------------------------------------------------------------------------

_TEMPLATE_DIR: Path | None = None


def _template() -> Path:
    """A fresh project made once per session; copying it is faster than creating one."""
    global _TEMPLATE_DIR
    if _TEMPLATE_DIR is None or not (_TEMPLATE_DIR / "template.claimdesk").exists():
        _TEMPLATE_DIR = Path(tempfile.mkdtemp(prefix="claimdesk-template-"))
        atexit.register(shutil.rmtree, _TEMPLATE_DIR, ignore_errors=True)
        with open_project(_TEMPLATE_DIR / "template.claimdesk", create=True):
            pass
    return _TEMPLATE_DIR / "template.claimdesk"


def new_project_file(path: Path) -> Path:
    """A new, empty project file at ``path`` (default codebook)."""
    shutil.copyfile(_template(), path)
    return path


@contextmanager
def project_at(path: Path) -> Iterator[Project]:
    if not path.exists():
        new_project_file(path)
    with open_project(path) as project:
        yield project


def raw_connect(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection for tampering with a file behind the store's back."""
    return sqlite3.connect(str(path), isolation_level=None)


def fingerprint(path: Path) -> dict[str, Any]:
    """Everything a write could change: stats plus every table's rows (change log included)."""
    conn = raw_connect(path)
    try:
        out: dict[str, Any] = {}
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'documents_fts%' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        for t in tables:
            out[t] = conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall()
        return out
    finally:
        conn.close()


# -- native JSONL records -------------------------------------------------------------------


def span(sid: str, label: str, text: str, fragments: Sequence[tuple[int, int]], *,
         attrs: Mapping[str, Any] | None = None, actor: str | None = None) -> dict[str, Any]:
    """A contract-shaped span dict whose ``text`` is taken from ``text``."""
    frags = [list(f) for f in fragments]
    d: dict[str, Any] = {"id": sid, "label": label, "start": frags[0][0], "end": frags[-1][1],
                         "text": " ".join(text[s:e] for s, e in frags)}
    if len(frags) > 1:
        d["fragments"] = frags
    d["attrs"] = dict(attrs or {})
    d["actor"] = actor
    return d


def span_at(sid: str, label: str, text: str, needle: str, *, nth: int = 0,
            **kwargs: Any) -> dict[str, Any]:
    """A span over the ``nth`` occurrence of ``needle`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return span(sid, label, text, [(start, start + len(needle))], **kwargs)


def record(doc_id: str, text: str, *, title: str | None = None, annotator: str = "alice",
           status: str = "done", spans: Sequence[dict[str, Any]] = (),
           frames: Sequence[dict[str, Any]] = (), relations: Sequence[dict[str, Any]] = (),
           actors: Sequence[dict[str, Any]] = (), meta: Mapping[str, Any] | None = None,
           ) -> dict[str, Any]:
    """A record in exactly the shape the exporter writes (so round trips compare equal)."""
    return {"id": doc_id, "title": title if title is not None else f"Title of {doc_id}",
            "text": text, "sha256": sha256_text(text), "meta": dict(meta or {}),
            "annotator": annotator, "status": status, "spans": list(spans),
            "frames": list(frames), "relations": list(relations), "actors": list(actors)}


def frame(fid: str, roles: Mapping[str, Sequence[str]], *, channel: str | None = None,
          ) -> dict[str, Any]:
    return {"id": fid, "type": "attribution", "roles": {k: list(v) for k, v in roles.items()},
            "attrs": {} if channel is None else {"channel": channel}}


def relation(rid: str, head: str, tail: str) -> dict[str, Any]:
    return {"id": rid, "label": "about", "head": head, "tail": tail, "attrs": {}}


def actor(aid: str, name: str, kind: str = "person", aliases: Sequence[str] = ()
          ) -> dict[str, Any]:
    return {"id": aid, "name": name, "kind": kind, "aliases": list(aliases), "attrs": {}}


def jsonl_bytes(records: Iterable[Mapping[str, Any]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


def write_jsonl(path: Path, records: Iterable[Mapping[str, Any]]) -> Path:
    path.write_bytes(jsonl_bytes(records))
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    # split on \n only: str.splitlines() would also split inside texts at \x85 or \u2028
    return [json.loads(line) for line in path.read_bytes().decode("utf-8").split("\n")
            if line.strip()]


def macron_record(doc_id: str = "doc-1") -> dict[str, Any]:
    """The worked example of attribution: one claim, source, cue and actor, one frame."""
    text = ('"We are moving towards a truce tonight or tomorrow but it\'s still fragile," '
            "President Emmanuel Macron's office said in a statement to AFP. 😀")
    claim = span_at("s1", "CLAIM", text,
                    '"We are moving towards a truce tonight or tomorrow but it\'s still fragile,"',
                    attrs={"form": "direct"})
    source = span_at("s2", "SOURCE", text, "President Emmanuel Macron's office",
                     attrs={"anonymity": "named"}, actor="a1")
    cue = span_at("s3", "CUE", text, "said")
    afp = span_at("s4", "ACTOR", text, "AFP", actor="a2")
    return record(
        doc_id, text, meta={"outlet": "AFP", "url": "https://example.org/1",
                            "published": "2020-10-09T17:44:00Z"},
        spans=[claim, source, cue, afp],
        frames=[frame("f1", {"content": ["s1"], "source": ["s2"], "cue": ["s3"]},
                      channel="statement")],
        relations=[relation("r1", "s1", "s4")],
        actors=[actor("a1", "Emmanuel Macron", aliases=["Macron", "President Emmanuel Macron"]),
                actor("a2", "AFP", kind="organisation", aliases=["Agence France-Presse"])])


def add_document(project: Project, doc_id: str, text: str, *, title: str = "",
                 meta: Mapping[str, Any] | None = None) -> Document:
    """Insert one document straight through the store (no importer involved)."""
    doc = Document(id=doc_id, title=title or doc_id, text=text, sha256=sha256_text(text),
                   meta=dict(meta or {}))
    with project.transaction():
        project.documents.insert_many([doc])
    return project.documents.get(doc_id)


def hard_record(doc_id: str = "doc-2") -> dict[str, Any]:
    """Astral characters, flags, ZWJ, skin tones, combining marks, RTL and a split quote."""
    text = (f'{ZWJ_FAMILY} "The decision{EMOJI}," {FLAG} the minister said {SKIN_TONE}, '
            f'"is caf{COMBINING} final." {ARABIC} قالت الوزارة — {HEBREW} אמר השר. '
            f"{ARMENIAN} 🇦🇲.")
    first = text.index('"The decision')
    first_end = text.index('," ') + 1
    second = text.index('"is caf')
    second_end = text.index('final."') + len('final."')
    claim = span("s1", "CLAIM", text, [(first, first_end), (second, second_end)],
                 attrs={"form": "direct"})
    return record(
        doc_id, text, title=f"{FLAG} {ARABIC} {HEBREW}", meta={"outlet": f"Wire {EMOJI}"},
        spans=[
            claim,
            span_at("s2", "SOURCE", text, f"{FLAG} the minister", actor="a3",
                    attrs={"anonymity": "unnamed"}),
            span_at("s3", "CUE", text, "said"),
            span_at("s4", "CLAIM", text, "قالت الوزارة", attrs={"form": "indirect"}),
            span_at("s5", "SOURCE", text, "אמר השר"),
            span_at("s6", "ACTOR", text, f"{ARMENIAN} 🇦🇲", actor="a4"),
        ],
        frames=[frame("f1", {"content": ["s1"], "source": ["s2"], "cue": ["s3"]}),
                frame("f2", {"content": ["s4"], "source": ["s5"]}, channel="interview")],
        relations=[relation("r1", "s1", "s6"), relation("r2", "s4", "s6")],
        actors=[actor("a3", f"Minister {COMBINING}{EMOJI}", aliases=[f"{FLAG} minister",
                                                                     "the minister"]),
                actor("a4", ARMENIAN, kind="state", aliases=["Yerevan", "Երևան 🇦🇲"])])


# -- the command line -------------------------------------------------------------------------


@dataclass(frozen=True)
class CliResult:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


def run_cli(*args: object) -> CliResult:
    """Run ``desktop.cli.main`` in-process (fast; usable inside hypothesis tests)."""
    from desktop import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main([str(a) for a in args])
        except SystemExit as exc:  # argparse: --version, --help and usage errors
            code = exc.code if isinstance(exc.code, int) else 2
    return CliResult(code, out.getvalue(), err.getvalue())


def assert_clean_failure(result: CliResult, *fragments: str) -> None:
    """Exit 2 with exactly one stderr line that names what went wrong, and no traceback."""
    assert result.code == 2, result
    assert len(result.err_lines) == 1, result.err
    line = result.err_lines[0]
    assert line.startswith("claimdesk: "), line
    assert "Traceback" not in result.err
    assert "unexpected error" not in line, line
    for fragment in fragments:
        assert fragment in line, (fragment, line)

"""Export options and guarantees: splits, manifest, all-or-nothing, verification, CSV,
network, command line."""

from __future__ import annotations

import csv
import hashlib
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from helpers.corpus import export_alice, make_corpus
from helpers.foundation import raw_connect
from helpers.optional import export_params

from desktop.cli import main
from desktop.core.errors import Cancelled, ClaimdeskError, InputError
from desktop.core.model import Document
from desktop.core.offsets import sha256_text
from desktop.formats.progress import CancelToken
from desktop.formats.registry import EXPORT_FORMATS, single_file
from desktop.formats.writing import assign_split, parse_split
from desktop.store import open_project


@pytest.fixture
def corpus(tmp_path: Path, project_path: Path) -> tuple[Path, dict[str, str]]:
    return make_corpus(tmp_path, project_path)


def _out(tmp: Path, fmt: str) -> Path:
    return tmp / f"out-{fmt}{single_file(fmt) or ''}"


def test_split_is_deterministic_and_never_straddles(tmp_path: Path, project_path: Path) -> None:
    split = parse_split("80/10/10")
    ids = [f"doc-{i}" for i in range(2000)]
    first = {i: assign_split(i, split, 42) for i in ids}
    assert first == {i: assign_split(i, split, 42) for i in reversed(ids)}
    assert first != {i: assign_split(i, split, 43) for i in ids}
    counts = {n: sum(1 for v in first.values() if v == n) for n in ("train", "dev", "test")}
    assert 1450 < counts["train"] < 1750
    assert 120 < counts["dev"] < 280
    with open_project(project_path) as p, p.transaction():
        p.documents.insert_many(Document(id=i, title=i, text=f"text {i}",
                                         sha256=sha256_text(f"text {i}")) for i in ids[:300])
    runs = []
    for k in range(2):
        out = tmp_path / f"run{k}"
        with open_project(project_path) as p:
            from desktop.formats.exporting import export
            # The gold layer is empty on purpose (documents only): that takes force.
            export(p, fmt="jsonl", out=out, gold=True, split="80/10/10", seed=42, force=True)
        runs.append({name: [json.loads(x)["id"] for x in (out / f"{name}.jsonl")
                            .read_text("utf-8").splitlines()]
                     for name in ("train", "dev", "test")})
    assert runs[0] == runs[1]
    got = [i for v in runs[0].values() for i in v]
    assert sorted(got) == sorted(ids[:300])  # every document once, in exactly one split
    for name, docs in runs[0].items():
        assert all(first[i] == name for i in docs)
    manifest = json.loads((tmp_path / "run0" / "manifest.json").read_text("utf-8"))
    assert sum(c["documents"] for c in manifest["counts"].values()) == 300


@pytest.mark.parametrize("fmt", export_params(f for f in EXPORT_FORMATS if f != "jsonl"))
def test_manifest_checksums_match_the_files(corpus: tuple[Path, dict[str, str]],
                                            tmp_path: Path, fmt: str) -> None:
    path, _ = corpus
    out = _out(tmp_path, fmt)
    export_alice(path, fmt, out)
    if single_file(fmt):
        root, mf = out.parent, out.parent / f"{out.name}.manifest.json"
    else:
        root, mf = out, out / "manifest.json"
    data = json.loads(mf.read_text("utf-8"))
    assert data["files"]
    for name, info in data["files"].items():
        assert hashlib.sha256((root / name).read_bytes()).hexdigest() == info["sha256"]
    assert data["codebook"]["name"] == "News attribution"
    assert data["codebook"]["stored_version"] == 1
    assert "code point" in data["offset_unit"] or fmt == "doccano"
    assert data["tool"].startswith("claimdesk ")
    assert data["counts"]["all"] == {"documents": 4, "spans": 20, "frames": 5,
                                     "relations": 2, "actors": 3}
    if not single_file(fmt):
        assert {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()} == \
            {*data["files"], "manifest.json"}


def test_a_manifest_lists_every_file_while_the_report_keeps_a_few(
        corpus: tuple[Path, dict[str, str]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The manifest's file list is written as the folder is walked (two million files for a
    brat export of a million documents); the report keeps the first names and the count."""
    from desktop.formats import writing

    monkeypatch.setattr(writing, "FILES_LISTED", 3)
    path, _ = corpus
    out = tmp_path / "brat"
    report = export_alice(path, "brat", out)
    data = json.loads((out / "manifest.json").read_text("utf-8"))
    on_disk = sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                     if p.is_file() and p.name != "manifest.json")
    assert sorted(data["files"]) == on_disk
    assert report.file_count == len(on_disk) > 3
    assert report.files == list(data["files"])[:3]
    for name, info in data["files"].items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == info["sha256"]


@pytest.mark.parametrize("fmt", export_params(EXPORT_FORMATS))
def test_cancel_leaves_nothing(corpus: tuple[Path, dict[str, str]], tmp_path: Path,
                               fmt: str) -> None:
    path, _ = corpus
    token = CancelToken()
    calls: list[int] = []

    def progress(done: int, total: int, message: str) -> None:
        calls.append(done)

    token.cancel()
    out = _out(tmp_path / "x", fmt)
    with pytest.raises(Cancelled):
        export_alice(path, fmt, out, cancel=token, progress=progress)
    assert not (tmp_path / "x").exists() or not any((tmp_path / "x").iterdir())


def _tamper(path: Path) -> None:
    conn = raw_connect(path)
    try:
        conn.execute("UPDATE spans SET text = 'tampered' WHERE id = 's3' AND annotator = "
                     "'alice' AND doc = (SELECT pk FROM documents WHERE id = 'd2')")
    finally:
        conn.close()


@pytest.mark.parametrize("fmt", export_params(EXPORT_FORMATS))
def test_verify_failure_aborts_with_a_clear_message(corpus: tuple[Path, dict[str, str]],
                                                    tmp_path: Path, fmt: str) -> None:
    path, _ = corpus
    _tamper(path)
    out = _out(tmp_path / "o", fmt)
    with pytest.raises(ClaimdeskError, match=r"'d2', span 's3'.*tampered"):
        export_alice(path, fmt, out)
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def test_verify_failure_exits_2_and_writes_nothing(corpus: tuple[Path, dict[str, str]],
                                                   tmp_path: Path) -> None:
    path, _ = corpus
    _tamper(path)
    code = main(["export", str(path), "--format", "conll", "--out", str(tmp_path / "c.conll"),
                 "--annotator", "alice"])
    assert code == 2
    assert not (tmp_path / "c.conll").exists()


def test_refuses_non_empty_folder_and_standoff_for_text_formats(
        corpus: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    path, _ = corpus
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "keep.txt").write_text("x")
    with pytest.raises(InputError, match="not an empty folder"):
        export_alice(path, "brat", busy)
    assert sorted(p.name for p in busy.iterdir()) == ["keep.txt"]
    with pytest.raises(InputError, match="--standoff"):
        export_alice(path, "hf", tmp_path / "hf", standoff=True)
    with pytest.raises(InputError, match="scheme"):
        export_alice(path, "conll", tmp_path / "a.conll", scheme="IOE9")
    with pytest.raises(InputError, match="--split"):
        export_alice(path, "conll", tmp_path / "a", split="80/30")


def _rows(p: Path) -> list[dict[str, Any]]:
    with p.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_csv_tables(corpus: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    path, texts = corpus
    out = tmp_path / "csv"
    export_alice(path, "csv", out)
    docs = _rows(out / "documents.csv")
    assert {d["id"]: d["text"] for d in docs} == texts
    spans = _rows(out / "spans.csv")
    for s in spans:
        text = texts[s["doc_id"]]
        frags = [tuple(int(x) for x in f.split("-")) for f in s["fragments"].split(";")]
        assert s["text"] == " ".join(text[a:b] for a, b in frags)
    assert {s["form"] for s in spans if s["label"] == "CLAIM"} == {"direct", "indirect", ""}
    frames = _rows(out / "frames.csv")
    f1 = next(f for f in frames if f["doc_id"] == "d1")
    assert (f1["content"], f1["source"], f1["cue"], f1["source_actors"], f1["channel"]) == (
        "s1", "s2", "s3", "a1", "press conference")
    actors = {a["id"]: a for a in _rows(out / "actors.csv")}
    assert actors["a1"]["name"] == "Emmanuel Macron"
    assert actors["a1"]["mentions"] == "3"
    assert len(_rows(out / "relations.csv")) == 2
    export_alice(path, "csv", tmp_path / "so", standoff=True)
    assert "text" not in _rows(tmp_path / "so" / "documents.csv")[0]


def test_network(corpus: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    path, _ = corpus
    out = tmp_path / "net"
    export_alice(path, "network", out)
    edges = _rows(out / "edges.csv")
    assert [(e["source_id"], e["target_id"], e["weight"]) for e in edges] == [("a1", "a2", "1")]
    g = ET.parse(out / "network.graphml").getroot()
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert len(g.findall(".//g:node", ns)) == 2
    assert len(g.findall(".//g:edge", ns)) == 1


def test_network_graphml_loads_in_networkx(corpus: tuple[Path, dict[str, str]],
                                           tmp_path: Path) -> None:
    """The GraphML file is what networkx (and so Gephi/igraph users) read: typed attributes,
    actors as nodes, co-attribution as weighted edges."""
    import networkx as nx

    path, _ = corpus
    out = tmp_path / "net"
    export_alice(path, "network", out)
    g = nx.read_graphml(out / "network.graphml")
    edges = _rows(out / "edges.csv")
    assert set(g.nodes) == {"a1", "a2"}
    assert g.nodes["a1"]["name"] == "Emmanuel Macron"
    assert [(u, v) for u, v in g.edges] in ([("a1", "a2")], [("a2", "a1")])
    weight = next(iter(g.edges.values()))["weight"]
    assert isinstance(weight, int | float)  # typed by its <key>, not a string
    assert weight == int(edges[0]["weight"])


def test_command_line(corpus: tuple[Path, dict[str, str]], tmp_path: Path,
                      capsys: pytest.CaptureFixture[str]) -> None:
    path, _ = corpus
    args = ["export", str(path), "--format", "conll", "--out", str(tmp_path / "s"),
            "--annotator", "alice", "--split", "80/10/10", "--seed", "3",
            "--scheme", "BILOU", "--status", "done"]
    # Four documents cannot fill three parts: refused before anything is written ...
    assert main(args) == 2
    assert "leaves dev and test without documents" in capsys.readouterr().err
    assert not (tmp_path / "s").exists()
    code = main([*args, "--force"])  # ... unless asked for
    cap = capsys.readouterr()
    assert code == 0, cap.err
    assert "4 documents" in cap.out
    assert "warning: " in cap.err
    assert (tmp_path / "s" / "manifest.json").exists()
    code = main(["export", str(path), "--format", "hf", "--out", str(tmp_path / "h"),
                 "--standoff", "--annotator", "alice"])
    assert code == 2
    assert "--standoff" in capsys.readouterr().err

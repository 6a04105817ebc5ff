"""brat standoff export parsed with an independent reader: offsets, fragments, E/R/A/N."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers.corpus import export_alice, make_corpus


@pytest.fixture
def corpus(tmp_path: Path, project_path: Path) -> tuple[Path, dict[str, str]]:
    return make_corpus(tmp_path, project_path)


def parse_ann(raw: str) -> dict[str, dict[str, tuple[str, ...]]]:
    out: dict[str, dict[str, tuple[str, ...]]] = {"T": {}, "E": {}, "R": {}, "A": {}, "N": {},
                                                  "#": {}}
    assert raw.endswith("\n")
    for line in raw[:-1].split("\n"):
        ident, _, rest = line.partition("\t")
        assert re.fullmatch(r"([A-Za-z]|#)[0-9]+", ident), line
        out[ident[0]][ident] = tuple(rest.split("\t"))
    return out


def test_ann_offsets_and_structure(corpus: tuple[Path, dict[str, str]],
                                   tmp_path: Path) -> None:
    path, texts = corpus
    out = tmp_path / "brat"
    report = export_alice(path, "brat", out)
    assert (out / "annotation.conf").exists()
    assert (out / "visual.conf").exists()
    events = 0
    for doc_id, text in texts.items():
        assert (out / f"{doc_id}.txt").read_bytes() == text.encode("utf-8")
        ann = parse_ann((out / f"{doc_id}.ann").read_text("utf-8"))
        for _tid, (head, body) in ann["T"].items():
            label, _, offs = head.partition(" ")
            frags = [tuple(int(x) for x in f.split(" ")) for f in offs.split(";")]
            assert body == " ".join(text[a:b] for a, b in frags)
            assert "\n" not in body
        for head, in ann["E"].values():
            events += 1
            parts = [p.split(":") for p in head.split(" ")]
            etype, trig = parts[0]
            assert ann["T"][trig][0].startswith(etype + " ")
            assert all(ref in ann["T"] for _, ref in parts)
            assert any(role == "content" for role, _ in parts[1:])
        for head, in ann["R"].values():
            label, a1, a2 = head.split(" ")
            assert label == "about"
            assert a1.startswith("Arg1:T")
            assert a2.startswith("Arg2:T")
        for head, in ann["A"].values():
            _, target, _ = head.split(" ")
            assert target in ann["T"] or target in ann["E"]
        for head, _name in ann["N"].values():
            ref, target, kb = head.split(" ")
            assert ref == "Reference"
            assert target in ann["T"]
            assert kb.startswith("Claimdesk:a")
    assert events == 5
    d3 = parse_ann((out / "d3.ann").read_text("utf-8"))
    heads = [h for h, *_ in d3["T"].values()]
    (cueless,) = [e for e in d3["E"].values() if "cue" not in e[0]]  # anchored on its content
    trigger = cueless[0].split(" ")[0].split(":")[1]
    content = next(a.split(":")[1] for a in cueless[0].split(" ") if a.startswith("content:"))
    assert d3["T"][trigger][0].split(" ", 1)[1] == d3["T"][content][0].split(" ", 1)[1]
    assert all(h.split(" ")[0] in ("attribution", "CLAIM", "SOURCE", "CUE", "ACTOR")
               for h in heads)
    claim = next(t for t in d3["T"].values() if t[1].startswith("שלום"))
    assert ";" in claim[0]  # cut at the newline
    d2 = parse_ann((out / "d2.ann").read_text("utf-8"))
    assert any(";" in h for h, *_ in d2["T"].values())  # discontinuous claim
    d1 = parse_ann((out / "d1.ann").read_text("utf-8"))
    assert ("channel E1 press_conference",) in d1["A"].values()
    assert any("newline" in w for w in report.warnings)
    conf = (out / "annotation.conf").read_text("utf-8")
    assert "[events]" in conf
    assert "attribution\tcontent:CLAIM, source*:SOURCE, cue*:CUE" in conf


def test_standoff_writes_no_text(corpus: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    path, texts = corpus
    out = tmp_path / "brat"
    export_alice(path, "brat", out, standoff=True)
    assert not list(out.rglob("*.txt"))
    rows = (out / "documents.tsv").read_text("utf-8").splitlines()
    assert rows[0] == "file\tid\tsha256\turl"
    assert len(rows) == len(texts) + 1
    for line in (out / "d1.ann").read_text("utf-8").splitlines():
        if line.startswith("T"):
            assert line.endswith("\t")

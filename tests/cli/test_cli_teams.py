"""`claimdesk batch`, `merge`, `agree` and `stats --json` team fields, end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers.foundation import assert_clean_failure, fingerprint, read_jsonl, run_cli
from helpers.teams import TEXTS, annotate_truce, at, doc_id_of, finish, make_lead

from desktop.core.codebook_toml import extend
from desktop.core.model import GOLD, Actor, DocStatus, Span
from desktop.quality import DiffKind, diff_layers
from desktop.store import open_project


@pytest.fixture
def lead(tmp_path: Path) -> Path:
    return make_lead(tmp_path / "lead.claimdesk",
                     actors=[Actor(id="a1", name="Ida Berg", kind="person")])


def _batch(lead: Path, out: Path, *extra: str) -> dict[str, Path]:
    result = run_cli("batch", lead, "--out", out, "--annotators", "bob,alice",
                     "--overlap", "0.4", "--seed", "7", *extra)
    assert result.code == 0, result.err
    assert "5 documents, 2 shared by all 2 annotators (overlap 0.4, seed 7)" in result.out
    return {"alice": out / "alice.claimdesk", "bob": out / "bob.claimdesk"}


def test_batch_merge_agree_adjudicate_export_gold(lead: Path, tmp_path: Path) -> None:
    files = _batch(lead, tmp_path / "out")
    report = json.loads((tmp_path / "out" / "batch-report.json").read_text())
    shared = report["shared"]
    assert len(shared) == 2
    assert sorted(report["batches"]) == ["alice", "bob"]
    own = {a: [d for d in b["documents"] if d not in shared]
           for a, b in report["batches"].items()}
    assert sorted(own["alice"] + own["bob"] + shared) == sorted(TEXTS)
    # Each annotator works in their own copy: the shared documents the same way except one
    # CLAIM boundary, and one document each of their own.
    for name, path in files.items():
        with open_project(path) as p:
            for doc in p.documents.ids():
                text = p.documents.get(doc).text
                needle = text.split()[1].strip('".,')
                p.spans.add(doc, name, Span.from_text(text, id="", label="SOURCE",
                                                      fragments=(at(text, needle),)), who=name)
                if name == "bob" and doc == shared[0]:
                    p.spans.add(doc, name, Span.from_text(
                        text, id="", label="CUE", fragments=(at(text, text.split()[-1]),)),
                        who=name)
                p.status.set(doc, name, DocStatus.DONE, who=name)
    merged = run_cli("merge", lead, files["alice"], files["bob"])
    assert merged.code == 0, merged.err
    assert "layers: 3 added" in merged.out
    again = fingerprint(lead)
    assert run_cli("merge", lead, files["alice"], files["bob"]).code == 0
    assert fingerprint(lead) == again  # idempotent

    agree = run_cli("agree", lead, "--json")
    assert agree.code == 0, agree.err
    data = json.loads(agree.out)
    (pair,) = data["pairs"]
    assert (pair["a"], pair["b"]) == ("alice", "bob")
    # Shared: alice 2 SOURCE, bob 2 SOURCE + 1 CUE: 2 exact matches of 2 and 3.
    assert pair["spans"]["exact"] == {"precision": 1.0, "recall": 2 / 3, "f1": 0.8,
                                      "matched": 2, "a": 2, "b": 3}
    assert pair["spans"]["overlap"]["f1"] == 0.8
    assert pair["frames"]["f1"] is None  # no frames on either side: undefined, not 0 or 1
    assert data["documents"] == {"total": 5, "compared": 2, "single": 3, "none": 0,
                                 "single_by_annotator": {"alice": len(own["alice"]),
                                                         "bob": len(own["bob"])}}
    assert data["alpha"] is not None
    assert set(data["per_label"]) == {"CUE", "SOURCE"}
    assert len(data["per_document"]) == 2
    text = run_cli("agree", lead)
    assert "alice / bob" in text.out
    assert "3 done by one annotator only (left out)" in text.out

    # The lead adjudicates: what both agree on goes into gold; bob's extra CUE is a
    # difference, left for the window ...
    first = run_cli("adjudicate", lead, "--json")
    assert first.code == 0, first.err
    assert json.loads(first.out) == {"documents": 2, "agreed": 2, "preferred": 0,
                                     "undecided": 1, "finished": 0,
                                     "open_documents": [shared[0]]}
    # ... or taken in bob's version, and the documents marked adjudicated.
    second = run_cli("adjudicate", lead, "--prefer", "bob", "--done")
    assert second.code == 0, second.err
    assert "into gold: 0 agreed items, 1 in the preferred version" in second.out
    assert "2 documents marked done in gold" in second.out
    settled = fingerprint(lead)
    assert run_cli("adjudicate", lead, "--prefer", "bob", "--done").code == 0
    assert fingerprint(lead) == settled  # decisions gold holds are kept: nothing to do
    with open_project(lead) as p:
        for doc in shared:
            items = diff_layers({n: p.annotations.layer(doc, n) for n in ("alice", "bob")})
            assert {item.kind for item in items} <= {DiffKind.AGREED, DiffKind.ONLY_SOME}
            assert p.annotations.layer(doc, GOLD).status is DocStatus.DONE
    out = tmp_path / "gold.jsonl"
    exported = run_cli("export", lead, "--format", "jsonl", "--out", out, "--gold",
                       "--status", "done")
    assert exported.code == 0, exported.err
    rows = read_jsonl(out)
    assert sorted(r["id"] for r in rows) == sorted(shared)
    assert sum(len(r["spans"]) for r in rows) == 3
    assert all(r["annotator"] == GOLD for r in rows)

    stats = json.loads(run_cli("stats", lead, "--json").out)
    team = stats["team"]
    assert team["annotators"]["alice"]["labels"] == {"SOURCE": 2 + len(own["alice"])}
    assert team["annotators"]["alice"]["status"] == {"done": 2 + len(own["alice"])}
    assert team["annotators"][GOLD]["gold"] is True
    (point,) = team["done_over_time"]["alice"]
    assert point["cumulative"] == 2 + len(own["alice"])
    assert team["agreement"]["pairs"][0]["exact_f1"] == 0.8
    assert team["agreement"]["confusion"]["labels"] == ["CUE", "SOURCE", None]


def test_batch_with_status_hands_out_only_untouched_documents(lead: Path,
                                                             tmp_path: Path) -> None:
    with open_project(lead) as p:
        finish(p, "d1", "carol")
        p.status.set("d2", "dave", DocStatus.NEW, who="dave")
    result = run_cli("batch", lead, "--out", tmp_path / "b", "--annotators", "alice",
                     "--status", "new")
    assert result.code == 0, result.err
    assert result.out.startswith("4 documents, 0 shared")
    with open_project(tmp_path / "b" / "alice.claimdesk") as a:
        assert "d1" not in a.documents.ids()


def test_merge_reports_conflicting_actor_names(lead: Path, tmp_path: Path) -> None:
    files = _batch(lead, tmp_path / "out")
    with open_project(files["alice"]) as a:
        a.actors.update(Actor(id="a1", name="Ivan Petrov", kind="person"), who="alice")
        doc = a.documents.ids()[0]
        text = a.documents.get(doc).text
        a.spans.add(doc, "alice", Span.from_text(text, id="", label="ACTOR", actor="a1",
                                                 fragments=((0, 2),)), who="alice")
    result = run_cli("merge", lead, files["alice"])
    assert result.code == 0, result.err
    assert "actor conflicts (1):" in result.out
    assert "a1 is 'Ivan Petrov' there but 'Ida Berg' here: added as a2" in result.out
    with open_project(lead) as p:
        assert p.actors.get("a1").name == "Ida Berg"  # never renamed
        assert [s.actor for s in p.annotations.spans(doc, "alice")] == ["a2"]


def test_a_refused_merge_says_why_in_one_line_and_writes_nothing(lead: Path,
                                                                 tmp_path: Path) -> None:
    files = _batch(lead, tmp_path / "out")
    with open_project(files["bob"]) as b:
        b.set_codebook(extend(b.codebook, labels=["RUMOUR"]), who="bob")
        doc = b.documents.ids()[0]
        text = b.documents.get(doc).text
        b.spans.add(doc, "bob", Span.from_text(text, id="", label="RUMOUR",
                                               fragments=((0, 3),)), who="bob")
    before = fingerprint(lead)
    result = run_cli("merge", lead, files["alice"], files["bob"])
    assert_clean_failure(result, str(files["bob"]), "field 'label'", "RUMOUR",
                         "--extend-codebook")
    assert fingerprint(lead) == before
    ok = run_cli("merge", lead, files["alice"], files["bob"], "--extend-codebook", "--json")
    assert ok.code == 0, ok.err
    reports = json.loads(ok.out)
    assert reports[1]["codebook"].startswith("extended the codebook")
    with open_project(lead) as p:
        assert p.codebook.label("RUMOUR") is not None
        assert doc_id_of(p, "d1")


@pytest.mark.parametrize(("args", "fragments"), [
    (("agree", "{lead}", "--annotators", "alice,zoe"), ("no annotator 'zoe'",)),
    (("agree", "{lead}", "--labels", "RUMOUR"), ("no label 'RUMOUR'",)),
    (("batch", "{lead}", "--out", "{tmp}/b", "--annotators", "gold"), ("adjudicated layer",)),
    (("batch", "{lead}", "--out", "{tmp}/b", "--annotators", "a,a"), ("listed twice",)),
    (("batch", "{lead}", "--out", "{tmp}/b", "--annotators", "a", "--overlap", "2"),
     ("between 0 and 1",)),
    (("merge", "{lead}", "{tmp}/missing.claimdesk"), ("no such project file",)),
    (("merge", "{lead}", "{lead}"), ("lead project itself",)),
    (("adjudicate", "{lead}", "--prefer", "zoe"), ("no annotator 'zoe'",)),
    (("adjudicate", "{lead}", "--annotators", "alice,bob", "--prefer", "gold"),
     ("no annotator 'gold'",)),
    (("adjudicate", "{lead}", "--annotators", "alice"), ("at least two annotators",)),
    (("adjudicate", "{lead}", "--status", "skipped"), ("no document has two annotators",)),
])
def test_bad_team_input_exits_2_with_one_line(lead: Path, tmp_path: Path, args: tuple[str, ...],
                                              fragments: tuple[str, ...]) -> None:
    with open_project(lead) as p:
        annotate_truce(p, "alice")
        annotate_truce(p, "bob")
    before = fingerprint(lead)
    result = run_cli(*(a.format(lead=lead, tmp=tmp_path) for a in args))
    assert_clean_failure(result, *fragments)
    assert fingerprint(lead) == before
    assert not (tmp_path / "b").exists() or not any((tmp_path / "b").iterdir())

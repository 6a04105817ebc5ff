"""doccano and Label Studio conformance: real export shapes -> import -> export, same format.

doccano: a sequence-labelling export (``label`` triples, ``Comments`` and other top-level
metadata, Chinese and multi-word label names, astral characters before spans: UTF-16
offsets) and a JSONL(relation) export. Label Studio: an export with the default config's label
names (``Label 1``...), unlabelled relations, a per-region choice, predictions, the older
``completions`` key and a cancelled annotation. Each comes back identical up to ids and order,
less what docs/formats.md lists as lost (Label Studio: predictions, being pending suggestions,
leave Label Studio exports; cancelled annotations are not imported).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from helpers.foundation import new_project_file
from helpers.importing import run

from desktop.formats.exporting import export
from desktop.store import open_project

HERE = Path(__file__).parent
DOCCANO_KEYS = {"id", "text", "label", "labels", "entities", "relations"}
CLAIMDESK_KEYS = {"doc_id", "title", "claimdesk", "meta"}
"""Keys the Claimdesk doccano export adds (documented): ids and its native copy."""


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]


def _doccano_view(rec: dict[str, Any]) -> tuple[Any, ...]:
    """A doccano record up to ids and order: text, metadata, entities, relations."""
    if "entities" in rec:
        ents = {e["id"]: (e["label"], e["start_offset"], e["end_offset"])
                for e in rec["entities"]}
        rels = Counter((r["type"], ents[r["from_id"]], ents[r["to_id"]])
                       for r in rec["relations"])
    else:
        ents = {n: (lab, a, b) for n, (a, b, lab) in enumerate(rec.get("label", []))}
        rels = Counter()
    meta = {k: v for k, v in rec.items() if k not in DOCCANO_KEYS | CLAIMDESK_KEYS}
    return rec["text"], json.dumps(meta, sort_keys=True), Counter(ents.values()), rels


def test_doccano_round_trip_is_identical_up_to_ids_and_order(tmp_path: Path) -> None:
    project = new_project_file(tmp_path / "p.claimdesk")
    src = [HERE / "doccano" / "ner.jsonl", HERE / "doccano" / "relation.jsonl"]
    report = run(project, *src, extend=True)
    assert report.skipped == []
    out = tmp_path / "back.jsonl"
    with open_project(project) as p:
        export(p, fmt="doccano", out=out)
    back = sorted(map(_doccano_view, _jsonl(out)))
    assert back == sorted(_doccano_view(r) for s in src for r in _jsonl(s))


def _ls_region_key(r: dict[str, Any]) -> tuple[Any, ...]:
    v = r["value"]
    return (r["from_name"], r["to_name"], v["start"], v["end"], v.get("text"),
            tuple(v.get("labels", ())))


def _ls_view(result: list[dict[str, Any]]) -> Counter[Any]:
    """One annotation's results up to region ids and order (Label Studio's own metadata such
    as ``origin`` aside)."""
    regions = {r["id"]: _ls_region_key(r) for r in result if r["type"] == "labels"}
    out: Counter[Any] = Counter(regions.values())
    for r in result:
        if r["type"] == "relation":
            out[("relation", regions[r["from_id"]], regions[r["to_id"]], r["direction"],
                 tuple(r["labels"]))] += 1
        elif r["type"] in ("choices", "textarea"):
            out[(r["type"], r["from_name"], regions[r["id"]],
                 tuple(r["value"].get("choices") or r["value"].get("text")))] += 1
    return out


def test_label_studio_round_trip_is_identical_up_to_ids_and_order(tmp_path: Path) -> None:
    project = new_project_file(tmp_path / "p.claimdesk")
    source = HERE / "labelstudio" / "project-3-at-2024-05-02-10-20.json"
    report = run(project, source, extend=True)
    assert (report.documents_added, report.skipped) == (3, [])
    tasks = json.loads(source.read_text("utf-8"))
    for task in tasks:
        for ann in [*task.get("annotations", []), *task.get("completions", [])]:
            if ann.get("was_cancelled"):
                continue
            who = f"ls-{ann['completed_by']}"
            out = tmp_path / f"{who}.json"
            with open_project(project) as p:
                exp = export(p, fmt="labelstudio", out=out, annotator=who)
            back = {t["data"]["text"]: t for t in json.loads(out.read_text("utf-8"))}
            got = back[task["data"]["text"]]
            assert _ls_view(got["annotations"][0]["result"]) == _ls_view(ann["result"])
            # the task's own data keys come back where they were (Claimdesk adds its own
            # beside them): a labelling config that shows $outlet still finds it
            assert {k: v for k, v in got["data"].items()
                    if k not in ("text", "doc_id", "title", "claimdesk")} == {
                k: v for k, v in task["data"].items() if k != "text"}
            if task.get("predictions"):  # pending suggestions: reported, not silently lost
                assert "1 pending or rejected spans left out" in exp.warnings


def test_label_studio_predictions_are_pending_suggestions(tmp_path: Path) -> None:
    project = new_project_file(tmp_path / "p.claimdesk")
    run(project, HERE / "labelstudio", extend=True)
    with open_project(project) as p:
        layer = p.annotations.layer("ls-4101", "ls-3")
        (pred,) = [s for s in layer.spans if s.state.value == "pending"]
        assert (pred.text, pred.label, pred.origin.value) == ("Friday", "Label 4", "suggested")

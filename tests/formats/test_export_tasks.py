"""Label Studio tasks + config and doccano JSONL(relation) with UTF-16 offsets."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from helpers.corpus import export_alice, make_corpus


@pytest.fixture
def corpus(tmp_path: Path, project_path: Path) -> tuple[Path, dict[str, str]]:
    return make_corpus(tmp_path, project_path)


def test_label_studio_tasks_and_config(corpus: tuple[Path, dict[str, str]],
                                       tmp_path: Path) -> None:
    path, texts = corpus
    out = tmp_path / "tasks.json"
    export_alice(path, "labelstudio", out)
    tasks = json.loads(out.read_text("utf-8"))
    assert isinstance(tasks, list)
    assert len(tasks) == len(texts)
    config = ET.fromstring((tmp_path / "tasks.config.xml").read_text("utf-8"))
    span_labels = {x.get("value") for c in config.iter("Labels") if c.get("name") == "label"
                   for x in c.iter("Label")}
    frame_labels = {x.get("value") for c in config.iter("Labels") if c.get("name") == "frame"
                    for x in c.iter("Label")}
    rel_values = {x.get("value") for x in config.iter("Relation")}
    assert span_labels == {"ACTOR", "CLAIM", "SOURCE", "CUE"}
    assert frame_labels == {"attribution"}
    role_rels = frames = 0
    for task in tasks:
        text = task["data"]["text"]
        assert text == texts[task["data"]["doc_id"]]
        result = task["annotations"][0]["result"]
        regions = {r["id"]: r for r in result if r.get("type") == "labels"}
        for r in regions.values():
            v = r["value"]
            assert v["text"] == text[v["start"]:v["end"]]
            assert v["labels"][0] in (span_labels if r["from_name"] == "label"
                                      else frame_labels)
        anchors = {k for k, r in regions.items() if r["from_name"] == "frame"}
        frames += len(anchors)
        for r in result:
            if r["type"] == "relation":
                assert r["from_id"] in regions
                assert r["to_id"] in regions
                assert set(r["labels"]) <= rel_values
                if r["from_id"] in anchors:
                    role_rels += 1
                    assert r["labels"][0] in ("content", "source", "cue")
            elif r["type"] in ("choices", "textarea"):
                assert r["id"] in regions
        if task["data"]["doc_id"] == "d1":
            assert {"id": "s1", "from_name": "form", "to_name": "text", "type": "choices",
                    "value": {"start": 0, "end": 75, "choices": ["direct"]}} in result
            assert any(r.get("id") in anchors and r.get("from_name") == "channel"
                       and r["value"]["choices"] == ["press conference"] for r in result)
        assert task["data"]["claimdesk"]["frames"] is not None
    assert (frames, role_rels) == (5, 15)


def test_doccano_offsets_are_utf16(corpus: tuple[Path, dict[str, str]],
                                   tmp_path: Path) -> None:
    path, texts = corpus
    out = tmp_path / "doccano.jsonl"
    export_alice(path, "doccano", out)
    recs = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert len(recs) == len(texts)
    astral_shift = False
    for rec in recs:
        text = rec["text"]
        u16 = text.encode("utf-16-le")
        side = rec["claimdesk"]
        spans = {s["id"]: s for s in side["spans"]}
        ids = {e["id"] for e in rec["entities"]}
        frames = {f["id"]: f for f in side["frames"]}
        for e in rec["entities"]:
            assert isinstance(e["id"], int)
            got = u16[2 * e["start_offset"]:2 * e["end_offset"]].decode("utf-16-le")
            if str(e["id"]) in side["entity_frame_ids"]:  # a frame's anchor entity
                frame = frames[side["entity_frame_ids"][str(e["id"])]]
                assert e["label"] == frame["type"]
                assert any([spans[x]["start"], spans[x]["start"] + len(got)] in
                           (spans[x].get("fragments") or [[spans[x]["start"], 0]])
                           or text[spans[x]["start"]:].startswith(got)
                           for ids in frame["roles"].values() for x in ids)
                continue
            s = spans[side["entity_span_ids"][str(e["id"])]]
            frags = s.get("fragments") or [[s["start"], s["end"]]]
            assert got in [text[a:b] for a, b in frags]
            astral_shift |= e["start_offset"] != next(
                a for a, b in frags if text[a:b] == got)
        for r in rec["relations"]:
            assert isinstance(r["id"], int)
            assert r["from_id"] in ids
            assert r["to_id"] in ids
    assert astral_shift  # some entity follows an astral character


def test_label_studio_task_data_keeps_metadata_fields_beside_the_text() -> None:
    """Metadata keys are task fields of their own, as Label Studio users write them (a
    config can show ``$outlet``); a key that would clash goes into ``data.meta``."""
    from desktop.formats.labelstudio.writer import task_data

    data = task_data("Text.", "d1", "A title", {"outlet": "Meridian Wire", "title": "clash",
                                               "tags": ["a"]}, {"k": 1})
    assert data == {"text": "Text.", "doc_id": "d1", "title": "A title",
                    "outlet": "Meridian Wire", "tags": ["a"], "meta": {"title": "clash"},
                    "claimdesk": {"k": 1}}
    assert "meta" not in task_data("Text.", "d1", "", {"outlet": "x"}, {})

"""Label Studio task import: annotations as layers, predictions as pending suggestions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers.importing import HARD, assert_exact, find, run

from desktop.core.errors import InputError
from desktop.core.model import Origin, SpanState
from desktop.store import open_project


def region(rid: str, text: str, needle: str, label: str) -> dict[str, Any]:
    s, e = find(text, needle)
    return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels",
            "value": {"start": s, "end": e, "text": needle, "labels": [label]}}


def task(text: str = HARD) -> dict[str, Any]:
    return {"id": 42, "data": {"text": text, "title": "Truce", "url": "https://x.org/1"},
            "annotations": [{"id": 1001, "completed_by": 10, "was_cancelled": False,
                             "result": [
                                 region("c1", text, '"Nous avançons 😀 vers une trêve,"',
                                        "CLAIM"),
                                 region("s1", text, "l'Élysée", "SOURCE"),
                                 region("k1", text, "dit", "CUE"),
                                 region("a1", text, "AFP", "ACTOR"),
                                 {"id": "c1", "from_name": "form", "to_name": "text",
                                  "type": "choices", "value": {"choices": ["direct"]}},
                                 {"id": "k1", "from_name": "note", "to_name": "text",
                                  "type": "textarea", "value": {"text": ["check this"]}},
                                 {"from_id": "c1", "to_id": "s1", "type": "relation",
                                  "direction": "right", "labels": ["source"]},
                                 {"from_id": "k1", "to_id": "c1", "type": "relation",
                                  "direction": "left", "labels": ["cue"]},
                                 {"from_id": "c1", "to_id": "a1", "type": "relation",
                                  "direction": "right", "labels": ["about"]}]},
                            {"id": 1002, "completed_by": 11, "was_cancelled": True,
                             "result": [region("zz", text, "AFP", "ACTOR")]}],
            "predictions": [{"model_version": "m1", "score": 0.9, "result": [
                region("p1", text, "told", "CUE"),
                region("p2", text, "AFP", "ACTOR")]}]}


def test_annotations_layer_and_predictions_pending(tmp_path: Path,
                                                   project_path: Path) -> None:
    src = tmp_path / "tasks.json"
    src.write_text(json.dumps([task()], ensure_ascii=False), encoding="utf-8")
    report = run(project_path, src)
    assert (report.documents_added, report.frames, report.relations) == (1, 1, 1)
    assert report.spans == 5  # the predicted AFP equals the annotated one: merged
    with open_project(project_path) as project:
        assert assert_exact(project) == 5
        (doc_id,) = project.documents.ids()
        doc = project.documents.get(doc_id)
        assert doc.title == "Truce"
        assert doc.meta["url"] == "https://x.org/1"
        assert project.annotations.layers_of(doc_id) == ["ls-10"]
        lay = project.annotations.layer(doc_id, "ls-10")
        spans = {s.id: s for s in lay.spans}
        assert spans["c1"].attrs == {"form": "direct"}
        assert spans["k1"].note == "check this"
        told = spans["p1"]
        assert (told.origin, told.state, told.text) == (Origin.SUGGESTED, SpanState.PENDING,
                                                        "told")
        assert spans["a1"].state is SpanState.ACCEPTED
        (frame,) = lay.frames
        assert frame.roles == {"content": ("c1",), "source": ("s1",), "cue": ("k1",)}
        (rel,) = lay.relations
        assert (rel.label, rel.head, rel.tail) == ("about", "c1", "a1")


def test_one_task_per_file_and_annotator_option(tmp_path: Path, project_path: Path) -> None:
    src = tmp_path / "one.json"
    src.write_text(json.dumps(task()), encoding="utf-8")
    run(project_path, src, fmt="labelstudio", annotator="carol")
    with open_project(project_path) as project:
        (doc_id,) = project.documents.ids()
        assert project.annotations.layers_of(doc_id) == ["carol"]


def test_two_annotators_one_document(tmp_path: Path, project_path: Path) -> None:
    t = task()
    second = json.loads(json.dumps(t["annotations"][0]))
    second["completed_by"] = {"id": 12, "email": "dan@example.org"}
    t["annotations"][1] = second
    src = tmp_path / "two.json"
    src.write_text(json.dumps([t]), encoding="utf-8")
    report = run(project_path, src)
    assert (report.documents_added, report.documents_known) == (1, 0)
    with open_project(project_path) as project:
        (doc_id,) = project.documents.ids()
        assert project.annotations.layers_of(doc_id) == ["ls-10", "ls-dan@example.org"]


def test_bad_offsets_name_the_task_and_field(tmp_path: Path, project_path: Path) -> None:
    t = task()
    t["annotations"][0]["result"][1]["value"]["end"] += 1
    src = tmp_path / "bad.json"
    src.write_text(json.dumps([task(), t]), encoding="utf-8")
    with pytest.raises(InputError) as err:
        run(project_path, src)
    assert err.value.field == "[1].annotations[0].result[1]"
    assert "does not match" in err.value.reason
    with open_project(project_path) as project:
        assert project.stats()["documents"] == 0

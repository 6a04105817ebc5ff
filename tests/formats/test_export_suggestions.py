"""Pending suggestions in exports: the native JSONL keeps them marked, Label Studio writes them
as predictions with --include-pending, every other format leaves them out or refuses."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core.errors import InputError
from desktop.core.model import Document, Frame, Origin, Span, SpanState
from desktop.core.native import frame_dict
from desktop.core.offsets import sha256_text
from desktop.formats.exporting import export
from desktop.formats.importing import import_paths
from desktop.store import Project, open_project

TEXT = ('"The truce holds," the envoy said on Monday. Officials said talks would resume. '
        '"We are ready," Varga said.')


def _at(needle: str, last: bool = False) -> tuple[tuple[int, int], ...]:
    start = TEXT.rindex(needle) if last else TEXT.index(needle)
    return ((start, start + len(needle)),)


def _span(sid: str, label: str, needle: str, state: SpanState = SpanState.ACCEPTED, *,
          last: bool = False, **attrs: str) -> Span:
    origin = Origin.MANUAL if state is SpanState.ACCEPTED else Origin.SUGGESTED
    return Span.from_text(TEXT, id=sid, label=label, fragments=_at(needle, last),
                          attrs=attrs, origin=origin, state=state)


def build(path: Path) -> Path:
    """One document: an accepted frame, a pending frame (one filler accepted) and a rejected
    frame with its rejected claim."""
    pending, rejected = SpanState.PENDING, SpanState.REJECTED
    with open_project(path, create=True) as p:
        with p.transaction():
            p.documents.insert_many([Document(id="d1", title="Truce", text=TEXT,
                                              sha256=sha256_text(TEXT))])
        for span in (_span("s1", "CLAIM", '"The truce holds,"', form="direct"),
                     _span("s2", "SOURCE", "the envoy"),
                     _span("s3", "CUE", "said"),
                     _span("s4", "CLAIM", '"We are ready,"', pending, form="direct"),
                     _span("s5", "SOURCE", "Varga"),
                     _span("s6", "CUE", "said", pending, last=True),
                     _span("s7", "CLAIM", "talks would resume", rejected)):
            p.spans.add("d1", "alice", span, who="alice")
        for frame in (Frame(id="f1", type="attribution",
                            roles={"content": ("s1",), "source": ("s2",), "cue": ("s3",)}),
                      Frame(id="f2", type="attribution",
                            roles={"content": ("s4",), "source": ("s5",), "cue": ("s6",)},
                            origin=Origin.SUGGESTED, state=pending),
                      Frame(id="f3", type="attribution", roles={"content": ("s7",)},
                            origin=Origin.SUGGESTED, state=rejected)):
            p.frames.add("d1", "alice", frame, who="alice")
    return path


@pytest.fixture
def built(tmp_path: Path) -> Path:
    return build(tmp_path / "p.claimdesk")


def test_frame_dict_writes_origin_and_state_only_when_not_the_default() -> None:
    plain = Frame(id="f1", type="attribution", roles={"content": ("s1",)})
    assert "state" not in frame_dict(plain)
    assert "origin" not in frame_dict(plain)
    pending = Frame(id="f2", type="attribution", roles={"content": ("s1",)},
                    origin=Origin.SUGGESTED, state=SpanState.PENDING)
    assert frame_dict(pending)["state"] == "pending"
    assert frame_dict(pending)["origin"] == "suggested"


def test_jsonl_keeps_pending_and_rejected_marked_and_reads_them_back(
        built: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    with open_project(built) as p:
        export(p, fmt="jsonl", out=out, annotator="alice")
        before = p.annotations.layer("d1", "alice")
    rec = json.loads(out.read_text("utf-8"))
    frames = {f["id"]: f for f in rec["frames"]}
    assert "state" not in frames["f1"]
    assert (frames["f2"]["state"], frames["f2"]["origin"]) == ("pending", "suggested")
    assert frames["f3"]["state"] == "rejected"
    spans = {s["id"]: s for s in rec["spans"]}
    assert spans["s4"]["state"] == "pending"
    # --include-pending changes nothing for jsonl: it always keeps everything.
    again = tmp_path / "again.jsonl"
    with open_project(built) as p:
        export(p, fmt="jsonl", out=again, annotator="alice", include_pending=True)
    assert json.loads(again.read_text("utf-8"))["frames"] == rec["frames"]
    with open_project(tmp_path / "copy.claimdesk", create=True) as q:
        import_paths(q, [out])
        after = q.annotations.layer("d1", "alice")
    assert after.frames == before.frames
    assert after.spans == before.spans


def test_other_formats_leave_pending_and_rejected_frames_out(built: Path,
                                                             tmp_path: Path) -> None:
    out = tmp_path / "csv"
    with open_project(built) as p:
        report = export(p, fmt="csv", out=out, annotator="alice")
    with (out / "frames.csv").open(encoding="utf-8") as fh:
        frame_ids = {row["frame_id"] for row in csv.DictReader(fh)}
    assert frame_ids == {"f1"}
    assert any("pending or rejected frames left out" in w for w in report.warnings)
    assert any("pending or rejected spans left out" in w for w in report.warnings)


@pytest.mark.parametrize("fmt", ["csv", "brat", "conll", "doccano"])
def test_include_pending_is_refused_where_a_format_cannot_mark_it(built: Path, tmp_path: Path,
                                                                  fmt: str) -> None:
    with open_project(built) as p, pytest.raises(InputError) as err:
        export(p, fmt=fmt, out=tmp_path / f"x-{fmt}", annotator="alice", include_pending=True)
    assert err.value.field == "--include-pending"
    assert "jsonl or labelstudio" in str(err.value)
    assert not (tmp_path / f"x-{fmt}").exists()


def test_cli_include_pending_refusal_is_one_line_exit_2(built: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    code = main(["export", str(built), "--format", "conll", "--out",
                 str(tmp_path / "o.conll"), "--annotator", "alice", "--include-pending"])
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert "--include-pending" in err
    assert len(err.splitlines()) == 1


def _layer(p: Project) -> tuple[dict[str, Span], dict[str, Frame]]:
    layer = p.annotations.layer("d1", "alice")
    return {s.id: s for s in layer.spans}, {f.id: f for f in layer.frames}


def test_label_studio_writes_pending_as_predictions_and_reads_them_back(
        built: Path, tmp_path: Path) -> None:
    out = tmp_path / "tasks.json"
    assert main(["export", str(built), "--format", "labelstudio", "--out", str(out),
                 "--annotator", "alice", "--include-pending"]) == 0
    (task,) = json.loads(out.read_text("utf-8"))
    annotated = {r["id"] for r in task["annotations"][0]["result"] if "id" in r}
    assert {"s4", "s6", "s7", "f2", "f3"}.isdisjoint(annotated)
    (pred,) = task["predictions"]
    assert pred["model_version"] == "claimdesk-assistant"
    predicted = {r["id"] for r in pred["result"] if "id" in r}
    # The pending frame with its pending claim and cue, and the accepted source it names;
    # nothing rejected.
    assert {"f2", "s4", "s5", "s6"} <= predicted
    assert {"s7", "f3", "f1", "s1"}.isdisjoint(predicted)
    with open_project(built) as p:
        spans, frames = _layer(p)
    with open_project(tmp_path / "back.claimdesk", create=True) as q:
        import_paths(q, [out], annotator="alice")
        got_spans, got_frames = _layer(q)
    assert set(got_spans) == set(spans) - {"s7"}
    for sid in ("s4", "s6"):
        assert (got_spans[sid].state, got_spans[sid].origin) == (SpanState.PENDING,
                                                                 Origin.SUGGESTED)
        assert got_spans[sid].fragments == spans[sid].fragments
    assert got_spans["s5"].state is SpanState.ACCEPTED
    assert set(got_frames) == {"f1", "f2"}
    assert (got_frames["f2"].state, got_frames["f2"].origin) == (SpanState.PENDING,
                                                                 Origin.SUGGESTED)
    assert got_frames["f2"].roles == frames["f2"].roles
    assert got_frames["f1"].state is SpanState.ACCEPTED


def test_label_studio_without_the_flag_writes_no_predictions(built: Path,
                                                             tmp_path: Path) -> None:
    out = tmp_path / "tasks.json"
    with open_project(built) as p:
        export(p, fmt="labelstudio", out=out, annotator="alice")
    (task,) = json.loads(out.read_text("utf-8"))
    assert "predictions" not in task
    assert not any(f.get("state") for f in task["data"]["claimdesk"]["frames"])


def test_label_studio_predictions_carry_the_assistants_scores(tmp_path: Path) -> None:
    """Each suggested region gets its evidence score and the prediction the mean, so Label
    Studio can sort and filter tasks by the assistant's confidence."""
    from desktop.core.model import Evidence, Layer
    from desktop.store import PendingSet

    path = tmp_path / "scored.claimdesk"
    with open_project(path, create=True) as p:
        with p.transaction():
            p.documents.insert_many([Document(id="d1", title="Truce", text=TEXT,
                                              sha256=sha256_text(TEXT))])
        claim = _span("s1", "CLAIM", '"We are ready,"', SpanState.PENDING, form="direct")
        cue = _span("s2", "CUE", "said", SpanState.PENDING, last=True)
        written = p.suggestions.replace("d1", PendingSet(
            layer=Layer(annotator="alice", spans=(claim, cue)),
            spans={"s1": Evidence("rules", "quote", 0.9), "s2": Evidence("rules", "cue", 0.6)}),
            who="suggest").value.written
        ids = {s.label: s.id for s in written.layer.spans}
    out = tmp_path / "tasks.json"
    assert main(["export", str(path), "--format", "labelstudio", "--out", str(out),
                 "--annotator", "alice", "--include-pending"]) == 0
    (task,) = json.loads(out.read_text("utf-8"))
    (pred,) = task["predictions"]
    scores = {r["id"]: r["score"] for r in pred["result"] if r.get("type") == "labels"}
    assert scores == {ids["CLAIM"]: 0.9, ids["CUE"]: 0.6}
    assert pred["score"] == 0.75
    with open_project(tmp_path / "back.claimdesk", create=True) as q:
        import_paths(q, [out], annotator="alice")
        back = q.annotations.layer("d1", "alice").spans
    assert sorted((s.label, s.state) for s in back) == [("CLAIM", SpanState.PENDING),
                                                         ("CUE", SpanState.PENDING)]

"""Shared by the import/export/job GUI tests: input builders and the "no job left" check."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QThreadPool, SignalInstance
from pytestqt.qtbot import QtBot

from desktop.core.offsets import sha256_text
from desktop.ui.jobs import JobOutcome, active_jobs

JOB_TIMEOUT_MS = 30_000


@pytest.fixture
def no_jobs_left() -> Iterator[None]:
    """Every test using it must leave no pool job running (and no Job object alive)."""
    yield
    assert QThreadPool.globalInstance().waitForDone(5000), "a background job is still running"
    QCoreApplication.processEvents()  # deliver the queued "finished" of the last job
    assert not active_jobs(), "a job finished without reporting back to the GUI thread"


def finish_job(qtbot: QtBot, finished: SignalInstance, start: Callable[[], object]) -> JobOutcome:
    """Call ``start`` (it must start a job) and wait for ``finished``: the job's outcome."""
    with qtbot.waitSignal(finished, timeout=JOB_TIMEOUT_MS) as blocker:
        assert start() is not None
    outcome = blocker.args[0]
    assert isinstance(outcome, JobOutcome)
    return outcome


def native_record(doc_id: str, text: str, *, annotator: str = "bob",
                  source: str = "", cue: str = "", claim: str = "") -> dict[str, Any]:
    """A native JSONL record with one attribution frame when source/cue/claim are given."""
    spans: list[dict[str, Any]] = []
    frames: list[dict[str, Any]] = []
    for sid, label, needle, attrs in (("s1", "CLAIM", claim, {"form": "indirect"}),
                                      ("s2", "SOURCE", source, {"anonymity": "named"}),
                                      ("s3", "CUE", cue, {})):
        if needle:
            start = text.index(needle)
            spans.append({"id": sid, "label": label, "start": start,
                          "end": start + len(needle), "text": needle, "attrs": attrs,
                          "actor": None})
    if claim and source and cue:
        frames.append({"id": "f1", "type": "attribution",
                       "roles": {"content": ["s1"], "source": ["s2"], "cue": ["s3"]},
                       "attrs": {}})
    return {"id": doc_id, "title": doc_id.title(), "text": text, "sha256": sha256_text(text),
            "meta": {"outlet": "Test Wire"}, "annotator": annotator, "status": "done",
            "spans": spans, "frames": frames, "relations": [], "actors": []}


def write_jsonl(path: Path, records: Sequence[Mapping[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    return path


ANNOTATED = [
    native_record("truce", "President Macron said the truce is fragile.",
                  source="President Macron", cue="said", claim="the truce is fragile"),
    native_record("budget", "A spokesperson told reporters that talks would resume 👍🏽.",
                  source="A spokesperson", cue="told", claim="talks would resume"),
]


def annotated_jsonl(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "annotated.jsonl", ANNOTATED)


def text_folder(tmp_path: Path, n: int = 3) -> Path:
    folder = tmp_path / "texts"
    (folder / "sub").mkdir(parents=True)
    for i in range(n):
        where = folder / "sub" if i % 2 else folder
        (where / f"article-{i}.txt").write_text(
            f"Headline {i}\r\nThe minister said on day {i} that nothing had changed.\r\n",
            encoding="utf-8")
    return folder


def many_records(tmp_path: Path, n: int) -> Path:
    return write_jsonl(tmp_path / "many.jsonl", [
        native_record(f"bulk-{i}", f"Article {i}: the envoy said talks went well ({i}).",
                      source="the envoy", cue="said", claim="talks went well")
        for i in range(n)])

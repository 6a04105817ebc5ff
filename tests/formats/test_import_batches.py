"""Imports write in bounded batches, annotated or not, and dedupe a batch at a time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from desktop.core.model import DocStatus, Document, Layer, Span
from desktop.core.offsets import sha256_text
from desktop.formats import store_calls as store
from desktop.formats import storing
from desktop.formats.records import ImportRecord
from desktop.store import Project


def _plain(i: int, text: str | None = None) -> ImportRecord:
    body = text if text is not None else f"Article {i}: the council met on day {i}."
    return ImportRecord(document=Document(id=f"d{i}", title=f"T{i}", text=body,
                                          sha256=sha256_text(body)), file="in.jsonl", line=i)


class _Watch:
    """Counts records handed out and documents inserted, and checks the gap between them."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.given = 0
        self.inserted = 0
        self.batches: list[int] = []
        self.widest = 0
        real = store.insert_documents

        def insert(project: Project, docs: Any) -> None:
            docs = list(docs)
            self.batches.append(len(docs))
            self.inserted += len(docs)
            real(project, docs)

        monkeypatch.setattr(store, "insert_documents", insert)

    def feed(self, records: list[ImportRecord]) -> Iterator[ImportRecord]:
        for rec in records:
            # Every record handed out before this one is either written or in the batch.
            self.widest = max(self.widest, self.given - self.inserted)
            self.given += 1
            yield rec


def test_plain_documents_are_written_a_batch_at_a_time(project: Project,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(storing, "BATCH_RECORDS", 7)
    watch = _Watch(monkeypatch)
    report = storing.import_records(project, watch.feed([_plain(i) for i in range(50)]))
    assert report.documents_added == 50
    assert project.documents.count() == 50
    assert watch.widest <= 7  # never more than a batch waiting in memory
    assert max(watch.batches) <= 7
    assert sum(watch.batches) == 50
    assert len(watch.batches) == 8  # 7 full batches and the rest


def test_long_texts_make_smaller_batches(project: Project,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(storing, "BATCH_BYTES", 10_000)
    watch = _Watch(monkeypatch)
    records = [_plain(i, f"{i} " + "word " * 1000) for i in range(12)]  # ~5 KB each
    storing.import_records(project, watch.feed(records))
    assert max(watch.batches) <= 2
    assert watch.widest <= 2
    assert project.documents.count() == 12


def test_annotations_count_towards_the_batch(project: Project,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(storing, "BATCH_BYTES", 3 * storing._ANNOTATION_BYTES * 10)
    watch = _Watch(monkeypatch)
    records = []
    for i in range(9):
        text = "said " * 10
        spans = tuple(Span(id=f"s{k + 1}", label="CUE", fragments=((5 * k, 5 * k + 4),),
                           text="said") for k in range(10))
        rec = _plain(i, f"{text}{i}")
        records.append(ImportRecord(document=rec.document, file="in.jsonl", line=i,
                                    layer=Layer(annotator="alice", status=DocStatus.DONE,
                                                spans=spans)))
    report = storing.import_records(project, watch.feed(records), validated=True)
    assert report.spans == 90
    assert max(watch.batches) <= 3
    assert project.stats()["spans"] == 90


def test_dedupe_and_ids_across_and_within_batches(project: Project,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(storing, "BATCH_RECORDS", 3)
    first = storing.import_records(project, [_plain(i) for i in range(4)])
    assert first.documents_added == 4
    again = [_plain(2), _plain(9), _plain(9),  # known text, new text, repeated text
             ImportRecord(document=Document(id="d1", title="other", text="Other text.",
                                            sha256=sha256_text("Other text.")),
                          file="b.jsonl", line=4),
             ImportRecord(document=Document(id="d1", title="third", text="Third text.",
                                            sha256=sha256_text("Third text.")),
                          file="b.jsonl", line=5)]
    report = storing.import_records(project, again)
    assert report.documents_added == 3
    assert report.documents_known == 2
    ids = project.documents.ids()
    assert ids == ["d0", "d1", "d2", "d3", "d9", "d1-2", "d1-3"]
    assert any("'d1' is taken" in w and "'d1-2'" in w for w in report.warnings)


def test_skip_bad_leaves_no_trace_of_the_bad_record(project: Project) -> None:
    text = "Anna said hi."
    bad = ImportRecord(document=Document(id="bad", title="", text=text,
                                         sha256=sha256_text(text)), file="in.jsonl", line=1,
                       layer=Layer(annotator="", status=DocStatus.DONE,
                                   spans=(Span(id="s1", label="CUE", fragments=((5, 9),),
                                               text="said"),)))
    report = storing.import_records(project, [bad, _plain(2)], skip_bad=True,
                                    validated=True)
    assert [e.line for e in report.skipped] == [1]
    assert report.documents_added == 1
    assert project.documents.ids() == ["d2"]  # the bad record's document is not there


def test_lookups_by_hash_and_id(project: Project) -> None:
    storing.import_records(project, [_plain(i) for i in range(3)])
    docs = project.documents
    known = {_plain(1).document.sha256: "d1"}
    assert docs.ids_for_hashes([*known, "0" * 64]) == known
    assert docs.existing_ids(["d0", "nope", "d2", "d0"]) == {"d0", "d2"}
    assert docs.ids_for_hashes([]) == {}
    many = [f"x{i}" for i in range(1200)] + ["d1"]  # more than one IN chunk
    assert docs.existing_ids(many) == {"d1"}


def test_the_collector_runs_less_often_during_an_import_only(project: Project) -> None:
    import gc

    before = gc.get_threshold()
    seen: list[tuple[int, int, int]] = []

    def records() -> Iterator[ImportRecord]:
        for i in range(3):
            seen.append(gc.get_threshold())
            yield _plain(i)

    storing.import_records(project, records())
    assert all(t[0] >= 10_000 for t in seen)
    assert gc.get_threshold() == before

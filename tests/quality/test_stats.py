"""Progress over time for the statistics view."""

from __future__ import annotations

from desktop.quality import ProgressPoint, done_over_time


def test_documents_done_per_day_count_each_document_once() -> None:
    events = [
        ("bob", "d1", "2024-03-02T09:00:00Z"),
        ("alice", "d1", "2024-03-01T10:00:00Z"),
        ("alice", "d2", "2024-03-01T17:30:00+01:00"),
        ("alice", "d1", "2024-03-04T08:00:00Z"),  # reopened and done again: counted once
        ("alice", "d3", "2024-03-03"),
        ("bob", "d2", "2024-03-02T11:00:00Z"),
    ]
    assert done_over_time(events) == {
        "alice": [ProgressPoint("2024-03-01", 2, 2), ProgressPoint("2024-03-03", 1, 3)],
        "bob": [ProgressPoint("2024-03-02", 2, 2)],
    }
    assert done_over_time([]) == {}

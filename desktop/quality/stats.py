"""Team statistics that need no agreement run: progress of each annotator over time.

Label counts per annotator come with every agreement report (``AgreementReport.annotator_stats``);
the label confusion matrix is ``PairAgreement.confusion``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ProgressPoint:
    day: str
    """``YYYY-MM-DD``."""
    done: int
    """Documents finished that day."""
    cumulative: int


def done_over_time(events: Iterable[tuple[str, str, str]]) -> Mapping[str, list[ProgressPoint]]:
    """Documents done per annotator per day from ``(annotator, doc_id, when)`` events.

    ``when`` is an ISO 8601 timestamp of the moment a document was set to done; its first ten
    characters are the day. A document set to done more than once counts on its *first* day
    only, so reopening and finishing again does not count twice.
    """
    first: dict[tuple[str, str], str] = {}
    for annotator, doc_id, when in events:
        day = when[:10]
        key = (annotator, doc_id)
        if key not in first or day < first[key]:
            first[key] = day
    per: dict[str, Counter[str]] = {}
    for (annotator, _doc), day in first.items():
        per.setdefault(annotator, Counter())[day] += 1
    out: dict[str, list[ProgressPoint]] = {}
    for annotator in sorted(per):
        total = 0
        points = []
        for day, n in sorted(per[annotator].items()):
            total += n
            points.append(ProgressPoint(day, n, total))
        out[annotator] = points
    return out

"""The statistical model: held-out scores against the rules, cancel, progress, storage."""

from __future__ import annotations

from functools import lru_cache

import pytest
from helpers.assist import DEV, codebook, dev_actors, doc

from desktop.assist.engine import Learned, Suggester
from desktop.assist.goldmarkup import iter_stories
from desktop.assist.model import SpanModel, split_held_out, train
from desktop.core.errors import Cancelled
from desktop.core.model import Document, Layer, Span


@lru_cache(maxsize=1)
def dev_items() -> tuple[tuple[Document, Layer], ...]:
    return tuple((s.document, s.layer) for s in iter_stories(DEV))


@lru_cache(maxsize=1)
def dev_model() -> SpanModel:
    return train(dev_items(), codebook(), actors=dev_actors(), epochs=2, refit=False)


def test_held_out_scores_are_reported_per_label() -> None:
    model = dev_model()
    report = model.report
    assert report is not None
    train_docs, held_out = split_held_out(list(dev_items()))
    assert (report.train_documents, report.held_out_documents) == (len(train_docs),
                                                                   len(held_out))
    assert set(report.rules) == {"ACTOR", "CLAIM", "SOURCE", "CUE"}
    for label in report.rules:
        gold = report.rules[label].tp + report.rules[label].fn
        assert report.model[label].tp + report.model[label].fn == gold
        assert 0.0 <= report.model[label].f1 <= 1.0
    assert report.model["CUE"].f1 > 0.5  # it learned something
    # used only where rules + model beat the rules alone on the held-out documents
    for label in report.used:
        assert report.combined[label].f1 > report.rules[label].f1
    assert model.used == frozenset(report.used)
    assert "held-out documents" in report.format()
    assert report.to_json()["used_for"] == list(report.used)


def test_the_model_is_used_where_the_rules_have_nothing() -> None:
    # No registry: the rules propose no ACTOR at all, the model learns names from the gold.
    model = train(dev_items(), codebook(), actors=(), epochs=3, refit=False)
    assert model.report is not None
    assert model.report.rules["ACTOR"].tp == 0
    assert "ACTOR" in model.used
    s = Suggester(codebook(), learned=Learned(model=model)).suggest(
        doc("Korvenia and Daltmark met in Tarsk on Monday."))
    actors = [(sp.text, s.evidence[sp.id].engine) for sp in s.spans if sp.label == "ACTOR"]
    assert actors
    assert all(engine == "model" for _, engine in actors)
    assert all(0 < s.evidence[sp.id].score < 1 for sp in s.spans if sp.label == "ACTOR")


def test_a_model_only_proposes_its_used_labels() -> None:
    model = dev_model()
    text = dev_items()[0][0].text
    everything = model.predict(text)
    used = model.propose(doc(text))
    assert {p.label for p in used} <= model.used
    assert len(used) <= len(everything)


def test_training_reports_progress_and_can_be_cancelled() -> None:
    seen: list[tuple[int, int]] = []
    train(dev_items()[:4], codebook(), epochs=1, progress=lambda d, t, m: seen.append((d, t)))
    assert seen
    assert seen[-1][0] == seen[-1][1]
    assert [d for d, _ in seen] == list(range(1, len(seen) + 1))

    class StopAfter:
        def __init__(self) -> None:
            self.n = 0

        def check(self) -> None:
            self.n += 1
            if self.n > 3:
                raise Cancelled()

    with pytest.raises(Cancelled):
        train(dev_items(), codebook(), epochs=2, cancel=StopAfter())


def test_a_model_survives_storage() -> None:
    model = dev_model()
    again = SpanModel.from_json(model.to_json())
    text = dev_items()[1][0].text
    assert again.predict(text) == model.predict(text)
    assert again.used == model.used
    assert again.report is not None
    assert model.report is not None
    assert again.report.to_json() == model.report.to_json()


def test_discontinuous_and_rejected_gold_spans_are_handled() -> None:
    text = '"A," he said, "B." Then nothing.'
    claim = Span.from_text(text, id="q", label="CLAIM", fragments=((0, 4), (14, 18)))
    model = train([(doc(text, f"d{i}"), Layer("g", spans=(claim,))) for i in range(3)],
                  codebook(), epochs=1)
    assert model.report is not None
    assert model.report.held_out_documents == 1

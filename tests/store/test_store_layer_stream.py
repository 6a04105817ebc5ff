"""desktop.store.layers.iter_layers: batched streaming equals per-document reading."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.corpus import build_corpus

from desktop.core.model import DocStatus
from desktop.store import open_project


@pytest.mark.parametrize("page_size", [1, 2, 500])
def test_iter_layers_matches_the_repositories(tmp_path: Path, project_path: Path,
                                              page_size: int) -> None:
    with open_project(project_path) as p:
        build_corpus(p, tmp_path)
        for layer in ("alice", "bob", "gold"):
            got = list(p.iter_layers(layer, page_size=page_size))
            assert [ad.document.id for ad in got] == p.documents.ids()
            for ad in got:
                d = ad.document.id
                assert ad.document == p.documents.get(d)
                assert ad.layer == p.annotations.layer(d, layer)
                assert list(ad.actors) == p.actors.many(s.actor for s in ad.layer.spans
                                                        if s.actor)
        done = frozenset({DocStatus.DONE})
        assert len(list(p.iter_layers("alice", statuses=done))) == 4
        assert list(p.iter_layers("bob", statuses=done)) == []
        assert p.count_documents("alice", statuses=done) == 4
        assert p.count_documents("bob",
                               statuses=frozenset({DocStatus.IN_PROGRESS})) == 1

"""``Project.layer_sets`` reads every layer exactly as the one-document reader does."""

from __future__ import annotations

from pathlib import Path

from helpers.teams import add, annotate_truce, finish, make_lead

from desktop.core.model import DocStatus
from desktop.store import open_project


def test_layer_sets_equal_the_single_document_reader(tmp_path: Path) -> None:
    path = make_lead(tmp_path / "lead.claimdesk")
    with open_project(path) as p:
        annotate_truce(p, "alice")
        annotate_truce(p, "bob", claim="The truce is fragile", source_label="ACTOR")
        add(p, "d3", "bob", "SOURCE", "Ivan Petrov")
        finish(p, "d4", "carol")  # a status and nothing else is a layer too
        sets = list(p.layer_sets())
        assert [s.doc_id for s in sets] == p.documents.ids()
        for ls in sets:
            assert ls.length == len(p.documents.get(ls.doc_id).text)
            assert ls.text is None
            for name, layer in ls.layers.items():
                assert layer == p.annotations.layer(ls.doc_id, name)
                assert ls.stamps[name]
        by_id = {s.doc_id: s for s in sets}
        assert sorted(by_id["d1"].layers) == ["alice", "bob"]
        assert sorted(by_id["d3"].layers) == ["bob"]
        assert by_id["d4"].layers["carol"].status is DocStatus.DONE
        assert by_id["d5"].layers == {}
        only = list(p.layer_sets(annotators=["bob"], with_text=True))
        assert sorted(n for s in only for n in s.layers) == ["bob", "bob"]
        assert only[0].text == p.documents.get("d1").text


def test_pages_do_not_lose_documents(tmp_path: Path) -> None:
    path = make_lead(tmp_path / "lead.claimdesk")
    with open_project(path) as p:
        annotate_truce(p, "alice")
        from desktop.store.layer_sets import iter_layer_sets

        small = list(iter_layer_sets(p._db, p.codebook, page_size=2))
        assert [s.doc_id for s in small] == p.documents.ids()
        assert small[0].layers == next(iter(p.layer_sets())).layers

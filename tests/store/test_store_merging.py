"""Merging annotator files into the lead's project: matching, conflicts, codebook, newer work."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from helpers.foundation import fingerprint, new_project_file
from helpers.teams import (
    TEXTS,
    add,
    annotate_truce,
    doc_id_of,
    finish,
    make_lead,
    tick,
)

from desktop.core.codebook_toml import extend
from desktop.core.errors import InputError
from desktop.core.model import GOLD, Actor, DocStatus, Document
from desktop.core.offsets import sha256_text
from desktop.store import (
    check_project,
    layer_digest,
    merge_project,
    merge_projects,
    open_project,
    write_batch,
)

IDA = Actor(id="a1", name="Ida Berg", kind="person", aliases=("Berg",))


@pytest.fixture
def lead(tmp_path: Path) -> Path:
    return make_lead(tmp_path / "lead.claimdesk", actors=[IDA])


def other_file(path: Path, ids: dict[str, str] | None = None,
               actors: tuple[Actor, ...] = ()) -> Path:
    """A project made elsewhere: the same texts under other ids (``key -> id``)."""
    new_project_file(path)
    ids = ids or {k: f"x-{k}" for k in TEXTS}
    with open_project(path) as p:
        with p.transaction():
            p.documents.insert_many([Document(id=i, title=i, text=TEXTS[k],
                                              sha256=sha256_text(TEXTS[k]))
                                     for k, i in ids.items()])
        for a in actors:
            p.actors.add(a, who="x")
    return path


def test_batch_files_merge_back_into_the_lead(lead: Path, tmp_path: Path) -> None:
    with open_project(lead) as p:
        files = write_batch(p, tmp_path / "out", {"alice": ["d1", "d2"], "bob": ["d1", "d3"]})
    assert sorted(f.name for f in files.values()) == ["alice.claimdesk", "bob.claimdesk"]
    with open_project(files["alice"]) as a:
        assert a.documents.ids() == ["d1", "d2"]
        assert a.meta("last_annotator") == "alice"
        assert [x.id for x in a.actors.all()] == ["a1"]
        annotate_truce(a, "alice", actor="a1")
    with open_project(files["bob"]) as b:
        annotate_truce(b, "bob", claim="The truce is fragile", source_label="ACTOR")
    with open_project(lead) as p:
        reports, change = merge_projects(p, [files["alice"], files["bob"]], who="lead")
        assert [r.layers_added for r in reports] == [1, 1]
        assert change.reload
        alice = p.annotations.layer("d1", "alice")
        assert alice.status is DocStatus.DONE
        assert {s.label: s.text for s in alice.spans} == {
            "CLAIM": '"The truce is fragile,"', "SOURCE": "Ida Berg", "CUE": "said"}
        assert next(s.actor for s in alice.spans if s.label == "SOURCE") == "a1"
        assert len(alice.frames) == 1
        assert {s.text for s in p.annotations.spans("d1", "bob")} >= {"The truce is fragile"}
        assert check_project(p)[0] == []  # sound (review warnings may remain)


def test_documents_are_matched_by_text_hash_whatever_their_ids(lead: Path,
                                                               tmp_path: Path) -> None:
    other = other_file(tmp_path / "elsewhere.claimdesk")
    with open_project(other) as o:
        add(o, "d3", "carol", "SOURCE", "Ivan Petrov")
        finish(o, "d3", "carol")
    with open_project(lead) as p:
        report = merge_project(p, other, who="lead")
        assert report.layers_added == 1
        assert report.documents_added == []
        assert [s.text for s in p.annotations.spans("d3", "carol")] == ["Ivan Petrov"]
        src = p.layer_sources("d3")["carol"]
        assert src["source_doc"] == "x-d3"
        assert src["source_file"] == str(other)
        assert src["merged_by"] == "lead"
        assert p.documents.count() == len(TEXTS)


def test_a_document_the_lead_lacks_is_added_under_a_free_id(lead: Path, tmp_path: Path) -> None:
    other = other_file(tmp_path / "o.claimdesk", ids={"d1": "d1"})
    text = "A new article the lead never had, the editor said."
    with open_project(other) as o:
        with o.transaction():
            o.documents.insert_many([Document(id="d2", title="New", text=text,
                                              sha256=sha256_text(text))])
        o.status.set("d2", "alice", DocStatus.SKIPPED, who="alice")
    with open_project(lead) as p:
        report = merge_project(p, other)
        assert report.documents_added == ["d2-2 (was d2)"]
        assert p.documents.get("d2-2").text == text
        assert p.annotations.status("d2-2", "alice") is DocStatus.SKIPPED


def test_actors_match_by_id_then_name_and_conflicts_get_new_ids(lead: Path,
                                                               tmp_path: Path) -> None:
    other = other_file(tmp_path / "o.claimdesk", actors=(
        Actor(id="a1", name="Ida Berg"),                       # same id, same name
        Actor(id="a2", name="Ivan Petrov", kind="person"),      # new
        Actor(id="a9", name="berg"),                            # an alias of a1 here
    ))
    with open_project(lead) as p:
        p.actors.add(Actor(id="a2", name="Council of Ministers", kind="organisation"),
                     who="lead")
    with open_project(other) as o:
        add(o, "d3", "carol", "SOURCE", "Ivan Petrov", actor="a2")
        add(o, "d1", "carol", "SOURCE", "Ida Berg", actor="a9")
    with open_project(lead) as p:
        before = {a.id: a for a in p.actors.all()}
        report = merge_project(p, other)
        assert report.actor_conflicts == [
            "a2 is 'Ivan Petrov' there but 'Council of Ministers' here: added as a3"]
        assert report.actors_by_name == ["a9 'berg' there is a1 'Ida Berg' here"]
        assert report.actors_added == []
        after = {a.id: a for a in p.actors.all()}
        # Nothing of the lead's registry was renamed or changed.
        assert {k: after[k] for k in before} == before
        assert after["a3"].name == "Ivan Petrov"
        assert [s.actor for s in p.annotations.spans(doc_id_of(p, "d3"), "carol")] == ["a3"]
        assert [s.actor for s in p.annotations.spans(doc_id_of(p, "d1"), "carol")] == ["a1"]
        # A second merge maps the conflicting actor onto the one it added: no new actor.
        again = merge_project(p, other)
        assert again.actor_conflicts == []
        assert len(p.actors.all()) == len(after)


def test_a_new_actor_keeps_its_id_when_free(lead: Path, tmp_path: Path) -> None:
    other = other_file(tmp_path / "o.claimdesk",
                       actors=(Actor(id="a5", name="Ivan Petrov", aliases=("Petrov",)),))
    with open_project(lead) as p:
        report = merge_project(p, other)
        assert report.actors_added == ["a5 'Ivan Petrov'"]
        assert p.actors.get("a5").aliases == ("Petrov",)


def _with_rumour(path: Path) -> None:
    with open_project(path) as o:
        cb = extend(o.codebook, labels=["RUMOUR"])
        o.set_codebook(cb, who="x")
        add(o, "d2", "dora", "RUMOUR", "the bridge would reopen in May")


def test_an_unknown_label_refuses_the_merge_and_writes_nothing(lead: Path,
                                                              tmp_path: Path) -> None:
    other = other_file(tmp_path / "o.claimdesk")
    _with_rumour(other)
    before = fingerprint(lead)
    with open_project(lead) as p, pytest.raises(InputError) as err:
        merge_project(p, other)
    message = str(err.value)
    assert str(other) in message
    assert "document d2, layer dora" in message
    assert "RUMOUR" in message
    assert "--extend-codebook" in message
    assert err.value.field == "label"
    assert fingerprint(lead) == before


def test_extend_codebook_adds_the_label_and_merges(lead: Path, tmp_path: Path) -> None:
    other = other_file(tmp_path / "o.claimdesk")
    _with_rumour(other)
    with open_project(lead) as p:
        version = p.codebook_version
        report = merge_project(p, other, extend_codebook=True)
        assert report.codebook == f"extended the codebook (version {version + 1})"
        assert p.codebook.label("RUMOUR") is not None
        assert [s.label for s in p.annotations.spans("d2", "dora")] == ["RUMOUR"]


def test_merging_the_same_file_twice_changes_nothing(lead: Path, tmp_path: Path) -> None:
    other = other_file(tmp_path / "o.claimdesk", actors=(Actor(id="a1", name="Someone Else"),))
    with open_project(other) as o:
        annotate_truce(o, "alice", actor="a1")
    with open_project(lead) as p:
        first = merge_project(p, other)
    assert first.layers_added == 1
    assert first.actor_conflicts
    before = fingerprint(lead)
    with open_project(lead) as p:
        second = merge_project(p, other)
    assert (second.layers_added, second.layers_same, second.replaced, second.kept) == (
        0, 1, [], [])
    assert not second.changed
    assert fingerprint(lead) == before


def test_newer_work_replaces_the_annotators_older_layer(lead: Path, tmp_path: Path) -> None:
    other = other_file(tmp_path / "o.claimdesk")
    with open_project(other) as o:
        annotate_truce(o, "alice")
    with open_project(lead) as p:
        merge_project(p, other)
    tick()
    with open_project(other) as o:
        doc = doc_id_of(o, "d1")
        cue = next(s for s in o.annotations.spans(doc, "alice") if s.label == "CUE")
        o.spans.update(doc, "alice", replace(cue, attrs={}, note="checked"), who="alice")
    with open_project(lead) as p:
        report = merge_project(p, other)
        assert report.replaced == ["d1 / alice"]
        assert report.per_annotator == {"alice": 1}
        layer = p.annotations.layer("d1", "alice")
        assert next(s.note for s in layer.spans if s.label == "CUE") == "checked"
        assert len(layer.frames) == 1
        assert p.log.recent(limit=5)[0].action == "merge"
        assert any(e.action == "merge-replace" for e in p.log.recent(limit=10))
        assert check_project(p)[0] == []  # sound (review warnings may remain)


def test_the_leads_newer_edit_is_kept_and_reported(lead: Path, tmp_path: Path) -> None:
    other = other_file(tmp_path / "o.claimdesk")
    with open_project(other) as o:
        annotate_truce(o, "alice")
    with open_project(lead) as p:
        merge_project(p, other)
        tick()
        add(p, "d1", "alice", "ACTOR", "Paris")  # the lead fixes alice's layer afterwards
        fixed = layer_digest(p.annotations.layer("d1", "alice"))
    tick()
    with open_project(other) as o:  # ... while alice's older copy changes too, earlier
        add(o, "d1", "alice", "ACTOR", "Friday")
    with open_project(lead) as p:
        # alice's change came after the lead's: it wins
        assert merge_project(p, other).replaced == ["d1 / alice"]
    other2 = other_file(tmp_path / "o2.claimdesk")
    with open_project(other2) as o:
        annotate_truce(o, "alice")  # an old copy made before the lead's latest state
    with open_project(lead) as p:
        tick()
        add(p, "d1", "alice", "ACTOR", "Paris")
        fixed = layer_digest(p.annotations.layer("d1", "alice"))
        report = merge_project(p, other2)
        assert len(report.kept) == 1
        assert report.kept[0].startswith("d1 / alice (here ")
        assert layer_digest(p.annotations.layer("d1", "alice")) == fixed


def test_in_one_run_the_newest_copy_of_a_layer_wins(lead: Path, tmp_path: Path) -> None:
    old, new = other_file(tmp_path / "old.claimdesk"), other_file(tmp_path / "new.claimdesk")
    with open_project(old) as o:
        add(o, "d2", "alice", "SOURCE", "a spokesperson")
    tick()
    with open_project(new) as o:
        add(o, "d2", "alice", "SOURCE", "The council")
    for order in ([new, old], [old, new]):
        path = make_lead(tmp_path / f"lead-{order[0].stem}.claimdesk")
        with open_project(path) as p:
            merge_projects(p, order)
            assert [s.text for s in p.annotations.spans("d2", "alice")] == ["The council"]


def test_gold_layers_are_not_merged(lead: Path, tmp_path: Path) -> None:
    other = other_file(tmp_path / "o.claimdesk")
    with open_project(other) as o:
        add(o, "d2", GOLD, "SOURCE", "The council")
    with open_project(lead) as p:
        report = merge_project(p, other)
        assert report.gold_skipped == 1
        assert p.annotations.spans("d2", GOLD) == []


def test_a_project_cannot_be_merged_into_itself(lead: Path) -> None:
    with open_project(lead) as p, pytest.raises(InputError, match="lead project itself"):
        merge_project(p, lead)


def test_batch_refuses_to_overwrite_and_copies_existing_work(lead: Path, tmp_path: Path) -> None:
    with open_project(lead) as p:
        add(p, "d2", "alice", "SOURCE", "The council")
        files = write_batch(p, tmp_path / "b", {"alice": ["d2"]})
        with open_project(files["alice"]) as a:
            assert [s.text for s in a.annotations.spans("d2", "alice")] == ["The council"]
        with pytest.raises(InputError, match="already exists"):
            write_batch(p, tmp_path / "b", {"alice": ["d2"]})
        # Merging an untouched batch file back changes nothing.
        assert not merge_project(p, files["alice"]).changed


def test_pending_suggestions_keep_their_evidence_through_a_merge(lead: Path,
                                                                 tmp_path: Path) -> None:
    """Why a suggestion was made (engine, rule, score) travels with it into the lead."""
    from desktop.core.model import Evidence, Layer, Origin, Span, SpanState
    from desktop.store import PendingSet

    src = other_file(tmp_path / "alice.claimdesk")
    with open_project(src) as p:
        doc = doc_id_of(p, "d1")
        text = p.documents.get(doc).text
        start = text.index("said")
        cue = Span.from_text(text, id="s9", label="CUE", fragments=((start, start + 4),),
                             origin=Origin.SUGGESTED, state=SpanState.PENDING)
        p.suggestions.replace(doc, PendingSet(layer=Layer(annotator="alice", spans=(cue,)),
                                              spans={"s9": Evidence("rules", "cue", 0.7)}),
                              who="suggest")
    with open_project(lead) as p:
        merge_project(p, src, who="lead")
        doc = doc_id_of(p, "d1")
        (span,) = p.annotations.layer(doc, "alice").spans
        assert span.state is SpanState.PENDING
        spans, _ = p.suggestions.evidence(doc, "alice")
        assert spans == {span.id: Evidence("rules", "cue", 0.7)}

"""One id allocator: ``IdPool`` in Python and ``next_layer_id`` in SQL agree."""

from __future__ import annotations

from pathlib import Path

from helpers.foundation import deterministic
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.model import Span
from desktop.store import open_project
from desktop.store.ids import IdPool, next_id

_IDS = st.lists(st.one_of(st.integers(0, 30).map(lambda n: f"s{n}"),
                          st.sampled_from(["s", "sx9", "s01", "f3", "s-2", "S4", ""])),
                max_size=12)


def _reference(used: list[str], prefix: str) -> str:
    numbers = [int(u[len(prefix):]) for u in used
               if u.startswith(prefix) and u[len(prefix):].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1}"


def test_the_rule() -> None:
    assert next_id(["s2", "s10", "sx9"], "s") == "s11"
    assert next_id([], "f") == "f1"


@deterministic(300)
@given(_IDS, st.lists(st.sampled_from(["s3", "s40", "", "x"]), max_size=6))
def test_a_pool_gives_fresh_ids_and_keeps_free_wanted_ones(used: list[str],
                                                           wanted: list[str]) -> None:
    pool = IdPool("s", used)
    taken = set(used)
    for w in wanted:
        expected = w if w and w not in taken else _reference(sorted(taken), "s")
        got = pool.take(w)
        assert got == expected
        assert got not in taken
        taken.add(got)
    fresh = pool.new()
    assert fresh == _reference(sorted(taken), "s")


def test_sql_allocator_matches_the_pool(tmp_path: Path) -> None:
    with open_project(tmp_path / "p.claimdesk", create=True) as project:
        from desktop.core.model import Document
        from desktop.core.offsets import sha256_text

        text = "Officials said the talks would resume."
        with project.transaction():
            project.documents.insert_many([Document(id="d1", title="t", text=text,
                                                    sha256=sha256_text(text))])
        for sid in ["s2", "s10", "sx9", "s01"]:
            project.spans.add("d1", "alice", Span.from_text(
                text, id=sid, label="CUE", fragments=((10, 14),)), who="alice")
        fresh = project.spans.add("d1", "alice", Span.from_text(
            text, id="", label="CUE", fragments=((10, 14),)), who="alice").value
        assert fresh.id == next_id(["s2", "s10", "sx9", "s01"], "s") == "s11"

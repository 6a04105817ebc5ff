"""Undo and redo survive closing the project - and killing the program - exactly as they were.

Every kind of edit is made, the state after each step recorded, the project closed (or the
process killed with SIGKILL) and opened again: undoing then walks back through exactly those
states, redoing forward again, with the same names on the stack.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from helpers.panels import frag, make_project
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.core.model import GOLD, Actor, DocStatus, Frame, Relation, Span, SpanState
from desktop.store import open_project
from desktop.suggesting import compute_for
from desktop.ui import commands as ops
from desktop.ui.assist_ops import DecideSuggestions, ReplaceSuggestions
from desktop.ui.workspace import Workspace


def _state(ws: Workspace) -> dict[str, Any]:
    """Everything an edit can change, read fresh from the store."""
    p = ws.project
    out: dict[str, Any] = {"actors": sorted((a.id, a.name, a.kind, a.aliases)
                                            for a in p.actors.all())}
    for doc in ("d1", "d2"):
        for name in (ws.annotator, GOLD):
            layer = p.annotations.layer(doc, name)
            out[doc if name == ws.annotator else f"{doc}/gold"] = (
                layer.status,
                sorted((s.id, s.label, s.fragments, s.actor, s.origin, s.state,
                        tuple(sorted(s.attrs.items()))) for s in layer.spans),
                sorted((f.id, f.type, tuple(sorted(f.roles.items())), f.origin, f.state)
                       for f in layer.frames),
                sorted((r.id, r.label, r.head, r.tail) for r in layer.relations))
    return out


def _names(ws: Workspace) -> list[str]:
    stack = ws.undo_stack
    return [stack.text(i) for i in range(stack.count())]


def _session(ws: Workspace) -> list[dict[str, Any]]:
    """One of every edit; the state before the first and after each step."""
    states = [_state(ws)]

    def step() -> None:
        QApplication.processEvents()
        states.append(_state(ws))

    ws.open_document("d1")
    assert ws.current is not None
    text = ws.current.text
    claim = ws.add_span("CLAIM", frag(text, "We are moving towards a truce tonight"))
    step()
    source = ws.add_span("SOURCE", frag(text, "President Emmanuel Macron's office"))
    step()
    assert claim is not None
    assert source is not None
    with ws.group("Attribution frame"):  # a gesture: one undo step
        cue = ws.add_span("CUE", frag(text, "said"))
        assert cue is not None
        ws.add_frame(Frame(id="", type="attribution",
                           roles={"content": (claim.id,), "source": (source.id,),
                                  "cue": (cue.id,)}))
    step()
    frame = ws.layer().frames[0]
    ws.update_frame(replace(frame, roles={"content": (claim.id,), "source": (source.id,)}))
    step()
    actor_span = ws.add_span("ACTOR", frag(text, "AFP"))
    step()
    assert actor_span is not None
    rel = ws.add_relation(Relation(id="", label="about", head=claim.id, tail=actor_span.id))
    step()
    assert rel is not None
    ws.update_span(replace(claim, label="CLAIM", attrs={"form": "indirect"}))
    step()
    macron = ws.add_actor(Actor(id="", name="Emmanuel Macron", kind="person"))
    step()
    elysee = ws.add_actor(Actor(id="", name="Élysée Palace", kind="organisation"))
    step()
    assert macron is not None
    assert elysee is not None
    ws.update_span(replace(ws.span(source.id), actor=elysee.id))  # type: ignore[arg-type]
    step()
    ws.update_actor(replace(macron, aliases=("Macron",)))
    step()
    ws.merge_actors(macron.id, elysee.id)
    step()
    spare = ws.add_actor(Actor(id="", name="A spare actor"))
    step()
    assert spare is not None
    ws.delete_actor(spare.id)
    step()
    ws.delete_relation(rel.id)
    step()
    ws.delete_span(source.id)  # with its frame role
    step()
    ws.delete_frame(frame.id)
    step()
    ws.set_status(DocStatus.DONE)
    step()
    d2 = ws.open_document("d2")
    assert d2 is not None
    assert ws.add_span("CLAIM", frag(d2.text, "The storm weakened overnight")) is not None
    step()
    # The lead's edits of the gold layer (adjudication) stay edits of the gold layer.
    assert ws.push(ops.AddSpan(ws.project, ws.annotator, "d2",
                               Span(id="", label="CLAIM", fragments=frag(d2.text, "storm"),
                                    text="storm"), layer=GOLD))
    step()
    # The assistant's suggestions (F7) and a decision on them (Enter).
    ws.open_document("d1")
    pending = compute_for(ws.project, ws.annotator, "d1")
    assert pending.layer.frames, "the sample has a direct quote to suggest"
    assert ws.push(ReplaceSuggestions(ws.project, ws.annotator, "d1", pending))
    step()
    written = ws.layer()
    frame_id = next(f.id for f in written.frames if f.state is SpanState.PENDING)
    assert ws.push(DecideSuggestions(ws.project, ws.annotator, "d1", "Accept frame",
                                     frames={frame_id: SpanState.ACCEPTED}))
    step()
    return states


@pytest.fixture
def path(tmp_path: Path) -> Path:
    make_project(tmp_path / "undo.claimdesk").close()
    return tmp_path / "undo.claimdesk"


def _open(path: Path, annotator: str = "alice") -> Workspace:
    return Workspace.open(path, annotator=annotator)


def _walk(ws: Workspace, moves: str) -> list[dict[str, Any]]:
    """Undo ("u") and redo ("r") in turn; the state after each move."""
    out = []
    for move in moves:
        (ws.undo_stack.undo if move == "u" else ws.undo_stack.redo)()
        out.append(_state(ws))
    return out


def test_every_edit_undoes_and_redoes_after_reopening(qtbot: QtBot, path: Path,
                                                     tmp_path: Path) -> None:
    ws = _open(path)
    states = _session(ws)
    names = _names(ws)
    n = len(names)
    assert n == len(states) - 1
    # The file exactly as it would be left if the program stopped now (journal included) ...
    closed_now = tmp_path / "closed-now.claimdesk"
    ws.project.save_copy(closed_now)
    # ... and what undo and redo do in this session, for reference.
    expected = _walk(ws, "u" * n + "r" * n)
    assert [expected[n - 1][d][1:] for d in ("d1", "d2", "d1/gold", "d2/gold")] == [
        ([], [], [])] * 4
    assert expected[-1] == states[-1]
    ws.close()

    again = _open(closed_now)
    assert _names(again) == names
    assert again.undo_stack.index() == n
    assert not again.undo_stack.canRedo()
    assert _state(again) == states[-1]
    assert _walk(again, "u" * n + "r" * n) == expected
    assert not again.undo_stack.canRedo()
    again.close()


def test_the_redo_part_survives_too(qtbot: QtBot, path: Path, tmp_path: Path) -> None:
    ws = _open(path)
    n = len(_session(ws)) - 1
    _walk(ws, "uu")
    here = _state(ws)
    closed_now = tmp_path / "closed-now.claimdesk"
    ws.project.save_copy(closed_now)
    expected = _walk(ws, "ruuuurrrrr")
    ws.close()

    again = _open(closed_now)
    assert again.undo_stack.index() == n - 2
    assert again.undo_stack.canRedo()
    assert _state(again) == here
    assert _walk(again, "ruuuurrrrr") == expected
    again.close()


def test_a_new_edit_after_reopening_drops_the_redo_part(qtbot: QtBot, path: Path) -> None:
    ws = _open(path)
    _session(ws)
    ws.undo_stack.undo()
    n = ws.undo_stack.index()
    ws.close()
    again = _open(path)
    again.open_document("d3")
    assert again.add_span("CLAIM", frag(again.current.text, "Ministers failed"))  # type: ignore[union-attr]
    assert again.undo_stack.count() == n + 1
    again.close()
    third = _open(path)
    assert third.undo_stack.count() == n + 1
    assert not third.undo_stack.canRedo()
    third.close()


def test_each_annotator_has_their_own_history(qtbot: QtBot, path: Path) -> None:
    alice = _open(path, "alice")
    alice.open_document("d1")
    alice.add_span("CLAIM", frag(alice.current.text, "We are moving"))  # type: ignore[union-attr]
    alice.close()
    bob = _open(path, "bob")
    assert bob.undo_stack.count() == 0
    bob.close()
    assert _open(path, "alice").undo_stack.count() == 1


def test_the_history_is_bounded(qtbot: QtBot, path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMDESK_UNDO_STEPS", "3")
    ws = _open(path)
    ws.open_document("d1")
    text = ws.current.text  # type: ignore[union-attr]
    for needle in ("We", "are", "moving", "towards", "truce"):
        assert ws.add_span("CLAIM", frag(text, needle))
    assert ws.undo_stack.count() == 3
    ws.close()
    again = _open(path)
    assert _names(again) == ["Add CLAIM"] * 3
    assert len(again.project.undo.steps("alice")) == 3
    again.close()


def test_a_step_that_can_no_longer_be_undone_is_reported_and_dropped(qtbot: QtBot,
                                                                     path: Path) -> None:
    ws = _open(path)
    ws.open_document("d1")
    span = ws.add_span("CLAIM", frag(ws.current.text, "We are moving"))  # type: ignore[union-attr]
    assert span is not None
    ws.close()
    with open_project(path) as other:  # someone else deletes the span meanwhile
        other.spans.delete("d1", "alice", span.id, who="bob")
    again = _open(path)
    errors: list[str] = []
    again.error.connect(errors.append)
    again.undo_stack.undo()
    assert errors
    assert "Could not undo" in errors[0]
    assert again.undo_stack.count() == 0
    again.close()
    assert _open(path).undo_stack.count() == 0


_KILLED = textwrap.dedent("""
    import os, sys, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from desktop.ui.workspace import Workspace
    ws = Workspace.open(sys.argv[1], annotator="alice")
    ws.open_document("d1")
    text = ws.current.text
    for needle in ("We are moving", "President Emmanuel Macron", "AFP"):
        start = text.index(needle)
        assert ws.add_span("CLAIM", ((start, start + len(needle)),)) is not None
    ws.undo_stack.undo()  # the last one is undone: it must come back as redo
    print("READY", flush=True)
    time.sleep(60)
""")


def test_undo_history_survives_sigkill(qtbot: QtBot, path: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", _KILLED, str(path)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.strip() == "READY", child.stderr.read() if child.stderr else line
        child.send_signal(signal.SIGKILL)
    finally:
        child.communicate(timeout=30)
    ws = _open(path)
    assert _names(ws) == ["Add CLAIM"] * 3
    assert ws.undo_stack.index() == 2
    assert [s.text for s in ws.project.annotations.spans("d1", "alice")] == [
        "We are moving", "President Emmanuel Macron"]
    ws.undo_stack.redo()
    assert [s.text for s in ws.project.annotations.spans("d1", "alice")] == [
        "We are moving", "President Emmanuel Macron", "AFP"]
    ws.undo_stack.undo()
    ws.undo_stack.undo()
    assert [s.text for s in ws.project.annotations.spans("d1", "alice")] == ["We are moving"]
    ws.close()


def test_every_kind_of_edit_can_be_journaled() -> None:
    """A new Op subclass must be taught to ``undo_journal.encode``/``decode``."""
    from desktop.ui import undo_journal

    def leaves(cls: type) -> set[type]:
        subs = set(cls.__subclasses__())
        return {c for c in subs if not c.__subclasses__()} | {
            x for c in subs for x in leaves(c)}

    names = {c.__name__ for c in leaves(ops.Op)}
    source = Path(undo_journal.__file__).read_text(encoding="utf-8")
    missing = {n for n in names if f'"{n}"' not in source or f"{n})" not in source}
    assert not missing, f"not journaled: {sorted(missing)}"

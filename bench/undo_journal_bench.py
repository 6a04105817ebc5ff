"""Undo-journal benchmark: what writing each undo step into the project costs an edit.

What is measured
----------------
A project with one 100,000-character article (deterministic words) is made in a temporary
folder. ``Workspace.add_span`` (one committed edit: the span, the change log, the status and -
with the journal - the undo step, all in one transaction) is timed 200 times, then the edits
are undone (not timed). Each run does this with the journal as shipped and with
``StoreCommand._journal`` replaced by a no-op (the baseline: the edit as before this feature),
alternating which goes first, ``--repeat`` runs (default 5); per run the median edit time.
Also reported: reopening the project with a full undo history (200 steps, put back on the
stack) against reopening it with an empty one.

Run from the repository root::

    .venv/bin/python bench/undo_journal_bench.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CLAIMDESK_AUTO_BACKUP", "0")

from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.core.model import Document  # noqa: E402
from desktop.core.offsets import sha256_text  # noqa: E402
from desktop.store import open_project  # noqa: E402
from desktop.ui import commands  # noqa: E402
from desktop.ui.workspace import Workspace  # noqa: E402

WORDS = ("the", "minister", "said", "talks", "would", "resume", "on", "friday", "officials")


def edits(path: Path, annotator: str, n: int = 200) -> float:
    ws = Workspace.open(path, annotator=annotator)
    ws.open_document("big")
    times = []
    for k in range(n):
        start = time.perf_counter()
        ws.add_span("CLAIM", ((k * 7, k * 7 + 5),))
        times.append(time.perf_counter() - start)
    for _ in range(n):
        ws.undo_stack.undo()
    ws.close()
    return statistics.median(times)


def reopen(path: Path, annotator: str) -> float:
    start = time.perf_counter()
    ws = Workspace.open(path, annotator=annotator)
    took = time.perf_counter() - start
    ws.close()
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    rng = random.Random(7)
    text = " ".join(rng.choice(WORDS) for _ in range(25_000))[:100_000]
    real = commands.StoreCommand._journal
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CLAIMDESK_HOME"] = tmp
        path = Path(tmp) / "bench.claimdesk"
        with open_project(path, create=True) as project, project.transaction():
            project.documents.insert_many([Document(id="big", title="Big", text=text,
                                                    sha256=sha256_text(text))])
        ours: list[float] = []
        base: list[float] = []
        for i in range(args.repeat):
            for journal in ((True, False) if i % 2 else (False, True)):
                commands.StoreCommand._journal = (  # type: ignore[method-assign]
                    real if journal else (lambda self, step: None))
                (ours if journal else base).append(edits(path, f"a{i}{journal}"))
        commands.StoreCommand._journal = real  # type: ignore[method-assign]
        full = Workspace.open(path, annotator="history")
        full.open_document("big")
        for k in range(200):
            full.add_span("CLAIM", ((k * 7, k * 7 + 5),))
        full.close()
        with_history = [reopen(path, "history") for _ in range(args.repeat)]
        without = [reopen(path, "nobody-yet") for _ in range(args.repeat)]
    app.processEvents()

    def row(name: str, xs: list[float]) -> str:
        return (f"  {name:<36} min {min(xs) * 1000:7.2f}  median "
                f"{statistics.median(xs) * 1000:7.2f}  max {max(xs) * 1000:7.2f} ms")

    print("edit (Workspace.add_span), median of 200 per run:")
    print(row("with the undo journal", ours))
    print(row("baseline: no journal", base))
    print(f"  ratio {statistics.median(ours) / statistics.median(base):.2f}")
    print("opening the project in a Workspace:")
    print(row("with 200 undo steps to put back", with_history))
    print(row("baseline: no undo history", without))
    print(f"  ratio {statistics.median(with_history) / statistics.median(without):.2f}")


if __name__ == "__main__":
    main()

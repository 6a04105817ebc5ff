"""Backup benchmark: what the automatic backups cost on 100 MB and 1 GB projects.

What is measured
----------------
For each size a project of deterministic fictional articles (about 20 KB each, with a full-text
index) is generated once and kept in ``--cache`` (not timed). Then, each ``--repeat`` times
(default 5), alternating the order of the two sides:

* **backup** - ``Project.backup("manual")``: SQLite's online backup API into a hidden file in
  the backups folder, ``journal_mode=DELETE``, fsync, rename into place;
  **baseline** - ``shutil.copyfile`` of the closed project file plus an fsync (what a user's
  "copy the file" costs on the same disk).
* **backup on open, nothing changed** - ``Project.backup("open", skip_unchanged=True)`` when
  the newest backup already holds this state (what happens on most opens: it compares the
  change log, the corpus and the codebook with the newest backup);
  **baseline** - ``open_project`` + ``close`` of the project (what opening costs anyway).
* **window start** - ``build_window`` + show until the event loop is idle, with automatic
  backups on (the default) against off: the backup on open is only scheduled then.
* **edit during a backup** - the latency of ``spans.add`` (one committed edit) on the window's
  connection while another thread backs the project up, against the same edits with no
  backup running (median of 30 edits each).

The window never waits for any of this: the backup on open starts three seconds after the
window is shown, in a background job with its own connection (``desktop/ui/safety.py``).

Run from the repository root::

    .venv/bin/python bench/backup_bench.py [--sizes 100,1000] [--repeat 5] [--cache DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.core.model import Document, Span  # noqa: E402
from desktop.core.offsets import sha256_text  # noqa: E402
from desktop.store import list_backups, open_project  # noqa: E402

SEED = 20261202
WORDS = ("the", "minister", "government", "said", "officials", "talks", "report", "week",
         "council", "budget", "vote", "election", "party", "leader", "agency", "statement",
         "économie", "Ελλάδα", "market", "crisis", "police", "court", "decision", "energy")


def build(path: Path, megabytes: int) -> None:
    """A project of about ``megabytes`` MB (documents and their full-text index)."""
    rng = random.Random(SEED + megabytes)
    target = megabytes * 1024 * 1024
    with open_project(path, create=True) as project:
        n = 0
        while path.stat().st_size < target:
            docs = []
            for _ in range(500):
                text = "\n\n".join(" ".join(rng.choice(WORDS) for _ in range(120)) + "."
                                   for _ in range(18))
                docs.append(Document(id=f"d{n}", title=f"Article {n}", text=text,
                                     sha256=sha256_text(text)))
                n += 1
            with project.transaction():
                project.documents.insert_many(docs)
            project._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def stats(xs: list[float]) -> str:
    return (f"min {min(xs) * 1000:9.1f}  median {statistics.median(xs) * 1000:9.1f}  "
            f"max {max(xs) * 1000:9.1f} ms")


def compare(name: str, ours: Callable[[], object], base: Callable[[], object],
            repeat: int) -> None:
    a: list[float] = []
    b: list[float] = []
    for i in range(repeat):
        if i % 2:
            b.append(timed(base))
            a.append(timed(ours))
        else:
            a.append(timed(ours))
            b.append(timed(base))
    ratio = statistics.median(a) / statistics.median(b)
    print(f"  {name:<32} {stats(a)}")
    print(f"  {'baseline':<32} {stats(b)}   ratio {ratio:5.2f}")


def copy_file(src: Path, dest: Path) -> None:
    shutil.copyfile(src, dest)
    with dest.open("rb+") as fh:
        os.fsync(fh.fileno())


def edit_latency(path: Path, during_backup: bool) -> list[float]:
    out: list[float] = []
    with open_project(path) as project:
        text = project.documents.get("d0").text
        stop = threading.Event()

        def backups() -> None:
            with open_project(path, readonly=True) as other:
                while not stop.is_set():
                    other.backup("manual")

        worker = threading.Thread(target=backups)
        if during_backup:
            worker.start()
            time.sleep(0.2)
        for k in range(30):
            span = Span.from_text(text, id="", label="CLAIM", fragments=((k, k + 3),))
            out.append(timed(lambda s=span: project.spans.add("d0", "bench", s, who="bench")))
            time.sleep(0.01)
        stop.set()
        if during_backup:
            worker.join()
        with project.transaction():
            project._db.execute("DELETE FROM spans WHERE annotator = 'bench'")
    return out


def window_start(path: Path, automatic: bool) -> float:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["CLAIMDESK_AUTO_BACKUP"] = "1" if automatic else "0"
    from PySide6.QtWidgets import QApplication

    from desktop.app import build_window

    app = QApplication.instance() or QApplication([])
    start = time.perf_counter()
    window = build_window(path, "bench")
    window.show()
    app.processEvents()
    took = time.perf_counter() - start
    window.close()
    app.processEvents()
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="100,1000", help="project sizes in MB")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) /
                        "claimdesk-backup-bench")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    os.environ["CLAIMDESK_HOME"] = str(args.cache / "home")
    for size in (int(s) for s in args.sizes.split(",")):
        path = args.cache / f"p{size}.claimdesk"
        if not path.exists():
            print(f"building a {size} MB project (once; kept in {args.cache}) ...", flush=True)
            build(path, size)
        print(f"\n{path.name}: {path.stat().st_size / 1048576:.0f} MB, "
              f"{args.repeat} runs each")
        copy = args.cache / "copy.claimdesk"

        def backup(p: Path = path) -> None:
            with open_project(p, readonly=True) as project:
                project.backup("manual")

        compare("backup (online backup API)", backup,
                lambda p=path, c=copy: copy_file(p, c),
                args.repeat)

        def unchanged(p: Path = path) -> None:
            with open_project(p, readonly=True) as project:
                assert project.backup("open", skip_unchanged=True) is None

        def open_close(p: Path = path) -> None:
            open_project(p).close()

        compare("backup on open, nothing changed", unchanged, open_close, args.repeat)
        window_start(path, False)  # the first window pays for loading Qt's plugins
        on: list[float] = []
        off: list[float] = []
        for i in range(args.repeat):
            for automatic in ((True, False) if i % 2 else (False, True)):
                (on if automatic else off).append(window_start(path, automatic))
        print(f"  {'window start, backups on':<32} {stats(on)}")
        print(f"  {'window start, backups off':<32} {stats(off)}   ratio "
              f"{statistics.median(on) / statistics.median(off):5.2f}")
        calm = edit_latency(path, during_backup=False)
        busy = edit_latency(path, during_backup=True)
        print(f"  {'edit, no backup running':<32} {stats(calm)}")
        print(f"  {'edit during a backup':<32} {stats(busy)}   ratio "
              f"{statistics.median(busy) / statistics.median(calm):5.2f}")
        for b in list_backups(path):
            b.path.unlink()
        copy.unlink(missing_ok=True)


if __name__ == "__main__":
    main()

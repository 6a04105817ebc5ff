"""Staging folders of exports killed half-way are cleaned up by the next export beside them
(defect: ``.part`` folders left after a kill were never removed)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from helpers.foundation import add_document, run_cli

from desktop.formats.writing import clean_stale_staging
from desktop.store import open_project

_SLOW_EXPORT = textwrap.dedent("""
    import sys, time
    from desktop.formats import exporting
    from desktop.formats.exporting import export
    from desktop.store import open_project
    real = exporting.check_spans
    def slow(ad):
        print("exporting", flush=True)
        time.sleep(0.2)
        return real(ad)
    exporting.check_spans = slow
    with open_project(sys.argv[1], readonly=True) as project:
        export(project, fmt="jsonl", out=__import__("pathlib").Path(sys.argv[2]))
""")


def _parts(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_a_killed_export_leaves_a_staging_folder_the_next_one_removes(project_path: Path,
                                                                      tmp_path: Path) -> None:
    with open_project(project_path) as project:
        for n in range(20):
            add_document(project, f"d{n}", f"Article number {n}.")
    out = tmp_path / "exports" / "corpus.jsonl"
    child = subprocess.Popen([sys.executable, "-c", _SLOW_EXPORT, str(project_path), str(out)],
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "exporting"
    child.kill()
    child.communicate(timeout=30)
    assert len(_parts(out.parent)) == 1  # the damage: a staging folder nobody removes
    assert not out.exists()
    result = run_cli("export", project_path, "--format", "jsonl", "--out",
                     out.parent / "again.jsonl")
    assert result.code == 0, result
    assert _parts(out.parent) == []


def test_only_staging_folders_of_dead_exports_are_removed(tmp_path: Path) -> None:
    host = socket.gethostname()
    live = tmp_path / ".a.jsonl.live.part"
    live.mkdir()
    (live / "owner").write_text(f"{host} {os.getpid()}\n", encoding="utf-8")
    other_host = tmp_path / ".b.jsonl.remote.part"
    other_host.mkdir()
    (other_host / "owner").write_text("another-machine 1\n", encoding="utf-8")
    not_ours = tmp_path / ".c.part"
    not_ours.mkdir()  # no owner file: not made by Claimdesk
    old = tmp_path / ".d.jsonl.old.part"
    old.mkdir()
    (old / "owner").write_text("another-machine 2\n", encoding="utf-8")
    day_ago = time.time() - 25 * 3600
    os.utime(old / "owner", (day_ago, day_ago))
    dead = tmp_path / ".e.jsonl.dead.part"
    dead.mkdir()
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    (dead / "owner").write_text(f"{host} {proc.stdout.strip()}\n", encoding="utf-8")
    removed = clean_stale_staging(tmp_path)
    assert sorted(p.name for p in removed) == [old.name, dead.name]
    assert _parts(tmp_path) == sorted([live.name, other_host.name, not_ours.name])

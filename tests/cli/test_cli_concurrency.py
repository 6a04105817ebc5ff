"""Several processes on one project: imports queue for the lock, readers never block them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from helpers.foundation import run_cli
from helpers.locking import LockHolder

from desktop.store import open_project


def _corpus(path: Path, tag: str, n: int) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = (f"Article {tag}-{i}. " + "The minister said the talks would resume. " * 40)
            fh.write(json.dumps({"id": f"{tag}-{i}", "title": f"{tag} {i}", "text": text}) + "\n")
    return path


def _claimdesk(*args: object) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "desktop", *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def test_two_imports_started_together_both_complete(tmp_path: Path) -> None:
    project = tmp_path / "p.claimdesk"
    assert run_cli("init", project).code == 0
    a = _corpus(tmp_path / "a.jsonl", "a", 3000)
    b = _corpus(tmp_path / "b.jsonl", "b", 3000)
    procs = [_claimdesk("import", project, a), _claimdesk("import", project, b)]
    results = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err
        assert "3000 documents added" in out
    with open_project(project) as p:
        assert p.documents.count() == 6000


def test_stats_during_an_import_leaves_the_import_untouched(tmp_path: Path) -> None:
    project = tmp_path / "p.claimdesk"
    assert run_cli("init", project).code == 0
    corpus = _corpus(tmp_path / "big.jsonl", "c", 8000)
    importing = _claimdesk("import", project, corpus)
    runs = 0
    while importing.poll() is None:
        stats = subprocess.run([sys.executable, "-m", "desktop", "stats", str(project),
                                "--json"], capture_output=True, text=True, timeout=120,
                               check=False)
        assert stats.returncode == 0, stats.stderr
        assert json.loads(stats.stdout)["documents"] in (0, 8000)  # all or nothing
        runs += 1
    out, err = importing.communicate(timeout=300)
    assert importing.returncode == 0, err
    assert "8000 documents added" in out
    assert runs >= 1
    with open_project(project) as p:
        assert p.documents.count() == 8000


def test_an_import_waits_for_another_writer_and_says_so(tmp_path: Path) -> None:
    project = tmp_path / "p.claimdesk"
    assert run_cli("init", project).code == 0
    corpus = _corpus(tmp_path / "a.jsonl", "a", 10)
    with LockHolder(project, 12):  # longer than the 10 s busy timeout
        t0 = time.monotonic()
        proc = _claimdesk("import", project, corpus)
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert time.monotonic() - t0 >= 10
    assert "another Claimdesk process is writing" in err
    assert "10 documents added" in out


def test_an_unexpected_error_is_logged_with_its_traceback(tmp_path: Path,
                                                          monkeypatch: object) -> None:
    import pytest

    from desktop import cli
    from desktop.paths import log_file

    assert isinstance(monkeypatch, pytest.MonkeyPatch)

    def broken(_args: object) -> int:
        raise RuntimeError("something odd")

    monkeypatch.setitem(cli._HANDLERS, "stats", broken)
    result = run_cli("stats", tmp_path / "whatever.claimdesk")
    assert result.code == 2
    assert "unexpected error: RuntimeError: something odd" in result.err
    assert str(log_file()) in result.err
    logged = log_file().read_text(encoding="utf-8")
    assert "Traceback" in logged
    assert "RuntimeError: something odd" in logged


def test_stats_into_a_closed_pipe_is_not_an_error(tmp_path: Path) -> None:
    project = tmp_path / "p.claimdesk"
    assert run_cli("init", project).code == 0
    # `true` exits without reading, so every write of stats meets a closed pipe; pipefail
    # makes the exit status claimdesk's.
    proc = subprocess.run(["bash", "-c", f'set -o pipefail; "{sys.executable}" -m desktop '
                           f'stats "{project}" | true'],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "Error" not in proc.stderr
    assert "unexpected" not in proc.stderr

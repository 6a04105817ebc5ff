"""A merge killed half-way (SIGKILL, no clean-up) leaves the lead project as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers.foundation import fingerprint, run_cli

from desktop.core.model import DocStatus, Document, Layer, Span
from desktop.core.offsets import sha256_text
from desktop.store import open_project

DOCS = 2500
SPANS = 20


def _big_pair(lead: Path, other: Path) -> None:
    """A lead with DOCS documents and an annotator file with a done layer on each."""
    texts = [f"Report {i}. " + " ".join(f"Minister {i}-{k} said the talks would resume."
                                         for k in range(SPANS)) for i in range(DOCS)]
    docs = [Document(id=f"d{i}", title=f"Report {i}", text=t, sha256=sha256_text(t))
            for i, t in enumerate(texts)]
    with open_project(lead, create=True) as p, p.transaction():
        p.documents.insert_many(docs)
    with open_project(other, create=True) as p, p.transaction():
        p.documents.insert_many(docs)
        plans = []
        for i, d in enumerate(docs):
            spans = []
            for k in range(SPANS):
                s = d.text.index(f"Minister {i}-{k} ")
                spans.append(Span.from_text(d.text, id=f"s{k + 1}", label="SOURCE",
                                            fragments=((s, s + len(f"Minister {i}-{k}")),)))
            plans.append(p.bulk.plan(d.id, d.text, Layer(
                annotator="alice", status=DocStatus.DONE, spans=tuple(spans))))
        p.bulk.write(plans, who="alice")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_merge_killed_half_way_leaves_the_lead_unchanged(tmp_path: Path) -> None:
    lead, other = tmp_path / "lead.claimdesk", tmp_path / "alice.claimdesk"
    _big_pair(lead, other)
    before = fingerprint(lead)
    wal = lead.with_name(lead.name + "-wal")
    start_size = wal.stat().st_size if wal.exists() else 0
    proc = subprocess.Popen([sys.executable, "-m", "desktop", "merge", str(lead), str(other)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    # The merge is one transaction: once it has spilled pages into the write-ahead log it
    # is writing, and it commits only at the very end.
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size > start_size + 2_000_000:
            break
        time.sleep(0.005)
    assert proc.poll() is None, "the merge finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert wal.stat().st_size > start_size  # it had written, uncommitted
    assert fingerprint(lead) == before
    result = run_cli("check", lead)
    assert result.code == 0, result.out
    assert result.out.strip().endswith("0 problems, 0 warnings")
    with open_project(lead) as p:
        assert p.annotations.layers_of("d0") == []
    # ... and the same merge run again completes.
    assert run_cli("merge", lead, other).code == 0
    with open_project(lead) as p:
        assert len(p.annotations.spans("d0", "alice")) == SPANS

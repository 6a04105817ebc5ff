"""Progress on stderr for long commands: a line about every two seconds, and a last line
only for work that cannot be refused afterwards."""

from __future__ import annotations

import pytest

from desktop import cli_support
from desktop.cli_support import StderrProgress


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_progress_lines_come_every_two_seconds_and_at_the_end(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    clock = _Clock()
    monkeypatch.setattr(cli_support.time, "monotonic", clock)
    progress = StderrProgress("merged")
    progress(1, 10, "")
    clock.now += 2.5
    progress(5, 10, "")
    progress(6, 10, "")
    progress(10, 10, "")
    assert capsys.readouterr().err.splitlines() == [
        "claimdesk: merged 5 of 10 documents", "claimdesk: merged 10 of 10 documents"]


def test_a_step_that_may_still_be_refused_has_no_last_line(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    clock = _Clock()
    monkeypatch.setattr(cli_support.time, "monotonic", clock)
    progress = StderrProgress("read", final=False)
    progress(10, 10, "")
    assert capsys.readouterr().err == ""
    clock.now += 3
    progress(10, 20, "")
    assert capsys.readouterr().err == "claimdesk: read 10 of 20 documents\n"

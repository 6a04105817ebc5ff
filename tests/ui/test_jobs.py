"""ui/jobs.py: own connection in a pool thread, queued progress/outcome, cancel, errors."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import pytest
from helpers.jobs import JOB_TIMEOUT_MS, no_jobs_left  # noqa: F401
from helpers.windows import make_project
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.core.errors import InputError
from desktop.formats.progress import CancelToken, ProgressFn
from desktop.store import Project, open_project
from desktop.ui.jobs import GENERIC_FAILURE, JobOutcome, JobProgress, JobState, start_job

pytestmark = pytest.mark.usefixtures("no_jobs_left")


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return make_project(tmp_path / "jobs.claimdesk")


def test_job_runs_in_a_pool_thread_on_its_own_connection(qtbot: QtBot, path: Path) -> None:
    gui_thread = threading.current_thread()
    seen: dict[str, object] = {}
    with open_project(path) as gui_project:

        def work(project: Project, progress: ProgressFn, cancel: CancelToken) -> int:
            seen["thread"] = threading.current_thread()
            seen["same"] = project is gui_project or project._db is gui_project._db
            progress(1, 2, "half way")
            progress(2, 2, "done")
            return project.documents.count()

        job = start_job("count", path, work)
        progress: list[tuple[int, int, str, bool]] = []
        job.progress.connect(lambda d, t, m: progress.append(
            (d, t, m, threading.current_thread() is gui_thread)))
        with qtbot.waitSignal(job.finished, timeout=JOB_TIMEOUT_MS) as blocker:
            pass
    outcome = blocker.args[0]
    assert isinstance(outcome, JobOutcome)
    assert outcome.state is JobState.OK
    assert outcome.value == 4
    assert seen["thread"] is not gui_thread
    assert seen["same"] is False
    assert progress[-1][:3] == (2, 2, "done")
    assert all(in_gui for *_, in_gui in progress)
    assert not job.running


def test_claimdesk_error_becomes_its_message(qtbot: QtBot, path: Path) -> None:
    def work(project: Project, progress: ProgressFn, cancel: CancelToken) -> None:
        raise InputError("bad value", file="in.jsonl", line=3, field="spans[0].label")

    job = start_job("fail", path, work)
    with qtbot.waitSignal(job.finished, timeout=JOB_TIMEOUT_MS) as blocker:
        pass
    outcome = blocker.args[0]
    assert outcome.state is JobState.FAILED
    assert outcome.message == "in.jsonl:3, field 'spans[0].label': bad value"


def test_bug_is_logged_and_reported_generically(qtbot: QtBot, path: Path,
                                                caplog: pytest.LogCaptureFixture) -> None:
    def work(project: Project, progress: ProgressFn, cancel: CancelToken) -> None:
        raise RuntimeError("internal detail")

    with caplog.at_level(logging.ERROR, logger="desktop.ui.jobs"):
        job = start_job("bug", path, work)
        with qtbot.waitSignal(job.finished, timeout=JOB_TIMEOUT_MS) as blocker:
            pass
    outcome = blocker.args[0]
    assert outcome.state is JobState.FAILED
    assert outcome.message == GENERIC_FAILURE
    assert "Traceback" not in outcome.message
    assert "internal detail" in caplog.text  # the log has the details for a bug report


def test_cancel_while_running(qtbot: QtBot, path: Path) -> None:
    started = threading.Event()

    def work(project: Project, progress: ProgressFn, cancel: CancelToken) -> None:
        started.set()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            cancel.check()
            time.sleep(0.005)

    job = start_job("slow", path, work)
    assert started.wait(10)
    with qtbot.waitSignal(job.finished, timeout=JOB_TIMEOUT_MS) as blocker:
        job.cancel()
    assert blocker.args[0].state is JobState.CANCELLED
    assert "nothing was written" in blocker.args[0].message


def test_missing_project_fails_cleanly(qtbot: QtBot, tmp_path: Path) -> None:
    job = start_job("nowhere", tmp_path / "missing.claimdesk",
                    lambda project, progress, cancel: None)
    with qtbot.waitSignal(job.finished, timeout=JOB_TIMEOUT_MS) as blocker:
        pass
    assert blocker.args[0].state is JobState.FAILED
    assert "no such project file" in blocker.args[0].message


def test_progress_widget_follows_and_cancels(qtbot: QtBot, path: Path) -> None:
    widget = JobProgress()
    qtbot.addWidget(widget)
    assert not widget.cancel_button.isEnabled()
    release = threading.Event()

    def work(project: Project, progress: ProgressFn, cancel: CancelToken) -> None:
        progress(3, 10, "three of ten")
        while not release.wait(0.01):
            cancel.check()

    job = start_job("widget", path, work)
    widget.attach(job)
    assert widget.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: widget.bar.value() == 3, timeout=JOB_TIMEOUT_MS)
    assert widget.bar.maximum() == 10
    assert widget.message.text() == "three of ten"
    with qtbot.waitSignal(job.finished, timeout=JOB_TIMEOUT_MS):
        qtbot.mouseClick(widget.cancel_button, Qt.MouseButton.LeftButton)
    assert widget.message.text() == "Cancelled"
    assert not widget.cancel_button.isEnabled()
    release.set()

"""Team → Statistics (charts populated, saved as PNG and SVG) and the Batch, Merge and
Agreement dialogs running as background jobs."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.jobs import finish_job, no_jobs_left  # noqa: F401
from helpers.team_windows import lead_window
from pytestqt.qtbot import QtBot

from desktop.core.model import DocStatus, Span
from desktop.store import open_project
from desktop.ui.main_window import MainWindow
from desktop.ui.views import charts

pytestmark = pytest.mark.usefixtures("no_jobs_left")


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    return lead_window(qtbot, tmp_path)


def test_statistics_charts_are_populated_and_save_as_png_and_svg(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    assert charts.available()
    stats = window.team.open_statistics()
    assert stats.job is not None
    with qtbot.waitSignal(stats.job.finished, timeout=30_000):
        pass
    assert stats.stats is not None
    assert set(stats.charts) == {"labels", "progress", "agreement", "confusion"}
    assert "2 annotators; 1 documents compared" in stats.summary.text()
    labels = stats.charts["labels"]
    bars = [i for i in labels.getPlotItem().items if type(i).__name__ == "BarGraphItem"]
    assert len(bars) == 2  # alice and bob
    progress = stats.charts["progress"].getPlotItem().listDataItems()
    assert len(progress) == 2
    assert list(progress[0].yData) == [1]
    confusion = stats.charts["confusion"]
    texts = sorted(i.toPlainText() for i in confusion.getPlotItem().items
                   if type(i).__name__ == "TextItem")
    assert "1" in texts  # the SOURCE/ACTOR confusion cell
    saved = stats.save_all(tmp_path / "charts")
    assert sorted(p.name for p in saved) == sorted(
        f"{n}.{s}" for n in ("labels", "progress", "agreement", "confusion")
        for s in ("png", "svg"))
    png = (tmp_path / "charts" / "labels.png").read_bytes()
    assert png.startswith(b"\x89PNG")
    svg = (tmp_path / "charts" / "agreement.svg").read_text(encoding="utf-8")
    assert svg.startswith("<?xml")
    assert "<svg" in svg
    assert "Agreement per label" in svg


def test_merge_dialog_runs_in_the_background_and_tells_the_views(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    other = tmp_path / "carol.claimdesk"
    with open_project(window.ws.path) as lead:  # type: ignore[arg-type]
        from desktop.store import write_batch

        write_batch(lead, tmp_path, {"carol": ["p2"]})
    with open_project(other) as o:
        text = o.documents.get("p2").text
        o.spans.add("p2", "carol", Span.from_text(text, id="", label="SOURCE",
                                                  fragments=((0, 9),)), who="carol")
        o.status.set("p2", "carol", DocStatus.DONE, who="carol")
    dialog = window.team.open_merge_dialog()
    dialog.add_files([other])
    heard = []
    window.ws.changed.connect(heard.append)
    outcome = finish_job(qtbot, dialog.job_finished, dialog.start)
    assert outcome.ok, outcome.message
    assert "1 added" in dialog.summary.toPlainText()
    assert window.ws.writes_paused == ""
    assert any(c.reload for c in heard)
    assert [s.text for s in window.ws.project.annotations.spans("p2", "carol")] == ["Ministers"]


def test_batch_and_agreement_dialogs(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    batch = window.team.open_batch_dialog()
    batch.annotators.setText("dora, emil")
    batch.out.setText(str(tmp_path / "batches"))
    batch.new_only.setChecked(False)
    outcome = finish_job(qtbot, batch.job_finished, batch.start)
    assert outcome.ok, outcome.message
    assert (tmp_path / "batches" / "dora.claimdesk").exists()
    assert "dora" in batch.summary.toPlainText()
    agree = window.team.open_agreement_dialog()
    outcome = finish_job(qtbot, agree.job_finished, agree.start)
    assert outcome.ok, outcome.message
    assert "alice / bob" in agree.summary.toPlainText()
    agree.save_json(tmp_path / "agreement.json")
    assert '"pairs"' in (tmp_path / "agreement.json").read_text(encoding="utf-8")
    # A bad name is a message, not a crash.
    agree.annotators.setText("alice, zoe")
    outcome = finish_job(qtbot, agree.job_finished, agree.start)
    assert not outcome.ok
    assert "no annotator 'zoe'" in agree.summary.toPlainText()

"""The internal smoke-test mode the packaging tests use: open a project, show, quit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from desktop.app import SMOKE_TEST_ENV
from desktop.store import open_project


def test_smoke_mode_opens_the_project_without_asking_and_quits(tmp_path: Path) -> None:
    project = tmp_path / "p.claimdesk"
    with open_project(project, create=True):
        pass
    env = {**os.environ, SMOKE_TEST_ENV: "1", "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "desktop", str(project)], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "smoke test: window shown (Claimdesk — p.claimdesk" in done.stdout

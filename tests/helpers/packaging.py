"""Shared by the packaging tests: paths, a checked subprocess runner, a clean environment."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parents[1] / "packaging" / "data"
ENABLED = os.environ.get("CLAIMDESK_PACKAGE_TESTS") == "1"


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None,
        timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run ``cmd``; fail with its output when it exits non-zero."""
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)
    assert done.returncode == 0, (f"{cmd} exited {done.returncode}\n"
                                  f"stdout:\n{done.stdout}\nstderr:\n{done.stderr}")
    return done


def clean_env(**extra: str) -> dict[str, str]:
    """A minimal environment: nothing points at the checkout or its venv."""
    env = {k: v for k, v in os.environ.items()
           if k in {"HOME", "LANG", "LC_ALL", "TMPDIR", "PATH"} or k.startswith("PIP_")}
    env["PATH"] = "/usr/local/bin:/usr/bin:/bin"
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(extra)
    return env

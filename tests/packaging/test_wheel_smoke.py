"""The wheel as a new user gets it: built from the sdist, installed into a fresh venv, used in
an empty folder far from the checkout (make test-package)."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from helpers.packaging import DATA, ROOT, clean_env, run

from desktop import __version__

pytestmark = [pytest.mark.slow, pytest.mark.package]


def _resource_files() -> set[str]:
    base = ROOT / "resources"
    return {p.relative_to(base).as_posix() for p in base.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(venv, empty working folder) with the freshly built wheel installed."""
    tmp = tmp_path_factory.mktemp("wheel")
    # `python -m build` makes the sdist, then the wheel from the unpacked sdist: both carry
    # everything or the wheel misses it.
    run([sys.executable, "-m", "build", "--outdir", str(tmp / "dist"), str(ROOT)], cwd=tmp,
        timeout=600)
    wheel = next((tmp / "dist").glob("claimdesk-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    packaged = {n.removeprefix("desktop/_resources/") for n in names
                if n.startswith("desktop/_resources/")}
    assert packaged == _resource_files()
    venv = tmp / "venv"
    run([sys.executable, "-m", "venv", str(venv)], cwd=tmp)
    run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)], cwd=tmp,
        env=clean_env(), timeout=900)
    work = tmp / "empty"
    work.mkdir()
    return venv, work


def test_cli_works_outside_the_checkout(installed: tuple[Path, Path]) -> None:
    venv, work = installed
    exe = str(venv / "bin" / "claimdesk")
    env = clean_env()
    assert run([exe, "--version"], work, env).stdout.strip() == f"claimdesk {__version__}"
    run([exe, "init", "p.claimdesk"], work, env)
    where = run([str(venv / "bin" / "python"), "-c",
                 "from desktop.resources import samples_path; print(samples_path())"],
                work, env).stdout.strip()
    assert Path(where).is_relative_to(venv), where  # the installed copy, not the checkout
    run([exe, "import", "p.claimdesk", where], work, env)
    run([exe, "import", "p.claimdesk", str(DATA / "harbour-deal.html")], work, env)
    run([exe, "export", "p.claimdesk", "--format", "jsonl", "--out", "out.jsonl"], work, env)
    records = [json.loads(line) for line in (work / "out.jsonl").read_text().splitlines()]
    assert len(records) == 6
    html = [r for r in records if r["meta"].get("outlet") == "Northgate Courier"]
    assert html
    assert "pay offer" in html[0]["text"]
    assert run([exe, "check", "p.claimdesk"], work, env).returncode == 0


def test_training_formats_say_how_to_get_them(installed: tuple[Path, Path]) -> None:
    venv, work = installed
    exe = str(venv / "bin" / "claimdesk")
    run([exe, "init", "q.claimdesk"], work, clean_env())
    done = subprocess.run([exe, "export", "q.claimdesk", "--format", "spacy", "--out",
                           "x.spacy"], cwd=work, env=clean_env(), capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 2
    assert "pip install 'claimdesk[formats]'" in done.stderr


def test_gui_starts_offscreen(installed: tuple[Path, Path]) -> None:
    venv, work = installed
    exe = str(venv / "bin" / "claimdesk")
    run([exe, "init", "g.claimdesk"], work, clean_env())
    done = run([exe, "g.claimdesk"], work, clean_env(CLAIMDESK_SMOKE_TEST="1",
                                                     CLAIMDESK_HOME=str(work / "home")))
    assert "smoke test: window shown" in done.stdout

"""The PyInstaller bundle and the Linux tarball that `make package` leaves in dist/
(make test-package): CLI, GUI offscreen, resources inside, installed from the tarball."""

from __future__ import annotations

import json
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
from helpers.packaging import DATA, ROOT, clean_env, run

from desktop import __version__

pytestmark = [pytest.mark.slow, pytest.mark.package]

BUNDLE = ROOT / "dist" / "claimdesk"
EXE = BUNDLE / "claimdesk"


@pytest.fixture(scope="module")
def exe() -> Path:
    assert EXE.is_file(), f"{EXE} is missing: run `make package` first"
    return EXE


def _bare_env(**extra: str) -> dict[str, str]:
    # No PATH to any Python, nothing but what the bundle carries.
    return {"PATH": "/nonexistent", "HOME": extra.pop("HOME", "/nonexistent"),
            "QT_QPA_PLATFORM": "offscreen", **extra}


def test_bundle_carries_python_and_resources(exe: Path) -> None:
    internal = BUNDLE / "_internal"
    assert list(internal.glob("libpython3*.so*"))
    carried = internal / "desktop" / "_resources"
    for rel in (p.relative_to(ROOT / "resources") for p in (ROOT / "resources").rglob("*")
                if p.is_file()):
        assert (carried / rel).is_file(), rel
    for heavy in ("spacy", "pyarrow", "datasets", "pandas"):
        assert not (internal / heavy).exists(), heavy
    # The Statistics window's charts: pyqtgraph and the numpy it draws with.
    assert (internal / "pyqtgraph").is_dir()
    assert (internal / "numpy").is_dir()
    assert not list(internal.glob("libgtk-3.so*"))  # the desktop's own GTK, never a copy


def test_cli_from_the_bundle(exe: Path, tmp_path: Path) -> None:
    env = _bare_env(HOME=str(tmp_path))
    assert run([str(exe), "--version"], tmp_path, env).stdout.strip() == \
        f"claimdesk {__version__}"
    run([str(exe), "init", "p.claimdesk"], tmp_path, env)
    sample = BUNDLE / "_internal" / "desktop" / "_resources" / "samples" / "samples.jsonl"
    run([str(exe), "import", "p.claimdesk", str(sample), str(DATA / "harbour-deal.html")],
        tmp_path, env)
    run([str(exe), "export", "p.claimdesk", "--format", "jsonl", "--out", "o.jsonl"], tmp_path,
        env)
    assert len((tmp_path / "o.jsonl").read_text().splitlines()) == 6
    run([str(exe), "export", "p.claimdesk", "--format", "conll", "--out", "o.conll"], tmp_path,
        env)
    done = subprocess.run([str(exe), "export", "p.claimdesk", "--format", "hf", "--out", "hf"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 2
    assert "stand-alone Claimdesk does not include it" in done.stderr


def test_gui_from_the_bundle_opens_a_project_and_quits(exe: Path, tmp_path: Path) -> None:
    env = _bare_env(HOME=str(tmp_path))
    run([str(exe), "init", "g.claimdesk"], tmp_path, env)
    done = run([str(exe), "g.claimdesk"], tmp_path, {**env, "CLAIMDESK_SMOKE_TEST": "1"},
               timeout=120)
    assert "smoke test: window shown (Claimdesk — g.claimdesk" in done.stdout


def test_default_project_from_the_bundle(exe: Path, tmp_path: Path) -> None:
    env = _bare_env(HOME=str(tmp_path), CLAIMDESK_HOME=str(tmp_path / "data"),
                    CLAIMDESK_SMOKE_TEST="1")
    run([str(exe)], tmp_path, env, timeout=120)
    project = tmp_path / "data" / "default.claimdesk"
    stats = run([str(exe), "stats", str(project), "--json"], tmp_path, env).stdout
    assert json.loads(stats)["documents"] == 5


def test_tarball_installs_for_one_user(exe: Path, tmp_path: Path) -> None:
    tarballs = sorted((ROOT / "dist").glob(f"claimdesk-{__version__}-linux-*.tar.gz"))
    assert tarballs, "no tarball in dist/: run `make package`"
    with tarfile.open(tarballs[-1]) as tar:
        tar.extractall(tmp_path / "unpacked", filter="tar")
    (top,) = (tmp_path / "unpacked").iterdir()
    prefix = tmp_path / "home dir" / ".local"
    env = clean_env(PREFIX=str(prefix), HOME=str(tmp_path / "home dir"))
    run([str(top / "install.sh")], tmp_path, env)
    assert run([str(prefix / "bin" / "claimdesk"), "--version"], tmp_path, env).stdout.strip() \
        == f"claimdesk {__version__}"
    desktop = prefix / "share" / "applications" / "org.claimdesk.Claimdesk.desktop"
    assert f'Exec="{prefix}/lib/claimdesk/claimdesk" %f' in desktop.read_text()
    assert (prefix / "share" / "icons" / "hicolor" / "48x48" / "apps" /
            "org.claimdesk.Claimdesk.png").is_file()
    if shutil.which("desktop-file-validate"):
        run(["desktop-file-validate", str(desktop)], tmp_path)
    run([str(top / "install.sh"), "--uninstall"], tmp_path, env)
    assert not (prefix / "bin" / "claimdesk").exists()
    assert not desktop.exists()

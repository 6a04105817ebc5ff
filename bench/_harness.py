"""Shared by the corpus-scale benchmarks: runs in child processes, statistics, tables.

Every measured run is a fresh child process (``python bench/<script>.py --child ...``), so
no run inherits another's caches or heap, and the child's peak resident memory
(``ru_maxrss``) is the peak of exactly one import or export. The child times its own work
(wall-clock and CPU seconds of the timed section; SQLite runs in-process, so CPU time counts
it) and prints one JSON line; the parent also times the whole process (interpreter start,
imports, opening the project).

Both sides of a comparison run the same number of times, alternating which goes first, and
are summarised as min / median / max; the ratio is of the medians.
"""

from __future__ import annotations

import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "claimdesk-bench"


@dataclass(slots=True)
class Run:
    """One child process: its timed section and its whole life."""

    wall: float
    cpu: float
    rss_mb: float
    process_s: float
    extra: dict[str, Any] = field(default_factory=dict)


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB.

    On Linux this is ``VmHWM`` of ``/proc/self/status``: ``ru_maxrss`` of a child started
    with fork + exec also counts the parent's memory at the fork (a parent holding 600 MB
    made every child report at least 600 MB).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(kb / 1024 / (1024 if sys.platform == "darwin" else 1), 1)


@dataclass(slots=True)
class Timed:
    value: Any
    timing: dict[str, float]


def timed(work: Callable[[], Any]) -> Timed:
    """Run ``work`` after a garbage collection; its value and {wall, cpu} seconds."""
    gc.collect()
    t_wall, t_cpu = time.perf_counter(), time.process_time()
    value = work()
    return Timed(value, {"wall": time.perf_counter() - t_wall,
                         "cpu": time.process_time() - t_cpu})


def child_result(timing: dict[str, Any]) -> None:
    """In the child: print the timing, the peak RSS and any extras as one JSON line."""
    print(json.dumps({**timing, "rss_mb": peak_rss_mb()}))


def new_project(path: Path) -> None:
    """A fresh, empty project file (the same schema for Claimdesk and the baselines)."""
    sys.path.insert(0, str(ROOT))
    from desktop.store import open_project

    remove_db(path)
    open_project(path, create=True).close()


def work_dir(cache: Path) -> Path:
    """A scratch folder for this run's project files and exports (removed at exit)."""
    import atexit
    import shutil

    work = cache / f"work-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    atexit.register(shutil.rmtree, work, ignore_errors=True)
    return work


def run_child(script: Path, args: Sequence[str], *, env: dict[str, str] | None = None) -> Run:
    """Run ``script --child args`` and read its JSON line."""
    start = time.perf_counter()
    res = subprocess.run([sys.executable, str(script), "--child", *args], capture_output=True,
                         text=True, env={**os.environ, **(env or {})}, check=False)
    took = time.perf_counter() - start
    if res.returncode != 0:
        raise SystemExit(f"child {script.name} {' '.join(args)} failed:\n{res.stderr[-3000:]}")
    data = json.loads(res.stdout.strip().splitlines()[-1])
    wall, cpu, rss = data.pop("wall"), data.pop("cpu"), data.pop("rss_mb")
    return Run(wall=wall, cpu=cpu, rss_mb=rss, process_s=took, extra=data)


def stats(values: Sequence[float]) -> dict[str, float]:
    return {"min": min(values), "median": statistics.median(values), "max": max(values)}


def compare(sides: dict[str, Callable[[], Run]], repeat: int,
            log: Callable[[str], None] = print) -> dict[str, list[Run]]:
    """Run every side ``repeat`` times, alternating the order of the sides."""
    runs: dict[str, list[Run]] = {name: [] for name in sides}
    names = list(sides)
    for k in range(repeat):
        order = names if k % 2 == 0 else list(reversed(names))
        for name in order:
            runs[name].append(sides[name]())
        log(f"  run {k + 1}/{repeat}: " + ", ".join(
            f"{n} {runs[n][-1].wall:.3f} s" for n in names))
    return runs


def summary(runs: dict[str, list[Run]], ours: str = "claimdesk",
            base: str = "baseline") -> dict[str, Any]:
    """min/median/max of wall, CPU, whole-process time and peak RSS per side, and ratios."""
    out: dict[str, Any] = {}
    for name, rs in runs.items():
        out[name] = {"wall_s": stats([r.wall for r in rs]), "cpu_s": stats([r.cpu for r in rs]),
                     "process_s": stats([r.process_s for r in rs]),
                     "peak_rss_mb": stats([r.rss_mb for r in rs]),
                     "runs_wall_s": [round(r.wall, 3) for r in rs]}
    if ours in out and base in out:
        o, b = out[ours], out[base]
        out["ratio"] = {k: o[k]["median"] / b[k]["median"]
                        for k in ("wall_s", "cpu_s", "process_s")}
    return out


def print_summary(title: str, result: dict[str, Any], target: float | None,
                  docs: int) -> None:
    print(f"\n{title}")
    head = (f"  {'':<11}{'wall s min/median/max':>26}{'docs/s':>10}{'cpu s':>8}"
            f"{'process s':>11}{'peak MB':>9}")
    print(head)
    for name, r in result.items():
        if name == "ratio" or not isinstance(r, dict) or "wall_s" not in r:
            continue
        w = r["wall_s"]
        print(f"  {name:<11}{w['min']:>8.3f} /{w['median']:>7.3f} /{w['max']:>7.3f}"
              f"{docs / w['median']:>10,.0f}{r['cpu_s']['median']:>8.3f}"
              f"{r['process_s']['median']:>11.3f}{r['peak_rss_mb']['max']:>9.0f}")
    if "ratio" in result:
        ra = result["ratio"]
        verdict = "" if target is None else (
            f"   target <= {target}: {'OK' if ra['wall_s'] <= target else 'ABOVE TARGET'}")
        print(f"  {'ratio':<11}{ra['wall_s']:>24.2f}{'':>10}{ra['cpu_s']:>8.2f}"
              f"{ra['process_s']:>11.2f}{verdict}")


def cached(path: Path, make: Callable[[Path], None], log: Callable[[str], None] = print) -> Path:
    """``path``, made once with ``make(tmp)`` and moved into place (a ``.ready`` marker
    beside it says it is complete)."""
    ready = path.with_name(path.name + ".ready")
    if path.exists() and ready.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    for p in (path, ready, tmp):
        if p.is_dir():
            import shutil
            shutil.rmtree(p)
        else:
            p.unlink(missing_ok=True)
    for suffix in ("-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    t0 = time.perf_counter()
    make(tmp)
    tmp.replace(path)
    ready.write_text(f"{time.perf_counter() - t0:.1f}\n")
    log(f"made {path} in {time.perf_counter() - t0:.1f} s")
    return path


def made_in(path: Path) -> float | None:
    """Seconds it took to make a cached file (from its ``.ready`` marker)."""
    ready = path.with_name(path.name + ".ready")
    try:
        return float(ready.read_text().strip())
    except (OSError, ValueError):
        return None


def remove_db(path: Path) -> None:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)


def write_json(path: Path | None, data: dict[str, Any]) -> None:
    if path is not None:
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {path}")


def quiet_qt_messages() -> None:
    """Print Qt's messages on stderr, except the one the offscreen platform gives on every
    top-level show (noise in a benchmark's output)."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def quiet(kind: QtMsgType, _context: object, message: str) -> None:
        if "propagateSizeHints" not in message:
            print(f"Qt {kind.name}: {message}", file=sys.stderr)

    qInstallMessageHandler(quiet)

"""The guide's worked example (docs/guide/exports.md) runs as written: a Claimdesk spaCy export
trains a span categoriser on the CPU, which is evaluated and used (make test-package)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from helpers.packaging import ROOT, run

from desktop.resources import samples_path

pytestmark = [pytest.mark.slow, pytest.mark.package]
spacy = pytest.importorskip("spacy")

PAGE = ROOT / "docs" / "guide" / "exports.md"
CUES = re.compile(r"\b(said|told|warned|denied|according to)\b")


def _blocks(lang: str) -> list[str]:
    text = PAGE.read_text(encoding="utf-8")
    return re.findall(rf"^```{lang}\n(.*?)^```", text, re.S | re.M)


def _command(start: str) -> list[str]:
    """The guide's shell command starting with ``start``, continuation lines joined."""
    for block in _blocks("sh"):
        joined = block.replace("\\\n", " ")
        for line in joined.splitlines():
            if line.startswith(start):
                return line.split()
    raise AssertionError(f"no `{start}` command in {PAGE.name}")


def _annotated(path: Path) -> None:
    """The sample articles with quotations as CLAIMs and reporting verbs as CUEs (done)."""
    lines = []
    for raw in samples_path().read_text(encoding="utf-8").splitlines():
        rec = json.loads(raw)
        text = rec["text"]
        found = [(m.start(), m.end(), "CLAIM") for m in re.finditer(r'"[^"\n]{3,}?"', text)]
        found += [(m.start(), m.end(), "CUE") for m in CUES.finditer(text)]
        rec["spans"] = [{"id": f"s{i}", "label": lab, "start": a, "end": b, "text": text[a:b],
                         "attrs": {}} for i, (a, b, lab) in enumerate(sorted(found))]
        rec["annotator"], rec["status"] = "alice", "done"
        lines.append(json.dumps(rec, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_the_worked_example_trains_evaluates_and_predicts(tmp_path: Path) -> None:
    claimdesk = [sys.executable, "-m", "desktop"]
    python = [sys.executable]
    _annotated(tmp_path / "annotated.jsonl")
    run([*claimdesk, "init", "elections.claimdesk"], tmp_path)
    run([*claimdesk, "import", "elections.claimdesk", "annotated.jsonl"], tmp_path)

    export = _command("claimdesk export elections.claimdesk --format spacy")
    # Five articles: 60/20/20 with seed 1 leaves one in dev and one in test.
    export[export.index("--split") + 1] = "60/20/20"
    run([*claimdesk, *export[1:]], tmp_path)
    assert {p.name for p in (tmp_path / "corpus").iterdir()} == {
        "train.spacy", "dev.spacy", "test.spacy", "manifest.json"}

    (tmp_path / "look.py").write_text(_blocks("python")[0], encoding="utf-8")
    assert "spans" in run([*python, "look.py"], tmp_path).stdout

    run([*python, *_command("python -m spacy init config")[1:]], tmp_path)
    config = (tmp_path / "config.cfg").read_text(encoding="utf-8")
    section = re.search(r"^\[components\.spancat\.suggester\]\n(?:[^\[\n].*\n|\n)*", config,
                        re.M)
    assert section, "spaCy's config has no spancat suggester section"
    config = config.replace(section.group(0), _blocks("ini")[0] + "\n")
    (tmp_path / "config.cfg").write_text(config, encoding="utf-8")

    train = _command("python -m spacy train")
    run([*python, *train[1:], "--training.max_steps", "40", "--training.eval_frequency", "10"],
        tmp_path, timeout=900)
    assert (tmp_path / "model" / "model-best" / "meta.json").is_file()
    scores = run([*python, *_command("python -m spacy evaluate")[1:]], tmp_path).stdout
    assert "SPAN F" in scores

    (tmp_path / "use.py").write_text(_blocks("python")[1], encoding="utf-8")
    predicted = run([*python, "use.py"], tmp_path).stdout
    assert "CUE" in predicted  # forty steps already learn the reporting verbs

"""Bad input through the real command line: exit 2, one line naming file:line and field,
no traceback, and the project exactly as it was (a bad line 3 imports nothing at all)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers.foundation import (
    EMOJI,
    actor,
    assert_clean_failure,
    fingerprint,
    frame,
    hard_record,
    macron_record,
    record,
    relation,
    run_cli,
    span,
    span_at,
)

from desktop.core.offsets import sha256_text

TEXT3 = f'Officials said "talks {EMOJI} will go on" today, according to AFP.'


def third() -> dict[str, Any]:
    """A valid record for line 3, which each case then breaks in one way."""
    return record("doc-3", TEXT3, spans=[
        span_at("s1", "SOURCE", TEXT3, "Officials"),
        span_at("s2", "CUE", TEXT3, "said"),
        span_at("s3", "CLAIM", TEXT3, f'"talks {EMOJI} will go on"', attrs={"form": "direct"}),
        span_at("s4", "ACTOR", TEXT3, "AFP", actor="a9"),
    ], frames=[frame("f1", {"content": ["s3"], "source": ["s1"], "cue": ["s2"]})],
        relations=[relation("r1", "s3", "s4")], actors=[actor("a9", "AFP")])


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(rec: dict[str, Any]) -> None:
        *parents, last = path.split("/")
        target: Any = rec
        for p in parents:
            target = target[int(p)] if p.isdigit() else target[p]
        target[int(last) if last.isdigit() else last] = value
    return change


def _crlf(rec: dict[str, Any]) -> None:
    text = "Line one\r\nsaid two"
    rec.update(text=text, sha256=sha256_text(text), frames=[], relations=[], actors=[],
               spans=[span("s1", "CUE", text, [(8, 9)])])  # just the CR of the CRLF


def _overlap(rec: dict[str, Any]) -> None:
    claim = rec["spans"][2]
    start, end = claim["start"], claim["end"]
    claim["fragments"] = [[start, start + 6], [start + 3, end]]


CASES: list[Any] = [
    pytest.param(_set("spans/0/label", "QUOTE"), "spans[0].label", "unknown label",
                 id="unknown-label"),
    pytest.param(_set("spans/0/end", len(TEXT3) + 5), "spans[0].end", "past the end",
                 id="out-of-range"),
    pytest.param(_set("spans/0/start", -1), "spans[0].start", "negative", id="negative"),
    pytest.param(_set("spans/1/text", "says"), "spans[1].text", "does not match",
                 id="text-mismatch"),
    pytest.param(_set("spans/0/start", "0"), "spans[0].start", "must be an integer",
                 id="start-string"),
    pytest.param(_set("spans/0/end", 9.0), "spans[0].end", "must be an integer",
                 id="end-float"),
    pytest.param(_set("spans", {"s1": {}}), "'spans'", "must be a list", id="spans-object"),
    pytest.param(_set("spans/2", "s3"), "spans[2]", "must be an object", id="span-string"),
    pytest.param(_set("spans/1/id", "s1"), "spans[1].id", "duplicate span id",
                 id="duplicate-span-id"),
    pytest.param(_set("frames/0/roles/source", ["s7"]), "frames[0].roles.source",
                 "does not exist", id="frame-missing-span"),
    pytest.param(_set("frames/0/roles/source", ["s2"]), "frames[0].roles.source", "CUE",
                 id="frame-wrong-label"),
    pytest.param(_set("frames/0/roles/cue", ["s2", "s2"]), "frames[0].roles.cue", "twice",
                 id="frame-same-span-twice"),
    pytest.param(_set("frames/0/roles/speaker", ["s1"]), "frames[0].roles.speaker",
                 "unknown role", id="unknown-role"),
    pytest.param(_set("frames/0/type", "quotation"), "frames[0].type", "unknown frame type",
                 id="unknown-frame-type"),
    pytest.param(_set("frames/0/attrs", {"channel": "pigeon"}), "frames[0].attrs.channel",
                 "pigeon", id="frame-attribute-value"),
    pytest.param(_set("spans/2/attrs", {"form": "sung"}), "spans[2].attrs.form", "sung",
                 id="span-attribute-value"),
    pytest.param(_set("spans/2/attrs", {"loudness": "high"}), "spans[2].attrs.loudness",
                 "unknown attribute", id="unknown-attribute"),
    pytest.param(_set("relations/0/tail", "s1"), "relations[0].tail", "SOURCE",
                 id="relation-wrong-label"),
    pytest.param(_set("relations/0/attrs", {"weight": "1"}), "relations[0].attrs.weight",
                 "unknown attribute", id="relation-attribute"),
    pytest.param(_set("relations/0/id", "r1 "), None, None, id="control-valid-edit"),
    pytest.param(_set("actors", [actor("a9", "AFP"), actor("a9", "Reuters")]),
                 "actors[1].id", "duplicate id", id="duplicate-actor-id"),
    pytest.param(_set("spans/3/actor", "a8"), "spans[3].actor", "actors list",
                 id="actor-not-listed"),
    pytest.param(_set("sha256", "0" * 64), "sha256", "SHA-256", id="sha-mismatch"),
    pytest.param(_set("status", "finished"), "status", "finished", id="bad-status"),
    pytest.param(_set("text", None), "text", "must be a string", id="text-null"),
    pytest.param(_overlap, "spans[2].fragments", "overlap", id="overlapping-fragments"),
    pytest.param(_crlf, "spans[0].start", "CR", id="only-the-cr-of-crlf"),
    pytest.param(_set("meta", {"score": float("nan")}), None, "NaN", id="nan"),
    pytest.param(_set("meta", {"x": [1e308 * 10]}), None, "JSON", id="infinity"),
]


@pytest.mark.parametrize(("breaks", "field", "reason"), CASES)
def test_bad_line_three_imports_nothing(project_path: Path, tmp_path: Path,
                                        breaks: Callable[[dict[str, Any]], None],
                                        field: str | None, reason: str | None) -> None:
    bad = third()
    breaks(bad)
    path = tmp_path / "bad.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in (macron_record(), hard_record(), bad)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = fingerprint(project_path)
    stats_before = run_cli("stats", project_path, "--json").out
    result = run_cli("import", project_path, path)
    if field is None and reason is None:  # the control case: still valid
        assert result.code == 0, result
        return
    expected = [f"{path}:3"]
    if field is not None:
        expected.append(field)
    if reason is not None:
        expected.append(reason)
    assert_clean_failure(result, *expected)
    assert fingerprint(project_path) == before
    assert run_cli("stats", project_path, "--json").out == stats_before


@pytest.mark.parametrize(("line3", "reason"), [
    pytest.param(b'{"id": "doc-3", "text": "trunc', "not valid JSON", id="truncated"),
    pytest.param(b'{"id": "doc-3", "text": "caf\xe9"}', "not valid UTF-8", id="latin-1"),
    pytest.param(b'{"id": "doc-3", "text": "\xff\xfe"}', "not valid UTF-8", id="bad-bytes"),
    pytest.param(b'["doc-3", "text"]', "must be a JSON object", id="array"),
    pytest.param(b'{"id": "doc-3", "text": "a\\ud800b"}', "surrogate", id="lone-surrogate"),
    pytest.param(b'{"id": "doc-3", "text": "ok", "meta": {"n": 1' + b"0" * 5000 + b"}}",
                 "not valid JSON", id="huge-integer"),
    pytest.param(b'{"text": "ok", "meta": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
                 "not valid JSON", id="deep-nesting"),
    pytest.param(b'{"id": "doc-3"}', "'text': is missing", id="no-text"),
    pytest.param(b'{"text": "ok", "meta": {"x": 1e999}}', "too large", id="float-overflow"),
    pytest.param(b'{"text": "ok", "meta": {"x": -Infinity}}', "Infinity", id="minus-inf"),
])
def test_undecodable_line_three(project_path: Path, tmp_path: Path, line3: bytes,
                                reason: str) -> None:
    path = tmp_path / "bad.jsonl"
    good = b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n"
                    for r in (macron_record(), hard_record()))
    path.write_bytes(good + line3 + b"\n")
    before = fingerprint(project_path)
    result = run_cli("import", project_path, path)
    assert_clean_failure(result, f"{path}:3", reason)
    assert fingerprint(project_path) == before


def test_lone_surrogate_names_the_field(project_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_bytes(b'{"text": "ok", "meta": {"who": ["x", "\\udc00"]}}\n')
    result = run_cli("import", project_path, path)
    assert_clean_failure(result, f"{path}:1", "meta.who[1]")


def test_paired_surrogate_escapes_are_fine(project_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "ascii.jsonl"
    path.write_text(json.dumps({"id": "e", "text": f"smile {EMOJI}"}, ensure_ascii=True) + "\n",
                    encoding="ascii")
    assert "\\ud83d\\ude00" in path.read_text(encoding="ascii")
    assert run_cli("import", project_path, path).code == 0
    result = run_cli("stats", project_path, "--json")
    assert json.loads(result.out)["documents"] == 1


def test_bad_input_through_the_installed_entry_point(project_path: Path,
                                                      tmp_path: Path) -> None:
    bad = third()
    bad["spans"][0]["label"] = "QUOTE"
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in (macron_record(), hard_record(), bad)),
                    encoding="utf-8")
    before = fingerprint(project_path)
    exe = Path(sys.executable).with_name("claimdesk")
    proc = subprocess.run([str(exe), "import", str(project_path), str(path)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    [line] = proc.stderr.splitlines()
    assert f"{path}:3" in line
    assert "spans[0].label" in line
    assert fingerprint(project_path) == before


@pytest.mark.parametrize("args", [
    pytest.param(["import", "{project}", "{missing}"], id="missing-input"),
    pytest.param(["import", "{nowhere}", "{missing}"], id="missing-project"),
    pytest.param(["stats", "{text}"], id="not-a-project"),
    pytest.param(["export", "{project}", "--format", "jsonl"], id="usage-no-out"),
    pytest.param(["export", "{project}", "--format", "xml", "--out", "x"], id="usage-format"),
    pytest.param(["frobnicate"], id="usage-command"),
    pytest.param(["import", "{project}", "{missing}", "--format", "pdf"], id="usage-choice"),
])
def test_bad_usage_exits_2_with_one_line(project_path: Path, tmp_path: Path,
                                         args: list[str]) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not a project", encoding="utf-8")
    names = {"project": project_path, "missing": tmp_path / "missing.jsonl",
             "nowhere": tmp_path / "nowhere.claimdesk", "text": text}
    result = run_cli(*(a.format(**names) for a in args))
    assert_clean_failure(result)
    assert not (tmp_path / "nowhere.claimdesk").exists()


def test_skip_bad_skips_unstorable_lines(project_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b'{"text": "one", "meta": {"x": NaN}}\n'
                     b'{"text": "two \\ud800"}\n'
                     b'{"text": "three", "meta": {"x": 1e400}}\n'
                     b'{"text": "four"}\n')
    result = run_cli("import", project_path, path, "--skip-bad", "--report",
                     tmp_path / "report.txt")
    assert result.code == 0, result
    assert "1 documents added" in result.out
    skipped = [line for line in result.err_lines if line.startswith("skipped: ")]
    assert [line.split(",")[0].split(": ")[1] for line in skipped] == [
        f"{path}:1", f"{path}:2", f"{path}:3"]

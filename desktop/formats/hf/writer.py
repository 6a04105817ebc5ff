"""Hugging Face ``datasets`` export: parquet per split plus a dataset card (README.md).

One row per document. Columns:

* ``id``, ``title``, ``text``, ``sha256``, ``meta`` (JSON string)
* ``tokens`` (list of strings), ``token_offsets`` (list of [start, end] code points) and
  ``ner_tags`` (``ClassLabel`` ids; names in the card and in the parquet schema metadata, so
  ``load_dataset("parquet", ...)`` restores the ``ClassLabel``) for the non-overlapping span
  subset in the chosen scheme. Tokenisation as in ``desktop.formats.tokens``.
* ``spans``: every span, overlaps kept: struct ``id, label, start, end, text, fragments
  (list of [start, end]), attrs (JSON string), actor``.
* ``frames``: struct ``id, type, roles (list of {role, spans}), attrs (JSON string)``.
* ``relations``: struct ``id, label, head, tail, attrs (JSON string)``.
* ``actors``: the registry entries linked in the document: ``id, name, kind, aliases``.

Offsets are Python code points into ``text``, end exclusive. Files: ``train.parquet`` (and
``dev.parquet`` / ``test.parquet`` with ``--split``), ``README.md``, ``manifest.json``.
Rows are written in row groups of 500 documents, so memory stays flat.
"""

from __future__ import annotations

import json
from typing import Any

from desktop.core.model import AnnotatedDocument
from desktop.formats.tokens import (
    TOKENISATION,
    boundaries,
    select_chunks,
    tag_names,
    tag_tokens,
    tokenize,
)
from desktop.formats.writing import Context, require

ROW_GROUP = 500


def _features(names: list[str]) -> Any:
    from datasets import ClassLabel, Features, Sequence, Value

    s = Value("string")
    i = Value("int64")
    return Features({
        "id": s, "title": s, "text": s, "sha256": s, "meta": s,
        "tokens": Sequence(s), "token_offsets": Sequence(Sequence(i, length=2)),
        "ner_tags": Sequence(ClassLabel(names=names)),
        "spans": [{"id": s, "label": s, "start": i, "end": i, "text": s,
                   "fragments": Sequence(Sequence(i, length=2)), "attrs": s, "actor": s}],
        "frames": [{"id": s, "type": s, "roles": [{"role": s, "spans": Sequence(s)}],
                    "attrs": s}],
        "relations": [{"id": s, "label": s, "head": s, "tail": s, "attrs": s}],
        "actors": [{"id": s, "name": s, "kind": s, "aliases": Sequence(s)}],
    })


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class HfWriter:
    def __init__(self, ctx: Context) -> None:
        require("pyarrow", "Hugging Face")
        require("datasets", "Hugging Face")
        self.ctx = ctx
        self.labels = [x.name for x in ctx.codebook.labels]
        self.names = tag_names(self.labels, ctx.options.scheme)
        self.index = {n: k for k, n in enumerate(self.names)}
        self.features = _features(self.names)
        self.schema = self.features.arrow_schema
        self.writers: dict[str, Any] = {}
        self.rows: dict[str, list[dict[str, Any]]] = {}

    def add(self, split: str, ad: AnnotatedDocument) -> None:
        text = ad.document.text
        spans = ad.layer.spans
        tokens = tokenize(text, boundaries(spans))
        chunks, dropped = select_chunks(spans)
        tags, empty = tag_tokens(tokens, chunks, self.ctx.options.scheme)
        d = self.ctx.report.dropped
        if dropped:
            d["overlapping spans kept in 'spans' but left out of 'ner_tags'"] += len(dropped)
        if empty:
            d["span fragments of only whitespace left out of 'ner_tags'"] += len(empty)
        notes = sum(1 for s in spans if s.note)
        if notes:
            d["span notes not in the dataset"] += notes
        triggers = sum(1 for f in ad.layer.frames if f.trigger is not None)
        if triggers:
            d["frame triggers not in the dataset"] += triggers
        row = {
            "id": ad.document.id, "title": ad.document.title, "text": text,
            "sha256": ad.document.sha256, "meta": _dumps(dict(ad.document.meta)),
            "tokens": [text[a:b] for a, b in tokens],
            "token_offsets": [[a, b] for a, b in tokens],
            "ner_tags": [self.index[t] for t in tags],
            "spans": [{"id": s.id, "label": s.label, "start": s.start, "end": s.end,
                       "text": s.text, "fragments": [[a, b] for a, b in s.fragments],
                       "attrs": _dumps(dict(s.attrs)), "actor": s.actor} for s in spans],
            "frames": [{"id": f.id, "type": f.type,
                        "roles": [{"role": k, "spans": list(v)} for k, v in f.roles.items()],
                        "attrs": _dumps(dict(f.attrs))} for f in ad.layer.frames],
            "relations": [{"id": r.id, "label": r.label, "head": r.head, "tail": r.tail,
                           "attrs": _dumps(dict(r.attrs))} for r in ad.layer.relations],
            "actors": [{"id": a.id, "name": a.name, "kind": a.kind,
                        "aliases": list(a.aliases)} for a in ad.actors],
        }
        name = split or "train"
        buf = self.rows.setdefault(name, [])
        buf.append(row)
        if len(buf) >= ROW_GROUP:
            self._flush(name)

    def _flush(self, name: str) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        buf = self.rows.get(name, [])
        w = self.writers.get(name)
        if w is None:
            w = self.writers[name] = pq.ParquetWriter(
                self.ctx.staging.file(f"{name}.parquet"), self.schema)
            self.ctx.closables.append(w)
        if buf:
            w.write_table(pa.Table.from_pylist(buf, schema=self.schema))
            buf.clear()

    def close(self) -> dict[str, Any]:
        if not self.rows:
            self.rows["train"] = []
        for name in list(self.rows):
            self._flush(name)
        for w in self.writers.values():
            w.close()
        splits = sorted(self.writers, key=lambda n: ("train", "dev", "test").index(n)
                        if n in ("train", "dev", "test") else 9)
        (self.ctx.staging.root / "README.md").write_text(self._card(splits), encoding="utf-8")
        return {"tokenisation": TOKENISATION, "scheme": self.ctx.options.scheme,
                "ner_tags": self.names}

    def _card(self, splits: list[str]) -> str:
        ctx = self.ctx
        cb = ctx.codebook
        counts = ctx.report.counts
        lines = ["---", "configs:", "- config_name: default", "  data_files:"]
        for s in splits:
            lines += [f"  - split: {s}", f"    path: {s}.parquet"]
        lines += ["---", "", f"# {cb.name} corpus (Claimdesk export)", "",
                  f"Attribution annotations (layer `{ctx.options.layer}`) exported by "
                  "Claimdesk. Load with:", "", "```python", "from datasets import load_dataset",
                  "ds = load_dataset(\"parquet\", data_files={"
                  + ", ".join(f'"{s}": "{s}.parquet"' for s in splits) + "})", "```", "",
                  "## Offsets", "",
                  "All offsets (`spans.start/end/fragments`, `token_offsets`) are **Unicode "
                  "code points** (Python `str` indices) into `text`, end exclusive. A "
                  "discontinuous span lists its `fragments`; its `text` is the fragments "
                  "joined by one space.", "",
                  "## Tags", "", f"Scheme: **{ctx.options.scheme}**. `ner_tags` holds the "
                  "non-overlapping subset of spans (longest first, then earliest; a "
                  "discontinuous span gives one chunk per fragment); `spans` holds all of "
                  "them.", "", "| id | tag |", "|---|---|"]
        lines += [f"| {k} | {n} |" for k, n in enumerate(self.names)]
        lines += ["", f"Tokenisation: {TOKENISATION}.", "", "## Counts", "",
                  "| split | documents | spans | frames | relations | actors |",
                  "|---|---|---|---|---|---|"]
        for name in splits:
            c = counts.get(name) or counts.get("all")
            if c is not None:
                lines.append(f"| {name} | {c.documents} | {c.spans} | {c.frames} | "
                             f"{c.relations} | {len(c.actors)} |")
        lines += ["", "## Codebook", "", f"{cb.name} {cb.version}", "", "```toml",
                  cb.source.rstrip("\n"), "```", ""]
        return "\n".join(lines)

"""Native JSONL export: one ``core.native.record_dict`` per line, lossless.

With ``--standoff`` the article text and the span texts are left out; ``sha256`` stays, so
the import can find the text again (``jsonl.standoff``).
"""

from __future__ import annotations

import json
from typing import Any

from desktop.core.model import AnnotatedDocument
from desktop.core.native import record_dict
from desktop.formats.writing import Context, SplitFiles

_ENCODER = json.JSONEncoder(ensure_ascii=False)
"""One encoder for every line (``json.dumps`` with options builds one per call)."""


class JsonlWriter:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.files = SplitFiles(ctx, ".jsonl")

    def add(self, split: str, ad: AnnotatedDocument) -> None:
        fh = self.files.get(split)
        rec = record_dict(ad)
        if self.ctx.options.standoff:
            del rec["text"]
            for s in rec["spans"]:
                del s["text"]
        fh.write(_ENCODER.encode(rec))
        fh.write("\n")

    def close(self) -> dict[str, Any]:
        self.files.close()
        return {"standoff_rehydration": "fetch each meta.url, normalise newlines to \\n and "
                "check the text's SHA-256 against sha256"} if self.ctx.options.standoff else {}

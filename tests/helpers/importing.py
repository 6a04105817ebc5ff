"""Builders shared by tests/formats/test_import_*.py (Qt-free)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from desktop.core.model import Layer
from desktop.formats.importing import ImportOptions, import_paths
from desktop.formats.records import ImportReport
from desktop.store import Project, open_project

EMOJI = "😀"
FLAG = "🇫🇷"
ZWJ = "👩\u200d👩\u200d👧"
COMBINING = "e\u0301"
ARABIC = "مرحبا"
HEBREW = "שלום"

HARD = (f'{FLAG} Le président {COMBINING}lu a dit: "Nous avançons {EMOJI} vers une trêve," '
        f"selon {ZWJ} l'Élysée.\r\n{ARABIC} {HEBREW} told AFP on Monday.\r\n")
"""A raw input text with a flag, an emoji, a ZWJ family, combining marks, RTL and CRLF."""


def u16(text: str, cp: int) -> int:
    """The UTF-16 offset of code-point offset ``cp`` (what doccano and Qt count)."""
    return len(text[:cp].encode("utf-16-le")) // 2


def find(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def run(path: Path, *inputs: Path, annotator: str | None = None, skip_bad: bool = False,
        **options: Any) -> ImportReport:
    with open_project(path) as project:
        return import_paths(project, list(inputs), annotator=annotator, skip_bad=skip_bad,
                            options=ImportOptions(**options))


def layers(project: Project) -> dict[str, tuple[str, dict[str, Layer]]]:
    """doc id -> (text, annotator -> layer)."""
    out = {}
    for doc in project.documents.iter_all():
        out[doc.id] = (doc.text, {a: project.annotations.layer(doc.id, a)
                                  for a in project.annotations.layers_of(doc.id)})
    return out


def assert_exact(project: Project) -> int:
    """Every stored span's text equals its fragments' slice of the stored text; count them."""
    n = 0
    for doc in project.documents.iter_all():
        assert "\r" not in doc.text
        for a in project.annotations.layers_of(doc.id):
            for s in project.annotations.layer(doc.id, a).spans:
                assert s.text == " ".join(doc.text[x:y] for x, y in s.fragments), s
                n += 1
    return n


def zip_bytes(members: Mapping[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return buf.getvalue()

"""HTML pages saved from news sites: the main text and metadata, extracted with trafilatura.

Nothing is rendered and nothing is fetched: trafilatura parses the saved markup offline, drops
scripts, navigation and boilerplate, and returns the article text. ``meta`` gets ``outlet``
(site name), ``author``, ``published``, ``url`` and ``filename`` when the page carries them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from desktop.core.errors import InputError
from desktop.core.model import Document
from desktop.core.offsets import normalize_newlines, sha256_text
from desktop.formats.records import ImportRecord, ReadContext
from desktop.formats.sources import Source, one_line


def extract(raw: bytes, name: str) -> dict[str, Any]:
    """trafilatura's extraction as a dict (text and metadata); InputError when there is none."""
    try:
        import trafilatura
    except ImportError as exc:  # a base dependency, so the installation is broken
        raise InputError(f"reading HTML needs trafilatura, which cannot be loaded ({exc}); "
                         "reinstall Claimdesk: pip install --force-reinstall claimdesk",
                         file=name) from exc
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    try:
        doc = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False,
                                          include_tables=False, fast=True)
    except Exception as exc:
        raise InputError(f"cannot parse the HTML: {type(exc).__name__}: {one_line(exc)}",
                         file=name) from exc
    if doc is None:
        raise InputError("no article text found in the page", file=name)
    data = doc if isinstance(doc, dict) else doc.as_dict()
    return dict(data)


def read_html(source: Source, ctx: ReadContext) -> Iterator[ImportRecord]:
    """One document: the extracted main text, title and metadata (newlines normalised)."""
    limit = ctx.limits.max_html_bytes
    if source.size is not None and source.size > limit:
        raise InputError(f"the page is {source.size / 1048576:.1f} MB, more than the "
                         f"{limit / 1048576:g} MB Claimdesk reads (reading the text out of a "
                         "page takes about a second per MB; a saved news article is well "
                         "under that): save the article alone, or raise "
                         "CLAIMDESK_MAX_HTML_MB", file=source.name)
    data = extract(source.read(), source.name)
    text, _ = normalize_newlines(str(data.get("text") or ""))
    if not text.strip():
        raise InputError("no article text found in the page", file=source.name)
    meta: dict[str, Any] = {"filename": source.rel.rsplit("/", 1)[-1]}
    for key, out in (("sitename", "outlet"), ("author", "author"), ("date", "published"),
                     ("url", "url"), ("hostname", "hostname"), ("language", "language")):
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            meta[out] = value.strip()
    title = str(data.get("title") or "").strip() or text.strip().split("\n", 1)[0][:200]
    doc = Document(id="", title=title[:200], text=text, sha256=sha256_text(text), meta=meta)
    yield ImportRecord(document=doc, file=source.name, id_hint=source.stem)

"""spaCy v3 ``DocBin`` (``.spacy``) export.

Per document one ``Doc`` over exactly the document text (``doc.text == text``), built from
Claimdesk's tokenisation (``desktop.formats.tokens``: every span boundary is a token boundary,
so every span aligns exactly; no ``alignment_mode="expand"`` is ever needed). Whitespace that
is not a single space after a token, or that a span starts or ends in, becomes a whitespace
token as in spaCy's own tokenizer. The vocabulary is ``spacy.blank("xx")``
(language-independent).

* ``doc.spans["sc"]``: every span, overlaps kept; a discontinuous span gives one ``Span`` per
  fragment. Each ``Span`` has ``id_`` = the Claimdesk span id and ``kb_id_`` = the linked actor
  id (or "").
* ``doc.ents``: the deterministic non-overlapping subset (``tokens.select_chunks``);
  what it leaves out is counted in the report.
* ``doc.user_data["claimdesk"]``: ``doc_id``, ``title``, ``meta``, ``annotator``, ``status``,
  ``spans`` (native JSONL span objects with fragments, attrs and actor), ``frames``,
  ``relations`` and ``actors`` (registry entries), all as in native JSONL. Lists come back as
  tuples after a round trip through msgpack. Save with ``store_user_data=True`` (done).

Memory stays flat: spaCy serialises a ``DocBin`` whole, so no more than ``SHARD_DOCS``
documents (or ``SHARD_CHARS`` characters of text) are held at a time. A part of the export
(the one output file, or one split) that fits is one file as before (``corpus.spacy``,
``train.spacy``); a larger part becomes a folder of that name holding shards ``00000.spacy``,
``00001.spacy``, ... in corpus order, each a complete ``DocBin``. spaCy's own training reads
such a folder as it is (``spacy train ... --paths.train train.spacy``: a corpus path may be a
folder, every ``.spacy`` file in it is read); in Python load the shards in name order::

    docs = [d for p in sorted(Path("train.spacy").glob("*.spacy"))
             for d in DocBin().from_disk(p).get_docs(nlp.vocab)]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.core.errors import ClaimdeskError
from desktop.core.model import AnnotatedDocument
from desktop.core.native import record_dict
from desktop.formats.tokens import TOKENISATION, boundaries, select_chunks, tokenize
from desktop.formats.writing import Context, require


def words_and_spaces(text: str, tokens: list[tuple[int, int]], starts: set[int],
                     ends: set[int]) -> tuple[list[str], list[bool]]:
    """spaCy ``words``/``spaces`` that rebuild ``text`` exactly with a token edge at every
    span start and end (``starts``/``ends``)."""
    words: list[str] = []
    spaces: list[bool] = []
    cuts = sorted(starts | ends)

    def gap(a: int, b: int) -> None:
        # whitespace [a, b) between tokens; the first space may trail the previous token
        if a >= b:
            return
        if words and text[a] == " " and a not in starts and a + 1 not in ends:
            spaces[-1] = True
            a += 1
        k = a
        for c in cuts:
            if a < c < b:
                words.append(text[k:c])
                spaces.append(False)
                k = c
        if k < b:
            words.append(text[k:b])
            spaces.append(False)

    pos = 0
    for s, e in tokens:
        gap(pos, s)
        words.append(text[s:e])
        spaces.append(False)
        pos = e
    gap(pos, len(text))
    return words, spaces


SHARD_DOCS = 1000
"""Documents per ``DocBin`` shard (about 55 MB of arrays for 3 KB news articles)."""
SHARD_CHARS = 8_000_000
"""A shard is also closed once it holds this many characters of text (long documents)."""


class _Part:
    """One output part (the single file or one split): a file, or a folder of shards once
    it outgrows one."""

    def __init__(self, path: Path, docbin: Any) -> None:
        self.path = path
        self._docbin = docbin
        self.bin: Any = None
        self.docs = 0
        self.chars = 0
        self.shards = 0

    def add(self, doc: Any, chars: int) -> None:
        if self.bin is not None and (self.docs >= SHARD_DOCS or self.chars >= SHARD_CHARS):
            self._write_shard()
        if self.bin is None:
            self.bin = self._docbin(store_user_data=True)
        self.bin.add(doc)
        self.docs += 1
        self.chars += chars

    def _write_shard(self) -> None:
        self.path.mkdir(exist_ok=True)
        self.bin.to_disk(self.path / f"{self.shards:05d}.spacy")
        self.shards += 1
        self.bin = None
        self.docs = self.chars = 0

    def close(self) -> int:
        """Write what is left; the number of shards (0: a single file)."""
        if self.shards == 0:
            (self.bin or self._docbin(store_user_data=True)).to_disk(self.path)
        elif self.bin is not None:
            self._write_shard()
        return self.shards


class SpacyWriter:
    def __init__(self, ctx: Context) -> None:
        require("spacy", "spaCy")
        import spacy
        from spacy.tokens import DocBin

        self.ctx = ctx
        self.nlp = spacy.blank("xx")
        self.parts: dict[str, _Part] = {}
        self._docbin = DocBin

    def add(self, split: str, ad: AnnotatedDocument) -> None:
        from spacy.tokens import Doc

        text = ad.document.text
        spans = ad.layer.spans
        tokens = tokenize(text, boundaries(spans))
        starts = {f[0] for s in spans for f in s.fragments}
        ends = {f[1] for s in spans for f in s.fragments}
        words, spaces = words_and_spaces(text, tokens, starts, ends)
        doc = Doc(self.nlp.vocab, words=words, spaces=spaces)
        if doc.text != text:  # cannot happen; never write a misaligned corpus
            raise ClaimdeskError(f"document {ad.document.id!r}: spaCy tokens do not rebuild "
                                 "the text")
        group = []
        for s in spans:
            for a, b in s.fragments:
                sp = doc.char_span(a, b, label=s.label, alignment_mode="strict",
                                   span_id=s.id, kb_id=s.actor or "")
                if sp is None:
                    raise ClaimdeskError(f"document {ad.document.id!r}, span {s.id!r}: "
                                         f"{a}..{b} does not align with the tokens")
                group.append(sp)
        doc.spans["sc"] = group
        chunks, dropped = select_chunks(spans)
        ents = []
        for c in chunks:
            ent = doc.char_span(c.start, c.end, label=c.label, alignment_mode="strict",
                                span_id=c.span_id)
            if ent is None or not ent.text.strip():
                self.ctx.report.dropped["spans of only whitespace left out of doc.ents"] += 1
                continue
            ents.append(ent)
        doc.ents = ents
        if dropped:
            self.ctx.report.dropped["overlapping spans kept in doc.spans['sc'] but left out of "
                                    "doc.ents"] += len(dropped)
        rec = record_dict(ad)
        doc.user_data["claimdesk"] = {
            "doc_id": rec["id"], "title": rec["title"], "meta": rec["meta"],
            "sha256": rec["sha256"], "annotator": rec["annotator"], "status": rec["status"],
            "spans": rec["spans"], "frames": rec["frames"], "relations": rec["relations"],
            "actors": rec["actors"]}
        self._part(split).add(doc, len(text))

    def _part(self, split: str) -> _Part:
        part = self.parts.get(split)
        if part is None:
            part = self.parts[split] = _Part(self.ctx.data_path(split, ".spacy"), self._docbin)
        return part

    def close(self) -> dict[str, Any]:
        if not self.parts:
            self._part("")
        sharded = {p.path.name: n for p in self.parts.values() if (n := p.close())}
        extra: dict[str, Any] = {
            "tokenisation": TOKENISATION, "spacy_vocab": "spacy.blank('xx')",
            "ents": "non-overlapping subset: longest first, then earliest; discontinuous "
                    "spans give one entity per fragment"}
        if sharded:
            extra["shards"] = {
                "documents_per_shard": SHARD_DOCS, "folders": sharded,
                "loading": "a folder holds DocBin shards 00000.spacy, 00001.spacy, ... in "
                           "corpus order; spacy train reads the folder as a corpus path; in "
                           "Python load sorted(folder.glob('*.spacy')) one by one"}
        return extra


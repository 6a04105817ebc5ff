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

One ``DocBin`` per split is held in memory until the end (spaCy serialises it whole); it keeps
compact arrays, not ``Doc`` objects.
"""

from __future__ import annotations

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


class SpacyWriter:
    def __init__(self, ctx: Context) -> None:
        require("spacy", "spaCy")
        import spacy
        from spacy.tokens import DocBin

        self.ctx = ctx
        self.nlp = spacy.blank("xx")
        self.bins: dict[str, Any] = {}
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
        if split not in self.bins:
            self.bins[split] = self._docbin(store_user_data=True)
        self.bins[split].add(doc)

    def close(self) -> dict[str, Any]:
        if not self.bins:
            self.bins[""] = self._docbin(store_user_data=True)
        for split, docbin in self.bins.items():
            docbin.to_disk(self.ctx.data_path(split, ".spacy"))
        return {"tokenisation": TOKENISATION, "spacy_vocab": "spacy.blank('xx')",
                "ents": "non-overlapping subset: longest first, then earliest; discontinuous "
                        "spans give one entity per fragment"}

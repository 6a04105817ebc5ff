"""CoNLL-2003 export.

Layout: for every document a ``-DOCSTART- -X- -X- O`` line and a blank line, then its
sentences, one ``TOKEN -X- _ TAG`` line per token, sentences separated by one blank line. There
is no comment line (CoNLL readers would take it for a token); the tokenisation, the sentence
rule and the scheme are stated in the manifest (``manifest.json`` in a folder, or
``<file>.manifest.json`` beside a single file).

* Tokens: ``desktop.formats.tokens`` (span boundaries are token boundaries; whitespace is never a
  token, so a token never contains a space).
* Sentences: a new sentence starts after a newline or after a lone ``.``/``!``/``?`` token
  followed by whitespace, but never inside an entity.
* Tags: the non-overlapping subset of spans (``tokens.select_chunks``) in IOB2
  (default), IOB1 or BILOU (``--scheme``); a discontinuous span is one chunk per fragment.
  Spans left out (overlaps, whitespace-only) are counted in the report; frames, relations,
  span attributes, notes and actor links cannot be expressed and are reported as dropped.
* Labels: a tag is ``B-<label>``, so a label with whitespace is written in a safe form
  (``Label 1`` -> ``Label_1``, ``safe_names``); the manifest's ``label_names`` maps each such
  form back to the label and the report says how many there are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from desktop.core.model import AnnotatedDocument, Span
from desktop.formats.safe_names import conll_names
from desktop.formats.tokens import (
    TOKENISATION,
    Chunk,
    boundaries,
    select_chunks,
    token_re,
)
from desktop.formats.writing import Context, SplitFiles

DOCSTART = "-DOCSTART- -X- -X- O\n\n"
SENTENCES = ("newline, or a lone . ! ? token followed by whitespace; never inside an entity")


_BREAK_CANDIDATE = re.compile(r"[\n.!?]")
_O = " -X- _ O\n"


def sentence_breaks(text: str) -> set[int]:
    """Where a new sentence may start: at a newline, and after a ``.``/``!``/``?`` followed
    by whitespace (``str.isspace``, as the ``\\s`` of a regular expression)."""
    out = set()
    last = len(text) - 1
    for m in _BREAK_CANDIDATE.finditer(text):
        i = m.start()
        if text[i] == "\n":
            out.add(i)
        elif i < last and text[i + 1].isspace():
            out.add(i + 1)
    return out


def _chunk_tags(n: int, label: str, scheme: str, adjacent_same: bool) -> list[str]:
    if scheme == "BILOU":
        if n == 1:
            return [f"U-{label}"]
        return [f"B-{label}", *[f"I-{label}"] * (n - 2), f"L-{label}"]
    first = "I" if scheme == "IOB1" and not adjacent_same else "B"
    return [f"{first}-{label}", *[f"I-{label}"] * (n - 1)]


def conll_lines(text: str, spans: Sequence[Span], scheme: str) -> tuple[str, int, int]:
    """One document as CoNLL text (with -DOCSTART-); also (#spans dropped, #chunks empty).

    Works segment by segment: the text is cut at every span boundary (as ``tokenize``) and
    at every sentence break (which never splits a token), so a segment lies wholly inside one
    chunk or outside all of them, and the tokens equal ``tokenize(text, boundaries(spans))``.
    """
    rx = token_re()
    chunks, dropped = select_chunks(spans)
    breaks = sentence_breaks(text)
    cuts = sorted(breaks.union(boundaries(spans)))
    out = [DOCSTART]
    pending: list[str] = []  # tokens of the chunk being read
    ci = 0  # index of the next chunk
    cur: Chunk | None = None
    last_label = ""  # label of the chunk of the last written token ("" = O)
    in_sentence = False
    want_break = False
    empty = 0

    def flush(c: Chunk) -> None:
        nonlocal last_label, empty
        if pending:
            if scheme == "BILOU":
                tags = _chunk_tags(len(pending), c.label, scheme, last_label == c.label)
                out.append("".join([f"{t} -X- _ {g}\n"
                                    for t, g in zip(pending, tags, strict=True)]))
            else:  # the first tag, then one join for the I- tokens
                first = "I" if scheme == "IOB1" and last_label != c.label else "B"
                out.append(f"{pending[0]} -X- _ {first}-{c.label}\n")
                if len(pending) > 1:
                    inside = f" -X- _ I-{c.label}\n"
                    out.append(inside.join(pending[1:]))
                    out.append(inside)
            last_label = c.label
            pending.clear()
        else:
            empty += 1

    a = 0
    for b in (*cuts, len(text)):
        if b <= a:
            continue
        if cur is not None and a >= cur.end:
            flush(cur)
            cur = None
        if cur is None and ci < len(chunks) and chunks[ci].start <= a:
            cur = chunks[ci]
            ci += 1
        if a in breaks and (cur is None or cur.start == a):
            want_break = True
        toks = rx.findall(text, a, b)
        if toks:
            if want_break and in_sentence and not pending:
                out.append("\n")
            want_break = False
            in_sentence = True
            if cur is not None:
                pending.extend(toks)
            else:  # one join for the run of untagged tokens
                out.append(_O.join(toks))
                out.append(_O)
                last_label = ""
        a = b
    if cur is not None:
        flush(cur)
    empty += len(chunks) - ci
    if in_sentence:
        out.append("\n")
    return "".join(out), len(dropped), empty


class ConllWriter:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.files = SplitFiles(ctx, ".conll")
        self.names = conll_names()
        self.names.claim(x.name for x in ctx.codebook.labels)

    def add(self, split: str, ad: AnnotatedDocument) -> None:
        fh = self.files.get(split)
        spans = [s if self.names(s.label) == s.label else replace(s, label=self.names(s.label))
                 for s in ad.layer.spans]
        body, dropped, empty = conll_lines(ad.document.text, spans, self.ctx.options.scheme)
        fh.write(body)
        d = self.ctx.report.dropped
        d["document ids, titles and metadata not expressible in CoNLL"] += 1
        if dropped:
            d["overlapping spans left out of the CoNLL tags"] += dropped
        if empty:
            d["span fragments of only whitespace left out of the CoNLL tags"] += empty
        if ad.layer.frames:
            d["frames not expressible in CoNLL"] += len(ad.layer.frames)
        if ad.layer.relations:
            d["relations not expressible in CoNLL"] += len(ad.layer.relations)
        linked = sum(1 for s in ad.layer.spans if s.actor)
        if linked:
            d["actor links not expressible in CoNLL"] += linked
        with_attrs = sum(1 for s in ad.layer.spans if s.attrs)
        if with_attrs:
            d["span attributes not expressible in CoNLL"] += with_attrs
        notes = sum(1 for s in ad.layer.spans if s.note)
        if notes:
            d["span notes not expressible in CoNLL"] += notes

    def close(self) -> dict[str, Any]:
        self.files.close()
        extra: dict[str, Any] = {}
        if self.names.mapping:
            extra["label_names"] = dict(sorted(self.names.mapping.items()))
            self.ctx.report.notes.append(
                f"{len(self.names.mapping)} labels with whitespace written in a safe form "
                "(CoNLL tags are space-separated): " + ", ".join(
                    f"{v!r} as {k!r}" for k, v in sorted(self.names.mapping.items()))
                + " (manifest: label_names)")
        return extra | {"tokenisation": TOKENISATION, "sentences": SENTENCES,
                "scheme": self.ctx.options.scheme,
                "columns": "token -X- _ tag (POS and chunk columns are placeholders)",
                "chunks": "non-overlapping subset: longest first, then earliest; "
                          "discontinuous spans give one chunk per fragment"}

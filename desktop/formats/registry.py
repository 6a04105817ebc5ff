"""Every import and export format, in one table.

The command line (``--format`` choices and ``--help``), the Import and Export dialogs
(combos, labels, which options apply) and the pipelines (sniffing, reading, writing) all read
``FORMATS``; adding a format is one entry here plus its package (``desktop/formats/<name>/``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from desktop.formats.brat.reader import gather_pairs, partner_path, read_brat
from desktop.formats.brat.writer import BratWriter
from desktop.formats.conll.writer import ConllWriter
from desktop.formats.csv.reader import read_csv
from desktop.formats.csv.writer import CsvWriter
from desktop.formats.doccano import reader as doccano
from desktop.formats.doccano.writer import DoccanoWriter
from desktop.formats.hf.writer import HfWriter
from desktop.formats.html.reader import read_html
from desktop.formats.jsonl import reader as jsonl
from desktop.formats.jsonl.writer import JsonlWriter
from desktop.formats.labelstudio import reader as labelstudio
from desktop.formats.labelstudio.writer import LabelStudioWriter
from desktop.formats.network.writer import NetworkWriter
from desktop.formats.records import Reader
from desktop.formats.sources import Peek, Source
from desktop.formats.spacy.writer import SpacyWriter
from desktop.formats.txt.reader import read_text
from desktop.formats.writing import Context, Writer


class Gather(Protocol):
    """Claims the files of a multi-file format from a folder: (sources to read, the rest).

    ``forced``: the user chose this format (nothing is left for others); ``explicit``: the
    user named these files (so a stray one is an error, not a skip).
    """

    def __call__(self, sources: Sequence[Source], *, forced: bool, explicit: bool,
                 warn: Callable[[str], None]) -> tuple[list[Source], list[Source]]: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Reading:
    """How ``claimdesk import`` reads a format."""

    label: str
    """The Import dialog's name for it."""
    help: str
    """One line for ``claimdesk import --help``."""
    read: Reader
    suffixes: tuple[str, ...]
    """File names the format is sniffed for (lower case)."""
    sniff: Callable[[Peek], bool] | None = None
    """Decides among formats that share a suffix (JSON); None: the suffix is enough."""
    gather: Gather | None = None
    """Formats whose documents span several files (brat) claim them from a folder first."""
    partner: Callable[[Path], Path] | None = None
    """For a file named directly: the other file of its document (brat)."""
    columns: bool = False
    """CSV column options (``--text-col`` ...) apply."""
    standoff: bool = False
    """Reads standoff records (no text) with ``--standoff``/``--texts``."""
    encoding: bool = False
    """Reads text in a chosen encoding (``--encoding``; else UTF-8 or by byte-order mark)."""
    needs: tuple[str, ...] = ()
    """Optional packages (the ``formats`` extra) the reader imports."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Writing:
    """How ``claimdesk export`` writes a format."""

    label: str
    """The Export dialog's name for it."""
    help: str
    """One line for ``claimdesk export --help``."""
    writer: Callable[[Context], Writer]
    single_file: str | None
    """The suffix of the one file it writes without ``--split``; None: always a folder."""
    standoff: bool = False
    """Can leave the article text out (``--standoff``)."""
    tag_scheme: bool = False
    """Takes ``--scheme`` (IOB2, IOB1, BILOU)."""
    keeps_suggestions: bool = False
    """Keeps pending and rejected spans and frames (the others leave unaccepted suggestions
    out)."""
    predictions: bool = False
    """With ``--include-pending``, writes pending suggestions as the format's predictions
    (the writer sees the whole layer and separates them)."""
    manifest_beside_file: bool = True
    """A single-file export writes ``<file>.manifest.json`` beside it."""
    needs: tuple[str, ...] = ()
    """Optional packages (the ``formats`` extra) the writer imports."""


@dataclass(frozen=True, slots=True)
class FormatSpec:
    name: str
    """The ``--format`` value."""
    reading: Reading | None = None
    writing: Writing | None = None


_JSON = (".jsonl", ".ndjson", ".json")

FORMATS: tuple[FormatSpec, ...] = (
    FormatSpec("jsonl", reading=Reading(
        label="Claimdesk JSONL (native)",
        help="native JSONL, one document per line (the lossless contract)",
        read=jsonl.read_jsonl, suffixes=_JSON, sniff=jsonl.sniff, standoff=True,
    ), writing=Writing(
        label="Claimdesk JSONL (lossless)", help="native JSONL, lossless",
        writer=JsonlWriter, single_file=".jsonl", standoff=True, keeps_suggestions=True,
        manifest_beside_file=False,
    )),
    FormatSpec("txt", reading=Reading(
        label="Plain text / Markdown", help="one document per file, title from line 1",
        read=read_text, suffixes=(".txt", ".text", ".md", ".markdown"), encoding=True,
    )),
    FormatSpec("html", reading=Reading(
        label="HTML saved from a news site",
        help="the main text and metadata of a saved page (needs trafilatura)",
        read=read_html, suffixes=(".html", ".htm", ".xhtml"), needs=("trafilatura",),
    )),
    FormatSpec("csv", reading=Reading(
        label="CSV / TSV table", help="one document per row (see --text-col ...)",
        read=read_csv, suffixes=(".csv", ".tsv", ".tab"), columns=True,
    ), writing=Writing(
        label="CSV tables (documents, spans, frames, actors)",
        help="CSV tables: documents, spans, frames, relations, actors",
        writer=CsvWriter, single_file=None, standoff=True,
    )),
    FormatSpec("doccano", reading=Reading(
        label="doccano JSONL", help="doccano JSONL or JSONL(relation), UTF-16 offsets",
        read=doccano.read_doccano, suffixes=_JSON, sniff=doccano.sniff,
    ), writing=Writing(
        label="doccano JSONL (relation)", help="doccano JSONL(relation), UTF-16 offsets",
        writer=DoccanoWriter, single_file=".jsonl",
    )),
    FormatSpec("brat", reading=Reading(
        label="brat standoff (.txt + .ann)", help=".txt + .ann pairs (brat standoff)",
        read=read_brat, suffixes=(".ann",), gather=gather_pairs, partner=partner_path,
    ), writing=Writing(
        label="brat standoff (.txt + .ann + annotation.conf)",
        help="brat standoff: .txt + .ann per document, annotation.conf",
        writer=BratWriter, single_file=None, standoff=True,
    )),
    FormatSpec("labelstudio", reading=Reading(
        label="Label Studio JSON tasks", help="Label Studio JSON tasks",
        read=labelstudio.read_labelstudio, suffixes=_JSON, sniff=labelstudio.sniff,
    ), writing=Writing(
        label="Label Studio JSON tasks + config",
        help="Label Studio JSON tasks and labelling config",
        writer=LabelStudioWriter, single_file=".json", predictions=True,
    )),
    FormatSpec("spacy", writing=Writing(
        label="spaCy v3 DocBin (.spacy)", help="spaCy v3 DocBin (needs spaCy)",
        writer=SpacyWriter, single_file=".spacy", needs=("spacy",),
    )),
    FormatSpec("conll", writing=Writing(
        label="CoNLL-2003 (token tags)", help="CoNLL-2003 token tags",
        writer=ConllWriter, single_file=".conll", tag_scheme=True,
    )),
    FormatSpec("hf", writing=Writing(
        label="Hugging Face dataset (parquet + card)",
        help="Hugging Face parquet and dataset card (needs datasets)",
        writer=HfWriter, single_file=None, tag_scheme=True, needs=("datasets", "pyarrow"),
    )),
    FormatSpec("network", writing=Writing(
        label="Actor network (GraphML + edge list)",
        help="actor network: GraphML, edge and node lists",
        writer=NetworkWriter, single_file=None, standoff=True,
    )),
)
"""Every format, in menu order (``auto`` comes first on import)."""

AUTO = "auto"
"""The import choice that sniffs each file."""
AUTO_LABEL = "Automatic (by extension and content)"

IMPORT_FORMATS: tuple[str, ...] = (AUTO, *(f.name for f in FORMATS if f.reading))
EXPORT_FORMATS: tuple[str, ...] = tuple(f.name for f in FORMATS if f.writing)

_BY_NAME = {f.name: f for f in FORMATS}


def reading(name: str) -> Reading | None:
    """How format ``name`` is read; None for ``auto``, an unknown name or a write-only one."""
    spec = _BY_NAME.get(name)
    return spec.reading if spec is not None else None


def writing(name: str) -> Writing | None:
    spec = _BY_NAME.get(name)
    return spec.writing if spec is not None else None


def readers() -> list[tuple[str, Reading]]:
    return [(f.name, f.reading) for f in FORMATS if f.reading is not None]


def writers() -> list[tuple[str, Writing]]:
    return [(f.name, f.writing) for f in FORMATS if f.writing is not None]


def import_labels() -> dict[str, str]:
    """``--format`` value -> the Import dialog's label, in menu order (``auto`` first)."""
    return {AUTO: AUTO_LABEL, **{name: r.label for name, r in readers()}}


def export_labels() -> dict[str, str]:
    """``--format`` value -> the Export dialog's label, in menu order."""
    return {name: w.label for name, w in writers()}


def takes_columns(name: str) -> bool:
    """Whether the CSV column options apply to import choice ``name`` (``auto`` may read CSV)."""
    r = reading(name)
    return name == AUTO or (r is not None and r.columns)


def reads_standoff(name: str) -> bool:
    """Whether ``--standoff``/``--texts`` apply to import choice ``name``."""
    r = reading(name)
    return name == AUTO or (r is not None and r.standoff)


def takes_encoding(name: str) -> bool:
    """Whether ``--encoding`` applies to import choice ``name`` (``auto`` may read text)."""
    r = reading(name)
    return name == AUTO or (r is not None and r.encoding)


def single_file(name: str) -> str | None:
    """The suffix of the one file export ``name`` writes without a split; None: a folder."""
    w = writing(name)
    return w.single_file if w is not None else None


def writes_standoff(name: str) -> bool:
    """Whether export ``name`` can leave the text out (``--standoff``)."""
    w = writing(name)
    return w is not None and w.standoff


def writes_predictions(name: str) -> bool:
    """Whether export ``name`` writes pending suggestions as predictions
    (``--include-pending``)."""
    w = writing(name)
    return w is not None and w.predictions


def takes_scheme(name: str) -> bool:
    """Whether export ``name`` takes ``--scheme``."""
    w = writing(name)
    return w is not None and w.tag_scheme


def sniffed_suffixes() -> list[str]:
    """Every suffix some format is sniffed for, in table order, plus ``.zip``."""
    out = list(dict.fromkeys(s for _, r in readers() for s in r.suffixes))
    return [*out, ".zip"]


def sniff(source: Source) -> str | None:
    """The format of one file by suffix and (for JSON) content; None when nothing reads it."""
    peek = Peek(source)
    for name, r in readers():
        if peek.suffix in r.suffixes and (r.sniff is None or r.sniff(peek)):
            return name
    return None


def gatherers(fmt: str) -> Sequence[tuple[str, Gather]]:
    """The formats that claim their files from a folder first, for import choice ``fmt``."""
    return [(name, r.gather) for name, r in readers()
            if r.gather is not None and fmt in (AUTO, name)]

"""Which files of a folder make brat documents: ``.ann`` + ``.txt`` pairs, and the files a
Claimdesk brat export writes beside them (read for names, never imported)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from desktop.core.errors import InputError
from desktop.formats.sources import Source

_CONF_FILES = ("annotation.conf", "visual.conf", "tools.conf", "kb_shortcuts.conf")
_EXPORT_FILES = ("manifest.json", "documents.tsv")
"""Files a Claimdesk brat export writes beside the pairs (read for names, not as documents)."""


def _is_export_file(s: Source) -> bool:
    base = s.rel.rsplit("/", 1)[-1]
    if base not in _EXPORT_FILES:
        return False
    if base == "documents.tsv":
        return s.head(64).startswith(b"file\tid\tsha256")
    try:
        return bool(json.loads(s.text()).get("format") == "brat")
    except (ValueError, InputError, AttributeError):
        return False


def _parents(folder: str) -> list[str]:
    out = [folder]
    while folder not in ("", "."):
        folder = folder.rsplit("/", 1)[0] if "/" in folder else "."
        out.append(folder)
    return out


def _partner(s: Source, txts: Mapping[tuple[str, str], Source]) -> Source | None:
    """The ``.txt`` of an ``.ann``: same stem, else the longest stem it extends after a
    ``_``, ``-`` or ``.`` (one text annotated by several people: ``X_ann1.ann`` over
    ``X.txt``, as published corpora ship it)."""
    same = txts.get((s.folder, s.stem))
    if same is not None:
        return same
    best = None
    for (folder, stem), txt in txts.items():
        if folder == s.folder and len(s.stem) > len(stem) and s.stem.startswith(stem) \
                and s.stem[len(stem)] in "_-." and (best is None or len(stem) > len(best.stem)):
            best = txt
    return best


def gather_pairs(sources: Sequence[Source], *, forced: bool, explicit: bool,
                 warn: Callable[[str], None]) -> tuple[list[Source], list[Source]]:
    """The ``.ann`` files (each with its ``.txt`` as ``partner``) and the sources left over.

    Pairs are matched by folder and stem (or, for ``X_ann1.ann``, the ``X.txt`` it extends);
    brat's own ``.conf`` files are dropped, and a Claimdesk export's ``manifest.json`` and
    ``documents.tsv`` go with the pairs (``companions``). With ``forced`` (``--format brat``)
    nothing is left over: the rest is skipped with a warning, or (``explicit``: the user named
    these files) is an error when there is no pair at all.

    Raises:
        InputError: an ``.ann`` file without its ``.txt``.
    """
    txts = {(s.folder, s.stem): s for s in sources if s.suffix == ".txt"}
    anns = [s for s in sources if s.suffix == ".ann"]
    exports = [s for s in sources if anns and _is_export_file(s)] if anns else []
    manifests = {s.folder: s for s in exports if s.rel.endswith("manifest.json")}
    pairs: list[Source] = []
    used: set[str] = {s.rel for s in exports}
    for s in anns:
        txt = _partner(s, txts)
        if txt is None:
            raise InputError(f"no {s.stem}.txt beside it", file=s.name)
        manifest = next((manifests[f] for f in _parents(s.folder) if f in manifests), None)
        pairs.append(replace(s, partner=txt, companions=(manifest,) if manifest else ()))
        used.update((txt.rel, s.rel))
    rest = [s for s in sources if s.rel not in used
            and s.rel.rsplit("/", 1)[-1] not in _CONF_FILES]
    if not forced:
        return pairs, rest
    if explicit and not pairs:
        raise InputError("not a brat .txt/.ann pair", file=sources[0].name)
    for s in rest:
        if s.suffix != ".txt" or explicit:
            warn(f"{s.name}: not part of a brat .txt/.ann pair; skipped")
    return pairs, []


def partner_path(path: Path) -> Path:
    """The other file of a pair, for a ``.txt`` or ``.ann`` named directly."""
    return path.with_suffix(".ann" if path.suffix.lower() == ".txt" else ".txt")



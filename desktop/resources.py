"""Locate bundled files in `resources/` in a checkout, an installed package or a frozen app."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The folder holding codebooks, samples and icons."""
    frozen = getattr(sys, "_MEIPASS", None)
    candidates = [Path(frozen) / "resources"] if frozen else []
    here = Path(__file__).resolve().parent
    candidates += [here.parent / "resources", here / "resources",
                   Path(sys.prefix) / "share" / "claimdesk" / "resources"]
    for c in candidates:
        if (c / "codebooks").is_dir():
            return c
    raise FileNotFoundError("Claimdesk resources folder not found (looked in "
                            + ", ".join(str(c) for c in candidates) + ")")


def default_codebook_path() -> Path:
    return resources_dir() / "codebooks" / "news-attribution.toml"


def lexicon_path(language: str) -> Path:
    """The attribution-cue lexicon for ``language`` (e.g. ``en``) used by the assistant."""
    return resources_dir() / "lexicons" / f"cues-{language}.toml"


def samples_path() -> Path:
    return resources_dir() / "samples" / "samples.jsonl"

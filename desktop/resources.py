"""Locate the bundled files of `resources/` in a checkout, an installed wheel or a frozen app.

The wheel and the PyInstaller bundle carry the top-level `resources/` folder as the data-only
package `desktop._resources` (see setup.py and packaging/claimdesk.spec); a checkout (also an
editable install) reads `resources/` next to the package.
"""

from __future__ import annotations

import importlib.resources
from functools import cache
from pathlib import Path

PACKAGED = "_resources"


def _candidates() -> list[Path]:
    packaged = importlib.resources.files("desktop") / PACKAGED
    out = [Path(str(packaged))]
    out.append(Path(__file__).resolve().parent.parent / "resources")  # a source checkout
    return out


@cache
def resources_dir() -> Path:
    """The folder holding codebooks, samples, icons (and later lexicons)."""
    candidates = _candidates()
    for c in candidates:
        if (c / "codebooks").is_dir():
            return c
    raise FileNotFoundError("Claimdesk resources folder not found (looked in "
                            + ", ".join(str(c) for c in candidates) + ")")


def resource_path(*parts: str) -> Path:
    """A file or folder under the resources folder, e.g. ``resource_path("icons", "x.svg")``."""
    return resources_dir().joinpath(*parts)


def default_codebook_path() -> Path:
    return resource_path("codebooks", "news-attribution.toml")


def lexicon_path(language: str) -> Path:
    """The attribution-cue lexicon for ``language`` (e.g. ``en``) used by the assistant."""
    return resources_dir() / "lexicons" / f"cues-{language}.toml"


def samples_path() -> Path:
    return resource_path("samples", "samples.jsonl")


def icons_dir() -> Path:
    return resource_path("icons")

"""Resource bounds: how big a document, a saved page or an archive Claimdesk takes in.

A news article has a few thousand characters; the bounds are far above that and stop what
would exhaust memory or freeze the window (a 50 MB "document", a zip bomb). Each is a setting:
``from_environment`` reads ``CLAIMDESK_MAX_DOCUMENT_CHARS``, ``CLAIMDESK_MAX_HTML_MB``,
``CLAIMDESK_MAX_ARCHIVE_MB``, ``CLAIMDESK_MAX_ARCHIVE_RATIO``, ``CLAIMDESK_MAX_VIEW_CHARS`` and
``CLAIMDESK_AUTO_OPEN_CHARS``; ``claimdesk import --max-chars`` overrides the first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    max_document_chars: int = 1_000_000
    """Longest document text an import accepts (about 500 pages)."""
    max_html_bytes: int = 5 * MB
    """Largest saved page read (extracting the text takes about a second per MB)."""
    max_archive_bytes: int = 1024 * MB
    """Most a .zip may expand to, all members together."""
    max_archive_ratio: int = 100
    """Most a .zip may expand relative to its own size (beyond 64 MB)."""
    archive_ratio_floor: int = 64 * MB
    view_chars: int = 2_000_000
    """Longest document the article view opens (about a second and 60 MB per million)."""
    auto_open_chars: int = 250_000
    """Longest document opened by itself when the window starts."""


_ENV = {
    "max_document_chars": ("CLAIMDESK_MAX_DOCUMENT_CHARS", 1),
    "max_html_bytes": ("CLAIMDESK_MAX_HTML_MB", MB),
    "max_archive_bytes": ("CLAIMDESK_MAX_ARCHIVE_MB", MB),
    "max_archive_ratio": ("CLAIMDESK_MAX_ARCHIVE_RATIO", 1),
    "view_chars": ("CLAIMDESK_MAX_VIEW_CHARS", 1),
    "auto_open_chars": ("CLAIMDESK_AUTO_OPEN_CHARS", 1),
}


def from_environment(env: Mapping[str, str]) -> Limits:
    """The defaults, with any of the variables above set in ``env`` (bad values ignored)."""
    values: dict[str, int] = {}
    names = {f.name for f in fields(Limits)}
    for name, (var, unit) in _ENV.items():
        raw = env.get(var, "").strip()
        if name in names and raw:
            try:
                number = float(raw)
            except ValueError:
                continue
            if number > 0:
                values[name] = int(number * unit)
    return replace(Limits(), **values)


def characters(n: int) -> str:
    """``1234567`` -> ``1,234,567 characters``."""
    return f"{n:,} characters"

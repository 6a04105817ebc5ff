"""MkDocs hook (mkdocs.yml `hooks:`): the built guide also opens at site/index.html.

The guide's pages live under guide/, so the site root gets a small page that forwards to
guide/index.html (and links to it, for browsers that do not follow the refresh).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

FORWARD = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="0; url=guide/index.html">
<title>Claimdesk user guide</title></head>
<body><p><a href="guide/index.html">Claimdesk user guide</a></p></body></html>
"""


def on_post_build(config: Any, **_: Any) -> None:
    root = Path(config["site_dir"]) / "index.html"
    if not root.exists():
        root.write_text(FORWARD, encoding="utf-8")

"""packaging/make_icons.py renders the application icon for Linux, Windows and macOS."""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from helpers.packaging import ROOT
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(ROOT / "packaging"))
import make_icons


def test_every_size_and_container(qapp: QApplication, tmp_path: Path) -> None:
    written = make_icons.make_icons(tmp_path)
    hicolor = tmp_path / "hicolor"
    for size in make_icons.PNG_SIZES:
        image = QImage(str(hicolor / f"{size}x{size}" / "apps" / f"{make_icons.APP_ID}.png"))
        assert (image.width(), image.height()) == (size, size)
        centre = image.pixelColor(size // 2, size // 2)
        assert centre.alpha() == 255  # drawn, not an empty canvas
    assert (hicolor / "scalable" / "apps" / f"{make_icons.APP_ID}.svg").read_bytes() == \
        (ROOT / "resources" / "icons" / "claimdesk.svg").read_bytes()
    ico = (tmp_path / "claimdesk.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind, count) == (0, 1, len(make_icons.ICO_SIZES))
    for i in range(count):
        *_, length, offset = struct.unpack("<BBBBHHII", ico[6 + 16 * i: 22 + 16 * i])
        assert ico[offset:offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + length <= len(ico)
    icns = (tmp_path / "claimdesk.icns").read_bytes()
    assert icns[:4] == b"icns"
    assert struct.unpack(">I", icns[4:8])[0] == len(icns)
    pos, kinds = 8, []
    while pos < len(icns):
        kinds.append(icns[pos:pos + 4])
        pos += struct.unpack(">I", icns[pos + 4:pos + 8])[0]
    assert pos == len(icns)
    assert kinds == [t for t, _ in make_icons.ICNS_TYPES]
    assert len(written) == len(make_icons.PNG_SIZES) + 4

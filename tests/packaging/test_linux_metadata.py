"""Linux desktop integration: the desktop file and AppStream metainfo validate with Debian's
tools and agree with each other, the app and the version."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from helpers.packaging import ROOT

from desktop import __version__
from desktop.app import APP_ID

LINUX = ROOT / "packaging" / "linux"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
MIME = LINUX / f"{APP_ID}.mime.xml"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (packaging/system_deps.sh install package)")
    return path


def test_desktop_file_validates() -> None:
    done = subprocess.run([_tool("desktop-file-validate"), str(DESKTOP)], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "error" not in done.stdout.lower(), done.stdout
    assert "warning" not in done.stdout.lower(), done.stdout


def test_metainfo_validates_offline() -> None:
    done = subprocess.run([_tool("appstreamcli"), "validate", "--no-net", "--no-color",
                           str(METAINFO)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert not [line for line in lines if line.startswith(("E:", "W:"))], done.stdout


def test_ids_names_and_version_agree() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(DESKTOP, encoding="utf-8")
    group = entry["Desktop Entry"]
    assert group["Icon"] == APP_ID
    assert group["Exec"].split()[0] == "claimdesk"
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("provides/binary") == "claimdesk"
    releases = root.findall("releases/release")
    assert releases[0].get("version") == __version__  # newest first, kept in step
    mime = ET.parse(MIME).getroot()
    ns = "{http://www.freedesktop.org/standards/shared-mime-info}"
    mime_type = mime.find(f"{ns}mime-type")
    assert mime_type is not None
    assert group["MimeType"] == mime_type.get("type") + ";"
    assert root.findtext("provides/mediatype") == mime_type.get("type")
    assert mime_type.find(f"{ns}glob").get("pattern") == "*.claimdesk"  # type: ignore[union-attr]

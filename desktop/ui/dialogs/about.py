"""About Claimdesk: version, licence, and where the user's data, preferences and logs are."""

from __future__ import annotations

import sys
from html import escape
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QUrl, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop import __version__
from desktop.paths import data_dir, log_dir, settings_file


def about_html() -> str:
    def folder(path: Path) -> str:
        return f"<a href='{QUrl.fromLocalFile(str(path)).toString()}'>{escape(str(path))}</a>"

    return (
        f"<h3>Claimdesk {escape(__version__)}</h3>"
        "<p>Annotation of attribution in news articles: who is quoted, what they claim, "
        "the words that attribute it.</p>"
        "<p>Free software under the MIT licence.</p>"
        "<table cellspacing='4'>"
        f"<tr><td>Your data (default project)</td><td>{folder(data_dir())}</td></tr>"
        f"<tr><td>Preferences</td><td>{folder(settings_file().parent)}</td></tr>"
        f"<tr><td>Log files</td><td>{folder(log_dir())}</td></tr>"
        "</table>"
        f"<p style='color:gray'>Python {sys.version.split()[0]}, Qt {qVersion()}, "
        f"PySide6 {pyside_version}</p>")


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About Claimdesk")
        self.text = QLabel(about_html())
        self.text.setWordWrap(True)
        self.text.setOpenExternalLinks(False)
        self.text.linkActivated.connect(lambda url: QDesktopServices.openUrl(QUrl(url)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.text)
        lay.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

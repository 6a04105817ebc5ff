"""What every PyInstaller spec of Claimdesk shares (imported by the .spec files).

The bundle carries `resources/` as `desktop/_resources` (where `desktop/resources.py` looks,
as in the wheel), trafilatura's data files for HTML import, and leaves out the heavy optional
exporters (spaCy, Hugging Face datasets, pyarrow: the `formats` extra; the exporters then say
to install Claimdesk with pip) and every Qt module the application does not use.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENTRY = str(ROOT / "desktop" / "__main__.py")
ICONS = ROOT / "build" / "icons"  # written by packaging/make_icons.py (make package)

# Imported only inside functions or through importlib; PyInstaller would miss them.
HIDDEN_IMPORTS = ["desktop.app", "desktop.cli", "desktop.ui.main_window", "desktop.ui.workspace",
                  "lxml_html_clean", "lxml.html.clean", "pyqtgraph"]

DATA_PACKAGES = ["trafilatura", "justext", "courlan", "htmldate"]

EXCLUDES = [
    # the `formats` extra and what it drags in
    "spacy", "thinc", "blis", "srsly", "cymem", "preshed", "murmurhash", "wasabi", "weasel",
    # (numpy stays: pyqtgraph draws the Statistics charts with it)
    "catalogue", "confection", "langcodes", "datasets", "pyarrow", "pandas",
    "huggingface_hub", "fsspec", "aiohttp", "multiprocess", "dill", "xxhash", "torch",
    "tensorflow", "jax",
    # development tools and toolkits the app never uses
    "tkinter", "_tkinter", "matplotlib", "IPython", "jupyter_client", "pytest", "hypothesis",
    "mypy", "ruff", "setuptools", "pip", "PyInstaller", "mkdocs",
    # Qt: the app uses QtCore, QtGui, QtWidgets and QtSvg (PySide6-Essentials) only
    "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets",
    "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "PySide6.QtSql", "PySide6.QtTest",
    "PySide6.QtXml", "PySide6.QtDBus", "PySide6.QtPrintSupport", "PySide6.QtConcurrent",
    "PySide6.QtHelp", "PySide6.QtMultimedia", "PySide6.QtMultimediaWidgets",
    "PySide6.QtNetworkAuth", "PySide6.QtPdf", "PySide6.QtPdfWidgets", "PySide6.QtSvgWidgets",
    "PySide6.QtUiTools", "PySide6.QtDesigner", "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets", "PySide6.QtWebChannel", "PySide6.QtWebSockets",
    "PySide6.QtPositioning", "PySide6.QtLocation", "PySide6.QtBluetooth", "PySide6.Qt3DCore",
    "PySide6.QtCharts", "PySide6.QtDataVisualization", "PySide6.QtGraphs",
    "PySide6.QtQuick3D", "PySide6.QtStateMachine", "PySide6.QtTextToSpeech",
]


# Linux: the GTK stack that Qt's GTK theme plugin links against must be the desktop's own; a
# copy from the build machine breaks on other distributions. Where GTK is missing, Qt skips
# the plugin and uses its own style.
SYSTEM_ONLY_LIBS = ("libgtk-3.", "libgdk-3.", "libgdk_pixbuf-2.0.", "libatk-1.0.",
                    "libatk-bridge-2.0.", "libatspi.", "libepoxy.", "libcairo-gobject.",
                    "libpango-1.0.", "libpangocairo-1.0.", "libpangoft2-1.0.")


def without_system_only(binaries: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """``binaries`` (a PyInstaller TOC) without the libraries in ``SYSTEM_ONLY_LIBS``."""
    return [b for b in binaries if not Path(b[0]).name.startswith(SYSTEM_ONLY_LIBS)]


def datas() -> list[tuple[str, str]]:
    """(source, folder in the bundle) pairs: resources and the HTML extractor's data."""
    from PyInstaller.utils.hooks import collect_data_files

    out = [(str(ROOT / "resources"), "desktop/_resources")]
    for package in DATA_PACKAGES:
        out += collect_data_files(package)
    return out

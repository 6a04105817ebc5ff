"""The assistant's settings, kept with Qt's settings under the ``assist/`` group.

``assist/auto_suggest`` (bool, default off): suggest for a document when it is opened. The
Preferences dialog and the Assist menu's check item both read and write it here.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

AUTO_SUGGEST = "assist/auto_suggest"


def _settings() -> QSettings:
    # The application's organisation and name (desktop/app.py), so the file is the one every
    # other setting of Claimdesk lives in, even before a QApplication names itself.
    return QSettings("Claimdesk", "Claimdesk")


def auto_suggest() -> bool:
    """Suggest automatically when a document is opened?"""
    return bool(_settings().value(AUTO_SUGGEST, False, type=bool))


def set_auto_suggest(on: bool) -> None:
    settings = _settings()
    settings.setValue(AUTO_SUGGEST, bool(on))
    settings.sync()

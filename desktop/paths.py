"""Where Claimdesk keeps the user's files: the default project, preferences, logs.

``CLAIMDESK_HOME`` puts everything under one folder (tests and portable installs use it);
otherwise the platform's user data and log folders are used.
"""

from __future__ import annotations

import os
from pathlib import Path


def _home() -> Path | None:
    override = os.environ.get("CLAIMDESK_HOME")
    return Path(override) if override else None


def data_dir() -> Path:
    """The user data folder (the default project lives here)."""
    home = _home()
    if home is not None:
        return home
    from platformdirs import user_data_dir

    return Path(user_data_dir("Claimdesk", "Claimdesk"))


def config_dir() -> Path:
    """The folder of the preferences file (window layout, recent projects, appearance)."""
    home = _home()
    if home is not None:
        return home / "config"
    from platformdirs import user_config_dir

    return Path(user_config_dir("Claimdesk", "Claimdesk"))


def settings_file() -> Path:
    return config_dir() / "claimdesk.ini"


def log_dir() -> Path:
    """The folder of the rotating log file."""
    home = _home()
    if home is not None:
        return home / "logs"
    from platformdirs import user_log_dir

    return Path(user_log_dir("Claimdesk", "Claimdesk"))


def log_file() -> Path:
    return log_dir() / "claimdesk.log"

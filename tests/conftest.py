"""Test set-up shared by every folder: headless Qt and a fresh settings/data location."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

_TESTS = str(Path(__file__).resolve().parent)
if _TESTS not in sys.path:  # the shared helpers package (tests/helpers)
    sys.path.insert(0, _TESTS)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--headed", action="store_true", help="show GUI tests on a real screen")


def pytest_configure(config: pytest.Config) -> None:
    if not config.getoption("--headed"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.fonts=false")


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tests marked ``optional(module, ...)`` skip without those packages, or fail with
    CLAIMDESK_REQUIRE_EXTRAS=1 (helpers.optional)."""
    from helpers.optional import require_optional

    for mark in item.iter_markers("optional"):
        for module in mark.args:
            require_optional(module)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "qtbot" in fixtures or "qapp" in fixtures:
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory,
                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's real default project or settings."""
    home = tmp_path_factory.mktemp("claimdesk-home")
    monkeypatch.setenv("CLAIMDESK_HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    # Automatic backups run in the background a few seconds after a window opens; the tests
    # that are about them turn them on.
    monkeypatch.setenv("CLAIMDESK_AUTO_BACKUP", "0")

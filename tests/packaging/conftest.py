"""Packaging tests: the smoke tests (marker ``package``) build and install real artefacts, take
minutes and may use the package index, so they run only from `make test-package`
(CLAIMDESK_PACKAGE_TESTS=1). The metadata and icon tests here are fast and always run."""

from __future__ import annotations

import pytest
from helpers.packaging import ENABLED


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    skip = pytest.mark.skip(reason="packaging smoke test: run `make test-package`")
    for item in items:
        if "package" in item.keywords and not ENABLED:
            item.add_marker(skip)

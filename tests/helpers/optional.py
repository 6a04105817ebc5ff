"""Tests that need the optional ``formats`` extra (spaCy, datasets and pyarrow, trafilatura).

On a minimal install (``pip install -e '.[test,dev]'``) they are skipped. With
``CLAIMDESK_REQUIRE_EXTRAS=1`` (``make test`` sets it) a missing package fails them instead,
so a full install can never pass by skipping. Use ``require_optional`` where a module needs
the package at import time, and the ``optional`` marker (``needs``) on a test or parameter.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable
from types import ModuleType

import pytest
from _pytest.mark.structures import ParameterSet

from desktop.formats import registry

REQUIRE_EXTRAS = "CLAIMDESK_REQUIRE_EXTRAS"


def extras_required() -> bool:
    return os.environ.get(REQUIRE_EXTRAS, "") == "1"


def require_optional(module: str) -> ModuleType:
    """``pytest.importorskip(module)``, or a failure when ``CLAIMDESK_REQUIRE_EXTRAS=1``."""
    if not extras_required():
        return pytest.importorskip(module)
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        missing = str(exc)
    pytest.fail(f"{module} is not installed ({missing}) but {REQUIRE_EXTRAS}=1: install "
                "claimdesk[formats] or run `make test-minimal`", pytrace=False)


def needs(*modules: str) -> pytest.MarkDecorator:
    """Mark a test (or a parameter) as needing optional packages (see ``tests/conftest.py``)."""
    return pytest.mark.optional(*modules)


def import_params(names: Iterable[str]) -> list[ParameterSet]:
    """Import format names as parameters, each marked with what its reader needs."""
    out = []
    for name in names:
        r = registry.reading(name)
        out.append(pytest.param(name, marks=needs(*r.needs) if r is not None else (), id=name))
    return out


def export_params(names: Iterable[str]) -> list[ParameterSet]:
    """Export format names as parameters, each marked with what its writer needs."""
    out = []
    for name in names:
        w = registry.writing(name)
        out.append(pytest.param(name, marks=needs(*w.needs) if w is not None else (), id=name))
    return out

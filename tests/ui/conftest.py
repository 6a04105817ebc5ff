"""Fixtures shared by the GUI tests; they live next to their builders in the helper modules."""

from _panel_fixtures import panel, ws  # noqa: F401
from _window_fixtures import window  # noqa: F401

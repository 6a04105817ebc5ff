"""Fixtures shared by the GUI tests; they live next to their builders in the helper modules."""

from helpers.panels import panel, ws  # noqa: F401
from helpers.windows import window  # noqa: F401

"""All SQL lives here: the project file, its schema and the repository functions."""

# Must run before anything imports sqlite_utils (see _light_import).
from desktop.store import _light_import  # noqa: F401
from desktop.store.project import Project, open_project

__all__ = ["Project", "open_project"]

"""All SQL lives here: the project file, its schema and the repository functions."""

from desktop.store.project import Project, open_project

__all__ = ["Project", "open_project"]

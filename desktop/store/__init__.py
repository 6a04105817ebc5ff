"""All SQL lives here: the project file, its schema and the repositories.

This module is the store's public surface; nothing outside ``desktop.store`` imports its
submodules or touches the database handle (``tests/test_layers.py`` checks it). Writes return
``desktop.core.changes.Written`` values carrying the ``Change`` they made.
"""

# Must run before anything imports sqlite_utils (see _light_import).
from desktop.store import _light_import  # noqa: F401
from desktop.store.actors import Mention
from desktop.store.batching import batch_file_name, documents_with_statuses, write_batch
from desktop.store.db import DEFAULT_BUSY_TIMEOUT, known_error
from desktop.store.documents import DocumentFilter, fts_query
from desktop.store.integrity import check_project
from desktop.store.layer_sets import LayerSet
from desktop.store.merge import LayerPlan
from desktop.store.merging import MergeReport, layer_digest, merge_project, merge_projects
from desktop.store.project import APPLICATION_ID, Project, open_project
from desktop.store.schema import SCHEMA_VERSION
from desktop.store.spans import SpanSnapshot
from desktop.store.suggestions import Decision, PendingSet, Replaced, WriteCounts

__all__ = [
    "APPLICATION_ID",
    "DEFAULT_BUSY_TIMEOUT",
    "SCHEMA_VERSION",
    "Decision",
    "DocumentFilter",
    "LayerPlan",
    "LayerSet",
    "Mention",
    "MergeReport",
    "PendingSet",
    "Project",
    "Replaced",
    "SpanSnapshot",
    "WriteCounts",
    "batch_file_name",
    "check_project",
    "documents_with_statuses",
    "fts_query",
    "known_error",
    "layer_digest",
    "merge_project",
    "merge_projects",
    "open_project",
    "write_batch",
]

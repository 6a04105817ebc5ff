"""All SQL lives here: the project file, its schema and the repositories.

This module is the store's public surface; nothing outside ``desktop.store`` imports its
submodules or touches the database handle (``tests/test_layers.py`` checks it). Writes return
``desktop.core.changes.Written`` values carrying the ``Change`` they made.
"""

# Must run before anything imports sqlite_utils (see _light_import).
from desktop.store import _light_import  # noqa: F401
from desktop.store.actors import Mention
from desktop.store.backup import Backup, backup_folder, list_backups, restore
from desktop.store.backup import automatic_setting as automatic_backups
from desktop.store.backup import interval_setting as backup_interval_minutes
from desktop.store.backup import keep_setting as backups_kept
from desktop.store.batching import batch_file_name, documents_with_statuses, write_batch
from desktop.store.db import DEFAULT_BUSY_TIMEOUT, known_error
from desktop.store.documents import DocumentFilter, fts_query
from desktop.store.files import output_problem
from desktop.store.integrity import check_project
from desktop.store.journal import undo_limit as undo_steps_kept
from desktop.store.layer_sets import LayerSet
from desktop.store.merge import LayerPlan
from desktop.store.merging import MergeReport, layer_digest, merge_project, merge_projects
from desktop.store.opening import open_project
from desktop.store.project import APPLICATION_ID, Project
from desktop.store.schema import SCHEMA_VERSION
from desktop.store.spans import SpanSnapshot
from desktop.store.suggestions import Decision, PendingSet, Replaced, WriteCounts

__all__ = [
    "APPLICATION_ID",
    "DEFAULT_BUSY_TIMEOUT",
    "SCHEMA_VERSION",
    "Backup",
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
    "automatic_backups",
    "backup_folder",
    "backup_interval_minutes",
    "backups_kept",
    "batch_file_name",
    "check_project",
    "documents_with_statuses",
    "fts_query",
    "known_error",
    "layer_digest",
    "list_backups",
    "merge_project",
    "merge_projects",
    "open_project",
    "output_problem",
    "restore",
    "undo_steps_kept",
    "write_batch",
]

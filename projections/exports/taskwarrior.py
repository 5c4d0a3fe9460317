"""Every task for ``task import``: the tasks gathered from the views, written by
``engine.formats.taskwarrior`` (which says how each field is written).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.formats.taskwarrior import write_export
from projections.queries.task_exchange import exported_tasks

if TYPE_CHECKING:
    from engine.storage.database import Database

__all__ = ["taskwarrior_export"]


def taskwarrior_export(db: Database) -> tuple[bytes, int]:
    """Every task as a JSON array, one task per line (as ``task export`` writes it); and how many."""
    tasks = exported_tasks(db)
    return write_export(tasks), len(tasks)

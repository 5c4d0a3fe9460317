"""Open and done tasks as a todo.txt file: the tasks gathered from the views, written by
``engine.formats.todotxt`` (which says how each task is written). Cancelled tasks are left out:
todo.txt has no way to say a task was dropped.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import TYPE_CHECKING

from engine.formats.todotxt import write_todo
from projections.queries.task_exchange import exported_tasks

if TYPE_CHECKING:
    from engine.storage.database import Database

__all__ = ["todotxt_export"]


def todotxt_export(db: Database, tz: tzinfo) -> tuple[bytes, int]:
    """Open tasks, then done ones, as a todo.txt file; and how many."""
    tasks = exported_tasks(db, statuses=("open", "done"))
    return write_todo(tasks, tz), len(tasks)

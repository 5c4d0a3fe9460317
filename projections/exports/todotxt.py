"""Open and done tasks as a todo.txt file: the tasks gathered from the views, written by
``engine.formats.todotxt`` (which says how each task is written). Cancelled tasks are left out:
todo.txt has no way to say a task was dropped. So are recurrence templates (Taskwarrior's
``recurring`` tasks): todo.txt has no template; its occurrences are written, each a task, so a
round trip does not make the template one more task to do (topydo's ``rec:`` is a task that
recurs itself, not a template).
"""

from __future__ import annotations

from datetime import tzinfo
from typing import TYPE_CHECKING

from engine.formats.todotxt import write_todo
from projections.queries.task_exchange import exported_tasks

if TYPE_CHECKING:
    from engine.storage.database import Database

__all__ = ["todotxt_export"]


def todotxt_export(db: Database, tz: tzinfo) -> tuple[bytes, int, int]:
    """Open tasks, then done ones, as a todo.txt file; how many; and how many recurrence templates were left out."""
    tasks = exported_tasks(db, statuses=("open", "done"))
    written = [t for t in tasks if not t.template]
    return write_todo(written, tz), len(written), len(tasks) - len(written)

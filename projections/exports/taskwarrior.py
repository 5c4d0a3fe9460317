"""Every task for ``task import``: the tasks gathered from the views, written by
``engine.formats.taskwarrior`` (which says how each field is written).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, tzinfo
from typing import TYPE_CHECKING

from engine.formats.taskwarrior import write_export
from engine.rules.due import due_moment, is_day
from projections.queries.task_exchange import exported_tasks

if TYPE_CHECKING:
    from engine.storage.database import Database

__all__ = ["taskwarrior_export"]


def taskwarrior_export(db: Database, tz: tzinfo = UTC) -> tuple[bytes, int]:
    """Every task as a JSON array, one task per line (as ``task export`` writes it); and how many.
    Taskwarrior has no due date without a time: a due day is written as its start in ``tz``, as
    ``task`` itself writes ``due:2026-04-28`` (a scheduled day too)."""
    tasks = [
        replace(
            t,
            due=due_moment(t.due, tz) if is_day(t.due) else t.due,  # type: ignore[arg-type]
            details=replace(t.details, scheduled=due_moment(t.details.scheduled, tz)) if is_day(t.details.scheduled) else t.details,  # type: ignore[arg-type]
        )
        for t in exported_tasks(db)
    ]
    return write_export(tasks), len(tasks)

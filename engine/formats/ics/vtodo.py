"""A VTODO as a task."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from engine.formats.ics.event import CalendarComponent
from engine.formats.ics.model import CalendarTodo

__all__ = ["PRIORITIES", "PROJECT_PROPERTY", "todo_of"]

_TODO_STATUS = {"COMPLETED": "done", "CANCELLED": "cancelled"}


PROJECT_PROPERTY = "X-DAYLEDGER-PROJECT"  # the task's project, as our export writes it (CATEGORIES are its tags)


PRIORITIES = {"H": 1, "M": 5, "L": 9}


def todo_of(ev: CalendarComponent) -> CalendarTodo:
    """A VTODO as a task: SUMMARY, STATUS, DUE (a date stays a date), COMPLETED, PRIORITY (1-4 high,
    5 medium, 6-9 low), CATEGORIES as tags (the first also its project when it is our own export's)."""
    due = ev.value("DUE") if "DUE" in ev.c else None
    if isinstance(due, datetime):
        due = ev.moment(due)
    completed = ev.value("COMPLETED") if "COMPLETED" in ev.c else None
    status = _TODO_STATUS.get(str(ev.c.get("STATUS", "")).strip().upper(), "done" if completed else "open")
    try:
        level = int(str(ev.c.get("PRIORITY", 0)))
    except ValueError:
        level = 0
    priority = "H" if 1 <= level <= 4 else "M" if level == 5 else "L" if 6 <= level <= 9 else None
    project = _one_line(ev.c.get(PROJECT_PROPERTY)) or None
    return CalendarTodo(
        uid=ev.uid, line=ev.line, text=_one_line(ev.c.get("SUMMARY")) or "(no title)", status=status,
        made_at=ev.made_at, changed_at=ev.changed_at, completed_at=ev.moment(completed, UTC) if completed is not None else None,
        due=due, priority=priority, tags=tuple(c for c in ev.categories if c != project), project=project,
    )


def _one_line(value: Any) -> str:
    return " ".join(str(value or "").split())

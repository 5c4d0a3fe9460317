"""Appointments (and, optionally, open tasks) as an iCalendar file: gathered from the views here,
written by ``engine.formats.ics`` (which says how each is written). A recurrence template
(Taskwarrior's ``recurring`` task) is left out of the tasks: its occurrences are tasks of their
own, and a VTODO for the template would come back as one more task to do.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from engine.formats.ics import ExportedAppointment, ExportedSeries, ExportedTodo, write_calendar
from projections.queries.current import appointments, list_tasks
from projections.queries.series import series_as_of

if TYPE_CHECKING:
    from engine.storage.database import Database

__all__ = ["calendar"]


def calendar(
    db: Database, tz: tzinfo, *, start: datetime | None = None, end: datetime | None = None, with_tasks: bool = False, now: datetime
) -> bytes:
    """The iCalendar file: appointments starting in [start, end) (all when not given)."""
    with db.read() as cur:
        versions = dict(cur.execute("SELECT id, version FROM dl_appointments").fetchall())
        series_changes = dict(cur.execute("SELECT series_id, count(*) FROM dl_series_changes GROUP BY series_id").fetchall())
    single = [
        ExportedAppointment(
            id=a.id, text=a.text, starts_at=a.starts_at if a.day is None else a.day, duration_minutes=a.duration_minutes, status=a.status, project=a.project,
            created_at=a.created_at, sequence=int(versions.get(a.id, 1)) - 1,
        )
        for a in appointments(db, tz, statuses=("scheduled", "cancelled"))
    ]
    recurring = [
        ExportedSeries(
            id=s.id, text=s.text, cron=s.cron, zone=s.zone, starts_at=s.starts_at, schedule=s.schedule, duration_minutes=s.duration_minutes,
            project=s.project, moved=s.moved, cancelled=s.cancelled, sequence=int(series_changes.get(s.id, 0)),
        )
        for s in series_as_of(db)
    ]
    todos = [
        ExportedTodo(
            id=t.id, text=t.text, recorded_at=t.recorded_at, created_at=t.created_at, due=t.due_value, project=t.project, tags=t.tags, priority=t.priority
        )
        for t in (list_tasks(db, tz) if with_tasks else ())
        if not t.template  # a recurrence template is no task to do: its occurrences are the VTODOs
    ]
    return write_calendar(single, recurring, todos, start=start, end=end, now=now)

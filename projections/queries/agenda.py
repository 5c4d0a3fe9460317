"""The agenda: day by day, appointments, routine occurrences and tasks due."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from engine.rules.adherence import occurrence_states
from engine.rules.cron import zone_of
from projections.queries.current import appointments, list_tasks
from projections.queries.routines import routines_as_of
from projections.queries.series import series_occurrences
from projections.queries.task_detail import overdue

if TYPE_CHECKING:
    from engine.storage.database import Database

__all__ = ["AgendaDay", "agenda"]


@dataclass
class AgendaDay:
    """One local day of the agenda."""

    day: date
    appointments: list[dict[str, Any]] = field(default_factory=list)
    routines: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"date": self.day.isoformat(), "appointments": self.appointments, "routines": self.routines, "tasks": self.tasks}


def _midnight(day: date, tz: tzinfo) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=tz).astimezone(UTC).astimezone(tz)


def agenda(
    db: Database, tz: tzinfo, *, start: date, days: int, now: datetime, known_at: datetime | None = None, travels: bool = False,
) -> list[AgendaDay]:
    """``days`` local days from ``start``: appointments by start time, routine occurrences with
    their state at ``now``, open tasks due that day (the first day also lists overdue ones).

    With ``travels`` it is the agenda as it stood at ``now`` (as known at ``known_at``; None:
    everything recorded): appointments, series, routines and tasks with the values of then."""
    out = [AgendaDay(start + timedelta(days=i)) for i in range(days)]
    lo, hi = _midnight(start, tz), _midnight(start + timedelta(days=days), tz)

    def slot(moment: datetime) -> AgendaDay | None:
        index = (moment.astimezone(tz).date() - start).days
        return out[index] if 0 <= index < days else None

    if travels:
        from projections.queries.as_of import appointments_as_of, moment, tasks_as_of

        then = moment(now, known_at)
        appts = appointments_as_of(db, tz, then, starts_from=lo, starts_before=hi)
        occurrences = series_occurrences(db, lo, hi, as_of=now, known_at=known_at)
        routines = routines_as_of(db, as_of=now, known_at=known_at, marks_from=lo)
        tasks = tasks_as_of(db, tz, then, due_only=True)
    else:
        appts, occurrences = appointments(db, tz), series_occurrences(db, lo, hi)
        routines, tasks = routines_as_of(db, marks_from=lo), list_tasks(db, tz)
    for a in appts:
        if a.day is not None:  # all day: on each of its days (one begun before ``start`` too), the same days in every zone
            for n in range(a.days or 1):
                index = (a.day - start).days + n
                if 0 <= index < days:
                    out[index].appointments.append(a.to_json())
        elif lo <= a.starts_at < hi and (target := slot(a.starts_at)):
            target.appointments.append(a.to_json())
    for o in occurrences:
        if target := slot(o.starts_at):
            target.appointments.append(o.to_json(tz))
    for r in routines:
        if r.status == "ended" and r.schedule.ends_at is not None and r.schedule.ends_at <= lo:
            continue
        for occ in occurrence_states(r.schedule, r.marks, lo, hi, now=now, tz=zone_of(r.zone)):  # type: ignore[arg-type]
            target = slot(occ.at)
            if target is not None:
                target.routines.append(
                    {"id": r.id, "handle": r.handle, "text": r.text, "project": r.project, "at": occ.at.astimezone(tz).isoformat(), "state": occ.state}
                )
    for t in tasks:
        due = t.due
        if due is None or due >= hi:
            continue
        target = slot(due) if due >= lo else out[0]
        if target is not None:
            target.tasks.append({**t.to_json(), "overdue": overdue(t, now)})
    for d in out:
        d.routines.sort(key=lambda x: x["at"])
        d.tasks.sort(key=lambda x: x["due"])
        d.appointments.sort(key=lambda x: (not x.get("all_day"), x["starts_at"]))  # all-day ones first, as calendars show them
    return out

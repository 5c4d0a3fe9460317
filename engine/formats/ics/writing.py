"""Writing appointments, recurring appointments and open tasks as an iCalendar file (``write_calendar``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from engine.formats.ics.vtodo import PRIORITIES, PROJECT_PROPERTY
from engine.rules.cron import ALIASES, Schedule, iter_occurrences, zone_of
from engine.rules.days import day_start

__all__ = ["PRODID", "ExportedAppointment", "ExportedSeries", "ExportedTodo", "cron_to_rrule", "write_calendar"]


PRODID = "-//dayledger//dayledger//EN"


_DAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]


_NAMES = {"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6}


@dataclass(frozen=True)
class ExportedAppointment:
    """A single appointment as the calendar writes it (times aware; ``sequence``: its changes)."""

    id: str
    text: str
    starts_at: datetime | date  # a date: all day (``duration_minutes`` its days times 1440), written VALUE=DATE
    duration_minutes: int | None
    status: str  # scheduled | cancelled
    project: str | None
    created_at: datetime
    sequence: int


@dataclass(frozen=True)
class ExportedSeries:
    """A recurring appointment as the calendar writes it (``sequence``: its changes)."""

    id: str
    text: str
    cron: str
    zone: str
    starts_at: datetime
    schedule: Schedule
    duration_minutes: int | None
    project: str | None
    moved: dict[datetime, tuple[datetime, int | None]]  # occurrence -> (new start, new length)
    cancelled: frozenset[datetime]
    sequence: int


@dataclass(frozen=True)
class ExportedTodo:
    """An open task as the calendar writes it."""

    id: str
    text: str
    recorded_at: datetime
    created_at: datetime
    due: datetime | date | None  # a date: due that day (written DUE;VALUE=DATE)
    project: str | None
    tags: tuple[str, ...] = ()
    priority: str | None = None  # H, M or L


def _weekdays(field: str) -> list[str] | None:
    days: list[int] = []
    for part in field.split(","):
        bounds = part.split("-")
        try:
            values = [_NAMES[b] if b in _NAMES else int(b) % 7 for b in bounds]
        except (KeyError, ValueError):
            return None
        if len(values) == 1:
            days.append(values[0])
        elif len(values) == 2 and values[0] <= values[1]:
            days.extend(range(values[0], values[1] + 1))
        else:
            return None
    return [_DAYS[d] for d in sorted(set(days))]


def cron_to_rrule(cron: str) -> dict[str, Any] | None:
    """The RRULE a cron expression means, or None when iCalendar cannot say it simply."""
    fields = ALIASES.get(cron, cron).split()
    if len(fields) != 5:
        return None
    minute, hour, dom, month, dow = fields
    if not (minute.isdigit() and hour.isdigit()):
        return None
    if dom == "*" and month == "*" and dow == "*":
        return {"freq": "daily"}
    if dom == "*" and month == "*":
        days = _weekdays(dow)
        return {"freq": "weekly", "byday": days} if days else None
    if dom.isdigit() and month == "*" and dow == "*":
        return {"freq": "monthly", "bymonthday": [int(dom)]}
    if dom.isdigit() and month.isdigit() and dow == "*":
        return {"freq": "yearly", "bymonth": [int(month)], "bymonthday": [int(dom)]}
    return None


def _event(uid: str, summary: str, start: datetime | date, minutes: int | None, stamp: datetime, sequence: int, **extra: Any) -> Any:
    from icalendar import Event

    e = Event()
    e.add("uid", uid)
    e.add("summary", summary)
    if not isinstance(start, datetime):  # all day: DTSTART;VALUE=DATE, DTEND the day after its last
        e.add("dtstart", start)
        e.add("dtend", start + timedelta(days=max(1, (minutes or 1440) // 1440)))
    else:
        if start.replace(fold=1 - start.fold).utcoffset() != start.utcoffset():  # the repeated hour: a wall time would lose which one
            start = start.astimezone(UTC)
        e.add("dtstart", start)
        e.add("dtend", start + timedelta(minutes=minutes or 60))
    e.add("dtstamp", stamp.astimezone(UTC))
    e.add("sequence", sequence)
    for name, value in extra.items():
        e.add(name.replace("_", "-"), value)
    return e


def write_calendar(
    appointments: Iterable[ExportedAppointment],
    series: Iterable[ExportedSeries],
    todos: Iterable[ExportedTodo] = (),
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    now: datetime,
) -> bytes:
    """The iCalendar file: appointments starting in [start, end) (all when not given), the
    recurring ones (expanded no later than a year after ``now`` when no RRULE says them), then
    the tasks as VTODOs."""
    from icalendar import Calendar, Todo

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    lo = start or datetime.min.replace(tzinfo=UTC)
    hi = end or datetime.max.replace(tzinfo=UTC)
    for a in appointments:
        if not lo <= (a.starts_at if isinstance(a.starts_at, datetime) else day_start(a.starts_at, lo.tzinfo or UTC)) < hi:
            continue  # an all-day one where its day begins in the window's zone
        extra: dict[str, Any] = {"status": "CANCELLED" if a.status == "cancelled" else "CONFIRMED"}
        if a.project:
            extra["categories"] = [a.project]
        cal.add_component(_event(f"{a.id}@dayledger", a.text, a.starts_at, a.duration_minutes, a.created_at, a.sequence, **extra))
    for s in series:
        zone = zone_of(s.zone)
        sequence = s.sequence
        rule = cron_to_rrule(s.cron)
        stamp = s.starts_at
        if rule is not None:
            first = next(iter_occurrences(s.schedule, s.starts_at, zone), None)
            if first is None:
                continue
            ends = s.schedule.ends_at
            if ends is not None:
                rule = {**rule, "until": ends.astimezone(UTC) - timedelta(seconds=1)}
            extra = {"rrule": rule}
            if s.project:
                extra["categories"] = [s.project]
            master = _event(f"{s.id}@dayledger", s.text, first.astimezone(zone), s.duration_minutes, stamp, sequence, **extra)
            for occ in sorted(s.cancelled):
                master.add("exdate", occ.astimezone(zone))
            cal.add_component(master)
            for occ, (moved_to, minutes) in sorted(s.moved.items()):
                if occ in s.cancelled:
                    continue
                cal.add_component(
                    _event(f"{s.id}@dayledger", s.text, moved_to.astimezone(zone), minutes, stamp, sequence, recurrence_id=occ.astimezone(zone))
                )
            continue
        window_lo = max(lo, s.starts_at)
        window_hi = min(hi, now + timedelta(days=366))
        for occ in iter_occurrences(s.schedule, window_lo, zone, window_hi):
            moved = s.moved.get(occ)
            begin, minutes = moved if moved else (occ, s.duration_minutes)
            status = "CANCELLED" if occ in s.cancelled else "CONFIRMED"
            uid = f"{s.id}-{occ.strftime('%Y%m%dT%H%M%SZ')}@dayledger"
            cal.add_component(_event(uid, s.text, begin.astimezone(zone), minutes, stamp, sequence, status=status))
    for t in todos:
        todo = Todo()
        todo.add("uid", f"{t.id}@dayledger")
        todo.add("summary", t.text)
        todo.add("dtstamp", t.recorded_at.astimezone(UTC))
        todo.add("created", t.created_at.astimezone(UTC))
        todo.add("status", "NEEDS-ACTION")
        if t.due is not None:
            todo.add("due", t.due)
        if t.project or t.tags:  # the project first, as before; X-DAYLEDGER-PROJECT says which it is
            todo.add("categories", [c for c in (t.project, *t.tags) if c])
        if t.project:
            todo.add(PROJECT_PROPERTY, t.project)
        if t.priority in PRIORITIES:
            todo.add("priority", PRIORITIES[t.priority])
        cal.add_component(todo)
    cal.add_missing_timezones()
    return cal.to_ical()

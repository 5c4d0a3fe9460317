"""Appointments (and, optionally, open tasks) as an iCalendar file, with the icalendar library.

Each appointment keeps a stable UID (its id), ``SEQUENCE`` counts its changes, a cancelled one
is ``STATUS:CANCELLED``. A recurring appointment whose cron maps to an RRULE (daily, weekly on
some days, monthly on a day, yearly on a date, at one time of day) is one VEVENT with ``RRULE``,
``EXDATE`` for cancelled occurrences and a ``RECURRENCE-ID`` VEVENT for each moved one; any other
cron is written as its occurrences in the window, each a VEVENT of its own.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from engine.rules.cron import ALIASES, iter_occurrences, zone_of
from projections.queries.current import appointments, list_tasks
from projections.queries.series import series_as_of

if TYPE_CHECKING:
    from engine.storage.database import Database

__all__ = ["calendar", "cron_to_rrule"]

PRODID = "-//dayledger//dayledger//EN"
_DAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]
_NAMES = {"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6}


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


def _event(uid: str, summary: str, start: datetime, minutes: int | None, stamp: datetime, sequence: int, **extra: Any) -> Any:
    from icalendar import Event

    e = Event()
    e.add("uid", uid)
    e.add("summary", summary)
    e.add("dtstart", start)
    e.add("dtend", start + timedelta(minutes=minutes or 60))
    e.add("dtstamp", stamp.astimezone(UTC))
    e.add("sequence", sequence)
    for name, value in extra.items():
        e.add(name.replace("_", "-"), value)
    return e


def calendar(
    db: Database, tz: tzinfo, *, start: datetime | None = None, end: datetime | None = None, with_tasks: bool = False, now: datetime
) -> bytes:
    """The iCalendar file: appointments starting in [start, end) (all when not given)."""
    from icalendar import Calendar, Todo

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    lo = start or datetime.min.replace(tzinfo=UTC)
    hi = end or datetime.max.replace(tzinfo=UTC)
    with db.read() as cur:
        versions = dict(cur.execute("SELECT id, version FROM dl_appointments").fetchall())
        series_changes = dict(cur.execute("SELECT series_id, count(*) FROM dl_series_changes GROUP BY series_id").fetchall())
    for a in appointments(db, tz, statuses=("scheduled", "cancelled")):
        if not lo <= a.starts_at < hi:
            continue
        extra: dict[str, Any] = {"status": "CANCELLED" if a.status == "cancelled" else "CONFIRMED"}
        if a.project:
            extra["categories"] = [a.project]
        cal.add_component(_event(f"{a.id}@dayledger", a.text, a.starts_at, a.duration_minutes, a.created_at, int(versions.get(a.id, 1)) - 1, **extra))
    for s in series_as_of(db):
        zone = zone_of(s.zone)
        sequence = int(series_changes.get(s.id, 0))
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
    if with_tasks:
        for t in list_tasks(db, tz):
            todo = Todo()
            todo.add("uid", f"{t.id}@dayledger")
            todo.add("summary", t.text)
            todo.add("dtstamp", t.recorded_at.astimezone(UTC))
            todo.add("created", t.created_at.astimezone(UTC))
            todo.add("status", "NEEDS-ACTION")
            if t.due is not None:
                todo.add("due", t.due)
            if t.project:
                todo.add("categories", [t.project])
            cal.add_component(todo)
    cal.add_missing_timezones()
    return cal.to_ical()

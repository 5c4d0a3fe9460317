"""Which reports a schedule owes: each fire of its cron closes a period (the last complete day, week
or month before the fire, in the schedule's zone), and each period is reported once.

Fires that close a period already reported collapse into that report: a daily cron with weekly
reports makes one report a week (the first fire after the week ends), and after three weeks of
downtime a weekly cron owes three reports, one per week. Pure: times in, periods out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from engine.rules.cron import (
    Schedule,
    iter_occurrences,
    next_occurrence,
    zone_of,
)
from engine.rules.period import Period, period_of_days, week_of
from engine.rules.report_schedule import ReportSchedule

__all__ = ["Due", "closed_period", "due_reports", "file_name", "next_due", "owed"]


@dataclass(frozen=True)
class Due:
    """A report owed: the fire that made it due, the period's name and the period."""

    due_at: datetime
    name: str
    period: Period


def closed_period(kind: str, fire: datetime, tz: tzinfo, week_start: str = "mon") -> tuple[str, Period]:
    """The last complete ``kind`` (day, week, month) before ``fire``, read in ``tz``, and its name
    (``2026-04-24``, ``2026-W17`` or ``week-of-2026-04-19`` for Sunday weeks, ``2026-04``)."""
    today = fire.astimezone(tz).date()
    if kind == "day":
        day = today - timedelta(days=1)
        return day.isoformat(), period_of_days(day, day, tz)
    if kind == "week":
        week = week_of(today - timedelta(days=7), tz, week_start)
        return week.label.replace(" ", "-"), week
    if kind == "month":
        last = today.replace(day=1) - timedelta(days=1)
        return f"{last.year:04d}-{last.month:02d}", period_of_days(date(last.year, last.month, 1), last, tz)
    raise ValueError(f"unknown period {kind!r}")


def file_name(name: str, fmt: str) -> str:
    """The stable file name of a report: ``dayledger-2026-W17.md``."""
    return f"dayledger-{name}.{fmt}"


def due_reports(s: ReportSchedule, now: datetime) -> list[Due]:
    """Reports the schedule owes at ``now``, oldest first (see ``owed``)."""
    settings = s.settings
    produced = {r.event.period: r.event.due_at for r in s.reports}
    return owed(s.fires, settings.zone, settings.period, settings.week_start, produced, now)


def owed(fires: Schedule, zone: str, kind: str, week_start: str, produced: Mapping[str, datetime], now: datetime) -> list[Due]:
    """Periods closed by the fires up to ``now`` that are not ``produced`` yet (period name -> the
    fire it was produced for), oldest first. Only periods that end after the schedule began count:
    a daily fire the day after a schedule is made does not report the week before it. Fires up to the newest produced one are done with
    (reports are produced in order), so a long-lived schedule does not walk all its fires again."""
    tz = zone_of(zone)
    start = fires.rules[0].since
    if produced:
        start = max(start, max(produced.values()) + timedelta(microseconds=1))
    found: dict[str, Due] = {}
    for fire in iter_occurrences(fires, start, tz, now + timedelta(microseconds=1)):
        name, period = closed_period(kind, fire, tz, week_start)
        if name not in found and name not in produced and period.end > fires.rules[0].since:
            found[name] = Due(fire.astimezone(tz), name, period)
    return list(found.values())


def next_due(fires: Schedule, zone: str, now: datetime) -> datetime | None:
    """The next fire after ``now`` (None once the schedule has ended)."""
    if fires.ends_at is not None and fires.ends_at <= now:
        return None
    return next_occurrence(fires, now, zone_of(zone))

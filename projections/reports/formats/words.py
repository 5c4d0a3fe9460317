"""How the formats say things: titles, the two moments, days and durations, in the same words."""

from __future__ import annotations

from datetime import date, datetime

from projections.reports.model import Report, RoutineLine

__all__ = ["day", "days", "moment", "moments", "project", "schedule", "stamp", "subtitle", "title"]


def title(r: Report) -> str:
    """The heading; a filtered report says its filter in it, so that it is never taken for the whole."""
    if r.kind == "week":
        text = f"Weekly report {r.label}" if r.label[:4].isdigit() else f"Weekly report, {r.label}"
    else:
        text = f"Report {r.label}"
    return text if r.filter is None else f"{text}, only {r.filter}"


def subtitle(r: Report) -> str:
    return f"{day(r.first_day)} to {day(r.last_day)}"


def day(d: date) -> str:
    return d.strftime("%a %Y-%m-%d")


def stamp(t: datetime) -> str:
    """A local time: the day, and the time of day unless it is midnight."""
    return t.strftime("%a %m-%d") if (t.hour, t.minute, t.second) == (0, 0, 0) else t.strftime("%a %m-%d %H:%M")


def moment(t: datetime) -> str:
    return t.strftime("%Y-%m-%d %H:%M:%S")


def moments(r: Report) -> str:
    """The sentence every format carries: the two moments the report was computed for."""
    return f"As of {moment(r.as_of)} ({r.zone}), with what the ledger had recorded by {moment(r.known_at)}."


def days(value: float) -> str:
    return f"{value:.1f}d"


def project(name: str | None) -> str:
    return name if name is not None else "no project"


def schedule(x: RoutineLine) -> str:
    """A routine's schedule as the terminal shows it: its words beside its cron text
    (``daily at 21:00 (0 21 * * *)``), or the cron text alone when it has no short saying."""
    return f"{x.schedule_words} ({x.schedule})" if x.schedule_words else x.schedule

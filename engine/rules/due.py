"""A task's due date: a moment (``2026-04-28T17:00+02:00``) or a day without a time of day
(todo.txt's ``due:2026-04-28``), which is that day wherever the user is.

A due day is compared as the user's local day: it begins at the day's start in their zone (where a
list sorts it, and where ``due.after``/``due.before`` filters place it) and it is overdue once that
day has ended there. Stored, a day is ``YYYY-MM-DD`` text and a moment UTC ISO text.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from engine.rules.days import day_bounds

__all__ = ["Due", "due_day", "due_from_text", "due_moment", "due_text", "is_day", "overdue"]

Due = datetime | date  # a moment, or a day (a date that is not a datetime)


def is_day(due: Due | None) -> bool:
    """Whether ``due`` is a day without a time of day."""
    return due is not None and not isinstance(due, datetime)


def due_moment(due: Due, tz: tzinfo) -> datetime:
    """Where a due date sits among moments: a moment itself, a day at its start in ``tz``."""
    if isinstance(due, datetime):
        return due.astimezone(tz)
    return day_bounds(due, tz)[0]


def due_day(due: Due, tz: tzinfo) -> date:
    """The user's day a due date falls on (a day is itself, in every zone)."""
    return due.astimezone(tz).date() if isinstance(due, datetime) else due


def overdue(due: Due | None, now: datetime, tz: tzinfo) -> bool:
    """Whether a due date has passed by ``now``: a moment once it is before now, a day once the
    local day has ended."""
    if due is None:
        return False
    if isinstance(due, datetime):
        return due < now
    return day_bounds(due, tz)[1] <= now


def due_from_text(value: str | None) -> Due | None:
    """A due date as read models store it: ``YYYY-MM-DD`` (a day) or an ISO time."""
    if value is None:
        return None
    return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)


def due_text(due: Due | None, tz: tzinfo | None = None) -> str | None:
    """A due date as JSON writes it: a day ``YYYY-MM-DD``; a moment ISO 8601 (in ``tz`` when given)."""
    if due is None:
        return None
    if not isinstance(due, datetime):
        return due.isoformat()
    return (due.astimezone(tz) if tz is not None else due).isoformat()



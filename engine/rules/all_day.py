"""An appointment's start: a moment, or a day (all day).

A day (a ``date`` that is not a ``datetime``) is that day wherever the user is: it begins at the
day's start in their zone (``start_moment``) and lasts whole days, ``duration_minutes`` being its
days times 1440. Stored, a day is ``YYYY-MM-DD`` text and a moment ISO text (``start_from_text``).
Light on purpose (no event classes): the read side parses every appointment's start with it.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from engine.rules.days import day_start

__all__ = ["MINUTES_A_DAY", "Start", "all_day_days", "is_all_day", "start_from_text", "start_moment", "start_words"]

Start = datetime | date  # a moment, or a day (all day: a date that is not a datetime)
MINUTES_A_DAY = 1440


def is_all_day(start: Start) -> bool:
    """Whether an appointment's start is a day (all day) rather than a moment."""
    return not isinstance(start, datetime)


def start_moment(start: Start, tz: tzinfo) -> datetime:
    """Where a start sits among moments, in ``tz``: a moment itself, a day at its start there."""
    return start.astimezone(tz) if isinstance(start, datetime) else day_start(start, tz)


def start_from_text(value: str) -> Start:
    """A start as read models store it: ``YYYY-MM-DD`` (a day) or an ISO time."""
    return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)


def all_day_days(duration_minutes: int | None) -> int:
    """How many days an all-day appointment of this length lasts (None: one)."""
    return max(1, (duration_minutes or MINUTES_A_DAY) // MINUTES_A_DAY)


def start_words(start: Start) -> str:
    """A start as messages say it: ``2026-12-25 (all day)`` or ``2026-12-25T10:00+01:00``."""
    return f"{start.isoformat()} (all day)" if is_all_day(start) else start.isoformat(timespec="minutes")  # type: ignore[call-arg]

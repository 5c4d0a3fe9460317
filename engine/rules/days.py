"""The user's local days: where one begins and ends in their zone.

Every "start of a local day" in dayledger is this one: midnight, or the first instant after it
when the clocks skipped midnight (a spring-forward at 00:00), and the next day's start as the
exclusive end. Pure, and cached: an import asks for each note's day and the next one.
"""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo
from functools import lru_cache

__all__ = ["day_bounds", "day_start"]


@lru_cache(maxsize=4096)
def day_bounds(day: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """The first instant of the local day and of the next one."""
    from engine.rules.when import When

    when = When(datetime.combine(day, time(12), tzinfo=tz), has_time=False)
    return when.start_of_day(), when.end_of_day()


def day_start(day: date, tz: tzinfo) -> datetime:
    """The first instant of the local day (midnight, or later when the clocks skipped it)."""
    return day_bounds(day, tz)[0]

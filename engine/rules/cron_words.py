"""A cron schedule said in words ("daily at 21:00", "weekdays at 09:00", "monthly on the 1st at
07:00"), for people reading a routine beside its cron text. Pure; None for what has no short saying."""

from __future__ import annotations

import re

__all__ = ["cron_in_words"]

_DAYS = ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_NAMED = {name.lower(): index for index, name in enumerate(_DAYS)}
_MONTH_NAMED = {name.lower(): index for index, name in enumerate(_MONTHS, 1)}
_ALIASES = {"@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@weekly": "0 0 * * 0", "@monthly": "0 0 1 * *", "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@hourly": "0 * * * *"}


def cron_in_words(cron: str) -> str | None:
    """``cron`` in words, or None when it is not one of the plain shapes (it is then shown as it is)."""
    fields = _ALIASES.get(cron.strip().lower(), cron).split()
    if len(fields) != 5:
        return None
    minute, hour, day, month, weekday = (f.lower() for f in fields)
    if (every := re.fullmatch(r"\*/(\d+)", minute)) and hour == day == month == weekday == "*":
        return f"every {every.group(1)} minutes"
    if not minute.isdigit() or int(minute) > 59:
        return None
    if hour == "*" and day == month == weekday == "*":
        return f"hourly at :{int(minute):02d}"
    if not hour.isdigit() or int(hour) > 23:
        return None
    at = f"at {int(hour):02d}:{int(minute):02d}"
    if day == "*" and month == "*":
        if weekday == "*":
            return f"daily {at}"
        days = _weekdays(weekday)
        if days is None:
            return None
        if days == [1, 2, 3, 4, 5]:
            return f"weekdays {at}"
        if days == [0, 6]:
            return f"weekends {at}"
        return f"{'weekly on ' if len(days) == 1 else 'on '}{', '.join(_DAYS[d] for d in days)} {at}"
    if day.isdigit() and 1 <= int(day) <= 31 and weekday == "*":
        if month == "*":
            return f"monthly on the {_ordinal(int(day))} {at}"
        number = _MONTH_NAMED.get(month) or (int(month) if month.isdigit() and 1 <= int(month) <= 12 else None)
        if number is not None:
            return f"yearly on {int(day)} {_MONTHS[number - 1]} {at}"
    return None


def _weekdays(field: str) -> list[int] | None:
    """The days of a weekday field (``1-5``, ``mon,wed,fri``, ``fri``), Sunday as 0; None if it is not plain."""
    days: set[int] = set()
    for part in field.split(","):
        low, _, high = part.partition("-")
        first, last = _day(low), _day(high) if high else _day(low)
        if first is None or last is None or last < first:
            return None
        days.update(range(first, last + 1))
    return sorted(d % 7 for d in days)


def _day(text: str) -> int | None:
    if text.isdigit() and int(text) <= 7:
        return int(text)
    return _NAMED.get(text[:3]) if text[:3] in _NAMED else None


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"

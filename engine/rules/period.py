"""The period a report covers: a week (starting on the user's first weekday) or any run of days.

Pure: the current moment and the zone are arguments. A period is whole local days,
[start, end) in the user's zone; a report looks at it as of its end (or now, if that is earlier).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Literal

from engine.rules.days import day_start
from engine.rules.errors import InvalidInputError

__all__ = ["WEEK_STARTS", "Period", "parse_week", "period_of_days", "week_of"]

WEEK_STARTS: dict[str, int] = {"mon": 0, "sun": 6}  # date.weekday() of the first day of a week
_ISO_WEEK = re.compile(r"(?i)^\s*(\d{4})-?w(\d{1,2})\s*$")


@dataclass(frozen=True)
class Period:
    """Whole local days from ``first_day``, ``days`` of them, in ``tz``. A run of whole calendar
    months (``months`` > 0) is compared with the months before it, not with as many days."""

    first_day: date
    days: int
    tz: tzinfo
    kind: Literal["week", "range"]
    label: str
    months: int = 0

    @property
    def last_day(self) -> date:
        return self.first_day + timedelta(days=self.days - 1)

    @property
    def start(self) -> datetime:
        """The first instant of the first day."""
        return day_start(self.first_day, self.tz)

    @property
    def end(self) -> datetime:
        """The first instant after the last day (exclusive)."""
        return day_start(self.first_day + timedelta(days=self.days), self.tz)

    def day_list(self) -> list[date]:
        return [self.first_day + timedelta(days=i) for i in range(self.days)]

    def before(self, n: int) -> Period:
        """The period of the same length ``n`` periods earlier (as many months, for months)."""
        if self.months:
            return self._months_from(_month_shift(self.first_day, -n * self.months))
        first = self.first_day - timedelta(days=self.days * n)
        return Period(first, self.days, self.tz, self.kind, _label(first, self.days, self.kind))

    def after(self) -> Period:
        """The next period of the same length (as many months, for months)."""
        if self.months:
            return self._months_from(_month_shift(self.first_day, self.months))
        first = self.first_day + timedelta(days=self.days)
        return Period(first, self.days, self.tz, self.kind, _label(first, self.days, self.kind))

    def _months_from(self, first: date) -> Period:
        days = (_month_shift(first, self.months) - first).days
        return Period(first, days, self.tz, self.kind, _label(first, days, self.kind), self.months)


def _month_shift(first: date, months: int) -> date:
    """The first day of the month ``months`` after (or before) the month of ``first``."""
    year, month = divmod(first.year * 12 + first.month - 1 + months, 12)
    return date(year, month + 1, 1)



def _label(first: date, days: int, kind: str) -> str:
    if kind == "week":
        if first.weekday() == 0:
            year, week, _ = first.isocalendar()
            return f"{year}-W{week:02d}"
        return f"week of {first.isoformat()}"
    return f"{first.isoformat()} to {(first + timedelta(days=days - 1)).isoformat()}"


def week_of(day: date, tz: tzinfo, week_start: str = "mon") -> Period:
    """The week holding ``day``, starting on ``week_start`` (``mon`` or ``sun``)."""
    first = day - timedelta(days=(day.weekday() - WEEK_STARTS[week_start]) % 7)
    return Period(first, 7, tz, "week", _label(first, 7, "week"))


def period_of_days(first: date, last: date, tz: tzinfo, *, calendar: bool = True) -> Period:
    """The days from ``first`` through ``last``. From the first of a month to the last day of a
    month they are whole months, compared with the months before (unless not ``calendar``: how
    reports produced before that were computed)."""
    if last < first:
        raise InvalidInputError(f"the period ends ({last}) before it starts ({first})")
    days = (last - first).days + 1
    following = last + timedelta(days=1) if last < date.max else None
    months = 0
    if calendar and first.day == 1 and following is not None and following.day == 1:
        months = (following.year - first.year) * 12 + following.month - first.month
    return Period(first, days, tz, "range", _label(first, days, "range"), months)


def parse_week(text: str | None, *, now: datetime, tz: tzinfo, week_start: str = "mon") -> Period:
    """WEEK as typed: ``2026-W17`` (the ISO week; with Sunday weeks, the week holding its Monday),
    ``last`` (the default: the last complete week), ``this``, or any WHEN inside the week."""
    from engine.rules.when import check_year, parse_when

    if week_start not in WEEK_STARTS:
        raise InvalidInputError(f"a week starts on mon or sun, not {week_start!r}")
    today = now.astimezone(tz).date()
    word = (text or "last").strip().lower()
    if word == "last":
        return week_of(today - timedelta(days=7), tz, week_start)
    if word == "this":
        return week_of(today, tz, week_start)
    iso = _ISO_WEEK.match(word)
    if iso:
        try:
            monday = date.fromisocalendar(int(iso[1]), int(iso[2]), 1)
        except ValueError:
            raise InvalidInputError(f"there is no ISO week {text!r}") from None
        check_year(monday.year, text or "")
        return week_of(monday, tz, week_start)
    return week_of(parse_when(text or "", now=now, tz=tz, direction="past").moment.date(), tz, week_start)

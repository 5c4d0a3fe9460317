"""Turn what a user types for WHEN, or for a duration, into datetimes; pure, standard library only.

WHEN grammar
------------

Case does not matter, surrounding and repeated spaces are ignored, and everything is read in
the ledger's time zone. ``now`` is the moment the command runs.

Days (the result has no time of day; its moment is that day's local midnight)::

    2026-04-28                      an ISO 8601 date (20260428 works too)
    today, yesterday, tomorrow
    tue, tues, tuesday              a weekday name or abbreviation (mon, tue, wed, thu, thur,
                                    thurs, fri, sat, sun, and the full names); today if today is
                                    that weekday, else the next one -- or, where the command
                                    looks back (e.g. logging what was done), the most recent one
    next tue                        strictly after today: the coming Tuesday, never today
    last tue                        strictly before today: the past Tuesday, never today
    this week, next week,           the first day of that week (weeks start on Monday unless
    last week                       told otherwise) or of that month
    this month, next month, last month
    dec 24, 24 december,            a day of a month; without a year the next one (or, looking
    december 24 2026, 24 dec 2026   back, the most recent one), today included
    12/24, 12/24/2026               month/day(/year) by the date order (MDY by default; DMY reads
                                    24/12); a two-digit year is 20YY
    today+3d, fri-1w, today+2w      a day moved by days or weeks is a day

Moments (the result has a time of day)::

    now
    2026-04-28T09:30                ISO 8601 date and time; a space may replace the T; seconds
    2026-04-28 09:30:15             and fractions are kept
    2026-04-28T09:30+02:00          an explicit offset (or Z) is respected, then the moment is
    2026-04-28T07:30Z               shown in the ledger's time zone
    17:00, 9:30, 9am, 9:30pm        that time today (24-hour clock, or 1-12 with am/pm;
                                    12am is midnight, 12pm is noon)
    morning, noon, afternoon,       that part of today: 09:00, 12:00, 14:00, 18:00, 21:00 by
    evening, night                  default (the hours can be configured)
    this evening, tonight           the same, said the other way (this morning, this afternoon...)
    eod, eow, eom                   the end (23:59) of today, of this week, of this month
    DAY TIME, DAY at TIME           any day above followed by a time or a part of the day:
                                    yesterday 17:00, tue 9am, friday evening, next mon 8:30,
                                    2026-04-28 morning, today at noon
    in 3 days, in 2 hours           relative to now; units are m/min/minutes, h/hr/hours,
    3 days ago, 2 weeks ago         d/days and w/weeks; "a" or "an" means one (in an hour)
    +2d, -1w, +90m
    now+2h, now-30m                 the same
    1w, 3d, 2h, 90m                 that long ahead, or ago where the command looks back

A day stays a day: a WHEN without a time of day (``friday``, ``dec 24``, ``today+3d``, ``next
week``) means that day, and where a moment is needed its start (00:00: ``--due friday`` is due
as Friday begins; say ``friday 17:00`` or ``eod`` for a time). An amount from now (``in a
week``, ``+3d``, ``1w``) is a moment: now's time of day, that many days later.

A word that is almost one of these (``tomorow``) is refused with the word it is near.

Minutes and hours are counted in elapsed time; days and weeks on the calendar, keeping the
time of day (``in 1 day`` at 10:15 is 10:15 tomorrow even across a daylight-saving change).

Clock times that do not exist locally (skipped when clocks go forward) move forward by the
length of the gap (02:30 becomes 03:30); clock times that happen twice (when clocks go back)
mean the first of the two. A day whose midnight does not exist starts at its first instant.

Duration grammar
----------------

A positive length of time: ``90m``, ``45 min``, ``2h``, ``1h30m``, ``1h 30m``,
``1 hour 30 minutes``, ``1.5h``, ``2d``, or ``H:MM`` such as ``1:30``. Units are d/days,
h/hr/hours and m/min/minutes, largest first, each at most once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Final, Literal

from engine.rules.errors import InvalidInputError

__all__ = ["DAY_PARTS", "FIRST_YEAR", "LAST_YEAR", "MAX_DURATION", "YEARS_READ", "When", "check_year", "parse_duration", "parse_when", "year_read"]

DAY_PARTS: dict[str, int] = {"morning": 9, "noon": 12, "afternoon": 14, "evening": 18, "night": 21}
"""Default hour of each named part of the day; ``parse_when(day_parts=...)`` overrides entries."""

_WEEKDAYS: Final[dict[str, int]] = {
    name: index
    for index, names in enumerate(
        (
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "weds", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        )
    )
    for name in names
}

_MONTHS: Final[dict[str, int]] = {
    name: index
    for index, names in enumerate(
        (
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
            ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}

DATE_ORDERS: Final = ("MDY", "DMY")
"""How an all-numeric day (``12/24``) is read: month first, or day first."""

WEEK_STARTS: Final[dict[str, int]] = {"mon": 0, "sun": 6}
"""The first day of a week, by name, as ``date.weekday()`` numbers it."""

_UNITS: Final[dict[str, str]] = {
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), "minutes"),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), "hours"),
    **dict.fromkeys(("d", "day", "days"), "days"),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), "weeks"),
}

# Patterns are compiled on first use (re caches them), keeping the import cheap for the many
# commands that never parse a WHEN. (?a): \d must not match other scripts' digits.
_ISO: Final = r"""(?ax)
    (?P<date>\d{4}-\d{2}-\d{2}|\d{8})
    (?:
        [t\ ]
        (?P<time>\d{2}(?::?\d{2}(?::?\d{2}(?:[.,]\d{1,6})?)?)?)
        (?P<offset>z|[+-]\d{2}(?::?\d{2}(?::?\d{2}(?:\.\d{1,6})?)?)?)?
    )?
"""
_CLOCK_24: Final = r"(?a)(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?"
_CLOCK_12: Final = r"(?a)(?P<h>\d{1,2})(?::(?P<m>\d{2}))? ?(?P<half>am|pm|a\.m\.|p\.m\.)"
_AMOUNT: Final = r"(?:(?P<n>\d+) ?|(?P<a>an?) )(?P<unit>[a-z]+)"
_RELATIVE: Final = (
    (rf"(?a)in {_AMOUNT}", 1),
    (rf"(?a){_AMOUNT} ago", -1),
    (r"(?a)(?P<sign>[+-]) ?(?P<n>\d+) ?(?P<unit>[a-z]+)", 0),
)
_MONTH_DAY: Final = r"(?a)(?P<month>[a-z]+)\.? (?P<day>\d{1,2})(?:st|nd|rd|th)?,?(?: (?P<year>\d{4}))?"
_DAY_MONTH: Final = r"(?a)(?P<day>\d{1,2})(?:st|nd|rd|th)? (?P<month>[a-z]+)\.?,?(?: (?P<year>\d{4}))?"
_NUMERIC_DAY: Final = r"(?a)(?P<a>\d{1,2})/(?P<b>\d{1,2})(?:/(?P<year>\d{4}|\d{2}))?"
_SHIFTED: Final = r"(?a)(?P<base>.*?[a-z0-9]) ?(?P<sign>[+-]) ?(?P<n>\d+) ?(?P<unit>[a-z]+)"
_BARE_AMOUNT: Final = r"(?a)(?P<n>\d+) ?(?P<unit>[a-z]+)"
_END_OF: Final = ("eod", "eow", "eom")
_NUMBER: Final = r"\d+(?:\.\d+)?"
_DURATION_UNITS: Final = rf"""(?ax)
    (?:(?P<d>{_NUMBER})\ ?(?:days|day|d)\ ?)?
    (?:(?P<h>{_NUMBER})\ ?(?:hours|hour|hrs|hr|h)\ ?)?
    (?:(?P<m>{_NUMBER})\ ?(?:minutes|minute|mins|min|m))?
"""
_DURATION_CLOCK: Final = r"(?a)(?P<h>\d{1,4}):(?P<m>\d{2})(?::(?P<s>\d{2}))?"
_MAX_DIGITS: Final = 9  # larger amounts are out of range for datetime anyway

_UTC: Final = UTC


@dataclass(frozen=True)
class When:
    """A parsed WHEN: an aware moment, and whether the user gave a time of day or only a day."""

    moment: datetime
    has_time: bool

    def __post_init__(self) -> None:
        if self.moment.tzinfo is None or self.moment.utcoffset() is None:
            raise ValueError(f"When.moment must be timezone-aware, got {self.moment!r}")

    def start_of_day(self) -> datetime:
        """The first instant of the moment's local day: midnight, or later if that was skipped."""
        return _localize(datetime.combine(self.moment.date(), time()), self._tz())

    def end_of_day(self) -> datetime:
        """The first instant of the next local day: the exclusive end of the moment's day."""
        next_day = self.moment.date() + timedelta(days=1)
        return _localize(datetime.combine(next_day, time()), self._tz())

    def _tz(self) -> tzinfo:
        tz = self.moment.tzinfo
        assert tz is not None  # checked in __post_init__
        return tz


FIRST_YEAR, LAST_YEAR = 1000, 8999
MAX_DURATION = timedelta(days=366)  # the longest appointment
YEARS_READ = f"dates are read from the year {FIRST_YEAR} to {LAST_YEAR}"


def parse_when(
    text: str,
    *,
    now: datetime,
    tz: tzinfo,
    direction: Literal["past", "future"] = "future",
    day_parts: dict[str, int] | None = None,
    date_order: str = "MDY",
    week_start: str = "mon",
) -> When:
    """Read ``text`` by the WHEN grammar of this module, relative to the aware ``now``, in ``tz``.

    ``direction`` decides what a bare weekday (or a month day without a year, or a bare amount)
    means when it is not today: the next one (``"future"``) or the most recent one (``"past"``).
    ``day_parts`` overrides or adds named parts of the day (name -> hour 0-23) on top of
    :data:`DAY_PARTS`. ``date_order`` (:data:`DATE_ORDERS`) reads ``12/24``; ``week_start``
    (:data:`WEEK_STARTS`) places ``eow`` and ``next week``.

    Raises InvalidInputError, naming ``text``, for anything the grammar does not accept, with
    the near word when a word is almost one of the grammar's (``tomorow``).
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"now must be timezone-aware, got {now!r}")
    if direction not in ("past", "future"):
        raise ValueError(f"direction must be 'past' or 'future', got {direction!r}")
    order = date_order.upper()
    if order not in DATE_ORDERS:
        raise InvalidInputError(f"the date order {date_order!r} is none of {', '.join(DATE_ORDERS)}")
    if week_start.lower() not in WEEK_STARTS:
        raise InvalidInputError(f"the week start {week_start!r} is none of {', '.join(WEEK_STARTS)}")
    parts = _day_parts(day_parts)
    normalized = " ".join(text.split()).lower()
    local_now = now.astimezone(tz)
    reading = _Reading(local_now.date(), direction, text, order, WEEK_STARTS[week_start.lower()])
    try:
        when = _parse(normalized, reading, local_now, tz, parts)
    except OverflowError:
        raise InvalidInputError(f"the date/time {text!r} is out of range; {YEARS_READ}") from None
    if when is None:
        near = _near_words(normalized, parts)
        hint = f"did you mean {near!r}?" if near else "try e.g. 2026-04-28, today, 'tue 9am', 'yesterday 17:00', 'dec 24', 'in 3 days'"
        raise InvalidInputError(f"cannot understand the date/time {text!r}; {hint}")
    check_year(when.moment.astimezone(tz).year, text)
    return when


def check_year(year: int, text: str) -> None:
    """Refuse a date outside the years read (weeks, reports and schedules reach years either side
    of it, which Python's dates must hold)."""
    if not year_read(year):
        raise InvalidInputError(f"the date/time {text!r} is out of range; {YEARS_READ}")


def year_read(year: int) -> bool:
    """Whether dates of ``year`` are read (see ``YEARS_READ``)."""
    return FIRST_YEAR <= year <= LAST_YEAR


def parse_duration(text: str) -> timedelta:
    """Read a positive duration: ``90m``, ``1h30m``, ``45 min``, ``1:30``... (see module docstring).

    Raises InvalidInputError, naming ``text``, for garbage, zero and negative durations.
    """
    normalized = " ".join(text.split()).lower()
    hint = "give a positive length such as 90m, 1h30m, 2h or 1:30"
    duration: timedelta | None = None
    try:
        if match := re.fullmatch(_DURATION_CLOCK, normalized):
            minutes, seconds = int(match["m"]), int(match["s"] or 0)
            if minutes <= 59 and seconds <= 59:
                duration = timedelta(hours=int(match["h"]), minutes=minutes, seconds=seconds)
        elif (match := re.fullmatch(_DURATION_UNITS, normalized)) and any(match.groups()):
            days, hours, minutes = (_number(match[key], text) for key in ("d", "h", "m"))
            duration = timedelta(days=days, hours=hours, minutes=minutes)
    except OverflowError:
        raise InvalidInputError(f"the duration {text!r} is out of range; {hint}") from None
    if duration is None:
        raise InvalidInputError(f"cannot understand the duration {text!r}; {hint}")
    if duration <= timedelta(0):
        raise InvalidInputError(f"the duration {text!r} is zero; {hint}")
    if duration > MAX_DURATION:  # its end would be out of every calendar's range (and no appointment lasts so long)
        raise InvalidInputError(f"the duration {text!r} is longer than a year; {hint}")
    return duration


@dataclass(frozen=True)
class _Reading:
    """What reading one WHEN depends on besides its words."""

    today: date
    direction: Literal["past", "future"]
    original: str
    date_order: str
    week_start: int


def _parse(text: str, r: _Reading, now: datetime, tz: tzinfo, parts: dict[str, int]) -> When | None:
    """The parse proper on normalised ``text``; None when the grammar does not match."""
    if not text:
        return None
    if text == "now":
        return When(now, True)
    today = r.today
    if (day := _day(text, r)) is not None:
        return When(_localize(datetime.combine(day, time()), tz), False)
    if (match := re.fullmatch(_ISO, text)) is not None:
        return _iso(match, r.original, tz)
    if (moment := _relative(text, now, tz)) is not None:
        return When(moment, True)
    if (clock := _clock(text, parts, r.original)) is not None:
        return When(_localize(datetime.combine(today, clock), tz), True)
    if (moment := _said_otherwise(text, r, now, tz, parts)) is not None:
        return When(moment, True)
    words = text.split(" ")
    if len(words) > 6:  # the longest form, "december 24 2026 at 9 am", has six words
        return None
    for split in range(1, len(words)):
        day = _day(" ".join(words[:split]), r)
        if day is None:
            continue
        rest = words[split:]
        if rest[0] == "at" and len(rest) > 1:
            rest = rest[1:]
        if (clock := _clock(" ".join(rest), parts, r.original)) is not None:
            return When(_localize(datetime.combine(day, clock), tz), True)
    return _shifted(text, r, now, tz)


def _said_otherwise(text: str, r: _Reading, now: datetime, tz: tzinfo, parts: dict[str, int]) -> datetime | None:
    """``tonight``, ``this evening``, ``eod``/``eow``/``eom`` and a bare amount (``1w``, ``2h``)."""
    today = r.today
    if text == "tonight" and "night" in parts:
        return _localize(datetime.combine(today, time(parts["night"])), tz)
    qualifier, _, part = text.partition(" ")
    if qualifier == "this" and part in parts:
        return _localize(datetime.combine(today, time(parts[part])), tz)
    if text in _END_OF:
        last = today
        if text == "eow":
            last = today + timedelta(days=(r.week_start - today.weekday() - 1) % 7)
        elif text == "eom":
            last = _month_start(today, 1) - timedelta(days=1)
        return _localize(datetime.combine(last, time(23, 59)), tz)
    if (match := re.fullmatch(_BARE_AMOUNT, text)) is not None and match["unit"] in _UNITS:
        sign = "-" if r.direction == "past" else "+"
        return _relative(f"{sign}{match['n']}{match['unit']}", now, tz)
    return None


def _iso(match: re.Match[str], original: str, tz: tzinfo) -> When:
    """An ISO 8601 date-time matched by ``_ISO`` (a date alone is a day, read by ``_day``)."""
    try:
        parsed = datetime.fromisoformat(match.group(0).upper())
    except ValueError:
        raise InvalidInputError(
            f"cannot understand the date/time {original!r}: no such date or time"
        ) from None
    if parsed.tzinfo is None:
        return When(_localize(parsed, tz), True)
    return When(parsed.astimezone(tz), True)


def _relative(text: str, now: datetime, tz: tzinfo) -> datetime | None:
    """``in 3 days``, ``2 hours ago``, ``+2d``, ``-1w``; None when ``text`` is none of these."""
    for pattern, sign in _RELATIVE:
        match = re.fullmatch(pattern, text)
        if match is None:
            continue
        unit = _UNITS.get(match["unit"])
        if unit is None:
            return None
        if sign == 0:
            sign = -1 if match["sign"] == "-" else 1
        digits = match["n"]
        if digits is not None and len(digits) > _MAX_DIGITS:
            raise OverflowError(digits)
        amount = sign * (1 if digits is None else int(digits))
        delta = timedelta(**{unit: amount})
        if unit in ("minutes", "hours"):  # elapsed time
            return (now.astimezone(_UTC) + delta).astimezone(tz)
        return _localize(now.replace(tzinfo=None) + delta, tz)  # calendar time, same clock
    return None


def _shifted(text: str, r: _Reading, now: datetime, tz: tzinfo) -> When | None:
    """``today+3d``, ``fri-1w``, ``now+2h``: a day or now, moved by an amount. A day moved by days
    or weeks stays a day; by hours or minutes it is a moment counted from the day's start."""
    match = re.fullmatch(_SHIFTED, text)
    if match is None or match["unit"] not in _UNITS:
        return None
    amount = f"{match['sign']}{match['n']}{match['unit']}"
    base = match["base"].strip()
    if base == "now":
        moment = _relative(amount, now, tz)
        return None if moment is None else When(moment, True)
    day = _day(base, r)
    if day is None:
        return None
    start = _localize(datetime.combine(day, time()), tz)
    moment = _relative(amount, start, tz)
    if moment is None:
        return None
    return When(moment, _UNITS[match["unit"]] in ("minutes", "hours"))


def _day(text: str, r: _Reading) -> date | None:
    """A day by name, weekday, month day, week, month or ISO date; None when ``text`` names no day."""
    today, direction, original = r.today, r.direction, r.original
    if text == "today":
        return today
    if text == "yesterday":
        return today - timedelta(days=1)
    if text == "tomorrow":
        return today + timedelta(days=1)
    qualifier, _, name = text.rpartition(" ")
    if name in _WEEKDAYS and qualifier in ("", "next", "last"):
        ahead = (_WEEKDAYS[name] - today.weekday()) % 7  # 0..6 days until that weekday
        if qualifier == "next" or (qualifier == "" and direction == "future"):
            return today + timedelta(days=ahead or (7 if qualifier == "next" else 0))
        behind = (7 - ahead) % 7  # 0..6 days since that weekday
        return today - timedelta(days=behind or (7 if qualifier == "last" else 0))
    if name in ("week", "month") and qualifier in ("this", "next", "last"):
        step = {"this": 0, "next": 1, "last": -1}[qualifier]
        if name == "month":
            return _month_start(today, step)
        return today - timedelta(days=(today.weekday() - r.week_start) % 7) + timedelta(weeks=step)
    match = re.fullmatch(_ISO, text)
    if match is not None and match["time"] is None:
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise InvalidInputError(
                f"cannot understand the date/time {original!r}: no such date"
            ) from None
    return _month_day(text, r)


def _month_day(text: str, r: _Reading) -> date | None:
    """``dec 24``, ``24 december 2026``, ``12/24`` (by the date order); None for anything else.
    Without a year, the next such day from today (the most recent one, looking back)."""
    if (match := re.fullmatch(_MONTH_DAY, text) or re.fullmatch(_DAY_MONTH, text)) is not None:
        if match["month"] not in _MONTHS:
            return None
        month, day, year = _MONTHS[match["month"]], int(match["day"]), match["year"]
    elif (match := re.fullmatch(_NUMERIC_DAY, text)) is not None:
        first, second, year = int(match["a"]), int(match["b"]), match["year"]
        month, day = (first, second) if r.date_order == "MDY" else (second, first)
        if year is not None and len(year) == 2:
            year = f"20{year}"
    else:
        return None
    try:
        if year is not None:
            return date(int(year), month, day)
        this_year = date(r.today.year, month, 29 if (month, day) == (2, 29) else day)
        if (month, day) == (2, 29):
            return _next_leap_day(r.today, r.direction)
    except ValueError:
        raise InvalidInputError(f"cannot understand the date/time {r.original!r}: no such date") from None
    if r.direction == "future" and this_year < r.today:
        return this_year.replace(year=this_year.year + 1)
    if r.direction == "past" and this_year > r.today:
        return this_year.replace(year=this_year.year - 1)
    return this_year


def _next_leap_day(today: date, direction: Literal["past", "future"]) -> date:
    """The 29th of February nearest ``today`` in ``direction`` (today included)."""
    step = 1 if direction == "future" else -1
    year = today.year
    while True:
        try:
            day = date(year, 2, 29)
        except ValueError:
            year += step
            continue
        if (day >= today) if step == 1 else (day <= today):
            return day
        year += step


def _month_start(today: date, step: int) -> date:
    """The first day of the month ``step`` months from ``today``'s."""
    index = today.year * 12 + today.month - 1 + step
    return date(index // 12, index % 12 + 1, 1)


def _near_words(text: str, parts: dict[str, int]) -> str | None:
    """``text`` with each unknown word replaced by the grammar's word it is almost (None if none is)."""
    import difflib

    vocabulary = [
        *_WEEKDAYS, *_MONTHS, *_UNITS, *parts, *_END_OF,
        "now", "today", "tomorrow", "yesterday", "tonight", "next", "last", "this", "in", "ago", "at", "week", "month", "am", "pm",
    ]
    words, changed = [], False
    for word in text.split(" "):
        if word.isalpha() and word not in vocabulary and len(word) > 2:
            near = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.75)
            if near:
                word, changed = near[0], True
        words.append(word)
    return " ".join(words) if changed else None


def _clock(text: str, parts: dict[str, int], original: str) -> time | None:
    """A time of day (``17:00``, ``9am``, ``9:30 pm``) or a part of the day; None otherwise."""
    if text in parts:
        return time(parts[text])
    if match := re.fullmatch(_CLOCK_24, text):
        hour, minute, second = int(match["h"]), int(match["m"]), int(match["s"] or 0)
        valid = hour <= 23
    elif match := re.fullmatch(_CLOCK_12, text):
        hour, minute, second = int(match["h"]), int(match["m"] or 0), 0
        valid = 1 <= hour <= 12
        hour = hour % 12 + (12 if match["half"].startswith("p") else 0)
    else:
        return None
    if not valid or minute > 59 or second > 59:
        raise InvalidInputError(
            f"cannot understand the date/time {original!r}: {text!r} is no time of day "
            "(hours run 0-23, or 1-12 with am/pm; minutes 0-59)"
        )
    return time(hour, minute, second)


def _day_parts(overrides: dict[str, int] | None) -> dict[str, int]:
    """DAY_PARTS with ``overrides`` on top, names normalised like the parsed text."""
    if not overrides:
        return DAY_PARTS
    parts = dict(DAY_PARTS)
    for name, hour in overrides.items():
        if not isinstance(hour, int) or isinstance(hour, bool) or not 0 <= hour <= 23:
            raise InvalidInputError(
                f"the part of the day {name!r} has hour {hour!r}; hours run 0-23"
            )
        key = " ".join(name.split()).lower()
        if not key:
            raise InvalidInputError(f"the part of the day {name!r} has no name")
        parts[key] = hour
    return parts


def _localize(naive: datetime, tz: tzinfo) -> datetime:
    """Attach ``tz`` to a local wall time, normalising DST gaps forward and folds to the first time.

    With fold=0 a time in a gap carries the offset from before the gap; the round trip through
    UTC then lands on the real clock time after it (02:30 -> 03:30 in Europe/Berlin in spring).
    """
    return naive.replace(tzinfo=tz, fold=0).astimezone(_UTC).astimezone(tz)


def _number(digits: str | None, original: str) -> float:
    """One amount of a duration (0 when absent)."""
    if digits is None:
        return 0.0
    if len(digits.partition(".")[0]) > _MAX_DIGITS:
        raise OverflowError(original)
    return float(digits)

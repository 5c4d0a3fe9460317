"""When a routine's occurrences fall: cron expressions evaluated on the user's wall clock.

A routine's schedule is a list of rules, each a cron expression in force from a moment on (an
edit adds a rule; occurrences before it keep the old one), minus pauses, until an end. Cron is
evaluated on local wall-clock time with croniter, then placed in the user's zone: a time that a
daylight-saving change skips moves forward by the gap (02:30 becomes 03:30), a time that happens
twice counts once (the first). Occurrences are derived, never stored; only what the user does to
one (done, skipped) is an event.

Everything here is pure: times in, times out.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache
from heapq import heappop, heappush

from engine.rules.errors import InvalidInputError

__all__ = [
    "Rule",
    "Schedule",
    "Timeline",
    "check_cron",
    "current_occurrence",
    "iter_occurrences",
    "next_occurrence",
    "occurrences",
    "zone_of",
]

ALIASES = {"@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@weekly": "0 0 * * 0", "@monthly": "0 0 1 * *", "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@hourly": "0 * * * *"}
NEVER_FIRES_HORIZON = timedelta(days=366 * 8)  # Feb 29 fires within 8 years; anything that doesn't never will


@dataclass(frozen=True)
class Rule:
    """A cron expression in force from ``since`` on."""

    cron: str
    since: datetime


@dataclass(frozen=True)
class Schedule:
    """A routine's rules (oldest first), its pauses ([start, end) with end None while paused), its end."""

    rules: tuple[Rule, ...]
    pauses: tuple[tuple[datetime, datetime | None], ...] = ()
    ends_at: datetime | None = None

    def paused_at(self, moment: datetime) -> bool:
        return any(start <= moment and (end is None or moment < end) for start, end in self.pauses)


def _croniter(expr: str, start: datetime):  # type: ignore[no-untyped-def]
    from croniter import croniter

    return croniter(ALIASES.get(expr, expr), start)


def check_cron(expr: str, *, since: datetime, tz: tzinfo) -> str:
    """The expression, cleaned, if it is valid five-field cron (or an @alias) that ever fires."""
    from croniter import CroniterBadCronError, CroniterBadDateError, CroniterNotAlphaError

    cleaned = " ".join(expr.split()).lower()
    if not cleaned:
        raise InvalidInputError("the cron expression is empty")
    if cleaned not in ALIASES and len(cleaned.split()) != 5:
        raise InvalidInputError(
            f"cron expression {expr!r} must have five fields (minute hour day month weekday) or be @daily/@weekly/@monthly"
        )
    try:
        it = _croniter(cleaned, since.astimezone(tz).replace(tzinfo=None))
        first = it.get_next(datetime)
    except CroniterBadDateError:  # a subclass of the next: check it first
        raise InvalidInputError(f"cron expression {expr!r} never fires") from None
    except (CroniterBadCronError, CroniterNotAlphaError, ValueError, KeyError) as e:
        raise InvalidInputError(f"cron expression {expr!r} is not valid: {e}") from None
    if first - since.astimezone(tz).replace(tzinfo=None) > NEVER_FIRES_HORIZON:
        raise InvalidInputError(f"cron expression {expr!r} never fires")
    return cleaned


def zone_of(name: str) -> tzinfo:
    """The zone named in a routine (an IANA name, or UTC)."""
    from zoneinfo import ZoneInfo

    return UTC if name == "UTC" else ZoneInfo(name)


def _place(naive: datetime, tz: tzinfo) -> datetime:
    """A local wall-clock time in ``tz`` as a UTC moment; skipped times move forward by the gap,
    repeated ones count once (the first). UTC because Python never finds a repeated local time
    equal to anything in another zone (PEP 495): occurrences are compared and used as keys."""
    return naive.replace(tzinfo=tz).astimezone(UTC)


def _rule_spans(schedule: Schedule) -> Iterator[tuple[Rule, datetime | None]]:
    rules = sorted(schedule.rules, key=lambda r: r.since)
    for i, rule in enumerate(rules):
        yield rule, rules[i + 1].since if i + 1 < len(rules) else None


def iter_occurrences(schedule: Schedule, start: datetime, tz: tzinfo, end: datetime | None = None) -> Iterator[datetime]:
    """Occurrence times t >= start (and < end), each from the rule in force at t (cron read on the
    wall clock of ``tz``), outside pauses, before the routine's end; UTC, ascending, lazily.

    The same times wherever a walk starts: a wall time in a spring gap lands the gap later, past
    wall times named after it when the gap is not a whole multiple of the cron's step (Lord Howe's
    half hour: 02:20 lands at 02:50, after 02:40), so it waits until the walk reaches it."""
    if schedule.ends_at is not None:
        end = schedule.ends_at if end is None else min(end, schedule.ends_at)
    last: datetime | None = None
    for rule, until in _rule_spans(schedule):
        lo = max(start, rule.since)
        hi = until if end is None else (end if until is None else min(end, until))
        if hi is not None and lo >= hi:
            continue
        # Start one second early so that an occurrence exactly at ``lo`` is found, and a gap
        # earlier when ``lo`` is just after one: wall times in it land at ``lo`` or later.
        after = (lo - timedelta(seconds=1)).astimezone(tz).replace(tzinfo=None) - _gap_before(lo, tz)
        fields = _plain_fields(rule.cron) if hi is not None else None
        local = _wall_times(fields, after, hi.astimezone(tz).replace(tzinfo=None)) if fields is not None else _cron_times(rule.cron, after)
        for moment in _in_order(local, tz):
            if hi is not None and moment >= hi:
                break
            if moment >= lo and not schedule.paused_at(moment) and (last is None or moment > last):
                last = moment
                yield moment


def _in_order(local: Iterator[datetime], tz: tzinfo) -> Iterator[datetime]:
    """Ascending wall times placed in ``tz``, in time order: one in a spring gap, which lands
    the gap later, is held until the walk passes where it landed."""
    landed: list[datetime] = []  # a heap
    day: date | None = None
    changing = False  # whether the clocks change on ``day``
    for naive in local:
        moment = _place(naive, tz)
        if naive.date() != day:
            day = naive.date()
            changing = _changes_offset(day, tz)
        if changing and moment.astimezone(tz).replace(tzinfo=None) != naive:
            heappush(landed, moment)
            continue
        while landed and landed[0] <= moment:
            yield heappop(landed)
        yield moment
    while landed:
        yield heappop(landed)


def _gap_before(moment: datetime, tz: tzinfo) -> timedelta:
    """How much the clocks went forward in the two days before ``moment`` (zero mostly)."""
    now, then = moment.astimezone(tz).utcoffset(), (moment - timedelta(days=2)).astimezone(tz).utcoffset()
    return max(timedelta(0), now - then) if now is not None and then is not None else timedelta(0)


@lru_cache(maxsize=4096)
def _changes_offset(day: date, tz: tzinfo) -> bool:
    """Whether the clocks change on this local day (from its start to the next day's)."""
    first = datetime(day.year, day.month, day.day, tzinfo=tz)
    return first.utcoffset() != (first + timedelta(days=1)).utcoffset()


def _cron_times(cron: str, after: datetime) -> Iterator[datetime]:
    """The wall-clock times after ``after`` that the cron expression names, by croniter."""
    from croniter import CroniterBadDateError

    it = _croniter(cron, after)
    while True:
        try:
            yield it.get_next(datetime)
        except CroniterBadDateError:
            return


_Fields = tuple[tuple[int, ...], tuple[int, ...], frozenset[int] | None, frozenset[int] | None, frozenset[int] | None]


@lru_cache(maxsize=256)
def _plain_fields(cron: str) -> _Fields | None:
    """croniter's own reading of a plain expression: minutes, hours, and the days of the month,
    months and days of the week it allows (None: any). None for what only croniter should walk:
    L, W and # days, or both day fields restricted (cron then takes either)."""
    from croniter import croniter

    parsed = croniter(ALIASES.get(cron, cron))
    if parsed.nth_weekday_of_month:
        return None
    minutes, hours, doms, months, dows = parsed.expanded
    if any(f != ["*"] and not all(isinstance(v, int) for v in f) for f in parsed.expanded):
        return None  # an L or a W

    def allowed(values: list[int]) -> frozenset[int] | None:
        return None if values == ["*"] else frozenset(values)

    days, weekdays = allowed(doms), allowed(dows)  # croniter has made a Sunday 7 into 0
    if days is not None and weekdays is not None:
        return None
    return tuple(sorted(allowed(minutes) or range(60))), tuple(sorted(allowed(hours) or range(24))), days, allowed(months), weekdays


def _wall_times(fields: _Fields, after: datetime, until: datetime) -> Iterator[datetime]:
    """The wall-clock times after ``after`` (and through the day of ``until``) that the fields
    allow, ascending: what croniter's get_next returns one by one, day by day instead (a
    routine's whole life is thousands of occurrences; croniter takes about 80 us for each)."""
    minutes, hours, days, months, weekdays = fields
    one = timedelta(days=1)
    day, last = after.date(), until.date() + one  # a day more: the caller stops at its end
    while day <= last:
        if (months is None or day.month in months) and (days is None or day.day in days) and (
            weekdays is None or (day.weekday() + 1) % 7 in weekdays
        ):
            for hour in hours:
                for minute in minutes:
                    t = datetime(day.year, day.month, day.day, hour, minute)
                    if t > after:
                        yield t
        day += one


def occurrences(schedule: Schedule, start: datetime, end: datetime, tz: tzinfo) -> list[datetime]:
    """Occurrence times t with start <= t < end (see ``iter_occurrences``)."""
    return list(iter_occurrences(schedule, start, tz, end))


def next_occurrence(schedule: Schedule, after: datetime, tz: tzinfo, *, horizon: timedelta = NEVER_FIRES_HORIZON) -> datetime | None:
    """The first occurrence strictly after ``after`` (None if there is none within the horizon)."""
    return next(iter_occurrences(schedule, after + timedelta(microseconds=1), tz, after + horizon), None)


LOOKBACK = timedelta(days=2)  # how far before a moment its current occurrence is looked for first
# What one look back costs beyond the occurrences it walks, counted in occurrences walked: a look
# back for a daily routine took as long as walking ten occurrences in one walk (57 us against
# 5.9 us each), two of which it walks itself.
_LOOK_COST = 8


def current_occurrence(schedule: Schedule, moment: datetime, tz: tzinfo) -> datetime | None:
    """The occurrence whose window holds ``moment``: the latest at or before it (None if none),
    looked for in the two days before it, then in eight times as long, and so on back to the
    first rule."""
    if not schedule.rules:
        return None
    lookback = LOOKBACK
    earliest = min(rule.since for rule in schedule.rules)
    while True:
        start = max(moment - lookback, earliest)
        found = occurrences(schedule, start, moment + timedelta(microseconds=1), tz)
        if found:
            return found[-1]
        if start <= earliest:
            return None
        lookback *= 8


class Timeline:
    """A schedule's occurrences over one stretch of time, worked out once, for the many questions
    asked of one routine in one command (the occurrence due at each of years of tasks done under
    its name, then the period a report covers). The stretch grows, always in one piece, to cover
    what ``cover`` and ``between`` are asked; ``current`` and ``known_after`` answer from it what
    they can."""

    def __init__(self, schedule: Schedule, tz: tzinfo) -> None:
        self.schedule, self.tz = schedule, tz
        self._first = min((rule.since for rule in schedule.rules), default=None)  # None: no rule, no occurrence
        self._times: list[datetime] = []
        self._lo: datetime | None = None  # _times holds every occurrence t with _lo <= t < _hi
        self._hi: datetime | None = None

    def cover(self, start: datetime, end: datetime) -> None:
        """Work out every occurrence from ``start`` to before ``end`` now (one walk, not many small ones)."""
        if self._first is None:
            return
        start = max(start, self._first)
        if end <= start:
            return
        if self._lo is None or self._hi is None:
            self._times, self._lo, self._hi = occurrences(self.schedule, start, end, self.tz), start, end
            return
        if start < self._lo:
            self._times[:0] = occurrences(self.schedule, start, self._lo, self.tz)
            self._lo = start
        if end > self._hi:
            self._times.extend(iter_occurrences(self.schedule, self._hi, self.tz, end))
            self._hi = end

    def prepare(self, moments: Sequence[datetime]) -> None:
        """Before asking ``current`` of each of ``moments``: cover their stretch in one walk when
        that costs less than a look back for each of them."""
        if moments:
            lo, hi = min(moments), max(moments)
            if self.one_walk_pays(lo, hi, len(moments)):
                self.cover(lo - LOOKBACK, hi + timedelta(microseconds=1))

    def one_walk_pays(self, lo: datetime, hi: datetime, moments: int) -> bool:
        """Whether walking every occurrence from ``lo`` to ``hi`` once costs less than looking back
        from each of ``moments`` moments: yes for a daily chore done on half the days of ten years,
        no for a routine every five minutes with a task done under its name now and then."""
        per_day = len(self.between(lo - LOOKBACK, lo)) / (LOOKBACK / timedelta(days=1))  # the first look back's walk
        days = (hi - lo) / timedelta(days=1)
        return per_day * days <= moments * (_LOOK_COST + per_day * 2)

    def current(self, moment: datetime) -> datetime | None:
        """``current_occurrence`` of ``moment``, from what is covered when the answer lies there."""
        if self._covers(moment):
            i = bisect_right(self._times, moment)
            if i:
                return self._times[i - 1]
        return current_occurrence(self.schedule, moment, self.tz)

    def known_after(self, moment: datetime) -> datetime | None:
        """The first occurrence after ``moment`` when what is covered holds it; None when it does
        not (nothing is worked out here: the caller looks further itself)."""
        if self._covers(moment) or self._covers(moment + timedelta(microseconds=1)):
            i = bisect_right(self._times, moment)
            if i < len(self._times):
                return self._times[i]
        return None

    def _covers(self, moment: datetime) -> bool:
        return self._lo is not None and self._hi is not None and self._lo <= moment < self._hi

    def between(self, start: datetime, end: datetime) -> list[datetime]:
        """Occurrence times t with start <= t < end: ``occurrences``, for many periods."""
        self.cover(start, end)
        return self._times[bisect_left(self._times, start) : bisect_left(self._times, end)]

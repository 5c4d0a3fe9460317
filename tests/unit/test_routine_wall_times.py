"""Occurrences walked day by day from croniter's parsed fields are exactly those croniter's
get_next walks, one by one: any cron, zone (daylight saving included), range, pause or rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.rules import cron as module
from engine.rules.cron import Rule, Schedule, next_occurrence, occurrences, zone_of

CRONS = [
    "@daily", "@weekly", "@monthly", "@yearly", "@hourly", "0 9 * * mon-fri", "0 18 * * sun", "30 7 * * 0,6",
    "*/15 8-17 * * *", "0 9 1,15 * *", "30 7 * 2 *", "0 0 29 2 *", "0 2 * * *", "30 2 * * *", "0 1 * * *",
    "45 23 31 * *", "0 9 L * *", "0 9 * * 1#2", "0 9 1 * mon", "5 4 * * 7",
]  # the last four walk croniter's way (L, #, both day fields): the comparison holds for them trivially
ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Pacific/Chatham", "America/Santiago"]


def _by_croniter(schedule: Schedule, start: datetime, end: datetime, zone: str) -> list[datetime]:
    with pytest.MonkeyPatch.context() as m:
        m.setattr(module, "_plain_fields", lambda cron: None)
        return occurrences(schedule, start, end, zone_of(zone))


@settings(max_examples=150, deadline=None)
@given(
    crons=st.lists(st.sampled_from(CRONS), min_size=1, max_size=3),
    zone=st.sampled_from(ZONES),
    start=st.datetimes(min_value=datetime(2015, 1, 1), max_value=datetime(2030, 1, 1)),
    days=st.integers(min_value=0, max_value=500),
    gaps=st.lists(st.integers(min_value=1, max_value=300), min_size=2, max_size=2),
    paused=st.booleans(),
)
def test_walking_days_finds_what_croniter_finds(crons: list[str], zone: str, start: datetime, days: int, gaps: list[int], paused: bool) -> None:
    begin = start.replace(tzinfo=UTC)
    rules = tuple(Rule(cron, begin + timedelta(days=sum(gaps[:i]) if i else -5)) for i, cron in enumerate(crons))
    pauses = ((begin + timedelta(days=gaps[0] // 2), begin + timedelta(days=gaps[0])),) if paused else ()
    sched = Schedule(rules, pauses)
    end = begin + timedelta(days=days, hours=7)
    assert occurrences(sched, begin, end, zone_of(zone)) == _by_croniter(sched, begin, end, zone)


def test_a_ten_year_daily_life_walks_the_same() -> None:
    sched = Schedule((Rule("0 7 * * *", datetime(2016, 1, 1, tzinfo=UTC)), Rule("30 6 * * mon-fri", datetime(2021, 3, 28, 1, 30, tzinfo=UTC))))
    begin, end = datetime(2016, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC)
    fast = occurrences(sched, begin, end, zone_of("Europe/Berlin"))
    assert len(fast) > 3000
    assert fast == _by_croniter(sched, begin, end, "Europe/Berlin")


# Steps that a gap of half an hour (Lord Howe) or of an hour does not divide: a wall time in the
# gap lands after wall times named after it.
GAPPY = ["*/20 2 * * *", "*/7 * * * *", "10,50 1-3 * * *", "*/45 * * * *", "40 0-3 * * *"]


def _clock_changes(year: int, zone: str) -> list[datetime]:
    """The moments the clocks change in ``year`` (to the quarter hour), or one ordinary moment."""
    tz = zone_of(zone)
    moment, end, found = datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC), []
    step = timedelta(minutes=15)
    while moment < end:
        if moment.astimezone(tz).utcoffset() != (moment + timedelta(days=1)).astimezone(tz).utcoffset():
            while moment.astimezone(tz).utcoffset() == (moment + step).astimezone(tz).utcoffset():
                moment += step
            found.append(moment + step)
            moment += timedelta(days=2)
        else:
            moment += timedelta(days=1)
    return found or [datetime(year, 3, 1, tzinfo=UTC)]


@pytest.mark.parametrize("zone", ZONES)
def test_a_walk_finds_the_same_occurrences_wherever_it_starts(zone: str) -> None:
    # Every three minutes from half an hour before each clock change of two years to two and a
    # half hours after it (where walks that start just after a gap used to miss what landed there).
    tz = zone_of(zone)
    for cron in GAPPY + ["0 2 * * *", "30 2 * * *", "*/15 8-17 * * *", "@hourly"]:
        for change in _clock_changes(2016, zone) + _clock_changes(2024, zone):
            begin, end = change - timedelta(days=1), change + timedelta(days=1)
            sched = Schedule((Rule(cron, begin - timedelta(days=40)),))
            life = occurrences(sched, begin, end, tz)
            assert life == sorted(set(life)), (cron, change)
            for minutes in range(-30, 150, 3):
                at = change + timedelta(minutes=minutes)
                assert occurrences(sched, at, end, tz) == [t for t in life if t >= at], (cron, at)
                following = next((t for t in life if t > at), None)
                if following is not None:
                    assert next_occurrence(sched, at, tz) == following, (cron, at)


def test_a_wall_time_in_a_half_hour_gap_lands_in_its_turn() -> None:
    # Lord Howe, 2 October 2016: 02:00 (UTC+10:30) is followed by 02:30 (UTC+11). 02:00 and 02:20
    # land half an hour later (15:30Z, 15:50Z); 02:40 is there (15:40Z) and comes between them.
    tz = zone_of("Australia/Lord_Howe")
    sched = Schedule((Rule("*/20 2 * * *", datetime(2016, 9, 1, tzinfo=UTC)),))
    day = occurrences(sched, datetime(2016, 10, 1, 12, tzinfo=UTC), datetime(2016, 10, 1, 18, tzinfo=UTC), tz)
    assert [t.strftime("%H:%M") for t in day] == ["15:30", "15:40", "15:50"]
    assert next_occurrence(sched, datetime(2016, 10, 1, 15, 31, tzinfo=UTC), tz) == datetime(2016, 10, 1, 15, 40, tzinfo=UTC)
    assert occurrences(sched, datetime(2016, 10, 1, 15, 45, tzinfo=UTC), datetime(2016, 10, 1, 18, tzinfo=UTC), tz) == [datetime(2016, 10, 1, 15, 50, tzinfo=UTC)]

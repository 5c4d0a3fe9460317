"""Occurrences walked day by day from croniter's parsed fields are exactly those croniter's
get_next walks, one by one: any cron, zone (daylight saving included), range, pause or rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.routines import schedule as module
from engine.routines.schedule import Rule, Schedule, occurrences, zone_of

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

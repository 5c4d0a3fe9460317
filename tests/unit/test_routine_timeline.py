"""A routine's timeline (its occurrences worked out once, as far as asked) answers exactly what
``current_occurrence`` and ``occurrences`` answer one question at a time: any cron, zone
(daylight saving included), rule change, pause or end, and moments asked in any order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.rules.adherence import current_occurrence
from engine.rules.cron import Rule, Schedule, Timeline, next_occurrence, occurrences, zone_of
from tests.unit.test_routine_wall_times import CRONS, ZONES


@settings(max_examples=120, deadline=None)
@given(
    crons=st.lists(st.sampled_from(CRONS), min_size=1, max_size=3),
    zone=st.sampled_from(ZONES),
    start=st.datetimes(min_value=datetime(2015, 1, 1), max_value=datetime(2030, 1, 1)),
    gaps=st.lists(st.integers(min_value=1, max_value=200), min_size=2, max_size=2),
    paused=st.booleans(),
    ends=st.booleans(),
    asked=st.lists(st.integers(min_value=-3 * 24 * 60, max_value=500 * 24 * 60), min_size=1, max_size=25),
    covered=st.lists(st.tuples(st.integers(min_value=-10, max_value=500), st.integers(min_value=0, max_value=60)), max_size=3),
)
def test_a_timeline_answers_as_each_question_alone(
    crons: list[str], zone: str, start: datetime, gaps: list[int], paused: bool, ends: bool, asked: list[int],
    covered: list[tuple[int, int]],
) -> None:
    begin = start.replace(tzinfo=UTC)
    rules = tuple(Rule(cron, begin + timedelta(days=sum(gaps[:i]))) for i, cron in enumerate(crons))
    pauses = ((begin + timedelta(days=gaps[0] // 2), begin + timedelta(days=gaps[0])),) if paused else ()
    schedule = Schedule(rules, pauses, begin + timedelta(days=sum(gaps) + 30) if ends else None)
    tz = zone_of(zone)
    timeline = Timeline(schedule, tz)
    for day, days in covered:  # stretches worked out ahead (or not): the answers are the same
        timeline.cover(begin + timedelta(days=day), begin + timedelta(days=day + days))
    for minutes in asked:  # in the order drawn: the timeline grows as far as each question needs
        moment = begin + timedelta(minutes=minutes, microseconds=-1)
        assert timeline.current(moment) == current_occurrence(schedule, moment, tz)
        lo = moment - timedelta(days=9)
        assert timeline.between(lo, moment) == occurrences(schedule, lo, moment, tz)
        for after in (lo - timedelta(days=1), lo, moment - timedelta(hours=3), moment):
            known = timeline.known_after(after)  # from what is covered, or nothing
            assert known is None or known == next_occurrence(schedule, after, tz)


def test_a_timeline_of_a_schedule_without_rules_is_empty() -> None:
    timeline = Timeline(Schedule(()), UTC)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert timeline.current(now) is None and timeline.between(now - timedelta(days=30), now) == []
    assert current_occurrence(Schedule(()), now, UTC) is None


def test_one_walk_is_taken_for_dense_completions_not_for_a_dense_schedule_done_rarely() -> None:
    since = datetime(2016, 1, 1, tzinfo=UTC)
    tz = zone_of("Europe/Berlin")
    daily = Timeline(Schedule((Rule("0 20 * * *", since),)), tz)
    lo, hi = datetime(2016, 2, 1, tzinfo=UTC), datetime(2025, 12, 1, tzinfo=UTC)
    assert daily.one_walk_pays(lo, hi, 1100)  # a chore done every third day for ten years
    every_five_minutes = Timeline(Schedule((Rule("*/5 * * * *", since),)), tz)
    assert not every_five_minutes.one_walk_pays(lo, hi, 2)  # walked, that is a million occurrences
    assert every_five_minutes.one_walk_pays(lo, lo + timedelta(hours=3), 20)

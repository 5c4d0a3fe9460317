"""Streaks found from the marks alone are those of every occurrence's state over the same stretch
(``adherence(occurrence_states(...))``): any schedule (daily, weekly, every few hours or minutes,
rule changes, pauses open or closed, an end), zone (daylight saving included), marks on
occurrences and beside them, any ``now``, a timeline worked out anywhere or not at all; and they
cost steps per mark, not per occurrence."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.rules import adherence as module
from engine.rules.adherence import Mark, Streaks, adherence, occurrence_states, streaks
from engine.rules.cron import Rule, Schedule, Timeline, occurrences, zone_of
from tests.unit.test_routine_wall_times import CRONS, GAPPY, ZONES

# Every few minutes or hours: their lives are drawn eight times shorter, so that the whole-life
# walk they are compared with stays quick. With GAPPY, times in a spring gap land after times
# named after it (see test_routine_wall_times).
DENSE = ["*/5 * * * *", "*/30 * * * *", "0 */3 * * *", "15 */2 * * *", "0 8-20/4 * * mon-fri", "*/10 9-11 * * *", *GAPPY]
CHOICES: list[Mark | None] = ["done", "skipped", None]


def _oracle(schedule: Schedule, marks: dict[datetime, Mark], start: datetime, end: datetime, now: datetime, zone: str) -> Streaks:
    a = adherence(occurrence_states(schedule, marks, start, end, now=now, tz=zone_of(zone)))
    return Streaks(a.current_streak, a.longest_streak)


@settings(max_examples=300, deadline=None)
@given(
    crons=st.lists(st.sampled_from(CRONS + DENSE), min_size=1, max_size=3),
    zone=st.sampled_from(ZONES),
    begin=st.datetimes(min_value=datetime(2015, 1, 1), max_value=datetime(2030, 1, 1)).map(lambda d: d.replace(tzinfo=UTC)),
    gaps=st.lists(st.integers(min_value=1, max_value=200), min_size=2, max_size=2),
    pauses=st.lists(st.tuples(st.integers(min_value=0, max_value=250), st.one_of(st.integers(min_value=0, max_value=90), st.none())), max_size=2),
    ends=st.sampled_from(["never", "inside", "after"]),
    late_start=st.booleans(),
    weights=st.tuples(*[st.sampled_from([0, 1, 3, 20])] * 3).map(lambda w: w if any(w) else (1, 0, 1)),
    stick=st.sampled_from([0.0, 0.5, 0.9, 0.99]),
    strays=st.integers(min_value=0, max_value=8),
    seed=st.integers(min_value=0, max_value=2**32),
    covered=st.one_of(st.none(), st.lists(st.tuples(st.integers(min_value=-10, max_value=450), st.integers(min_value=0, max_value=200)), max_size=2)),
)
def test_streaks_from_the_marks_are_those_of_every_occurrence(
    crons: list[str], zone: str, begin: datetime, gaps: list[int], pauses: list[tuple[int, int | None]],
    ends: str, late_start: bool, weights: tuple[int, int, int], stick: float, strays: int, seed: int,
    covered: list[tuple[int, int]] | None,
) -> None:
    rnd = random.Random(seed)  # how long and where exactly: hypothesis draws the first and smallest choices most
    span = rnd.choices([0, rnd.randint(1, 30), rnd.randint(30, 450)], weights=[1, 3, 6])[0]
    day = timedelta(days=1) / (8 if any(c in DENSE for c in crons) else 1)  # dense: eight times shorter
    rules = tuple(Rule(cron, begin + day * sum(gaps[:i])) for i, cron in enumerate(crons))
    paused: list[tuple[datetime, datetime | None]] = []
    at = 0
    for after, length in pauses:  # one after another, as pause and resume come; an open one last
        at += after
        paused.append((begin + day * at, None if length is None else begin + day * (at + length)))
        if length is None:
            break
        at += length
    end = begin + day * span
    ends_at = {"never": None, "inside": begin + day * span * rnd.random(), "after": end + day * rnd.random() * 30}[ends]
    schedule = Schedule(rules, tuple(paused), ends_at)
    tz = zone_of(zone)
    start = begin + day * span * rnd.random() if late_start else begin
    # Runs of marks: each occurrence keeps the previous one's choice (with probability ``stick``)
    # or draws anew; then a few marks beside the occurrences (or on one, by chance).
    times = occurrences(schedule, begin - timedelta(days=1), end + 30 * day, tz)
    marks: dict[datetime, Mark] = {}
    choice: Mark | None = None
    for at_ in times:
        if rnd.random() >= stick:
            choice = rnd.choices(CHOICES, weights=weights)[0]
        if choice is not None:
            marks[at_] = choice
    for _ in range(strays):
        beside = rnd.choice(times) + rnd.choice([-timedelta(microseconds=1), timedelta(minutes=1), -day / 3]) if times else begin
        marks.setdefault(rnd.choice([beside, begin + day * span * rnd.random()]), rnd.choice(["done", "skipped"]))
    now = rnd.choices(
        [begin + day * span * rnd.random(), rnd.choice(times) if times else begin, end, end + day * rnd.random() * 30, begin - day * rnd.random() * 3],
        weights=[4, 3, 2, 1, 1],
    )[0]  # inside the life, on an occurrence, at its end, after it, before it
    timeline = None if covered is None else Timeline(schedule, tz)  # worked out here and there, or not at all
    for first, days in covered or []:
        timeline.cover(begin + day * first, begin + day * (first + days))  # type: ignore[union-attr]
    assert streaks(schedule, marks, start, end, now=now, tz=tz, timeline=timeline) == _oracle(schedule, marks, start, end, now, zone)


def _daily(since: datetime) -> tuple[Schedule, list[datetime]]:
    schedule = Schedule((Rule("0 21 * * *", since),))
    return schedule, occurrences(schedule, since, since + timedelta(days=30), zone_of("Europe/Berlin"))


def test_the_occurrence_still_due_neither_breaks_nor_counts_and_a_missed_one_breaks() -> None:
    tz = zone_of("Europe/Berlin")
    schedule, times = _daily(datetime(2026, 3, 20, tzinfo=UTC))
    marks: dict[datetime, Mark] = {times[0]: "done", times[1]: "done", times[2]: "skipped", times[3]: "done"}
    end = times[-1]
    due = times[4] + timedelta(hours=1)  # the fifth is due, unmarked
    assert streaks(schedule, marks, times[0], end, now=due, tz=tz) == Streaks(3, 3)
    missed = times[5] + timedelta(hours=1)  # the fifth's window closed: missed
    assert streaks(schedule, marks, times[0], end, now=missed, tz=tz) == Streaks(0, 3)
    marks[times[6]] = "done"  # a later mark after the miss: a new run
    assert streaks(schedule, marks, times[0], end, now=times[6] + timedelta(hours=1), tz=tz) == Streaks(1, 3)
    beside = {**marks, times[4] + timedelta(minutes=1): "done"}  # not an occurrence: counts for nothing
    assert streaks(schedule, beside, times[0], end, now=times[6] + timedelta(hours=1), tz=tz) == Streaks(1, 3)
    assert streaks(schedule, {}, times[0], end, now=missed, tz=tz) == Streaks(0, 0)
    assert streaks(Schedule(()), marks, times[0], end, now=missed, tz=tz) == Streaks(0, 0)


def test_a_dense_routine_kept_for_years_costs_steps_per_mark_not_per_occurrence(monkeypatch: pytest.MonkeyPatch) -> None:
    tz = zone_of("Europe/Berlin")
    since, end = datetime(2016, 1, 4, tzinfo=UTC), datetime(2026, 1, 5, tzinfo=UTC)
    schedule = Schedule((Rule("*/5 * * * *", since),), ((datetime(2019, 1, 1, tzinfo=UTC), datetime(2019, 1, 2, tzinfo=UTC)),))
    rnd = random.Random(3)
    marks: dict[datetime, Mark] = {}
    for _ in range(300):  # 300 runs of up to twelve occurrences, here and there in ten years
        first = since + timedelta(minutes=5 * rnd.randrange(1_000_000))
        for k in range(rnd.randrange(1, 13)):
            marks[first + timedelta(minutes=5 * k)] = rnd.choice(["done", "done", "done", "skipped"])
    walked = 0
    real = module.iter_occurrences

    def counted(*args: Any, **kwargs: Any) -> Iterator[datetime]:
        nonlocal walked
        for at in real(*args, **kwargs):
            walked += 1
            yield at

    monkeypatch.setattr(module, "iter_occurrences", counted)
    now = end - timedelta(hours=5)
    got = streaks(schedule, marks, since, end, now=now, tz=tz)
    assert walked < 20 * len(marks)  # ten years are a million occurrences
    monkeypatch.undo()
    assert got == _oracle(schedule, marks, since, end, now, "Europe/Berlin")
    assert got.longest >= 3

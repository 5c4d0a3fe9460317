"""Routine occurrences from cron on the user's wall clock, across DST, edits, pauses; adherence."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from engine.rules.adherence import adherence, current_occurrence, occurrence_states
from engine.rules.cron import Rule, Schedule, check_cron, next_occurrence, occurrences
from engine.rules.errors import InvalidInputError

BERLIN = ZoneInfo("Europe/Berlin")


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


def test_daily_at_nine_stays_at_nine_local_across_spring_and_autumn_changes() -> None:
    s = Schedule((Rule("0 9 * * *", local(2026, 3, 27)),))
    spring = occurrences(s, local(2026, 3, 28), local(2026, 3, 31), BERLIN)
    assert [t.astimezone(BERLIN).hour for t in spring] == [9, 9, 9]
    assert [t.astimezone(BERLIN).utcoffset() for t in spring] == [timedelta(hours=1), timedelta(hours=2), timedelta(hours=2)]
    assert spring[1] - spring[0] == timedelta(hours=23)  # the short day
    autumn = occurrences(s, local(2026, 10, 24), local(2026, 10, 27), BERLIN)
    assert [t.astimezone(BERLIN).hour for t in autumn] == [9, 9, 9] and autumn[1] - autumn[0] == timedelta(hours=25)


def test_a_time_the_clocks_skip_moves_forward_and_a_repeated_time_counts_once() -> None:
    s = Schedule((Rule("30 2 * * *", local(2026, 3, 1)),))
    [skipped_day] = occurrences(s, local(2026, 3, 29), local(2026, 3, 30), BERLIN)
    assert skipped_day.astimezone(BERLIN).strftime("%H:%M") == "03:30"
    [repeated_day] = occurrences(s, local(2026, 10, 25), local(2026, 10, 26), BERLIN)
    assert repeated_day == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # the first 02:30 (CEST)
    hourly = Schedule((Rule("0 * * * *", local(2026, 3, 1)),))
    day = occurrences(hourly, local(2026, 3, 29), local(2026, 3, 30), BERLIN)
    assert len(day) == 23 and len(set(day)) == 23


def test_monthly_on_the_31st_fires_only_in_long_months() -> None:
    s = Schedule((Rule("0 9 31 * *", local(2026, 1, 1)),))
    months = [t.month for t in occurrences(s, local(2026, 1, 1), local(2027, 1, 1), BERLIN)]
    assert months == [1, 3, 5, 7, 8, 10, 12]


def test_an_edit_applies_from_its_moment_and_earlier_occurrences_keep_the_old_rule() -> None:
    s = Schedule((Rule("0 9 * * 1", local(2026, 4, 1)), Rule("0 18 * * 3", local(2026, 4, 15, 12))))
    got = occurrences(s, local(2026, 4, 1), local(2026, 5, 1), BERLIN)
    assert got == [local(2026, 4, 6, 9), local(2026, 4, 13, 9), local(2026, 4, 15, 18), local(2026, 4, 22, 18), local(2026, 4, 29, 18)]


def test_pauses_and_the_end_leave_no_occurrences() -> None:
    s = Schedule((Rule("@daily", local(2026, 4, 1)),), pauses=((local(2026, 4, 3), local(2026, 4, 5)),), ends_at=local(2026, 4, 7))
    got = occurrences(s, local(2026, 4, 1), local(2026, 4, 30), BERLIN)
    assert [t.astimezone(BERLIN).day for t in got] == [1, 2, 5, 6]
    open_pause = Schedule((Rule("@daily", local(2026, 4, 1)),), pauses=((local(2026, 4, 3), None),))
    assert [t.astimezone(BERLIN).day for t in occurrences(open_pause, local(2026, 4, 1), local(2026, 4, 30), BERLIN)] == [1, 2]


def test_weekday_routine_over_a_holiday_week_counts_misses_and_skips() -> None:
    s = Schedule((Rule("0 9 * * mon-fri", local(2026, 4, 6)),))
    start, end = local(2026, 4, 6), local(2026, 4, 20)
    times = occurrences(s, start, end, BERLIN)
    assert len(times) == 10
    marks = {t: "done" for t in times[:5]}  # first week done
    marks.update({times[5]: "skipped", times[6]: "skipped"})  # holiday: skipped two, forgot the rest
    states = occurrence_states(s, marks, start, end, now=local(2026, 4, 20, 8), tz=BERLIN)  # type: ignore[arg-type]
    assert [o.state for o in states] == ["done"] * 5 + ["skipped", "skipped", "missed", "missed", "due"]
    a = adherence(states)
    assert (a.due, a.done, a.skipped, a.missed, a.pending) == (10, 5, 2, 2, 1)
    assert (a.current_streak, a.longest_streak) == (0, 5)
    assert a.rate == pytest.approx(5 / 7)


def test_skips_neither_break_nor_extend_a_streak() -> None:
    s = Schedule((Rule("@daily", local(2026, 4, 1)),))
    times = occurrences(s, local(2026, 4, 1), local(2026, 4, 6), BERLIN)
    marks = {times[0]: "done", times[1]: "skipped", times[2]: "done", times[3]: "done"}
    states = occurrence_states(s, marks, local(2026, 4, 1), local(2026, 4, 6), now=local(2026, 4, 5, 12), tz=BERLIN)  # type: ignore[arg-type]
    a = adherence(states)
    assert (a.current_streak, a.longest_streak, a.pending) == (3, 3, 1)


def test_the_current_occurrence_is_the_latest_one_not_after_now() -> None:
    s = Schedule((Rule("0 9 * * 1", local(2026, 4, 1)),))
    assert current_occurrence(s, local(2026, 4, 8, 12), BERLIN) == local(2026, 4, 6, 9)
    assert current_occurrence(s, local(2026, 4, 6, 9), BERLIN) == local(2026, 4, 6, 9)
    assert current_occurrence(s, local(2026, 4, 2), BERLIN) is None
    yearly = Schedule((Rule("0 0 29 2 *", local(2024, 1, 1)),))
    assert current_occurrence(yearly, local(2027, 6, 1), BERLIN) == local(2024, 2, 29)
    assert next_occurrence(yearly, local(2027, 6, 1), BERLIN) == local(2028, 2, 29)


@pytest.mark.parametrize("expr", ["@daily", "@weekly", "@monthly", "0 9 * * mon-fri", "*/15 8-17 * * *", " 0  9 31 * * "])
def test_valid_cron_is_accepted(expr: str) -> None:
    assert check_cron(expr, since=local(2026, 1, 1), tz=BERLIN) == " ".join(expr.split())


@pytest.mark.parametrize(
    ("expr", "message"),
    [("", "empty"), ("61 * * * *", "not valid"), ("0 9 * *", "five fields"), ("every day", "five fields"), ("0 0 30 2 *", "never fires"), ("0 0 31 4 *", "never fires"), ("@sometimes", "five fields")],
)
def test_invalid_or_never_firing_cron_is_refused(expr: str, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        check_cron(expr, since=local(2026, 1, 1), tz=BERLIN)

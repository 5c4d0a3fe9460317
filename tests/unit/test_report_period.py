"""Which days a report covers: ISO weeks, a day inside a week, last/this, Sunday weeks, ranges."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from engine.errors import InvalidInputError
from projections.report import report_moment
from projections.report_period import parse_week, period_of_days

TZ = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 4, 29, 10, tzinfo=TZ)  # a Wednesday in 2026-W18


def test_an_iso_week_a_day_in_it_and_last_name_the_same_monday_week() -> None:
    weeks = [parse_week(text, now=NOW, tz=TZ) for text in ("2026-W17", "2026w17", "2026-04-23", "last", None)]
    assert {(w.first_day, w.last_day, w.label) for w in weeks} == {(date(2026, 4, 20), date(2026, 4, 26), "2026-W17")}
    assert parse_week("this", now=NOW, tz=TZ).first_day == date(2026, 4, 27)


def test_sunday_weeks_hold_the_iso_weeks_monday() -> None:
    week = parse_week("2026-W17", now=NOW, tz=TZ, week_start="sun")
    assert (week.first_day, week.last_day, week.label) == (date(2026, 4, 19), date(2026, 4, 25), "week of 2026-04-19")
    assert parse_week("last", now=NOW, tz=TZ, week_start="sun").first_day == date(2026, 4, 19)


def test_a_week_across_the_clock_change_is_still_seven_local_days() -> None:
    week = parse_week("2026-W13", now=NOW, tz=TZ)  # clocks go forward on Sunday 2026-03-29
    assert week.end.timestamp() - week.start.timestamp() == 7 * 86400 - 3600
    assert week.before(1).label == "2026-W12" and week.after().label == "2026-W14"


def test_a_report_looks_from_the_end_of_a_past_week_and_from_now_in_the_current_one() -> None:
    past = parse_week("last", now=NOW, tz=TZ)
    end_of_week = datetime(2026, 4, 26, 23, 59, 59, 999999, tzinfo=TZ)
    assert report_moment(past, now=NOW) == (end_of_week, None)  # None: all that is recorded (stated as a horizon)
    assert report_moment(past, now=NOW, known_at=end_of_week) == (end_of_week, end_of_week)
    current = parse_week("this", now=NOW, tz=TZ)
    assert report_moment(current, now=NOW) == (NOW, None)


def test_bad_weeks_and_backwards_ranges_are_user_mistakes() -> None:
    for text in ("2026-W54", "2026-W00", "someday"):
        with pytest.raises(InvalidInputError):
            parse_week(text, now=NOW, tz=TZ)
    with pytest.raises(InvalidInputError):
        period_of_days(date(2026, 4, 2), date(2026, 4, 1), TZ)
    with pytest.raises(InvalidInputError):
        parse_week("last", now=NOW, tz=TZ, week_start="tue")

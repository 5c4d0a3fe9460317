"""Which days a report covers: ISO weeks, a day inside a week, last/this, Sunday weeks, ranges."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from engine.rules.errors import InvalidInputError
from engine.rules.period import parse_week, period_of_days
from projections.reports.build import report_moment

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


def test_whole_months_are_compared_with_the_months_before_them() -> None:
    march = period_of_days(date(2025, 3, 1), date(2025, 3, 31), TZ)
    assert (march.months, march.before(1).label, march.after().label) == (1, "2025-02-01 to 2025-02-28", "2025-04-01 to 2025-04-30")
    assert march.before(3).label == "2024-12-01 to 2024-12-31"  # across the year
    year = period_of_days(date(2025, 1, 1), date(2025, 12, 31), TZ)
    assert (year.months, year.before(1).label, year.before(1).days) == (12, "2024-01-01 to 2024-12-31", 366)
    quarter = period_of_days(date(2025, 11, 1), date(2026, 1, 31), TZ)
    assert (quarter.months, quarter.before(1).label) == (3, "2025-08-01 to 2025-10-31")


def test_other_runs_of_days_and_reports_of_version_1_are_compared_with_as_many_days() -> None:
    days = period_of_days(date(2025, 3, 2), date(2025, 3, 31), TZ)  # not from the first of a month
    assert (days.months, days.before(1).label) == (0, "2025-01-31 to 2025-03-01")
    old = period_of_days(date(2025, 3, 1), date(2025, 3, 31), TZ, calendar=False)
    assert (old.months, old.before(1).label) == (0, "2025-01-29 to 2025-02-28")
    assert period_of_days(date(2025, 3, 1), date(2025, 3, 1), TZ).months == 0  # one day is not a month


def test_a_report_produced_before_months_were_compared_is_rendered_again_as_then() -> None:
    from engine.commands.reports.rendering import period_of
    from events.codec import decode, encode
    from events.report import ReportProduced, ReportScheduled

    state = {
        "occurred_at": "2026-04-01T05:00:00Z", "recorded_at": "2026-04-01T05:00:00Z", "command_id": "9b2b8c1e-7f44-4a55-9d0e-0c2f3b7a1d10",
        "source": {"kind": "cli", "file": None, "sha256": None, "line": None, "detail": None},
        "period": "2026-03", "first_day": "2026-03-01", "last_day": "2026-03-31", "due_at": "2026-04-01T05:00:00Z",
        "as_of": "2026-03-31T21:59:59.999999Z", "known_at": "2026-03-31T21:59:59.999999Z", "format": "md", "file": None,
        "sha256": "0" * 64, "size": 1,
    }  # as version 1 stored it: no class_version, no "compared"
    v1 = decode("events.report:ReportProduced", json.dumps(state).encode(), "7b2b8c1e-7f44-4a55-9d0e-0c2f3b7a1d10", 2)
    assert isinstance(v1, ReportProduced) and v1.compared == "days"
    settings = ReportScheduled.model_validate({
        **{k: state[k] for k in ("occurred_at", "recorded_at", "command_id", "source")},
        "originator_id": "7b2b8c1e-7f44-4a55-9d0e-0c2f3b7a1d10", "originator_version": 1,
        "cron": "0 7 1 * *", "period": "month", "zone": "Europe/Berlin", "since": "2026-02-01T00:00:00Z",
    })
    assert period_of(settings, v1).months == 0
    v2 = decode("events.report:ReportProduced", encode(v1.model_copy(update={"compared": "months"})), v1.originator_id, 2)
    assert period_of(settings, v2).months == 1

"""Which period a fire of a report schedule closes, and which reports a schedule owes."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from engine.rules.cron import Rule, Schedule
from engine.rules.report_due import closed_period, next_due, owed

BERLIN = ZoneInfo("Europe/Berlin")


def t(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_a_fire_closes_the_last_complete_period_before_it() -> None:
    assert closed_period("week", t("2026-04-27T07:00+02:00"), BERLIN)[0] == "2026-W17"  # Monday: the week just over
    assert closed_period("week", t("2026-04-26T23:00+02:00"), BERLIN)[0] == "2026-W16"  # Sunday night: W17 is not over
    assert closed_period("week", t("2026-04-27T00:00+02:00"), BERLIN)[0] == "2026-W17"  # the very first instant after it
    name, period = closed_period("week", t("2026-04-27T07:00+02:00"), BERLIN, "sun")
    assert (name, period.first_day.isoformat(), period.last_day.isoformat()) == ("week-of-2026-04-19", "2026-04-19", "2026-04-25")
    name, period = closed_period("month", t("2026-03-01T06:00+01:00"), BERLIN)
    assert (name, period.first_day.isoformat(), period.last_day.isoformat()) == ("2026-02", "2026-02-01", "2026-02-28")
    assert closed_period("day", t("2026-01-01T00:30+01:00"), BERLIN)[0] == "2025-12-31"
    # Read in the schedule's zone: 23:30 UTC on Sunday is already Monday in Berlin.
    assert closed_period("week", t("2026-04-26T23:30+00:00"), BERLIN)[0] == "2026-W17"


def test_owed_reports_one_per_period_from_the_schedules_start() -> None:
    weekly = Schedule((Rule("0 7 * * mon", t("2026-04-01T09:00+02:00")),))
    due = owed(weekly, "Europe/Berlin", "week", "mon", {}, t("2026-04-28T10:00+02:00"))
    assert [(d.name, d.due_at.isoformat()) for d in due] == [
        ("2026-W14", "2026-04-06T07:00:00+02:00"),
        ("2026-W15", "2026-04-13T07:00:00+02:00"),
        ("2026-W16", "2026-04-20T07:00:00+02:00"),
        ("2026-W17", "2026-04-27T07:00:00+02:00"),
    ]
    produced = {d.name: d.due_at for d in due[:2]}
    assert [d.name for d in owed(weekly, "Europe/Berlin", "week", "mon", produced, t("2026-04-28T10:00+02:00"))] == ["2026-W16", "2026-W17"]
    hourly = Schedule((Rule("@hourly", t("2026-04-01T09:00+02:00")),))
    assert [d.name for d in owed(hourly, "Europe/Berlin", "week", "mon", {}, t("2026-04-14T10:00+02:00"))] == ["2026-W14", "2026-W15"]
    assert [d.due_at.isoformat() for d in owed(hourly, "Europe/Berlin", "week", "mon", {}, t("2026-04-14T10:00+02:00"))] == [
        "2026-04-06T00:00:00+02:00", "2026-04-13T00:00:00+02:00",
    ]


def test_fires_across_the_spring_clock_change_stay_on_the_wall_clock() -> None:
    weekly = Schedule((Rule("0 7 * * mon", t("2026-03-20T09:00+01:00")),))
    due = owed(weekly, "Europe/Berlin", "week", "mon", {}, t("2026-04-01T00:00+02:00"))
    assert [d.due_at.isoformat() for d in due] == ["2026-03-23T07:00:00+01:00", "2026-03-30T07:00:00+02:00"]


def test_an_ended_schedule_is_never_due_again() -> None:
    ended = Schedule((Rule("0 7 * * mon", t("2026-04-01T09:00+02:00")),), ends_at=t("2026-04-10T00:00+02:00"))
    assert [d.name for d in owed(ended, "Europe/Berlin", "week", "mon", {}, t("2026-05-01T00:00+02:00"))] == ["2026-W14"]
    assert next_due(ended, "Europe/Berlin", t("2026-05-01T00:00+02:00")) is None
    assert next_due(ended, "Europe/Berlin", t("2026-04-07T00:00+02:00")) is None  # the end comes before the next fire

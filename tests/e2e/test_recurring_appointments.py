"""Recurring appointments: a cron series where one occurrence moves and another is cancelled."""

from __future__ import annotations

import pytest

from tests.conftest import Dayledger, InProcess

# Nothing in this file needs a process of its own: `dl` and `dl_sqlite` run the commands in this one.
pytestmark = pytest.mark.in_process


def test_moving_and_cancelling_one_occurrence_leaves_the_others_alone(dl: Dayledger) -> None:
    d = InProcess(dl.ledger, now="2026-04-06T08:00+02:00")
    series = d.json("appt", "Standup", "--when", "2026-04-06 09:30", "--cron", "30 9 * * mon-fri", "--duration", "15m", "-p", "Work")
    assert series["recurring"] and series["cron"] == "30 9 * * mon-fri" and len(series["next"]) == 5
    d.run("appt", "move", "standup", "--occurrence", "2026-04-08 09:30", "--when", "2026-04-08 11:00")
    d.run("appt", "cancel", series["handle"], "--occurrence", "2026-04-09 09:30")
    week = d.json("appt", "list", "--days", "7", "--all")
    assert [(o["starts_at"][:16], o["status"]) for o in week] == [
        ("2026-04-06T09:30", "scheduled"),
        ("2026-04-07T09:30", "scheduled"),
        ("2026-04-08T11:00", "moved"),
        ("2026-04-09T09:30", "cancelled"),
        ("2026-04-10T09:30", "scheduled"),
    ]
    assert [o["starts_at"][:16] for o in d.json("appt", "list", "--days", "7")] == [
        "2026-04-06T09:30", "2026-04-07T09:30", "2026-04-08T11:00", "2026-04-10T09:30",
    ]
    agenda = d.json("agenda", "--days", "5")
    assert [len(day["appointments"]) for day in agenda] == [1, 1, 1, 0, 1]
    types = [e["type"] for e in d.json("log")]
    assert types == ["ProjectStarted", "SeriesScheduled", "SeriesOccurrenceMoved", "SeriesOccurrenceCancelled"]


def test_a_series_ends_and_until_bounds_it(dl_sqlite: Dayledger) -> None:
    d = InProcess(dl_sqlite.ledger, now="2026-04-06T08:00+02:00")
    d.run("appt", "Yoga", "--when", "2026-04-06 18:00", "--cron", "0 18 * * mon", "--until", "2026-04-21")
    assert [o["starts_at"][:10] for o in d.json("appt", "list", "--days", "60")] == ["2026-04-06", "2026-04-13", "2026-04-20"]
    later = InProcess(dl_sqlite.ledger, now="2026-04-14T08:00+02:00")
    assert later.json("appt", "cancel", "yoga")["status"] == "ended"
    assert later.json("appt", "list", "--days", "60") == []


def test_recurring_mistakes_are_one_line_errors(dl_sqlite: Dayledger) -> None:
    d = InProcess(dl_sqlite.ledger, now="2026-04-06T08:00+02:00")
    assert "not after the start" in d.fails("appt", "X", "--when", "2026-04-10 10:00", "--cron", "@daily", "--until", "2026-04-09").stderr
    assert "never fires" in d.fails("appt", "X", "--when", "2026-04-10 10:00", "--cron", "0 0 30 2 *").stderr
    assert "never fires" in d.fails("appt", "X", "--when", "2026-04-10 10:00", "--cron", "0 9 1 1 *", "--until", "2026-06-01").stderr
    assert "not valid" in d.fails("appt", "X", "--when", "2026-04-10 10:00", "--cron", "99 * * * *").stderr
    assert "needs --cron" in d.fails("appt", "X", "--when", "2026-04-10 10:00", "--until", "2026-06-01").stderr
    d.run("appt", "Standup", "--when", "2026-04-06 09:30", "--cron", "30 9 * * mon-fri")
    assert "--occurrence" in d.fails("appt", "move", "standup", "--when", "2026-04-08 11:00").stderr
    assert "no occurrence at" in d.fails("appt", "move", "standup", "--occurrence", "2026-04-11 09:30", "--when", "2026-04-12 11:00").stderr

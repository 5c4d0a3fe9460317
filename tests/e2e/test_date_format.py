"""One date format family across the views people read: ``Fri 2026-12-11 17:00`` (weekday, day,
time), a bare time for today, relative words where they help; JSON keeps ISO 8601."""

from __future__ import annotations

from tests.conftest import InProcess

NOW = "2026-12-07T10:00+01:00"  # a Monday


def test_views_show_dates_in_one_family(sqlite_url: str) -> None:
    dli = InProcess(sqlite_url, now=NOW)
    dli.run("add", "Send the grant narrative", "--due", "2026-12-11 17:00", "--at", "2026-12-01 09:00")
    dli.run("add", "Call the plumber today", "--due", "2026-12-07 15:00")
    dli.run("done", "grant narrative", "--at", "2026-12-04 16:30")
    dli.run("add", "Renew passport", "--due", "2026-12-24")
    dli.run("routine", "add", "Dishes", "--cron", "0 21 * * *", "--from", "2026-12-01")
    tasks = dli.run("tasks").stdout
    assert "due Thu 2026-12-24" in tasks and "due 15:00" in tasks  # today: the time says enough
    assert "Fri 2026-12-04 16:30" in dli.run("completed").stdout
    assert "Tue 2026-12-01 09:00" in dli.run("history", "grant narrative").stdout
    assert "Mon 2026-12-07 21:00" in dli.run("routine", "list").stdout
    assert dli.json("tasks", "--status", "all")[0]["due"].startswith("2026-12-")  # JSON: ISO 8601 as before

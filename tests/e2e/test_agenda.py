"""The agenda through the real command."""

from __future__ import annotations

import pytest

from tests.conftest import Dayledger, InProcess

# Nothing in this file needs a process of its own: `dl` and `dl_sqlite` run the commands in this one.
pytestmark = pytest.mark.in_process


def test_agenda_lists_appointments_routines_and_due_tasks_day_by_day(dl: Dayledger) -> None:
    d = InProcess(dl.ledger, now="2026-04-08T10:00+02:00")
    d.run("routine", "add", "Weekly review", "--cron", "0 17 * * fri", "--from", "2026-04-01")
    d.run("routine", "add", "Dishes", "--cron", "@daily", "--from", "2026-04-01")
    d.run("routine", "done", "dishes")
    d.run("add", "Pay rent", "--due", "2026-04-09 12:00")
    d.run("add", "Old bill", "--due", "2026-04-05")
    d.run("add", "No due date")
    d.run("appt", "Dentist", "--when", "2026-04-10 09:30")
    days = d.json("agenda", "--days", "3")
    assert [x["date"] for x in days] == ["2026-04-08", "2026-04-09", "2026-04-10"]
    wed, thu, fri = days
    assert [(r["text"], r["state"]) for r in wed["routines"]] == [("Dishes", "done")]
    assert [(t["text"], t["overdue"]) for t in wed["tasks"]] == [("Old bill", True)]
    assert [t["text"] for t in thu["tasks"]] == ["Pay rent"] and [r["state"] for r in thu["routines"]] == ["upcoming"]
    assert [a["text"] for a in fri["appointments"]] == ["Dentist"]
    assert [(r["text"], r["at"]) for r in fri["routines"]] == [("Dishes", "2026-04-10T00:00:00+02:00"), ("Weekly review", "2026-04-10T17:00:00+02:00")]
    human = d.run("agenda", "--days", "3").stdout
    assert human.index("Wed 2026-04-08") < human.index("Old bill") < human.index("Thu 2026-04-09") < human.index("Pay rent")


def test_agenda_from_a_later_day(dl_sqlite: Dayledger) -> None:
    d = InProcess(dl_sqlite.ledger, now="2026-04-08T10:00+02:00")
    d.run("appt", "Conference", "--when", "2026-05-04 09:00")
    days = d.json("agenda", "--from", "2026-05-04", "--days", "1")
    assert days[0]["date"] == "2026-05-04" and days[0]["appointments"][0]["text"] == "Conference"

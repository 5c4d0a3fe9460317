"""Time travel with the real ``dayledger`` command on a SQLite ledger: the week of the issue."""

from __future__ import annotations

import pytest

from tests.conftest import Dayledger, InProcess

# Nothing in this file needs a process of its own: `dl` and `dl_sqlite` run the commands in this one.
pytestmark = pytest.mark.in_process

TASK_FIELDS = {"id", "handle", "text", "status", "project", "tags", "due", "created_at", "completed_at"}


def at(dl_: Dayledger, moment: str) -> Dayledger:
    """The same ledger with the recording clock at ``moment``."""
    return InProcess(dl_.ledger, now=moment)


def test_a_week_seen_as_of_each_day_then_undone(dl_sqlite: Dayledger) -> None:
    handle = at(dl_sqlite, "2026-04-20T09:00+02:00").run("add", "Write the report", "--project", "A").stdout.strip()
    at(dl_sqlite, "2026-04-22T09:00+02:00").run("edit", handle, "--project", "B")
    at(dl_sqlite, "2026-04-24T09:00+02:00").run("done", handle)
    later = at(dl_sqlite, "2026-04-27T09:00+02:00")

    [tuesday] = later.json("tasks", "--as-of", "2026-04-21")
    assert TASK_FIELDS <= tuesday.keys()
    assert (tuesday["handle"], tuesday["project"], tuesday["status"]) == (handle, "A", "open")
    [thursday] = later.json("tasks", "--as-of", "2026-04-23")
    assert (thursday["project"], thursday["status"]) == ("B", "open")
    assert later.json("tasks", "--as-of", "2026-04-25") == []
    [done] = later.json("completed", "--as-of", "2026-04-25")
    assert (done["handle"], done["project"], done["completed_at"]) == (handle, "B", "2026-04-24T09:00:00+02:00")
    assert "Write the report" in later.run("tasks", "--as-of", "tue").stdout

    friday = later.json("day", "2026-04-24")
    assert [t["handle"] for t in friday["tasks"]["completed"]] == [handle]
    assert [c["kind"] for c in later.json("diff", "2026-04-21", "2026-04-25")] == ["moved", "completed"]
    assert [e["type"] for e in later.json("timeline", "B")["events"]] == ["ProjectStarted", "TaskMoved", "TaskCompleted"]

    undone = later.run("undo")
    assert "undid" in undone.stdout and "done -> open" in undone.stdout
    [still_open] = later.json("tasks")
    assert still_open["status"] == "open"
    assert [(e["type"], e["mark"]) for e in later.json("history", handle)] == [
        ("TaskCaptured", None), ("TaskMoved", None), ("TaskCompleted", "undone"), ("TaskReopened", "undo"),
    ]
    # Known at the 25th, the ledger still said it was done.
    assert later.json("tasks", "--as-of", "2026-04-25", "--known-at", "2026-04-25") == []
    rebuilt = later.run("rebuild").stdout
    assert "events/s" in rebuilt
    assert later.json("tasks", "--as-of", "2026-04-25")[0]["status"] == "open"


def test_bad_as_of_is_a_one_line_error(dl_sqlite: Dayledger) -> None:
    dl_sqlite.run("add", "Something")
    dl_sqlite.fails("tasks", "--as-of", "the day after never")
    dl_sqlite.fails("history", "no such thing")


def test_appointment_list_and_agenda_as_they_stood(dl_sqlite: Dayledger) -> None:
    at(dl_sqlite, "2026-04-01T09:00+02:00").run("appt", "Dentist", "--when", "2026-04-03 10:00")
    at(dl_sqlite, "2026-04-01T09:05+02:00").run("add", "Pay rent", "--due", "2026-04-02")
    at(dl_sqlite, "2026-04-02T09:00+02:00").run("appt", "move", "Dentist", "--when", "2026-04-06 11:00")
    at(dl_sqlite, "2026-04-02T09:10+02:00").run("appt", "Standup", "--cron", "0 9 * * 1-5", "--when", "2026-04-01")
    at(dl_sqlite, "2026-04-03T18:00+02:00").run("done", "Pay rent")
    later = at(dl_sqlite, "2026-04-04T09:00+02:00")

    def starts(rows: list[dict[str, str]]) -> list[tuple[str, str]]:
        return [(r["text"], r["starts_at"][:16]) for r in rows]

    assert starts(later.json("appt", "list", "--days", "3"))[:2] == [("Standup", "2026-04-06T09:00"), ("Dentist", "2026-04-06T11:00")]
    # On the 1st at noon the dentist was on the 3rd and there was no standup yet.
    assert starts(later.json("appt", "list", "--as-of", "2026-04-01 12:00")) == [("Dentist", "2026-04-03T10:00")]
    # Known on the 2nd at 09:05: moved, the standup not yet recorded (it was at 09:10).
    assert starts(later.json("appt", "list", "--known-at", "2026-04-02 09:05")) == [("Dentist", "2026-04-06T11:00")]
    assert ("Standup", "2026-04-06T09:00") in starts(later.json("appt", "list", "--known-at", "2026-04-02 09:10"))

    then = later.json("agenda", "--as-of", "2026-04-01 12:00", "--days", "3")
    assert [d["date"] for d in then] == ["2026-04-01", "2026-04-02", "2026-04-03"]
    assert [t["text"] for t in then[1]["tasks"]] == ["Pay rent"]
    assert starts(then[2]["appointments"]) == [("Dentist", "2026-04-03T10:00")]
    now = later.json("agenda", "--from", "2026-04-01", "--days", "3")
    assert all(not d["tasks"] for d in now)  # paid since
    assert [a["text"] for a in now[1]["appointments"] + now[2]["appointments"]] == ["Standup", "Standup"]
    # The day lists recurring occurrences beside one-off appointments, as they stood then.
    assert [(a["text"], a["starts_at"][11:16], a.get("recurring")) for a in later.json("day", "2026-04-06")["appointments"]] == [
        ("Standup", "09:00", True), ("Dentist", "11:00", None),
    ]
    assert later.json("day", "2026-04-06", "--known-at", "2026-04-02 09:05")["appointments"][0]["text"] == "Dentist"
    assert "09:00  " in later.run("day", "2026-04-06").stdout
    later.fails("agenda", "--as-of", "the day after never")
    later.fails("appt", "list", "--known-at", "someday maybe")

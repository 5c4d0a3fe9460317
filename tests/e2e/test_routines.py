"""Routines through the real command: schedules, marks, edits from a moment on, stats, as-of."""

from __future__ import annotations

import pytest

from tests.conftest import Dayledger, InProcess

# Nothing in this file needs a process of its own: `dl` and `dl_sqlite` run the commands in this one.
pytestmark = pytest.mark.in_process


def at(dl: Dayledger, now: str) -> Dayledger:
    """The same ledger with the clock frozen at ``now``."""
    return InProcess(dl.ledger, now=now)


def test_daily_routine_marks_and_adherence(dl: Dayledger) -> None:
    handle = at(dl, "2026-04-01T08:00+02:00").run("routine", "add", "Dishes", "--cron", "@daily").stdout.strip()
    at(dl, "2026-04-03T20:00+02:00").run("routine", "done", "dishes")
    at(dl, "2026-04-04T20:00+02:00").run("routine", "done", handle)
    skipped = at(dl, "2026-04-05T21:00+02:00").json("routine", "skip", "dishes")
    assert skipped["current_occurrence"] == "2026-04-05T00:00:00+02:00" and skipped["current_state"] == "skipped"
    [stats] = at(dl, "2026-04-08T10:00+02:00").json("routine", "stats", "dishes", "--from", "2026-04-01")
    # added at 08:00 on the 1st, the routine applies from that day's start: eight occurrences, the 1st's missed too
    assert (stats["due"], stats["done"], stats["skipped"], stats["missed"], stats["pending"]) == (8, 2, 1, 4, 1)
    assert (stats["current_streak"], stats["longest_streak"]) == (0, 2)
    proc = at(dl, "2026-04-05T22:00+02:00").fails("routine", "done", "dishes")
    assert "already skipped" in proc.stderr


def test_weekly_routine_across_the_autumn_clock_change_stays_at_local_time(dl_sqlite: Dayledger) -> None:
    at(dl_sqlite, "2026-10-01T08:00+02:00").run("routine", "add", "Sunday call", "--cron", "0 9 * * sun")
    listed = at(dl_sqlite, "2026-10-26T08:00+01:00").json("routine", "list")
    assert listed[0]["current_occurrence"] == "2026-10-25T09:00:00+01:00"  # winter time, still 09:00
    assert listed[0]["next_occurrence"] == "2026-11-01T09:00:00+01:00"


def test_an_edit_mid_month_keeps_earlier_occurrences_under_as_of(dl_sqlite: Dayledger) -> None:
    d = at(dl_sqlite, "2026-05-01T08:00+02:00")
    d.run("routine", "add", "Gym", "--cron", "0 7 * * mon")
    at(dl_sqlite, "2026-05-13T12:00+02:00").run("routine", "edit", "gym", "--cron", "0 18 * * wed", "--from", "2026-05-13 12:00")
    before = at(dl_sqlite, "2026-05-31T12:00+02:00").json("routine", "list", "--as-of", "2026-05-12")
    assert before[0]["cron"] == "0 7 * * mon" and before[0]["current_occurrence"] == "2026-05-11T07:00:00+02:00"
    after = at(dl_sqlite, "2026-05-31T12:00+02:00").json("routine", "list")
    assert after[0]["cron"] == "0 18 * * wed" and after[0]["current_occurrence"] == "2026-05-27T18:00:00+02:00"
    assert [r["cron"] for r in after[0]["schedule"]] == ["0 7 * * mon", "0 18 * * wed"]
    [stats] = at(dl_sqlite, "2026-05-31T12:00+02:00").json("routine", "stats", "gym", "--from", "2026-05-01", "--to", "2026-05-31")
    assert stats["due"] == 5  # Mondays 4th and 11th at 07:00, then Wednesdays 13th, 20th, 27th at 18:00


def test_pause_resume_end(dl_sqlite: Dayledger) -> None:
    at(dl_sqlite, "2026-04-01T08:00+02:00").run("routine", "add", "Water plants", "--cron", "0 8 * * *")
    assert at(dl_sqlite, "2026-04-03T09:00+02:00").json("routine", "pause", "water")["status"] == "paused"
    paused = at(dl_sqlite, "2026-04-06T09:00+02:00")
    assert paused.fails("routine", "pause", "water").returncode == 4
    assert paused.json("routine", "resume", "water")["status"] == "active"
    [stats] = at(dl_sqlite, "2026-04-08T09:00+02:00").json("routine", "stats", "water", "--from", "2026-04-01")
    assert stats["due"] == 5  # 1st, 2nd, 3rd at 08:00, then paused from the 3rd 09:00 to the 6th 09:00, then 7th, 8th
    at(dl_sqlite, "2026-04-09T09:00+02:00").run("routine", "end", "water")
    assert at(dl_sqlite, "2026-04-10T09:00+02:00").json("routine", "list") == []
    assert [r["status"] for r in at(dl_sqlite, "2026-04-10T09:00+02:00").json("routine", "list", "--all")] == ["ended"]


def test_bad_cron_and_never_firing_schedules_are_one_line_errors(dl_sqlite: Dayledger) -> None:
    for cron, message in (("61 * * * *", "not valid"), ("0 0 30 2 *", "never fires"), ("daily", "five fields")):
        proc = dl_sqlite.fails("routine", "add", "Bad", "--cron", cron)
        assert proc.returncode == 2 and message in proc.stderr


def test_tasks_shows_due_occurrences_now_and_as_of(dl: Dayledger) -> None:
    at(dl, "2026-04-01T08:00+02:00").run("routine", "add", "Dishes", "--cron", "@daily")
    at(dl, "2026-04-01T08:00+02:00").run("routine", "add", "Weekly review", "--cron", "0 17 * * fri", "-p", "Work")
    at(dl, "2026-04-01T08:00+02:00").run("add", "A real task")
    d = at(dl, "2026-04-03T12:00+02:00")
    listed = d.json("tasks")
    assert [(t["kind"], t["text"]) for t in listed] == [("task", "A real task"), ("routine", "Dishes")]
    assert listed[1]["occurrence_at"] == "2026-04-03T00:00:00+02:00" and listed[1]["due"] == "2026-04-04T00:00:00+02:00"
    d.run("routine", "done", "dishes")
    assert [t["kind"] for t in d.json("tasks")] == ["task"]
    later = at(dl, "2026-04-03T18:00+02:00").json("tasks")
    assert [t["text"] for t in later] == ["A real task", "Weekly review"]  # Friday 17:00 has come
    # As of the morning, before Dishes was done, it was due then.
    assert [t["text"] for t in at(dl, "2026-04-05T12:00+02:00").json("tasks", "--as-of", "2026-04-03 11:00")] == ["A real task", "Dishes"]
    assert "Routines due" in at(dl, "2026-04-05T12:00+02:00").run("tasks").stdout
    assert [t["kind"] for t in at(dl, "2026-04-05T12:00+02:00").json("tasks", "--no-routines")] == ["task"]


def test_a_task_done_under_a_routines_name_counts_as_it_stood_then(dl_sqlite: Dayledger) -> None:
    at(dl_sqlite, "2026-04-01T08:00+02:00").run("routine", "add", "Water plants", "--cron", "0 9 * * *", "--from", "2026-04-01")
    at(dl_sqlite, "2026-04-02T10:00+02:00").run("add", "Water plants")
    at(dl_sqlite, "2026-04-02T10:05+02:00").run("done", "Water plants")
    at(dl_sqlite, "2026-04-03T12:00+02:00").run("reopen", "Water plants")
    later = at(dl_sqlite, "2026-04-04T12:00+02:00")

    def listed(*when: str) -> list[tuple[str, str]]:
        return [(r["kind"], r["text"]) for r in later.json("tasks", *when)]

    # That evening the plants had been watered (the task was done then, though reopened since).
    assert listed("--as-of", "2026-04-02 20:00") == []
    # Known before the completion was recorded, the task was open and the occurrence due.
    assert listed("--as-of", "2026-04-02 20:00", "--known-at", "2026-04-02 10:01") == [("task", "Water plants"), ("routine", "Water plants")]


def test_a_routine_just_added_is_marked_today_or_ahead_of_its_first_occurrence(dli_sqlite: InProcess) -> None:
    monday = InProcess(dli_sqlite.ledger, now="2026-12-07T10:00+01:00")
    monday.run("routine", "add", "Dishes", "--cron", "@daily")
    monday.run("routine", "add", "Weekly review", "--cron", "0 17 * * fri")
    done = monday.json("routine", "done", "dishes")
    assert done["current_occurrence"] == "2026-12-07T00:00:00+01:00" and done["current_state"] == "done"  # today's, not tomorrow's
    skipped = monday.json("routine", "skip", "weekly review")  # none due before Friday: Friday's, ahead of time
    assert skipped["current_occurrence"] is None and skipped["marked_occurrence"] == "2026-12-11T17:00:00+01:00"
    listed = {r["text"]: r for r in InProcess(dli_sqlite.ledger, now="2026-12-11T18:00+01:00").json("routine", "list")}
    assert listed["Weekly review"]["current_occurrence"] == "2026-12-11T17:00:00+01:00" and listed["Weekly review"]["current_state"] == "skipped"
    assert InProcess(dli_sqlite.ledger, now="2026-12-08T09:00+01:00").fails("routine", "done", "weekly review").returncode == 4  # already skipped

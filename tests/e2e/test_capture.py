"""Capturing tasks, notes and appointments with the real command, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime

from tests.conftest import Dayledger

TASK_FIELDS = {"id", "handle", "text", "status", "project", "tags", "due", "created_at", "completed_at"}


def test_add_prints_a_handle_that_finds_the_task(dl: Dayledger) -> None:
    handle = dl.run("add", "Buy milk").stdout.strip()
    assert len(handle) == 7 and all(c in "0123456789abcdef" for c in handle)
    [task] = dl.json("tasks")
    assert task["handle"] == handle and task["text"] == "Buy milk" and task["status"] == "open"
    assert task["id"].startswith(handle)


def test_task_object_has_the_promised_fields_with_offsets(dl: Dayledger) -> None:
    task = dl.json("add", "Write report", "--project", "Work", "--tag", "writing", "--tag", "+q2", "--due", "2026-12-01 17:00")
    assert TASK_FIELDS <= task.keys()
    assert task["project"] == "Work" and task["tags"] == ["writing", "q2"]
    assert task["due"] == "2026-12-01T17:00:00+01:00"  # Europe/Berlin in winter
    assert datetime.fromisoformat(task["created_at"]).utcoffset() is not None
    assert task["completed_at"] is None


def test_done_reopen_cancel_cycle_by_handle_and_by_text(dl: Dayledger) -> None:
    handle = dl.run("add", "Call the plumber").stdout.strip()
    dl.run("add", "Water the plants")
    done = dl.json("done", "plumber")
    assert done["status"] == "done" and done["completed_at"] is not None
    assert [t["text"] for t in dl.json("tasks")] == ["Water the plants"]
    assert dl.json("reopen", handle)["status"] == "open"
    cancelled = dl.json("cancel", handle)
    assert cancelled["status"] == "cancelled" and cancelled["completed_at"] is None
    statuses = {t["text"]: t["status"] for t in dl.json("tasks", "--status", "all")}
    assert statuses == {"Call the plumber": "cancelled", "Water the plants": "open"}
    assert [t["text"] for t in dl.json("tasks", "--status", "cancelled")] == ["Call the plumber"]


def test_done_at_a_past_moment_is_when_it_happened_not_when_recorded(dl: Dayledger) -> None:
    dl.run("add", "Pay rent", "--at", "2026-11-01 09:00")
    task = dl.json("done", "rent", "--at", "2026-11-02 18:30")
    assert task["created_at"] == "2026-11-01T09:00:00+01:00"
    assert task["completed_at"] == "2026-11-02T18:30:00+01:00"
    [captured, completed] = dl.json("log")
    assert captured["type"] == "TaskCaptured" and completed["type"] == "TaskCompleted"
    assert completed["occurred_at"] == "2026-11-02T18:30:00+01:00"
    assert completed["recorded_at"] > "2026-11-20"  # recorded now, not back then


def test_edit_changes_text_project_due_and_tags_as_separate_events(dl: Dayledger) -> None:
    handle = dl.run("add", "Draft post", "--tag", "blog").stdout.strip()
    task = dl.json("edit", handle, "--text", "Draft the pancake printer post", "--project", "Blog", "--due", "2026-12-24", "--tag", "maker", "--untag", "blog")
    assert (task["text"], task["project"], task["tags"]) == ("Draft the pancake printer post", "Blog", ["maker"])
    assert task["due"] == "2026-12-24T00:00:00+01:00"
    types = [e["type"] for e in dl.json("log")]
    assert types == ["TaskCaptured", "ProjectStarted", "TaskRenamed", "TaskMoved", "TaskDueSet", "TaskTagged", "TaskUntagged"]
    moved_back = dl.json("edit", handle, "--project", "-", "--due", "-")
    assert moved_back["project"] is None and moved_back["due"] is None


def test_projects_group_the_task_list_and_are_started_once(dl: Dayledger) -> None:
    dl.run("add", "Re-map narratives", "-p", "SBIRs")
    dl.run("add", "Check index2vec scaling", "-p", "sbirs")  # same project, case ignored
    dl.run("add", "Groceries")
    assert sum(e["type"] == "ProjectStarted" for e in dl.json("log")) == 1
    assert [t["project"] for t in dl.json("tasks")] == [None, "SBIRs", "SBIRs"]
    assert [t["text"] for t in dl.json("tasks", "--project", "SBIRS")] == ["Re-map narratives", "Check index2vec scaling"]
    human = dl.run("tasks").stdout
    assert human.index("(no project)") < human.index("SBIRs") < human.index("Re-map narratives")


def test_note_is_recorded_with_both_times_and_its_source(dl: Dayledger) -> None:
    note = dl.json("note", "Do a big ride today", "--at", "yesterday 17:00")
    assert note["text"] == "Do a big ride today" and note["occurred_at"].endswith("T17:00:00+01:00")
    [event] = dl.json("log")
    assert event["type"] == "NoteRecorded" and event["source"]["kind"] == "cli"
    assert event["occurred_at"] < event["recorded_at"]


def test_appointment_schedule_move_cancel(dl: Dayledger) -> None:
    appt = dl.json("appt", "Bike shop: Ritchey wheel", "--when", "2027-01-05 09:00", "--duration", "1h30m", "-p", "Bike")
    assert appt["starts_at"] == "2027-01-05T09:00:00+01:00" and appt["duration_minutes"] == 90
    moved = dl.json("appt", "move", appt["handle"], "--when", "2027-01-06 10:00")
    assert moved["starts_at"] == "2027-01-06T10:00:00+01:00" and moved["duration_minutes"] == 90
    assert [a["text"] for a in dl.json("appt", "list")] == ["Bike shop: Ritchey wheel"]
    assert dl.json("appt", "cancel", "bike shop")["status"] == "cancelled"
    assert dl.json("appt", "list") == []
    types = [e["type"] for e in dl.json("log")]
    assert types == ["ProjectStarted", "AppointmentScheduled", "AppointmentMoved", "AppointmentCancelled"]


def test_log_limit_shows_the_newest_last(dl: Dayledger) -> None:
    for text in ("one", "two", "three"):
        dl.run("note", text)
    entries = dl.json("log", "--limit", "2")
    assert [e["text"] for e in entries] == ["two", "three"]
    assert entries[0]["position"] < entries[1]["position"]
    human = dl.run("log", "-n", "1").stdout
    assert "NoteRecorded" in human and "three" in human and "cli" in human


def test_global_json_flag_works_before_the_command(dl: Dayledger) -> None:
    out = dl.run("--json", "add", "Global flag")
    assert '"text": "Global flag"' in out.stdout

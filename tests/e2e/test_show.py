"""``show TASK`` (alias ``info``): one task in full, with its notes, appointments and history with
sources, on both time axes; and the project names and task handles the JSON of ``history``,
``log``, ``timeline`` and ``diff`` carry next to their ids. SQLite and PostgreSQL, in process
(one case through the installed command)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Dayledger, InProcess

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "notes"
NOW = "2026-04-26T12:00+02:00"


def line_of(path: Path, text: str) -> int:
    """The 1-based number of the first line of ``path`` that holds ``text``."""
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def week(url: str) -> InProcess:
    """A ledger with the example week of daily notes imported."""
    dl = InProcess(url, now=NOW)
    dl.run("import", str(EXAMPLES))
    return dl


def test_a_task_from_daily_notes_in_full(ledger_url: str) -> None:
    dl = week(ledger_url)
    tuesday = EXAMPLES / "2026-04-21.txt"
    captured = f"{tuesday}:{line_of(tuesday, 'Work on pancake printer post')}"
    outline = "Outline so far: https://docs.example.com/d/pancake-printer-outline"

    shown = dl.json("show", "pancake")
    [row] = [t for t in dl.json("tasks", "--status", "all") if t["text"] == "Work on pancake printer post"]
    assert {k: shown[k] for k in row if k != "kind"} == {k: v for k, v in row.items() if k != "kind"}  # the fields of ``tasks --json``
    first_open = next(t for t in dl.json("tasks") if t["kind"] == "task")
    assert dl.json("show", str(first_open["number"]))["id"] == first_open["id"]  # a number from the listing names it
    assert shown["first_seen"]["source"] == f"import {captured}" and shown["first_seen"]["day_only"] is True
    assert shown["carried_on"] == ["2026-04-22", "2026-04-23"] and shown["carried"] == 2
    assert [(n["text"], n["source"]) for n in shown["notes"]] == [
        (outline, f"import {tuesday}:{line_of(tuesday, 'Outline so far')}"),
        ("Photos from the first test run are in the shared album", f"import {tuesday}:{line_of(tuesday, 'Photos from the first')}"),
    ]
    assert shown["history"] == dl.json("history", shown["handle"])
    assert [e["type"] for e in shown["history"]] == ["TaskCaptured", "NoteRecorded", "NoteRecorded", "TaskCarried", "TaskCarried", "TaskCompleted"]
    assert shown["history"][1]["data"]["task_handle"] == shown["handle"]

    text = dl.run("show", shown["handle"]).stdout
    assert f"import {captured}" in text and outline in text
    assert "carried   2 times: 2026-04-22, 2026-04-23" in text
    thursday = EXAMPLES / "2026-04-24.txt"
    assert "TaskCompleted" in text and f"import {thursday}:{line_of(thursday, 'Work on pancake printer post')}" in text
    assert dl.run("info", shown["handle"]).stdout == text

    dentist = dl.json("info", "Dentist")
    [appt] = dentist["appointments"]
    assert (appt["text"], appt["starts_at"], appt["task_id"], appt["task_handle"]) == ("Dentist", "2026-04-23T14:00:00+02:00", dentist["id"], dentist["handle"])
    assert f"{appt['handle']}  Thu 2026-04-23 14:00  Dentist" in dl.run("show", "Dentist").stdout


def test_as_it_stood_then_overdue_and_the_names_history_carries(ledger_url: str) -> None:
    def at(moment: str) -> InProcess:
        return InProcess(ledger_url, now=moment)

    handle = at("2026-04-20T09:00+02:00").run("add", "Write the report", "-p", "Home", "--due", "2026-04-22 17:00").stdout.strip()
    at("2026-04-23T09:00+02:00").run("edit", handle, "-p", "Work", "-t", "desk")
    meeting = at("2026-04-23T09:30+02:00").json("appt", "Review", "-p", "Work", "--when", "2026-04-27 10:00")["handle"]
    later = at("2026-04-24T09:00+02:00")

    now = later.json("show", handle)
    assert (now["project"], now["tags"], now["overdue"]) == ("Work", ["desk"], True)
    assert "(1d ago, overdue)" in later.run("show", handle).stdout
    before = later.json("show", handle, "--as-of", "2026-04-21")
    assert (before["project"], before["tags"], before["overdue"]) == ("Home", [], False)
    assert [e["type"] for e in before["history"]] == ["TaskCaptured"]
    assert before["history"][0]["data"]["project"] == "Home"
    assert "Home" in later.run("show", handle, "--as-of", "2026-04-21").stdout
    known = later.json("show", handle, "--as-of", "2026-04-23 12:00", "--known-at", "2026-04-22")
    assert known["project"] == "Home" and known["overdue"] is True  # due the 22nd, not moved yet as far as the ledger knew
    later.fails("show", handle, "--as-of", "2026-04-19")

    history = later.json("history", handle)
    assert [(e["type"], e["data"].get("project")) for e in history if "project_id" in e["data"]] == [("TaskCaptured", "Home"), ("TaskMoved", "Work")]
    assert all(e["data"]["project_id"] for e in history if "project_id" in e["data"])  # the ids stay
    events = later.json("timeline", "Work")["events"]
    assert [(e["type"], e["data"].get("project")) for e in events] == [
        ("ProjectStarted", None), ("TaskMoved", "Work"), ("TaskTagged", None), ("AppointmentScheduled", "Work"),
    ]
    log = {e["type"]: e for e in later.json("log")}
    assert log["TaskCaptured"]["handle"] == handle and log["TaskCaptured"]["project"] == "Home"  # the name it has now
    assert log["TaskMoved"]["project"] == "Work" and log["TaskMoved"]["project_id"]
    changes = later.json("diff", "2026-04-21", "2026-04-24")
    assert [(c["kind"], c["handle"], c["project"]) for c in changes] == [
        ("moved", handle, "Work"), ("retagged", handle, "Work"), ("scheduled", meeting, "Work"),
    ]


def test_taskwarrior_annotations_are_the_tasks_notes(dli: InProcess, tmp_path: Path) -> None:
    export = tmp_path / "tw.json"
    export.write_text(json.dumps([
        {"description": "Write report", "entry": "20260420T080000Z", "modified": "20260421T090000Z", "status": "pending",
         "uuid": "11111111-1111-4111-8111-111111111111", "project": "Work",
         "annotations": [{"entry": "20260421T090000Z", "description": "draft in shared drive"}]},
    ]))
    dli.run("import", "--from", "taskwarrior", str(export))
    shown = dli.json("show", "report")
    [note] = shown["notes"]
    assert (note["text"], note["occurred_at"], note["project"]) == ("draft in shared drive", "2026-04-21T11:00:00+02:00", "Work")
    assert note["source"].startswith(f"import {export}")
    notes = [e for e in dli.json("log") if e["type"] == "NoteRecorded"]
    assert [(e["task_handle"], e["project"]) for e in notes] == [(shown["handle"], "Work")]
    assert "draft in shared drive" in dli.run("show", "report").stdout


def test_unknown_and_ambiguous_tasks(dli: InProcess) -> None:
    dli.run("add", "Call mom")
    dli.run("add", "Call the bank")
    assert dli.fails("show", "dentist").returncode == 3
    ambiguous = dli.fails("info", "call")
    assert ambiguous.returncode == 3 and "matches 2 open tasks" in ambiguous.stderr
    done = dli.json("done", "bank")
    assert dli.json("show", "call")["id"] != done["id"]  # an open one first, as ``done`` finds it
    assert dli.json("show", "bank")["status"] == "done"


def test_unknown_task_through_the_installed_command(dl: Dayledger) -> None:
    dl.run("add", "Something")
    proc = dl.fails("show", "nothing like it")
    assert proc.returncode == 3 and proc.stderr.startswith("dayledger: error: no task matches")
    assert "Examples:" in dl.run("show", "--help").stdout

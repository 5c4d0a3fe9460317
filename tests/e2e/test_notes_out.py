"""Notes out: ``export --format notes --out DIR`` writes daily notes that import back to the same ledger."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Dayledger

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "notes"
DAYS = ["2026-04-20", "2026-04-21", "2026-04-22", "2026-04-23", "2026-04-24"]
NOW = "2026-04-25T12:00+02:00"


def _tasks(d: Dayledger) -> list[tuple[Any, ...]]:
    return sorted((t["text"], t["status"], t["project"]) for t in d.json("tasks", "--status", "all", "--no-routines"))


def _day(d: Dayledger, day: str) -> dict[str, Any]:
    got = d.json("day", day)
    return {
        "notes": sorted(n["text"] for n in got["notes"]),
        "readings": sorted(r["title"] for r in got["readings"]),
        "tasks": {k: sorted(t["text"] for t in v) for k, v in got["tasks"].items()},
        "appointments": sorted((a["text"], a["starts_at"]) for a in got["appointments"]),
    }


def test_notes_round_trip_gives_the_same_task_lists_days_and_timelines(tmp_path: Path) -> None:
    original = Dayledger(str(tmp_path / "original.sqlite"), now=NOW)
    original.run("import", str(EXAMPLES))
    out = tmp_path / "notes"
    assert original.json("export", "--format", "notes", "--out", str(out)) == {"format": "notes", "days": 5, "out": str(out)}
    assert sorted(p.name for p in out.glob("*.txt")) == [f"{d}.txt" for d in DAYS]  # and the hidden list of what it wrote
    text = (out / "2026-04-21.txt").read_text()
    assert text.startswith("Notes 4.21.2026\n")
    assert "  • Draft the data management plan section – done\n" in text and "\nSBIRs\n" in text

    copy = Dayledger(str(tmp_path / "copy.sqlite"), now=NOW)
    summary = copy.json("import", str(out))
    assert summary["files_imported"] == 5 and summary["unclear"] == []
    assert _tasks(copy) == _tasks(original)
    for day in DAYS:
        assert _day(copy, day) == _day(original, day), day
        assert copy.json("day", day, "--as-of", f"{day} 12:00")["tasks"].keys() == original.json("day", day)["tasks"].keys()
    # the notes exported from the copy are the same notes again
    again = tmp_path / "again"
    copy.run("export", "--format", "notes", "--out", str(again))
    assert {p.name: p.read_text() for p in again.iterdir()} == {p.name: p.read_text() for p in out.iterdir()}


def test_notes_need_a_folder(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    dl_sqlite.run("add", "Something")
    assert "--out DIR" in dl_sqlite.fails("export", "--format", "notes").stderr
    file = tmp_path / "a.txt"
    file.write_text("x")
    assert "not a folder" in dl_sqlite.fails("export", "--format", "notes", "--out", str(file)).stderr


def test_note_texts_that_look_like_tasks_headings_or_papers_come_back_as_notes(tmp_path: Path) -> None:
    """A notes export imported into an empty ledger gives back what was exported: its notes stay
    notes, never tasks, projects, appointments or readings made from their text."""
    from tests.conftest import InProcess

    texts = [
        "Tasks", "todo:", "• Buy milk – done", "◦ a sub point", "* starred", "1. first", "# Heading", "[2604.12345] A paper",
        "see arXiv:2604.12345 later", "\\ a backslash", "SBIRs", "Dentist – Appointment for 2026-04-23 14:00", "Notes 4.20.2026",
    ]
    source = InProcess(str(tmp_path / "a.sqlite"), now="2026-04-24T18:00+02:00")
    for text in texts:
        source.run("note", text, "--at", "2026-04-22 10:00")
    source.run("note", "--at", "2026-04-22 10:00", "--", "- a dash")
    out = tmp_path / "notes"
    source.run("export", "--format", "notes", "--out", str(out))
    target = InProcess(str(tmp_path / "b.sqlite"), now="2026-04-24T18:00+02:00")
    target.run("import", str(out))
    kinds = {e["type"] for e in target.json("log")}
    assert kinds == {"NoteRecorded"}, kinds
    assert sorted(e["text"] for e in target.json("log")) == sorted([*texts, "- a dash"])


def test_task_texts_that_end_like_marks_and_long_projects_come_back_as_they_were(dli: Dayledger, tmp_path: Path) -> None:
    """A task whose own words end in "– done" or hold "– Appointment for ...", start like a checkbox
    or a paper, and projects whose names would not read as headings (long, ending in a full stop,
    named like a task heading's words): exported as notes and imported into an empty ledger they
    are the same tasks in the same projects, none done, cancelled or scheduled by its words, and
    importing again records nothing."""
    from tests.conftest import InProcess

    now = "2026-04-24T18:00+02:00"
    dli.env["DAYLEDGER_NOW"] = now
    long_project = "The very long project about the garden, the shed and the fence behind the house"
    tasks = [
        ("Pay the plumber – done", None),
        ("Flight to Oslo - canceled", None),
        ("Ask Dana - done?", None),
        ("Get it done!", None),
        ("Call about the visit – Appointment for Friday 10:00", None),
        ("Appointment for the car at the garage", None),
        ("Re-read the contract -- appt at the bank", "Errands."),
        ("[x] not a checkbox", "Errands."),
        ("[2604.12345] is a paper to cite, not to read", long_project),
        ("Water the roses ✓", long_project),
        ("Dishes – done", "Notes 4.20.2026"),
        ("Sort the receipts", "Tasks"),
        ("Plan the beds", "**Bold plans**"),
        ("Buy seeds", "Garden:"),
        ("Read it again", "[2604.12345] the paper's project"),
    ]
    for text, project in tasks:
        dli.run("add", text, *(["-p", project] if project else []), "--at", "2026-04-22 10:00")
    dli.run("done", "Dishes", "--at", "2026-04-22 18:00")
    out = tmp_path / "notes"
    dli.run("export", "--format", "notes", "--out", str(out))
    target = InProcess(str(tmp_path / "copy.sqlite"), now=now)
    summary = target.json("import", str(out))
    assert summary["unclear"] == []

    def listed(d: Dayledger) -> list[tuple[Any, ...]]:
        return sorted((t["text"], t["status"], t["project"]) for t in d.json("tasks", "--status", "all", "--no-routines"))

    assert listed(target) == listed(dli)
    assert listed(target) == sorted((text, "done" if text == "Dishes – done" else "open", project) for text, project in tasks)
    assert {e["type"] for e in target.json("log")} == {"ProjectStarted", "TaskCaptured", "TaskCompleted"}
    before = target.event_count()
    again = target.json("import", str(out))
    assert again["files_imported"] == 0 and target.event_count() == before


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/Los_Angeles"])
def test_cancelled_and_moved_tasks_come_back_as_they_are_and_exporting_into_the_same_ledger_records_nothing(tmp_path: Path, zone: str) -> None:
    """A task cancelled (on a later day's list, or on its own), one moved to another project, one
    cancelled and reopened: the notes export says ``– cancelled`` on the day of a cancellation that
    closed the task, so a fresh ledger gets the same tasks, statuses and projects; imported into
    the ledger it came from it records nothing; the copy's export is the same notes."""
    from tests.conftest import InProcess

    now = "2026-04-25T12:00+02:00"
    source = InProcess(str(tmp_path / "source.sqlite"), tz=zone, now=now)
    source.run("import", str(EXAMPLES))
    source.run("cancel", "Water the tomatoes", "--at", "2026-04-24 10:00")
    source.run("cancel", "Plant the tomato seedlings", "--at", "2026-04-24 11:00")
    source.run("add", "Book the hall", "-p", "Party", "--at", "2026-04-22 09:00")
    source.run("cancel", "Book the hall", "--at", "2026-04-22 18:00")
    source.run("edit", "Re-map and cluster", "-p", "Writing", "--at", "2026-04-24 12:00")
    source.run("cancel", "Email Dana", "--at", "2026-04-24 13:00")
    source.run("reopen", "Email Dana", "--at", "2026-04-24 14:00")
    out = tmp_path / "notes"
    source.run("export", "--format", "notes", "--out", str(out))
    assert "  • Book the hall – cancelled\n" in (out / "2026-04-22.txt").read_text()
    assert all("Email Dana about the garage door quote – cancelled" not in p.read_text() for p in out.glob("*.txt"))  # reopened
    before = source.event_count()
    again = source.json("import", str(out))
    assert again["tasks"] == {"new": 0, "carried": 0, "completed": 0} and again["tasks_cancelled"] == 0
    assert source.event_count() == before
    copy = InProcess(str(tmp_path / "copy.sqlite"), tz=zone, now=now)
    summary = copy.json("import", str(out))
    assert summary["tasks_cancelled"] == 3 and summary["unclear"] == []
    assert _tasks(copy) == _tasks(source)
    statuses = {text: (status, project) for text, status, project in _tasks(copy)}
    assert statuses["Book the hall"] == ("cancelled", "Party")
    assert statuses["Plant the tomato seedlings"][0] == "cancelled"
    assert statuses["Re-map and cluster the original narratives"][1] == "Writing"
    assert statuses["Email Dana about the garage door quote"][0] == "open"
    assert statuses["Water the tomatoes"][0] == "cancelled"
    for task in copy.json("tasks", "--status", "cancelled"):
        original = next(t for t in source.json("tasks", "--status", "cancelled") if t["text"] == task["text"])
        assert task["cancelled_at"][:10] == original["cancelled_at"][:10]
    before = copy.event_count()
    copy.run("import", str(out))
    assert copy.event_count() == before
    exported = tmp_path / "again"
    copy.run("export", "--format", "notes", "--out", str(exported))
    assert {p.name: p.read_text() for p in exported.iterdir()} == {p.name: p.read_text() for p in out.iterdir()}

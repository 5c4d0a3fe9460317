"""Journals of other programs, imported as daily notes (issue 24): Logseq graphs, Obsidian vaults
and jrnl's exports, real files under tests/data/journals (their origin in its README). The exact
tasks, notes and projects they give; importing again records nothing; an edit records only the
change; a task carried from day to day stays one task. On SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Dayledger, InProcess

DATA = Path(__file__).resolve().parents[1] / "data" / "journals"
LOGSEQ = DATA / "logseq"
OBSIDIAN = DATA / "obsidian"
JRNL = DATA / "jrnl"


def _tasks(d: Dayledger) -> list[tuple[Any, ...]]:
    """(text, status, project, tags, priority, due day, day it was closed) of every task."""
    out = []
    for t in d.json("tasks", "--status", "all", "--no-routines"):
        closed = t["completed_at"] or t["cancelled_at"]
        out.append((t["text"], t["status"], t["project"], tuple(t["tags"]), t["priority"], t["due"], closed and closed[:10]))
    return sorted(out)


def _notes(d: Dayledger) -> list[tuple[str, str]]:
    """(when, text) of every note recorded, in the order of the log."""
    return [(e["occurred_at"], e["text"]) for e in d.json("log") if e["type"] == "NoteRecorded"]


def _projects(d: Dayledger) -> list[str]:
    return sorted(e["name"] for e in d.json("log") if e["type"] == "ProjectStarted")


def _settles(d: Dayledger, *args: str) -> None:
    before = d.event_count()
    d.run("import", *args)
    assert d.event_count() == before


# -- Logseq --------------------------------------------------------------------------------------

LOGSEQ_TASKS = sorted([
    ("Write changelog for v0.0.9", "done", None, (), None, None, "2021-02-20"),
    ("Write changelog for v0.0.10", "open", None, (), None, None, None),
    ("do X #p0", "open", None, ("p0",), None, None, None),
    ("old todo block", "open", None, (), None, None, None),
    ("status test", "open", None, (), "M", None, None),
    ("multiline logbook block last line", "done", None, (), None, None, "2024-08-07"),
    ("logbook block", "open", None, (), None, None, None),
])


def test_a_logseq_graph_imports_its_journals_tasks_and_blocks(dli: Dayledger) -> None:
    """The graph's folder is recognised without --from; only journals are read (pages have no day);
    TODO/LATER/NOW/DOING are open, DONE done that day, [#B] a priority, #tags tags; properties,
    logbooks and front matter are no notes; every other block is a note of its day."""
    summary = dli.json("import", str(LOGSEQ))
    assert summary["files_imported"] == 10 and summary["files_failed"] == 0
    assert _tasks(dli) == LOGSEQ_TASKS
    assert _projects(dli) == []
    notes = _notes(dli)
    assert len(notes) == 41
    assert ("2020-10-02T00:00:00+02:00", "Testing Testing") in notes
    assert ("2024-01-08T00:00:00+01:00", "[[some page]] tests page ref being parsed before page") in notes
    assert ("2024-08-07T00:00:00+02:00", "block with props") in notes  # its prop-num:: 10 is no text
    texts = " ".join(text for _, text in notes)
    for never in ("::", ":LOGBOOK:", "CLOCK:", "title:", "SCHEDULED:", "DEADLINE:", "Feb 20th"):
        assert never not in texts, never
    assert [u["text"] for u in summary["unclear"]] == ["TODO"]  # "- TODO" with nothing to call the task
    _settles(dli, str(LOGSEQ))


def test_a_logseq_task_carried_to_the_next_day_and_edited_records_only_the_change(dli: Dayledger, tmp_path: Path) -> None:
    graph = tmp_path / "graph"
    shutil.copytree(LOGSEQ, graph)
    journals = graph / "journals"
    dli.run("import", "--from", "logseq", str(graph))
    before = dli.event_count()
    (journals / "2024_02_08.md").write_text("- LATER do X #p0\n\t- asked Dana about it\n- TODO Renew the passport\n  DEADLINE: <2024-03-01 Fri>\n")
    summary = dli.json("import", str(graph))
    assert summary["files_imported"] == 1
    kinds = [e["type"] for e in dli.json("log")][before:]
    assert sorted(kinds) == ["NoteRecorded", "TaskCaptured", "TaskCarried"]
    tasks = {t[0]: t for t in _tasks(dli)}
    assert tasks["do X #p0"] == ("do X #p0", "open", None, ("p0",), None, None, None)
    assert tasks["Renew the passport"] == ("Renew the passport", "open", None, (), None, "2024-03-01", None)
    # marked done on the next day, cancelled on its own: only those two facts are new
    before = dli.event_count()
    (journals / "2024_02_08.md").write_text("- DONE do X #p0\n\t- asked Dana about it\n- CANCELED Renew the passport\n  DEADLINE: <2024-03-01 Fri>\n")
    edited = dli.json("import", str(graph))
    assert edited["tasks"] == {"new": 0, "carried": 0, "completed": 1} and edited["tasks_cancelled"] == 1
    assert sorted(e["type"] for e in dli.json("log")[before:]) == ["TaskCancelled", "TaskCompleted"]
    tasks = {t[0]: t for t in _tasks(dli)}
    assert tasks["do X #p0"][1:] == ("done", None, ("p0",), None, None, "2024-02-08")
    assert tasks["Renew the passport"][1:] == ("cancelled", None, (), None, "2024-03-01", "2024-02-08")
    assert len(_tasks(dli)) == len(LOGSEQ_TASKS) + 1
    _settles(dli, str(graph))


# -- Obsidian ------------------------------------------------------------------------------------

DATES = "Tasks Format for Dates"
PRIORITIES = "Tasks Format for Priorities"
COMPLETION = "Tasks Format for OnCompletion"
OBSIDIAN_TASKS = sorted([
    ("#task Has a created date", "open", DATES, ("task",), None, None, None),
    ("#task Has a scheduled date", "open", DATES, ("task",), None, None, None),
    ("#task Has a start date", "open", DATES, ("task",), None, None, None),
    ("#task Has a due date", "open", DATES, ("task",), None, "2023-04-16", None),
    ("#task Has a done date", "done", DATES, ("task",), None, None, "2023-04-17"),
    ("#task Has a cancelled date", "cancelled", DATES, ("task",), None, None, "2023-04-18"),
    ("#task Lowest priority", "open", PRIORITIES, ("task",), "L", None, None),
    ("#task Low priority", "open", PRIORITIES, ("task",), "L", None, None),
    ("#task Normal priority", "open", PRIORITIES, ("task",), None, None, None),
    ("#task Medium priority", "open", PRIORITIES, ("task",), "M", None, None),
    ("#task High priority", "open", PRIORITIES, ("task",), "H", None, None),
    ("#task Highest priority", "open", PRIORITIES, ("task",), "H", None, None),
    ("#task Is a recurring task", "open", "Tasks Format for Recurrence", ("task",), None, None, None),
    ("#task Keep this task when done", "open", COMPLETION, ("task",), None, None, None),
    ("#task Keep this task when done too", "open", COMPLETION, ("task",), None, None, None),
    ("#task Remove this task when done", "open", COMPLETION, ("task",), None, None, None),
    ("#task Remove completed instance of this recurring task when done", "open", COMPLETION, ("task",), None, None, None),
    ("#task do this first", "open", "Tasks Format for Dependencies", ("task",), None, None, None),
    ("#task do this after first and some other task", "open", "Tasks Format for Dependencies", ("task",), None, None, None),
    ("#task Task in 'Project 1'", "open", "Project 1", ("task",), None, None, None),
    ("#task **Overdue** on 2025-06-19", "open", "Sample tasks", ("task",), "H", "2025-06-18", None),
    ("#task **Due today** on 2025-06-19", "open", "Sample tasks", ("task",), "H", "2025-06-19", None),
    ("#task **Done today** on 2025-06-19", "done", "Sample tasks", ("task",), None, "2025-06-19", "2025-06-19"),
])


def test_an_obsidian_vault_imports_its_daily_notes_with_the_tasks_plugins_fields(dli: Dayledger) -> None:
    """The vault is recognised without --from; only YYYY-MM-DD.md notes are read (Formats/Tasks
    Format.md is skipped, named); ✅ and ❌ give the day a task was closed, 📅 its due day, ⏫🔼🔽
    its priority; headings are projects; the plugin's query blocks and front matter are no notes
    and no project is named after them."""
    summary = dli.json("import", str(OBSIDIAN))
    assert summary["files_failed"] == 0
    assert _tasks(dli) == OBSIDIAN_TASKS
    assert _projects(dli) == sorted({DATES, PRIORITIES, COMPLETION, "Tasks Format for Recurrence", "Tasks Format for Dependencies",
                               "Project 1", "Sample tasks", "Tags in Frontmatter", "See the frontmatter in YAML"})
    notes = [text for _, text in _notes(dli)]
    assert notes[:2] == ["#tag-in-body", "#another-tag"]
    assert all("preset" not in n and "value1" not in n and "---" not in n for n in notes)
    assert [u["text"] for u in summary["unclear"]] == ["(a js-engine block)"]
    _settles(dli, str(OBSIDIAN))


def test_an_obsidian_task_carried_to_the_next_day_and_ticked_records_only_the_change(dli: Dayledger, tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    shutil.copytree(OBSIDIAN, vault)
    dli.run("import", "--from", "obsidian", str(vault))
    day = vault / "Daily Notes" / "2025-06-20.md"
    original = day.read_text()
    day.write_text(original + "\n## Sample tasks\n\n- [ ] #task **Overdue** on 2025-06-19 📅 2025-06-18 🔺\n    - the plumber calls back\n")
    before = dli.event_count()
    dli.run("import", str(vault))
    assert sorted(e["type"] for e in dli.json("log")[before:]) == ["NoteRecorded", "TaskCarried"]
    before = dli.event_count()
    day.write_text(original + "\n## Sample tasks\n\n- [x] #task **Overdue** on 2025-06-19 📅 2025-06-18 🔺 ✅ 2025-06-20\n    - the plumber calls back\n")
    dli.run("import", str(vault))
    assert [e["type"] for e in dli.json("log")[before:]] == ["TaskCompleted"]
    overdue = next(t for t in _tasks(dli) if t[0].startswith("#task **Overdue**"))
    assert overdue[1:] == ("done", "Sample tasks", ("task",), "H", "2025-06-18", "2025-06-20")
    assert len(_tasks(dli)) == len(OBSIDIAN_TASKS)
    _settles(dli, str(vault))


def test_bad_front_matter_is_one_line_naming_the_note(dli: Dayledger, tmp_path: Path) -> None:
    note = tmp_path / "2025-06-21.md"
    note.write_text("---\ntags: [daily\n---\n- [ ] Something\n")
    failed = dli.fails("import", "--from", "obsidian", str(note))
    assert "2025-06-21.md" in failed.stderr and "front matter" in failed.stderr
    assert dli.event_count() == 0


# -- jrnl ----------------------------------------------------------------------------------------

SIMPLE = [("2013-06-09T15:39", "My first entry. Everything is alright"), ("2013-06-10T15:40", "Life is good. But I'm better.")]


@pytest.mark.parametrize("zone, offset", [("Europe/Berlin", "+02:00"), ("America/Los_Angeles", "-07:00")])
def test_jrnl_entries_are_notes_at_their_own_times(tmp_path: Path, zone: str, offset: str) -> None:
    d = InProcess(str(tmp_path / "ledger.sqlite"), tz=zone)
    d.run("import", "--from", "jrnl", str(JRNL / "simple.journal"))
    assert _notes(d) == [(f"{at}:00{offset}", text) for at, text in SIMPLE]
    _settles(d, "--from", "jrnl", str(JRNL / "simple.journal"))


def test_jrnls_text_and_json_exports_are_the_same_notes(dli: Dayledger) -> None:
    """jrnl 4.6's JSON and text exports of one journal, and the journal itself: the first import
    records its entries (a starred one without its star), the others nothing."""
    dli.run("import", "--from", "jrnl", str(JRNL / "basic_onefile.json"), str(JRNL / "tags.json"))
    notes = _notes(dli)
    assert [at for at, _ in notes] == ["2013-04-09T15:39:00+02:00", "2013-06-10T15:40:00+02:00",
                                       "2020-08-29T11:11:00+02:00", "2020-08-31T14:32:00+02:00", "2020-09-24T09:14:00+02:00"]
    assert notes[0][1] == "I have an @idea: (1) write a command line @journal software (2) ??? (3) PROFIT!"
    assert notes[3][1].startswith("A second entry in what I hope to be a long series. Sed sit amet")
    for other in ("basic_onefile.txt", "tags.txt", "basic_onefile.journal", "tags.journal"):
        _settles(dli, "--from", "jrnl", str(JRNL / other))


def test_a_file_that_is_not_a_jrnl_export_is_refused_with_its_line(dli: Dayledger, tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("Just some words\n[2013-06-09 15:39] An entry\n")
    assert "notes.txt:1: not a jrnl export" in dli.fails("import", "--from", "jrnl", str(bad)).stderr
    assert dli.event_count() == 0


def test_obsidian_dataview_fields_are_read_and_an_impossible_date_stays_words(dli: Dayledger) -> None:
    """The plugin's Dataview format ([due:: ...], [completion:: ...], [priority:: high]) gives the
    same fields as its emoji; a task with 2022-02-29 in a field is kept, the field in its words, as
    the plugin shows it, instead of refusing the note; a rule ("---") is no note."""
    more = DATA / "obsidian-more"
    summary = dli.json("import", "--from", "obsidian", str(more))
    assert summary["files_failed"] == 0 and summary["unclear"] == []
    tasks = {t[0]: t[1:] for t in _tasks(dli)}
    assert tasks["#task Has a due date"] == ("open", "Dataview Format for Dates", ("task",), None, "2023-04-16", None)
    assert tasks["#task Has a done date"] == ("done", "Dataview Format for Dates", ("task",), None, None, "2023-04-17")
    assert tasks["#task Has a cancelled date"] == ("cancelled", "Dataview Format for Dates", ("task",), None, None, "2023-04-18")
    assert tasks["#task High priority"][3] == "H" and tasks["#task Lowest priority"][3] == "L"
    assert tasks["#task Has one of every field except done"][3:5] == ("H", "2023-04-27")
    assert tasks["#task Valid due date"] == ("open", "Tasks with valid dates", ("task",), None, "2022-02-28", None)
    assert tasks["#task Invalid due date 📅 2022-02-29"] == ("open", "Tasks with invalid dates", ("task",), None, None, None)
    assert tasks["#task Invalid done date ✅ 2022-02-29"] == ("done", "Tasks with invalid dates", ("task",), None, None, "2022-02-28")
    assert tasks["#task Invalid cancelled date ❌ 2022-02-29"][0] == "cancelled"
    assert "---" not in [text for _, text in _notes(dli)]
    _settles(dli, "--from", "obsidian", str(more))


# -- edits of a journal's fields -----------------------------------------------------------------


def _changes(d: Dayledger, before: int) -> list[tuple[str, Any]]:
    """(type, what it sets) of each event after the first ``before``."""
    out: list[tuple[str, Any]] = []
    for e in d.json("log")[before:]:
        value = {"TaskDueSet": "due", "TaskPrioritized": "priority", "TaskTagged": "tags", "TaskUntagged": "tags"}.get(e["type"])
        out.append((e["type"], e.get(value) if value else None))
    return out


def test_editing_an_obsidian_tasks_due_priority_and_tags_records_exactly_that(dli: Dayledger, tmp_path: Path) -> None:
    """The task's latest list says another due day, priority and tags: one event for each, on
    that list's day; importing again records nothing; an older day's list is history and changes nothing."""
    vault = tmp_path / "vault"
    shutil.copytree(OBSIDIAN, vault)
    dli.run("import", "--from", "obsidian", str(vault))
    day = vault / "Daily Notes" / "2025-06-19.md"
    original = day.read_text()
    line = "- [ ] #task **Overdue** on 2025-06-19 📅 2025-06-18 🔺"
    assert line in original
    before = dli.event_count()
    day.write_text(original.replace(line, "- [ ] #task **Overdue** on 2025-06-19 #home 📅 2025-06-25 🔽"))
    summary = dli.json("import", str(vault))
    assert summary["tasks"] == {"new": 0, "carried": 0, "completed": 0} and summary["tasks_changed"] == 1
    assert _changes(dli, before) == [("TaskDueSet", "2025-06-25"), ("TaskPrioritized", "L"), ("TaskTagged", ["home"])]
    assert {e["occurred_at"] for e in dli.json("log")[before:]} == {"2025-06-19T00:00:00+02:00"}
    overdue = next(t for t in _tasks(dli) if t[0].startswith("#task **Overdue**"))
    assert overdue[1:] == ("open", "Sample tasks", ("task", "home"), "L", "2025-06-25", None)
    _settles(dli, str(vault))
    # the fields taken away: no due day, no priority, the tag gone
    before = dli.event_count()
    day.write_text(original.replace(line, "- [ ] #task **Overdue** on 2025-06-19"))
    assert dli.json("import", str(vault))["tasks_changed"] == 1
    assert _changes(dli, before) == [("TaskDueSet", None), ("TaskPrioritized", None), ("TaskUntagged", ["home"])]
    _settles(dli, str(vault))
    # carried to a later day in the old words: that list is the latest now, and says the old fields again
    before = dli.event_count()
    later = vault / "Daily Notes" / "2025-06-20.md"
    later.write_text(later.read_text() + f"\n## Sample tasks\n\n{line}\n")
    dli.run("import", str(vault))
    assert _changes(dli, before) == [("TaskCarried", None), ("TaskDueSet", "2025-06-18"), ("TaskPrioritized", "H")]
    # an edit of the older list now changes nothing
    before = dli.event_count()
    day.write_text(original.replace(line, "- [ ] #task **Overdue** on 2025-06-19 📅 2025-07-01"))
    dli.run("import", str(vault))
    assert dli.event_count() == before
    overdue = next(t for t in _tasks(dli) if t[0].startswith("#task **Overdue**"))
    assert overdue[1:] == ("open", "Sample tasks", ("task",), "H", "2025-06-18", None)


@pytest.mark.parametrize("zone, offset", [("Europe/Berlin", "+02:00"), ("America/Los_Angeles", "-07:00")])
def test_editing_a_logseq_tasks_priority_and_deadline_records_exactly_that(tmp_path: Path, zone: str, offset: str) -> None:
    d = InProcess(str(tmp_path / "ledger.sqlite"), tz=zone)
    graph = tmp_path / "graph"
    shutil.copytree(LOGSEQ, graph)
    d.run("import", "--from", "logseq", str(graph))
    journal = graph / "journals" / "2024_04_01.md"
    original = journal.read_text()
    assert "- DOING [#B] status test\n" in original
    before = d.event_count()
    journal.write_text(original.replace("- DOING [#B] status test\n", "- DOING [#A] status test\n  DEADLINE: <2024-04-05 Fri>\n"))
    assert d.json("import", str(graph))["tasks_changed"] == 1
    assert _changes(d, before) == [("TaskDueSet", "2024-04-05"), ("TaskPrioritized", "H")]
    assert {e["occurred_at"] for e in d.json("log")[before:]} == {f"2024-04-01T00:00:00{offset}"}
    assert next(t for t in _tasks(d) if t[0] == "status test")[1:] == ("open", None, (), "H", "2024-04-05", None)
    _settles(d, str(graph))


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/Los_Angeles"])
def test_logseq_scheduled_and_deadline_lines_and_obsidians_hourglass_are_days(tmp_path: Path, zone: str) -> None:
    """``SCHEDULED: <2022-11-25 Fri .+1d>`` under a task is its scheduled day and ``DEADLINE:`` its due
    day (days: the same in every zone; the repeater is left out); Obsidian's ⏳ is the scheduled day
    too. An edit of the SCHEDULED line records that change only; a round trip through the
    Taskwarrior export (a day is its start there) records nothing."""
    d = InProcess(str(tmp_path / "ledger.sqlite"), tz=zone)
    graph = tmp_path / "graph"
    shutil.copytree(LOGSEQ, graph)
    journal = graph / "journals" / "2024_04_01.md"
    block = "- deadline and scheduled, also tests using same day on one block\n"
    original = journal.read_text()
    assert block in original
    journal.write_text(original.replace(block, "- TODO " + block[2:]))
    d.run("import", "--from", "logseq", str(graph))
    d.run("import", "--from", "obsidian", str(OBSIDIAN))
    rows = {t["text"]: t for t in d.json("tasks", "--status", "all", "--no-routines")}
    task = rows["deadline and scheduled, also tests using same day on one block"]
    assert (task["due"], task["scheduled"]) == ("2022-11-25", "2022-11-25")
    assert rows["#task Has a scheduled date"]["scheduled"] == "2023-04-14"
    assert sum(1 for t in rows.values() if t["scheduled"]) == 2
    shown = d.run("show", task["handle"]).stdout
    assert "scheduled" in shown and "2022-11-25" in shown
    before = d.event_count()
    journal.write_text(original.replace(block, "- TODO " + block[2:]).replace("SCHEDULED: <2022-11-25 Fri .+1d>", "SCHEDULED: <2022-11-24 Thu>"))
    assert d.json("import", "--from", "logseq", str(graph))["tasks_changed"] == 1
    assert [(e["type"], e.get("scheduled")) for e in d.json("log")[before:]] == [("TaskScheduledSet", "2022-11-24")]
    _settles(d, "--from", "logseq", str(graph))
    out = tmp_path / "tw.json"
    d.run("export", "--format", "taskwarrior", "--out", str(out))
    before = d.event_count()
    d.run("import", "--from", "taskwarrior", str(out))
    assert d.event_count() == before
    assert {t["text"]: t["scheduled"] for t in d.json("tasks", "--status", "all", "--no-routines") if t["scheduled"]} == {
        "deadline and scheduled, also tests using same day on one block": "2022-11-24", "#task Has a scheduled date": "2023-04-14",
    }

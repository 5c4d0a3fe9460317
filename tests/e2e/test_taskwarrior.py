"""Taskwarrior in and out through the real command: ``import --from taskwarrior``, ``export --format taskwarrior``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from engine.formats.taskwarrior import read_export
from tests.conftest import Dayledger, InProcess

REPORT = "11111111-1111-4111-8111-111111111111"
MILK = "22222222-2222-4222-8222-222222222222"
IDEA = "33333333-3333-4333-8333-333333333333"
PLANTS = "44444444-4444-4444-8444-444444444444"

EXPORT: list[dict[str, Any]] = [
    {"id": 1, "description": "Write report", "entry": "20260420T080000Z", "modified": "20260421T090000Z",
     "project": "Work.Reports", "status": "pending", "tags": ["office"], "priority": "H", "due": "20260428T170000Z",
     "uuid": REPORT, "annotations": [{"entry": "20260421T090000Z", "description": "draft in shared drive"}], "urgency": 5.1},
    {"id": 0, "description": "Buy milk", "end": "20260422T100000Z", "entry": "20260420T090000Z",
     "modified": "20260422T100000Z", "status": "completed", "uuid": MILK},
    {"id": 0, "description": "Old idea", "end": "20260423T100000Z", "entry": "20260419T090000Z",
     "modified": "20260423T100000Z", "status": "deleted", "uuid": IDEA},
    {"id": 2, "description": "Water plants", "entry": "20260419T090000Z", "modified": "20260419T090000Z",
     "status": "recurring", "recur": "weekly", "due": "20260420T090000Z", "uuid": PLANTS},
]


def _write_array(path: Path, tasks: list[dict[str, Any]]) -> Path:
    path.write_text("[\n" + ",\n".join(json.dumps(t) for t in tasks) + "\n]\n")
    return path


def _tasks(d: Dayledger, *extra: str) -> dict[str, dict[str, Any]]:
    return {t["id"]: t for t in d.json("tasks", "--status", "all", "--no-routines", *extra)}


def test_import_keeps_ids_times_status_and_is_idempotent(dl: Dayledger, tmp_path: Path) -> None:
    export = _write_array(tmp_path / "tw.json", EXPORT)
    dry = dl.json("import", "--from", "taskwarrior", str(export), "--dry-run")
    assert dry["files"][0]["new"] == 4 and dry["dry_run"] is True
    first = dl.json("import", "--from", "taskwarrior", str(export))["files"][0]
    assert (first["new"], first["completed"], first["cancelled"], first["notes"], first["projects_started"]) == (4, 1, 1, 1, 1)
    events = dl.event_count()
    again = dl.json("import", "--from", "taskwarrior", str(export))["files"][0]
    assert again["events"] == 0 and again["unchanged"] == 4
    assert dl.event_count() == events

    tasks = _tasks(dl)
    assert set(tasks) == {REPORT.replace("-", ""), MILK.replace("-", ""), IDEA.replace("-", ""), PLANTS.replace("-", "")}
    report = tasks[REPORT.replace("-", "")]
    assert (report["text"], report["status"], report["project"]) == ("Write report", "open", "Work.Reports")
    assert report["tags"] == ["office"] and report["priority"] == "H"
    assert tasks[MILK.replace("-", "")]["priority"] is None
    assert report["due"].startswith("2026-04-28T19:00")  # 17:00Z in Berlin
    assert report["created_at"].startswith("2026-04-20T10:00")
    assert tasks[MILK.replace("-", "")]["status"] == "done"
    assert tasks[MILK.replace("-", "")]["completed_at"].startswith("2026-04-22T12:00")
    assert tasks[IDEA.replace("-", "")]["status"] == "cancelled"
    assert set(tasks[PLANTS.replace("-", "")]["tags"]) == {"recurring", "recur-weekly"}

    # the imported past, as of a day in it: the milk not bought yet, the idea still open
    then = _tasks(dl, "--as-of", "2026-04-21 12:00")
    assert then[MILK.replace("-", "")]["status"] == "open" and then[IDEA.replace("-", "")]["status"] == "open"
    assert len(_tasks(dl, "--as-of", "2026-04-19 12:00")) == 2  # only the two captured by then


def test_later_export_records_only_what_changed(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    dl = dl_sqlite
    dl.run("import", "--from", "taskwarrior", str(_write_array(tmp_path / "one.json", EXPORT)))
    later = json.loads(json.dumps(EXPORT))
    later[0].update(status="completed", end="20260425T120000Z", modified="20260425T120000Z", description="Write the report")
    later[0]["annotations"].append({"entry": "20260424T090000Z", "description": "sent to Dana"})
    later[1].update(status="pending", modified="20260426T080000Z")
    del later[1]["end"]
    summary = dl.json("import", "--from", "taskwarrior", str(_write_array(tmp_path / "two.json", later)))["files"][0]
    assert (summary["changed"], summary["completed"], summary["reopened"], summary["notes"]) == (1, 1, 1, 1)
    tasks = _tasks(dl)
    assert tasks[REPORT.replace("-", "")]["text"] == "Write the report"
    assert tasks[REPORT.replace("-", "")]["status"] == "done"
    assert tasks[MILK.replace("-", "")]["status"] == "open"
    assert _tasks(dl, "--as-of", "2026-04-24")[REPORT.replace("-", "")]["status"] == "open"


def test_json_lines_and_round_trip_through_export(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    dl = dl_sqlite
    lines = tmp_path / "old.json"
    lines.write_text("\n".join(json.dumps(t) for t in EXPORT) + "\n")  # 2.x: one object per line
    dl.run("import", "--from", "taskwarrior", str(lines))
    out = tmp_path / "out.json"
    dl.run("export", "--format", "taskwarrior", "--out", str(out))
    written = json.loads(out.read_text())
    by_id = {t["uuid"]: t for t in written}
    assert by_id[REPORT]["priority"] == "H" and by_id[REPORT]["tags"] == ["office"]
    assert by_id[REPORT]["annotations"] == [{"entry": "20260421T090000Z", "description": "draft in shared drive"}]
    assert by_id[MILK]["end"] == "20260422T100000Z" and by_id[IDEA]["status"] == "deleted"
    again, original = read_export(out.read_text(), "out.json"), read_export(lines.read_text(), "old.json")
    key = lambda r: (str(r.id), r.text, r.status, r.entry, r.end, r.due, r.project, sorted(r.tags), r.notes, r.priority)
    assert sorted(map(key, again)) == sorted(map(key, original))
    # and importing our own export into the same ledger changes nothing
    assert dl.json("import", "--from", "taskwarrior", str(out))["files"][0]["events"] == 0


def _old_way(report: dict[str, Any]) -> dict[str, Any]:
    """The task as imports before priorities recorded it: the priority a tag ``pri-H``."""
    old = {k: v for k, v in report.items() if k != "priority"}
    return {**old, "tags": [*report["tags"], "pri-" + report["priority"]]}


@pytest.mark.parametrize(
    ("later", "expected"),
    [
        ({}, "H"),  # the same file again: older news than the ledger's, yet the tag becomes the priority
        ({"priority": "L", "modified": "20260424T090000Z"}, "L"),  # a later file with another priority
    ],
)
def test_reimport_turns_the_pri_tags_of_older_imports_into_the_priority(
    dli: InProcess, tmp_path: Path, later: dict[str, Any], expected: str
) -> None:
    dli.run("import", "--from", "taskwarrior", str(_write_array(tmp_path / "old.json", [_old_way(EXPORT[0]), *EXPORT[1:]])))
    [before] = [t for t in _tasks(dli).values() if t["text"] == "Write report"]
    assert (before["tags"], before["priority"]) == (["office", "pri-H"], None)  # as the old code left it
    events = dli.event_count()

    again = dli.json("import", "--from", "taskwarrior", str(_write_array(tmp_path / "new.json", [{**EXPORT[0], **later}, *EXPORT[1:]])))
    assert again["files"][0]["new"] == 0 and again["files"][0]["changed"] == 1
    tasks = _tasks(dli)
    assert len(tasks) == len(EXPORT)  # nothing duplicated
    report = tasks[REPORT.replace("-", "")]
    assert (report["tags"], report["priority"]) == (["office"], expected)
    added = [e["type"] for e in dli.json("log")[events:]]
    assert sorted(added) == ["TaskPrioritized", "TaskUntagged"]  # one change of each, dated by the file
    assert dli.json("import", "--from", "taskwarrior", str(tmp_path / "new.json"))["files"][0]["events"] == 0  # converted once


def test_export_writes_the_priority_and_an_unconverted_pri_tag_as_the_priority(dli: InProcess, tmp_path: Path) -> None:
    dli.run("add", "Call mom", "--priority", "m", "--tag", "family")
    dli.run("add", "Pay rent", "--tag", "pri-L")  # as an older import left a task: a tag, no priority
    dli.run("add", "Water plants")
    out = tmp_path / "out.json"
    dli.run("export", "--format", "taskwarrior", "--out", str(out))
    written = {t["description"]: (t.get("priority"), t.get("tags")) for t in json.loads(out.read_text())}
    assert written == {"Call mom": ("M", ["family"]), "Pay rent": ("L", None), "Water plants": (None, None)}


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('[\n{"uuid": "x", "description": "a", "entry": "20260420T080000Z"}\n]', "bad.json:2: uuid 'x' is not a UUID"),
        ('[\n{"uuid": "%s", "description": "a", "entry": "20260420T080000Z"},\n{"uuid": "%s",\n "description": "b",\n "entry": "yesterday"}\n]'
         % (REPORT, MILK), "bad.json:3: task %s: entry 'yesterday' is not a time" % MILK),
        ('[\n{"uuid": "%s", "description": "a"\n' % REPORT, "bad.json:3: not JSON"),
        ('[\n{"uuid": "%s", "description": "a", "entry": "2026-04-20T08:00:00Z:00"}\n]' % REPORT,
         "bad.json:2: task %s: entry '2026-04-20T08:00:00Z:00' is not a time" % REPORT),
        ('{"uuid": "%s", "description": "a", "entry": "20260420T080000Z", "status": "done"}\n' % REPORT, "bad.json:1: task"),
        # a list as the project was imported as no project; a number as the description was "no description"
        ('[{"uuid": "%s", "description": "a", "entry": "20260420T080000Z", "project": ["Home"]}]' % REPORT,
         "bad.json:1: task %s: its project must be text, not list" % REPORT),
        ('[{"uuid": "%s", "description": 5, "entry": "20260420T080000Z"}]' % REPORT, "bad.json:1: task %s: its description must be text, not int" % REPORT),
    ],
)
def test_bad_input_is_one_line_naming_file_and_line_and_writes_nothing(dl_sqlite: Dayledger, tmp_path: Path, text: str, said: str) -> None:
    dl_sqlite.run("add", "Something else")
    before = dl_sqlite.event_count()
    bad = tmp_path / "bad.json"
    bad.write_text(text)
    proc = dl_sqlite.fails("import", "--from", "taskwarrior", str(bad))
    assert said.replace("bad.json", str(bad)) in proc.stderr
    assert dl_sqlite.event_count() == before


# -- the real Taskwarrior ---------------------------------------------------------------------------

TASK = shutil.which("task")


def _task(home: Path, *args: str, stdin: str | None = None) -> str:
    env = {**os.environ, "TASKDATA": str(home), "TASKRC": str(home / "taskrc")}
    proc = subprocess.run(
        [TASK or "task", "rc.confirmation=off", "rc.verbose=nothing", "rc.hooks=off", *args],
        env=env, capture_output=True, text=True, timeout=60, input=stdin,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.mark.skipif(TASK is None, reason="Taskwarrior is not installed (Debian package taskwarrior): the real `task` round trip is not run")
def test_real_taskwarrior_history_round_trips(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    home = tmp_path / "task"
    home.mkdir()
    (home / "taskrc").write_text(f"data.location={home}\n")
    _task(home, "add", "Write report", "project:Work", "+office", "priority:H", "due:2026-04-28")
    _task(home, "add", "Buy milk", "+errand")
    _task(home, "add", "Call the plumber")
    _task(home, "add", "Old idea")
    _task(home, "add", "Water plants", "due:2026-04-20", "recur:weekly")
    _task(home, "1", "annotate", "draft in shared drive")
    _task(home, "2", "done")
    _task(home, "4", "delete")
    exported = tmp_path / "export.json"
    exported.write_text(_task(home, "export"))
    dl_sqlite.run("import", "--from", "taskwarrior", str(exported))

    def taskwarrior(status: str) -> list[tuple[str, str | None]]:
        return sorted((t["description"], t.get("project")) for t in json.loads(_task(home, f"status:{status}", "export")))

    ours = list(_tasks(dl_sqlite).values())

    def dayledger(status: str) -> list[tuple[str, str | None]]:
        return sorted((t["text"], t["project"]) for t in ours if t["status"] == status and "recurring" not in t["tags"])

    assert dayledger("open") == taskwarrior("pending")
    assert dayledger("done") == taskwarrior("completed")
    assert dayledger("cancelled") == taskwarrior("deleted")
    assert ("Water plants", None) in taskwarrior("pending")  # the occurrence Taskwarrior made is a task of its own

    assert {t["text"]: t["priority"] for t in ours}["Write report"] == "H"  # Taskwarrior's priority is ours

    # and back: a fresh Taskwarrior takes our export, with the same pending and completed lists and priorities
    dl_sqlite.run("edit", "plumber", "--priority", "L")
    ours_out = tmp_path / "ours.json"
    dl_sqlite.run("export", "--format", "taskwarrior", "--out", str(ours_out))
    again = tmp_path / "again"
    again.mkdir()
    (again / "taskrc").write_text(f"data.location={again}\n")
    _task(again, "import", str(ours_out))
    for status in ("pending", "completed"):
        theirs = sorted(t["description"] for t in json.loads(_task(home, f"status:{status}", "export")))
        back = sorted(t["description"] for t in json.loads(_task(again, f"status:{status}", "export")) if "recurring" not in t.get("tags", []))
        assert back == theirs
    priorities = {t["description"]: t.get("priority") for t in json.loads(_task(again, "export"))}
    assert (priorities["Write report"], priorities["Call the plumber"], priorities["Buy milk"]) == ("H", "L", None)


@pytest.mark.skipif(TASK is None, reason="Taskwarrior is not installed (Debian package taskwarrior)")
@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/Los_Angeles"])
def test_a_due_day_through_real_taskwarrior_comes_back_as_the_day(tmp_path: Path, zone: str) -> None:
    """A due day (todo.txt's ``due:2013-05-24``) exported to Taskwarrior is the day's start there, as
    ``task`` keeps ``due:2013-05-24``; the task annotated in Taskwarrior and exported again, the
    import records the annotation only: the due stays the day. The second import records nothing."""
    d = InProcess(str(tmp_path / "ledger.sqlite"), tz=zone)
    d.run("import", "--from", "todotxt", str(Path(__file__).resolve().parents[1] / "data" / "todotxt" / "qtodotxt-todo_valid.txt"))
    dues = {t["text"]: t["due"] for t in d.json("tasks", "--status", "all", "--no-routines") if t["due"]}
    assert dues and all(len(due) == 10 for due in dues.values())  # days
    ours = tmp_path / "ours.json"
    d.run("export", "--format", "taskwarrior", "--out", str(ours))
    home = tmp_path / "task"
    home.mkdir()
    (home / "taskrc").write_text(f"data.location={home}\n")
    os.environ["TZ"], saved = zone, os.environ.get("TZ")
    try:
        _task(home, "import", str(ours))
        for t in json.loads(_task(home, "export")):
            if "due" in t:
                _task(home, t["uuid"], "annotate", "asked about it")
        theirs = tmp_path / "theirs.json"
        theirs.write_text(_task(home, "export"))
        assert {t["description"]: t.get("due") for t in json.loads(theirs.read_text())} == {
            t["description"]: t.get("due") for t in json.loads(ours.read_text())
        }
    finally:
        os.environ.pop("TZ") if saved is None else os.environ.update(TZ=saved)
    before = d.event_count()
    d.run("import", "--from", "taskwarrior", str(theirs))
    assert [(e["type"], e.get("text")) for e in d.json("log")[before:]] == [("NoteRecorded", "asked about it")] * len(dues)
    assert {t["text"]: t["due"] for t in d.json("tasks", "--status", "all", "--no-routines") if t["due"]} == dues
    before = d.event_count()
    d.run("import", "--from", "taskwarrior", str(theirs))
    assert d.event_count() == before

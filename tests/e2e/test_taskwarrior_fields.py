"""Taskwarrior's fields kept both ways (issue 24): wait, scheduled, until, start, depends,
recurrence (templates and their occurrences) and attributes of the user's own, on files written
by the real ``task`` and by Taskwarrior's own test suite (``tests/data/taskwarrior``, its README
says how each was made), on both backends."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import InProcess

DATA = Path(__file__).resolve().parents[1] / "data" / "taskwarrior"
FIELDS = DATA / "fields.json"
TW = {t["description"] + ("" if t["status"] != "recurring" else " (template)") + (f" #{t['imask']}" if "imask" in t else ""): t
      for t in json.loads(FIELDS.read_text())}
NOW = "2026-12-08T10:00+01:00"  # a day after the file was made: before every wait and scheduled date in it


def _hex(uuid: str) -> str:
    return uuid.replace("-", "")


def _imported(dli: InProcess, now: str = NOW) -> InProcess:
    dli.env["DAYLEDGER_NOW"] = now
    summary = dli.json("import", "--from", "taskwarrior", str(FIELDS))["files"][0]
    assert summary["new"] == len(TW)
    return dli


def _all(dli: InProcess, *extra: str) -> dict[str, dict[str, Any]]:
    return {t["id"]: t for t in dli.json("tasks", "--status", "all", "--no-routines", *extra)}


def _listed(dli: InProcess, *words: str) -> list[str]:
    """The texts the default (or filtered) task list shows, as --json rows."""
    return sorted(t["text"] for t in dli.json("tasks", "--no-routines", *words))


def test_import_keeps_every_field_as_the_real_task_wrote_it(dli: InProcess) -> None:
    tasks = _all(_imported(dli))
    grant = tasks[_hex(TW["Write the grant narrative"]["uuid"])]
    assert grant["start"] is not None and grant["active"] is True
    assert grant["start"].startswith(_local(TW["Write the grant narrative"]["start"]))
    assert grant["attributes"] == {"client": "ACME", "estimate": 3.0, "reviewed": "20261101T000000Z"}
    passport = tasks[_hex(TW["Renew passport"]["uuid"])]
    assert passport["wait"] == "2027-01-10T01:00:00+01:00"
    trip = tasks[_hex(TW["Plan the trip"]["uuid"])]
    assert (trip["scheduled"], trip["until"]) == ("2027-01-15T01:00:00+01:00", "2027-03-31T02:00:00+02:00")
    flights = tasks[_hex(TW["Book flights"]["uuid"])]
    assert flights["depends"] == [_hex(TW["Plan the trip"]["uuid"])] and flights["blocked"] is True and trip["blocking"] is True
    template = tasks[_hex(TW["Pay rent (template)"]["uuid"])]
    assert template["template"] is True
    assert template["recurrence"] == {"recur": "monthly", "mask": TW["Pay rent (template)"]["mask"], "parent": None, "imask": None}
    assert template["attributes"] == {"rtype": "periodic"}
    for name, t in TW.items():
        if "imask" in t:
            occurrence = tasks[_hex(t["uuid"])]
            assert occurrence["recurrence"] == {"recur": "monthly", "mask": None, "parent": _hex(t["parent"]), "imask": t["imask"]}, name
            assert occurrence["status"] == {"pending": "open", "completed": "done"}[t["status"]]
    assert tasks[_hex(TW["Imported with an orphan"]["uuid"])]["attributes"] == {"extra": "foo"}


def _local(utc: str) -> str:
    """A Taskwarrior UTC time in Berlin's winter time, to the minute (as --json writes it)."""
    from datetime import datetime, timedelta

    moment = datetime.strptime(utc, "%Y%m%dT%H%M%SZ") + timedelta(hours=1)
    return moment.strftime("%Y-%m-%dT%H:%M")


def test_round_trips_record_nothing_the_second_time(dli: InProcess, tmp_path: Path) -> None:
    _imported(dli)
    events = dli.event_count()
    assert dli.json("import", "--from", "taskwarrior", str(FIELDS))["files"][0]["events"] == 0
    out = tmp_path / "ours.json"
    dli.run("export", "--format", "taskwarrior", "--out", str(out))
    again = dli.json("import", "--from", "taskwarrior", str(out))["files"][0]
    assert (again["events"], again["unchanged"]) == (0, len(TW))
    assert dli.event_count() == events
    # and our export says what the real task wrote, field for field (less what Taskwarrior works
    # out each time, and the time of the last change, which is the ledger's own)
    ours = {t["uuid"]: t for t in json.loads(out.read_text())}
    for name, theirs in TW.items():
        want = {k: v for k, v in theirs.items() if k not in ("id", "urgency", "modified")}
        got = {k: v for k, v in ours[theirs["uuid"]].items() if k != "modified"}
        assert got == want, name


def test_template_and_occurrences_come_back_as_taskwarrior_wrote_them(dli: InProcess, tmp_path: Path) -> None:
    _imported(dli)
    pending = [t for t in TW.values() if t["description"] == "Pay rent" and t["status"] == "pending"]
    # the template is no task to do: the list shows each occurrence once, as Taskwarrior's does
    assert _listed(dli).count("Pay rent") == len(pending)
    assert _listed(dli, "+TEMPLATE") == ["Pay rent"]
    assert len(_listed(dli, "+INSTANCE")) == len(pending)
    out = tmp_path / "ours.json"
    dli.run("export", "--format", "taskwarrior", "--out", str(out))
    rent = [t for t in json.loads(out.read_text()) if t["description"] == "Pay rent"]
    [template] = [t for t in rent if t["status"] == "recurring"]
    assert template == {k: v for k, v in TW["Pay rent (template)"].items() if k not in ("id", "urgency")} | {"modified": template["modified"]}
    assert sorted(t["imask"] for t in rent if "parent" in t) == sorted(t["imask"] for t in TW.values() if "imask" in t)


def test_a_completion_before_its_entry_is_kept_as_the_file_says(dli: InProcess, tmp_path: Path) -> None:
    chore = _all(_imported(dli))[_hex(TW["Old chore"]["uuid"])]
    assert chore["status"] == "done"
    assert chore["completed_at"] == "2026-12-01T01:00:00+01:00" and chore["created_at"] == "2026-12-05T01:00:00+01:00"
    out = tmp_path / "ours.json"
    dli.run("export", "--format", "taskwarrior", "--out", str(out))
    [back] = [t for t in json.loads(out.read_text()) if t["uuid"] == TW["Old chore"]["uuid"]]
    assert (back["entry"], back["end"]) == (TW["Old chore"]["entry"], TW["Old chore"]["end"])
    assert dli.json("verify")["ok"] is True


def test_what_cannot_be_kept_is_listed_by_file_line_and_task_in_dry_run_too(dli: InProcess) -> None:
    path = DATA / "not_kept.json"
    [task] = json.loads(path.read_text())
    for dry in (("--dry-run",), ()):
        said = dli.json("import", "--from", "taskwarrior", str(path), *dry)["files"][0]["not_kept"]
        where = f"{path}:2: task {task['uuid']} 'Sort the photos': not kept: "
        assert said == [
            where + "checklist is a list (attributes of the user's own are kept when text or a number)",
            where + "reviewed is true/false (attributes of the user's own are kept when text or a number)",
            where + "depends on 'not-a-uuid', which is not a uuid",
        ]
    text = dli.run("import", "--from", "taskwarrior", str(path), "--dry-run")
    assert f"{path}:2: task {task['uuid']}" in text.stderr and "checklist" in text.stderr
    [kept] = dli.json("tasks", "--no-routines")
    assert kept["attributes"] == {"estimate": 2.5} and kept["depends"] == []


def test_waiting_and_scheduled_tasks_leave_the_list_until_their_date(dli: InProcess) -> None:
    _imported(dli)
    assert "Renew passport" not in _listed(dli) and "Plan the trip" not in _listed(dli)
    assert _listed(dli, "+WAITING") == ["Plan the trip", "Renew passport"]
    assert "Renew passport" in dli.run("tasks", "+WAITING").stdout
    dli.env["DAYLEDGER_NOW"] = "2027-02-01T12:00+01:00"  # later: both dates have come
    assert {"Renew passport", "Plan the trip"} <= set(_listed(dli))
    assert _listed(dli, "+WAITING") == []
    # and as they were: the passport shows from its wait on, the trip from its scheduled start
    assert "Renew passport" not in _listed(dli, "--as-of", "2027-01-09 12:00")
    assert "Renew passport" in _listed(dli, "--as-of", "2027-01-11 12:00")
    assert "Plan the trip" not in _listed(dli, "--as-of", "2027-01-11 12:00")
    assert "Plan the trip" in _listed(dli, "--as-of", "2027-01-16 12:00")
    assert "waiting" in dli.run("tasks", "+WAITING", "--as-of", "2027-01-09 12:00").stdout


def test_start_marks_a_task_active(dli: InProcess) -> None:
    _imported(dli)
    assert _listed(dli, "+ACTIVE") == ["Write the grant narrative"]
    line = next(x for x in dli.run("tasks").stdout.splitlines() if "grant narrative" in x)
    assert " active " in line
    assert "active" in dli.run("show", "grant narrative").stdout
    assert _listed(dli, "+ACTIVE", "--as-of", "2026-12-07 12:00") == []  # before it was started


def test_depends_blocks_until_the_task_it_waits_for_is_done(dli: InProcess) -> None:
    _imported(dli)
    assert _listed(dli, "+BLOCKED") == ["Book flights"]
    assert _listed(dli, "+BLOCKING", "+WAITING") == ["Plan the trip"]
    assert "blocked" in next(x for x in dli.run("tasks").stdout.splitlines() if "Book flights" in x)
    dli.env["DAYLEDGER_NOW"] = "2026-12-09T10:00+01:00"
    dli.run("done", _hex(TW["Plan the trip"]["uuid"]))
    assert _listed(dli, "+BLOCKED") == [] and "Book flights" in _listed(dli, "+READY")
    assert _listed(dli, "+BLOCKED", "--as-of", "2026-12-08 12:00") == ["Book flights"]  # before it was done
    assert "depends on" in dli.run("show", "Book flights").stdout


def test_a_later_file_changes_the_fields_and_undo_takes_the_change_back(dli: InProcess, tmp_path: Path) -> None:
    _imported(dli)
    before = _all(dli)
    later = json.loads(FIELDS.read_text())
    for t in later:
        t["modified"] = "20261208T080000Z"
        if t["description"] == "Renew passport":
            t["wait"] = "20270301T000000Z"
        if t["description"] == "Write the grant narrative":
            del t["start"]
            t["estimate"] = 5
            del t["client"]
        if t["description"] == "Book flights":
            del t["depends"]
    path = tmp_path / "later.json"
    path.write_text(json.dumps(later))
    summary = dli.json("import", "--from", "taskwarrior", str(path))["files"][0]
    assert summary["changed"] == 3
    log = dli.json("log")
    added = sorted(e["type"] for e in log if str(e["source"].get("file", "")).endswith("later.json"))
    assert added == ["TaskAttributeSet", "TaskAttributeSet", "TaskDependsSet", "TaskStopped", "TaskWaitSet"]
    after = _all(dli)
    assert after[_hex(TW["Renew passport"]["uuid"])]["wait"] == "2027-03-01T01:00:00+01:00"
    assert after[_hex(TW["Write the grant narrative"]["uuid"])]["attributes"] == {"estimate": 5.0, "reviewed": "20261101T000000Z"}
    assert "TaskWaitSet" in dli.run("history", "Renew passport").stdout
    dli.run("undo")
    assert _all(dli) == before
    assert dli.json("verify")["ok"] is True


def test_taskwarriors_own_test_fixtures_import_and_round_trip(dli: InProcess, tmp_path: Path) -> None:
    upstream = DATA / "upstream"
    dli.run("import", "--from", "taskwarrior", str(upstream / "import_data1.json"))
    old = dli.json("import", "--from", "taskwarrior", str(upstream / "import_old_depends.json"))["files"][0]
    assert old["changed"] == 1
    new = dli.json("import", "--from", "taskwarrior", str(upstream / "import_new_depends.json"))["files"][0]
    assert new["events"] == 0  # the same dependencies, written the new way
    zero = _all(dli)["a0000000a000a000a000a00000000000"]
    assert zero["depends"] == ["a1111111a111a111a111a11111111111", "a2222222a222a222a222a22222222222"]
    assert zero["blocked"] is True  # "one" is open; "two" is done
    out = tmp_path / "ours.json"
    dli.run("export", "--format", "taskwarrior", "--out", str(out))
    assert dli.json("import", "--from", "taskwarrior", str(out))["files"][0]["events"] == 0
    [written] = [t for t in json.loads(out.read_text()) if t["uuid"] == "a0000000-a000-a000-a000-a00000000000"]
    assert written["depends"] == ["a1111111-a111-a111-a111-a11111111111", "a2222222-a222-a222-a222-a22222222222"]


TASK = shutil.which("task")


@pytest.mark.skipif(TASK is None, reason="Taskwarrior is not installed (Debian package taskwarrior): the real `task` import is not run")
def test_a_fresh_taskwarrior_takes_our_export_with_every_field(dli_sqlite: InProcess, tmp_path: Path) -> None:
    dli = _imported(dli_sqlite)
    out = tmp_path / "ours.json"
    dli.run("export", "--format", "taskwarrior", "--out", str(out))
    home = tmp_path / "task"
    home.mkdir()
    settings = ["recurrence=off"]  # Taskwarrior makes no occurrences of its own while it is read back
    settings += [f"uda.{name}.type={kind}" for name, kind in (("estimate", "numeric"), ("client", "string"), ("reviewed", "date"))]
    (home / "taskrc").write_text(f"data.location={home}\n" + "\n".join(settings) + "\n")
    env = {**os.environ, "TASKDATA": str(home), "TASKRC": str(home / "taskrc"), "TZ": "UTC"}

    def task(*args: str) -> str:
        proc = subprocess.run([TASK or "task", "rc.confirmation=off", "rc.verbose=nothing", "rc.hooks=off", *args],
                              env=env, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    task("import", str(out))
    theirs = {t["uuid"]: t for t in json.loads(task("export"))}
    for name, original in TW.items():
        back = theirs[original["uuid"]]
        for field in ("description", "status", "wait", "scheduled", "until", "start", "depends", "recur", "mask", "parent",
                      "due", "end", "entry", "client", "reviewed", "extra", "rtype"):
            assert back.get(field) == original.get(field), (name, field)
        for field in ("imask", "estimate"):  # numbers: Taskwarrior reads 3 back as 3.0
            assert (field in back) == (field in original) and float(back.get(field, 0)) == float(original.get(field, 0)), (name, field)
    active = json.loads(task("+ACTIVE", "export"))
    assert [t["description"] for t in active] == ["Write the grant narrative"]
    blocked = json.loads(task("+BLOCKED", "export"))
    assert [t["description"] for t in blocked] == ["Book flights"]


def test_start_and_stop_in_dayledger_go_to_taskwarrior_and_undo_takes_them_back(dli: InProcess, tmp_path: Path) -> None:
    dli.env["DAYLEDGER_NOW"] = NOW
    dli.run("add", "Write the grant narrative", "--at", "2026-12-07 09:00")
    dli.run("add", "Call mom")
    assert dli.run("start", "grant", "--at", "2026-12-08 08:30").stdout.startswith("started ")
    assert _listed(dli, "+ACTIVE") == ["Write the grant narrative"]
    refused = dli.fails("start", "grant")
    assert "active already, since 2026-12-08T08:30" in refused.stderr
    out = tmp_path / "ours.json"
    dli.run("export", "--format", "taskwarrior", "--out", str(out))
    [grant] = [t for t in json.loads(out.read_text()) if t["description"] == "Write the grant narrative"]
    assert grant["start"] == "20261208T073000Z"
    assert dli.json("import", "--from", "taskwarrior", str(out))["files"][0]["events"] == 0
    dli.run("stop", "grant")
    assert _listed(dli, "+ACTIVE") == []
    assert _listed(dli, "+ACTIVE", "--as-of", "2026-12-08 09:00") == ["Write the grant narrative"]  # it was, then
    dli.run("undo")  # the stop
    assert _listed(dli, "+ACTIVE") == ["Write the grant narrative"]
    dli.run("undo")  # the start
    assert _listed(dli, "+ACTIVE") == []
    assert "not active" in dli.fails("stop", "grant").stderr
    assert dli.json("verify")["ok"] is True


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/Los_Angeles"])
def test_todotxt_and_ics_exports_leave_the_recurrence_template_out_so_a_round_trip_makes_no_extra_task(tmp_path: Path, zone: str) -> None:
    """todo.txt has no recurrence template and a VTODO would come back as one more task: the
    template of "Pay rent" is left out (said), its occurrences written; a fresh ledger gets exactly
    the occurrences; the export imported into its own ledger records nothing."""
    d = InProcess(str(tmp_path / "ledger.sqlite"), tz=zone, now=NOW)
    d.run("import", "--from", "taskwarrior", str(FIELDS))
    ours = [t for t in d.json("tasks", "--status", "all", "--no-routines") if t["text"] == "Pay rent"]
    occurrences = sorted(t["status"] for t in ours if not t["template"])
    assert len(ours) == 5 and occurrences == ["done", "open", "open", "open"]
    out = tmp_path / "todo.txt"
    proc = d.run("export", "--format", "todotxt", "--out", str(out))
    assert "left out 1 recurrence template (todotxt has none)" in proc.stderr
    assert d.json("export", "--format", "todotxt", "--out", str(out), "--force")["templates_left_out"] == 1
    assert sum("Pay rent" in line for line in out.read_text().splitlines()) == 4
    before = d.event_count()
    d.run("import", "--from", "todotxt", str(out))
    assert d.event_count() == before
    copy = InProcess(str(tmp_path / "copy.sqlite"), tz=zone, now=NOW)
    copy.run("import", "--from", "todotxt", str(out))
    assert sorted(t["status"] for t in copy.json("tasks", "--status", "all", "--no-routines") if t["text"] == "Pay rent") == occurrences
    ics = tmp_path / "tasks.ics"
    d.run("export", "--format", "ics", "--tasks", "--out", str(ics))
    assert ics.read_text().count("SUMMARY:Pay rent") == occurrences.count("open")
    cal = InProcess(str(tmp_path / "cal.sqlite"), tz=zone, now=NOW)
    cal.run("import", "--from", "ics", str(ics))
    assert sum(t["text"] == "Pay rent" for t in cal.json("tasks", "--status", "all", "--no-routines")) == occurrences.count("open")

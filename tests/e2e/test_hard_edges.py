"""Hard edges that crashed or misled: each is one line on stderr and the right exit code, and
nothing is recorded."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import DAYLEDGER, Dayledger, InProcess


@pytest.mark.parametrize("duration", ["99999999h", "400d", "9999999999d"])
def test_an_appointment_longer_than_a_year_is_refused(dli_sqlite: InProcess, tmp_path: Path, duration: str) -> None:
    proc = dli_sqlite.fails("appt", "Forever", "--when", "2026-12-10 10:00", "--duration", duration)
    assert proc.returncode == 2 and "duration" in proc.stderr, proc.stderr
    assert dli_sqlite.json("log") == []
    dli_sqlite.run("export", "--format", "ics", "--out", str(tmp_path / "cal.ics"))


@pytest.mark.parametrize("option", ["--as-of", "--known-at"])
def test_an_empty_when_is_an_error_not_not_given(dli_sqlite: InProcess, option: str) -> None:
    dli_sqlite.run("add", "Something")
    proc = dli_sqlite.fails("tasks", option, "")
    assert proc.returncode == 2 and "date/time" in proc.stderr, proc.stderr


@pytest.mark.parametrize("source", ["taskwarrior", "restore"])
def test_deeply_nested_json_is_one_line(dli_sqlite: InProcess, tmp_path: Path, source: str) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000 + "\n")
    args = ("restore", str(deep)) if source == "restore" else ("import", "--from", "taskwarrior", str(deep))
    proc = Dayledger(dli_sqlite.ledger).fails(*args)  # the exit code of a failed file (see test_hostile_text)
    assert proc.returncode == 2 and str(deep) in proc.stderr and "nested" in proc.stderr, proc.stderr
    assert dli_sqlite.json("log") == []


def test_a_reader_that_stops_early_gets_no_traceback(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    """``dayledger CMD | head -1``: every command stops quietly with exit 0 when its reader goes
    away (click's own handling exits 1; README "Pipes")."""
    tasks = [{"uuid": f"{i:08x}-0000-4000-8000-000000000000", "description": f"task {i} " + "x" * 60, "status": "pending",
              "entry": "20261201T100000Z", "project": f"p{i % 7}", "due": "20261210T100000Z",
              **({"status": "completed", "end": "20261202T100000Z"} if i % 10 == 0 else {})} for i in range(1500)]
    (tmp_path / "tasks.json").write_text(json.dumps(tasks))
    dl_sqlite.run("import", "--from", "taskwarrior", str(tmp_path / "tasks.json"))
    assert DAYLEDGER is not None
    commands = (["log", "--json"], ["log"], ["export"], ["export", "--format", "ics"], ["export", "--format", "todotxt"],
                ["export", "--format", "taskwarrior"], ["tasks"], ["tasks", "--json"], ["report", "week", "2026-W49"],
                ["report", "week", "2026-W49", "--json"], ["completed"], ["agenda", "--from", "2026-12-01", "--days", "30"])
    for args in commands:
        proc = subprocess.Popen([DAYLEDGER, *args], env=dl_sqlite.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.read(1)
        proc.stdout.close()  # like `| head -c 1`
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=60) == 0 and err == "", (args, proc.returncode, err)


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("--json", "done", "no such task"), 3),
        (("tasks", "--as-of", "someday maybe", "--json"), 2),
        (("--json", "tasks", "--status", "nonsense"), 2),
        (("--json", "import", "--from", "todotxt", "{bad}"), 2),
    ],
    ids=["global", "command", "usage", "import"],
)
def test_with_json_errors_are_json_on_stderr(dli_sqlite: InProcess, tmp_path: Path, args: tuple[str, ...], code: int) -> None:
    bad = tmp_path / "todo.txt"
    bad.write_text("Fine task uuid:nope\n")
    proc = Dayledger(dli_sqlite.ledger).fails(*(a.format(bad=bad) for a in args))
    error = json.loads(proc.stderr)
    assert proc.returncode == code and error["exit_code"] == code and isinstance(error["error"], str) and error["error"], proc.stderr
    assert not error["error"].startswith("dayledger")


def test_a_broken_link_or_fifo_in_a_notes_folder_is_named_not_skipped(dli_sqlite: InProcess, tmp_path: Path) -> None:
    import os

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "2026-04-20.txt").write_text("Notes 4.20.2026\n\nA fine day\n")
    (notes / "2026-04-21.txt").symlink_to(tmp_path / "moved-away.txt")
    os.mkfifo(notes / "2026-04-22.txt")
    proc = Dayledger(dli_sqlite.ledger, now="2026-04-24T18:00+02:00").run("import", str(notes), check=False, timeout=30)
    assert proc.returncode == 2, proc.stderr
    errors = proc.stderr.strip().splitlines()
    assert any("2026-04-21.txt" in e and "broken link" in e for e in errors), proc.stderr
    assert any("2026-04-22.txt" in e and "not a regular file" in e for e in errors), proc.stderr
    assert [e["text"] for e in dli_sqlite.json("log") if e["type"] == "NoteRecorded"] == ["A fine day"]


def _calendar(path: Path, rule: str) -> Path:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:x1", "DTSTART:20261201T100000Z", "DTEND:20261201T100100Z", rule]
    path.write_text("\n".join([*lines, "SUMMARY:often", "END:VEVENT", "END:VCALENDAR", ""]))
    return path


@pytest.mark.parametrize("rule", ["FREQ=MINUTELY;INTERVAL=2", "FREQ=SECONDLY", "FREQ=HOURLY;BYMINUTE=0,5,10,15,20,25,30,35,40,45,50,55"])
def test_a_calendar_rule_of_more_occurrences_than_a_calendar_holds_is_refused(dli_sqlite: InProcess, tmp_path: Path, rule: str) -> None:
    """A 257-byte file used to record 266,670 appointments (1.47 GB)."""
    ics = _calendar(tmp_path / "flood.ics", f"RRULE:{rule}")
    proc = Dayledger(dli_sqlite.ledger).fails("import", str(ics))
    assert proc.returncode == 2 and f"{ics}:3 (UID x1)" in proc.stderr and "occurrences" in proc.stderr, proc.stderr
    assert dli_sqlite.json("log") == []


def test_an_hourly_rule_for_a_year_is_still_expanded(dli_sqlite: InProcess, tmp_path: Path) -> None:
    ics = _calendar(tmp_path / "hourly.ics", "RRULE:FREQ=HOURLY;INTERVAL=3;COUNT=2000")
    report = dli_sqlite.json("import", str(ics), "--expand-until", "2027-12-31")["files"][0]
    assert report["expanded"] == 1, report

"""Issue 20: undo takes back every command a user can get wrong, with compensating events.

Each case sets a ledger up at 09:00, makes one command at 10:00 and undoes it at 11:00. After the
undo every view shows what it showed before the command (now, and as of the moment of the
command), while known at 10:30 (after the command, before the undo) the views still show it;
``verify`` passes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import InProcess

SETUP, COMMAND, UNDO = "2026-12-07T09:00+01:00", "2026-12-07T10:00+01:00", "2026-12-07T11:00+01:00"
BEFORE, BETWEEN = "2026-12-07 09:30", "2026-12-07 10:30"

CASES = {
    "routine done": ([], ["routine", "done", "Dishes"]),
    "routine skip": ([], ["routine", "skip", "Dishes"]),
    "routine pause": ([], ["routine", "pause", "Dishes"]),
    "routine resume": ([["routine", "pause", "Dishes"]], ["routine", "resume", "Dishes"]),
    "routine edit": ([], ["routine", "edit", "Dishes", "--cron", "0 8 * * *"]),
    "routine end": ([], ["routine", "end", "Dishes"]),
    "routine add": ([], ["routine", "add", "Laundry", "--cron", "0 12 * * *"]),
    "task add": ([], ["add", "Call the plumber"]),
}


def _views(d: InProcess, *when: str) -> dict[str, Any]:
    """What the user sees, at ``when`` (--as-of/--known-at flags, or nothing for now)."""
    return {
        "routines": d.json("routine", "list", "--all", *when),
        "agenda": d.json("agenda", "--days", "2", *when),
        "day": d.json("day", *when),
        # a listing's numbers are for now only (null as of another moment)
        "tasks": [{k: v for k, v in t.items() if k != "number"} for t in d.json("tasks", "--status", "all", *when)],
    }


@pytest.mark.parametrize("case", list(CASES))
def test_undo_brings_every_view_back_to_before_the_command(ledger_url: str, case: str) -> None:
    setup, command = CASES[case]
    first = InProcess(ledger_url, now=SETUP)
    first.run("routine", "add", "Dishes", "--cron", "@daily")
    first.run("add", "Water the plants")
    for step in setup:
        first.run(*step)
    later = InProcess(ledger_url, now=UNDO)
    stats_before = later.json("routine", "stats")  # stats are of now only: read at the undo's moment
    InProcess(ledger_url, now=COMMAND).run(*command)

    undone = later.json("undo")
    assert undone["reverted"], undone

    known_before = _views(later, "--known-at", BEFORE)
    assert _views(later) == known_before
    assert _views(later, "--as-of", BETWEEN) == _views(later, "--as-of", BETWEEN, "--known-at", BEFORE)
    known_between = _views(later, "--as-of", BETWEEN, "--known-at", BETWEEN)
    assert known_between != known_before  # the command did show while it stood
    assert later.json("routine", "stats") == stats_before
    assert later.run("verify").stdout.startswith("ok")


def test_an_undone_capture_is_not_a_cancelled_task(ledger_url: str) -> None:
    d = InProcess(ledger_url, now=COMMAND)
    d.run("add", "Dropped for real")
    d.run("cancel", "Dropped")
    d.run("add", "Typo in this one")
    d.run("undo")
    assert [t["text"] for t in d.json("tasks", "--status", "cancelled")] == ["Dropped for real"]
    assert [t["text"] for t in d.json("tasks", "--status", "all")] == ["Dropped for real"]
    assert "Typo" not in d.run("day").stdout
    assert "Typo" not in d.run("diff", "2026-12-06", "2026-12-08").stdout
    report = d.json("report", "range", "--from", "2026-12-07", "--to", "2026-12-07")
    assert [t["text"] for t in report["cancelled"]] == ["Dropped for real"] and "Typo" not in json.dumps(report)
    d.fails("done", "Typo")  # nothing answers to it any more


@pytest.mark.parametrize("made_before", [False, True], ids=["schedule", "unschedule"])
def test_undo_of_a_report_schedule_or_its_end(ledger_url: str, tmp_path: Path, made_before: bool) -> None:
    d = InProcess(ledger_url, now=SETUP)
    handle = d.run("report", "schedule", "--cron", "@daily", "--period", "day", "--to", str(tmp_path)).stdout.strip() if made_before else None
    before = d.json("report", "status", "--all")
    if handle is None:
        d.run("report", "schedule", "--cron", "@daily", "--period", "day", "--to", str(tmp_path))
        InProcess(ledger_url, now="2026-12-08T09:00+01:00").run("report", "run-due")  # its own bookkeeping: not what undo takes back
    else:
        d.run("report", "unschedule", handle)
    assert d.json("report", "status", "--all") != before
    later = InProcess(ledger_url, now="2026-12-08T10:00+01:00")
    undone = later.json("undo")
    assert "withdrawn" in undone["reverted"][0]
    assert d.json("report", "status", "--all") == before
    assert later.run("verify").stdout.startswith("ok")


def test_a_dry_run_says_what_undo_would_take_back_and_expect_pins_it(dli: InProcess) -> None:
    dli.run("add", "Call the plumber")
    dli.run("note", "Talked to the plumber")
    events = dli.event_count()
    shown = dli.json("undo", "--dry-run")
    assert dli.event_count() == events  # nothing recorded
    assert "NoteRecorded" in shown["would_undo"] and shown["source"] == "cli" and len(shown["command_id"]) == 32
    assert shown["reverted"] == [line for line in shown["reverted"] if line.endswith("'Talked to the plumber': withdrawn")] != []
    dli.run("add", "Recorded after the dry run")
    refused = dli.fails("undo", "--expect", shown["command_id"])
    assert refused.returncode == 4 and "no longer the one shown" in refused.stderr and dli.event_count() == events + 1
    undone = dli.json("undo", "--expect", dli.json("undo", "--dry-run")["command_id"])
    assert "TaskCaptured" in undone["undone"] and [t["text"] for t in dli.json("tasks")] == ["Call the plumber"]

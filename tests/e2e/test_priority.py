"""Task priorities (H, M, L) through the commands, on SQLite and PostgreSQL: add and edit, bad
values, a back-dated change seen with --as-of, undo, history, diff, --json and the listing."""

from __future__ import annotations

import pytest

from tests.conftest import Dayledger, InProcess

NOW = "2026-12-07T10:00+01:00"


@pytest.fixture
def d(ledger_url: str) -> InProcess:
    return InProcess(ledger_url, now=NOW)


def _priorities(d: InProcess, *extra: str) -> dict[str, str | None]:
    return {t["text"]: t["priority"] for t in d.json("tasks", "--status", "all", "--no-routines", *extra)}


def test_add_and_edit_set_change_and_remove_the_priority(d: InProcess) -> None:
    assert d.json("add", "Call mom", "--priority", "h", "-p", "Home")["priority"] == "H"  # lower case is read, stored upper
    assert d.json("add", "Pay rent")["priority"] is None  # the field is there, null, when there is none
    assert d.json("edit", "rent", "--priority", "M")["priority"] == "M"
    assert d.json("edit", "rent", "--priority", "l")["priority"] == "L"
    assert d.json("edit", "mom", "--priority", "-")["priority"] is None
    assert _priorities(d) == {"Call mom": None, "Pay rent": "L"}
    listing = d.run("tasks").stdout
    assert "!L Pay rent" in listing and "!" not in listing.split("Call mom")[0].splitlines()[-1]
    types = [e["type"] for e in d.json("log")]
    assert types.count("TaskPrioritized") == 4 and types.count("TaskCaptured") == 2  # H with the capture, in its command
    # the same priority again is nothing to change, as for any other edit
    before = d.event_count()
    assert "nothing to change" in d.fails("edit", "rent", "--priority", "L").stderr
    assert d.event_count() == before


@pytest.mark.parametrize(
    "args", [("add", "Buy milk", "--priority", "X"), ("edit", "rent", "--priority", "high"), ("edit", "rent", "--priority", "")]
)
def test_a_priority_outside_h_m_l_is_one_line_naming_it_and_records_nothing(d: InProcess, args: tuple[str, ...]) -> None:
    d.run("add", "Pay rent", "--priority", "M")
    before = d.event_count()
    proc = d.fails(*args)
    assert proc.returncode == 2
    assert f"--priority {args[-1]!r} is not a priority" in proc.stderr
    assert d.event_count() == before and _priorities(d) == {"Pay rent": "M"}


def test_a_back_dated_change_shows_as_of_before_and_after_it_and_undo_takes_it_back(d: InProcess) -> None:
    d.run("add", "Call mom", "--priority", "H", "--at", "2026-12-01 09:00")
    d.run("edit", "mom", "--priority", "L", "--at", "2026-12-03 12:00")
    assert _priorities(d, "--as-of", "2026-12-02") == {"Call mom": "H"}
    assert _priorities(d, "--as-of", "2026-12-04") == {"Call mom": "L"}
    assert "!H Call mom" in d.run("tasks", "--as-of", "2026-12-02").stdout
    [_captured, _first, changed] = d.json("history", "mom")
    assert changed["type"] == "TaskPrioritized" and changed["data"] == {"priority": "L"}
    assert changed["occurred_at"] == "2026-12-03T12:00:00+01:00"
    assert "priority H -> L" in d.run("history", "mom").stdout
    assert [(c["kind"], c["from"], c["to"]) for c in d.json("diff", "2026-12-02", "2026-12-04")] == [("reprioritized", "H", "L")]

    later = InProcess(d.ledger, now="2026-12-07T11:00+01:00")
    assert "priority back to H" in later.run("undo").stdout
    assert _priorities(later) == {"Call mom": "H"}
    assert _priorities(later, "--as-of", "2026-12-04") == {"Call mom": "H"}  # as of any moment, the change never happened
    assert _priorities(later, "--as-of", "2026-12-04", "--known-at", "2026-12-07 10:30") == {"Call mom": "L"}  # known before the undo
    assert [f["mark"] for f in d.json("history", "mom")][2] == "undone"



def test_the_installed_command_records_a_priority_and_refuses_a_bad_one(dl: Dayledger) -> None:
    dl.run("add", "Call mom", "--priority", "H")
    proc = dl.fails("edit", "mom", "--priority", "urgent")
    assert proc.returncode == 2 and proc.stderr.startswith("dayledger: error: --priority 'urgent' is not a priority")
    [task] = dl.json("tasks")
    assert task["priority"] == "H"


def test_priority_words_among_the_words_of_add_and_edit(d: InProcess) -> None:
    added = d.json("add", "Call", "the", "plumber", "priority:h", "project:Home")
    assert (added["text"], added["priority"], added["project"]) == ("Call the plumber", "H", "Home")
    d.run("add", "Buy", "milk", "pri:L")
    d.run("tasks")  # the listing gives the numbers the next commands use
    edited = {e["text"]: e for e in d.json("edit", "1", "2", "priority:M")}
    assert [e["priority"] for e in edited.values()] == ["M", "M"]
    assert edited["Call the plumber"]["changes"]["priority"] == {"from": "H", "to": "M"}
    assert edited["Buy milk"]["changes"]["priority"] == {"from": "L", "to": "M"}
    echo = d.run("edit", "plumber", "--priority", "-").stderr  # the echo line (stdout is not a terminal)
    assert "priority M -> none" in echo
    before = d.event_count()
    assert "--priority" in d.fails("add", "Water", "plants", "priority:H", "--priority", "L").stderr  # two that disagree
    assert "'X'" in d.fails("edit", "milk", "priority:X").stderr
    assert d.event_count() == before

"""Short task numbers: what a listing shows is what a number means until the next listing, and a
number that no longer means the task the user saw is refused, never another task hit."""

from __future__ import annotations

import pytest

from tests.conftest import Dayledger, InProcess

NOW = "2026-12-07T10:00+01:00"


@pytest.fixture
def d(ledger_url: str) -> InProcess:
    d = InProcess(ledger_url, now=NOW)
    for day, (text, project) in enumerate((("Buy milk", "Home"), ("Call mom", None), ("Fix bike", "Home"), ("Write report", "Work")), 1):
        d.run("add", text, *(("-p", project) if project else ()), "--at", f"2026-12-0{day} 09:00")
    return d


def _numbers(d: Dayledger, *args: str) -> dict[str, int | None]:
    return {t["text"]: t["number"] for t in d.json("tasks", *args) if t["kind"] == "task"}


def test_open_tasks_are_numbered_in_capture_order_in_text_and_json(d: InProcess) -> None:
    numbers = _numbers(d)
    assert numbers == {"Call mom": 2, "Buy milk": 1, "Fix bike": 3, "Write report": 4}
    listing = d.run("tasks").stdout.splitlines()
    assert [line.split()[0] for line in listing if "Fix bike" in line or "Call mom" in line] == ["2", "3"]
    assert _numbers(d, "-p", "Home") == {"Buy milk": 1, "Fix bike": 3}  # a narrower listing, the same numbers
    d.run("done", "Buy milk")
    assert _numbers(d, "--status", "all")["Buy milk"] is None  # closed tasks have none


def test_done_1_then_done_2_hit_the_tasks_the_listing_showed(d: InProcess) -> None:
    d.run("tasks")
    assert d.json("done", "1")["text"] == "Buy milk"
    assert d.json("done", "2")["text"] == "Call mom"  # still 2, as shown, not the task that moved up
    assert _numbers(d) == {"Fix bike": 1, "Write report": 2}  # the next listing numbers afresh


def test_reopen_takes_the_number_the_listing_showed_after_done(d: InProcess) -> None:
    d.run("tasks")
    d.run("done", "2")
    assert d.json("reopen", "2")["text"] == "Call mom"  # still the task the user saw as 2
    assert d.json("done", "2")["text"] == "Call mom"


def test_without_a_listing_the_first_number_used_fixes_the_numbers(d: InProcess) -> None:
    assert d.json("done", "1")["text"] == "Buy milk"
    assert d.json("done", "2")["text"] == "Call mom"


def test_a_task_added_after_the_listing_gets_the_next_number(d: InProcess) -> None:
    d.run("tasks")
    d.run("done", "1")
    added = d.json("add", "Water plants")
    assert added["number"] == 5
    assert d.json("done", "5")["text"] == "Water plants"


@pytest.mark.parametrize("change", [("done", "Call mom"), ("cancel", "Call mom")])
def test_a_number_made_stale_since_the_listing_is_refused_and_nothing_recorded(d: InProcess, change: tuple[str, str]) -> None:
    d.run("tasks")
    d.run(*change)  # elsewhere, by its text: number 2 is no longer what the user saw
    before = d.event_count()
    line = d.fails("done", "2").stderr
    word = "done" if change[0] == "done" else "cancelled"
    assert f'number 2 was "Call mom", {word} since 10:00' in line and "list the tasks again" in line
    handle = next(t["handle"] for t in d.json("tasks", "--status", "all") if t["text"] == "Call mom")
    assert handle in line
    assert d.event_count() == before


def test_a_number_beyond_the_list_is_refused(d: InProcess) -> None:
    d.run("tasks")
    proc = d.fails("done", "9")
    assert proc.returncode == 3 and "no task has number 9 (open tasks are numbered 1-4)" in proc.stderr
    before = d.event_count()
    d.fails("edit", "0", "-p", "Home")
    assert d.event_count() == before


def test_numbers_handles_and_text_together_and_digits_in_text(d: InProcess) -> None:
    d.run("add", "Call 555 about the car", "--at", "2026-12-06 09:00")
    d.run("tasks")
    handle = next(t["handle"] for t in d.json("tasks") if t["text"] == "Fix bike")
    done = d.json("done", "1", handle, "report")
    assert sorted(t["text"] for t in done) == ["Buy milk", "Fix bike", "Write report"]
    assert "no task has number 555" in d.fails("done", "555").stderr  # three digits: a number
    assert d.json("done", "Call 555")["text"] == "Call 555 about the car"  # with words: text


def test_history_accepts_a_number(d: InProcess) -> None:
    d.run("tasks")
    assert d.json("history", "3") == d.json("history", "Fix bike")
    assert d.fails("history", "7").returncode == 3


def test_numbers_through_the_installed_command(dl: Dayledger) -> None:
    first = dl.run("add", "First").stdout.strip()
    dl.run("add", "Second")
    listing = dl.run("tasks").stdout
    assert f"1  {first}" in listing
    assert dl.run("done", "2").stdout.startswith("done ")
    assert "number 2 was \"Second\"" in dl.fails("done", "2").stderr

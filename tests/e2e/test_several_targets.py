"""``done a b c``, ``cancel``, ``reopen`` and ``edit`` on several tasks: every target resolved before
anything is recorded, all in one write that one ``undo`` takes back."""

from __future__ import annotations

import pytest

from tests.conftest import InProcess


@pytest.fixture
def d(ledger_url: str) -> InProcess:
    d = InProcess(ledger_url, now="2026-12-07T10:00+01:00")
    for day, text in enumerate(("Buy milk", "Call mom", "Fix bike", "Write report"), 1):
        d.run("add", text, "--at", f"2026-12-0{day} 09:00")
    d.run("tasks")
    return d


def _status(d: InProcess) -> dict[str, str]:
    return {t["text"]: t["status"] for t in d.json("tasks", "--status", "all")}


def test_done_on_a_range_and_a_text_is_one_command_that_one_undo_takes_back(d: InProcess) -> None:
    done = d.json("done", "1-2", "report")
    assert [t["text"] for t in done] == ["Buy milk", "Call mom", "Write report"]
    log = d.json("log")
    assert len({e["command_id"] for e in log[-3:]}) == 1 and [e["type"] for e in log[-3:]] == ["TaskCompleted"] * 3
    assert _status(d) == {"Buy milk": "done", "Call mom": "done", "Fix bike": "open", "Write report": "done"}
    undone = d.run("undo").stdout
    assert undone.count("done -> open") == 3
    assert set(_status(d).values()) == {"open"}


@pytest.mark.parametrize("command", [("done",), ("cancel",), ("edit", "-p", "Home")])
def test_one_bad_target_records_nothing(d: InProcess, command: tuple[str, ...]) -> None:
    before = d.event_count()
    line = d.fails(command[0], "1", "no such thing", "3", *command[1:]).stderr
    assert "'no such thing'" in line
    assert d.event_count() == before


def test_the_same_task_named_twice_is_changed_once(d: InProcess) -> None:
    handle = d.json("tasks")[0]["handle"]
    assert [t["handle"] for t in d.json("done", "1", handle, "1-1")] == [handle]


def test_plain_words_are_one_piece_of_text_not_several_tasks(d: InProcess) -> None:
    # "call" alone and "mom" alone would each be a target: together they are one text
    assert d.json("done", "call", "mom")["text"] == "Call mom"


def test_reopen_several(d: InProcess) -> None:
    d.run("done", "1", "2")
    reopened = d.json("reopen", "Buy milk", "Call mom")
    assert [t["status"] for t in reopened] == ["open", "open"]


def test_edit_applies_the_same_change_to_each_starting_a_project_once(d: InProcess) -> None:
    edited = d.json("edit", "1", "3", "-p", "Garage", "-t", "weekend")
    assert [(t["text"], t["project"], t["tags"]) for t in edited] == [("Buy milk", "Garage", ["weekend"]), ("Fix bike", "Garage", ["weekend"])]
    assert [e["type"] for e in d.json("log")].count("ProjectStarted") == 1
    assert all(t["changes"]["project"] == {"from": None, "to": "Garage"} for t in edited)
    # a task that has the change already is left as it is; the others change
    again = d.json("edit", "1", "2", "-p", "Garage")
    assert [t["changes"] for t in again] == [{}, {"project": {"from": None, "to": "Garage"}}]
    d.run("undo")
    assert {t["text"]: t["project"] for t in d.json("tasks")}["Call mom"] is None
